"""The page's 考评人员认定表 (PEOPLE-11): a score and an opinion per examiner who served.

Scores are text here and checked by the service (`rating_score`), so a bad one gets the
one Chinese message, on that examiner's field."""

from django import forms

from .selectors import ServedRow


class RatingsForm(forms.Form):
    reason = forms.CharField(
        label="更正理由（修改已认定的分数或意见时必填）", max_length=200, required=False
    )

    def __init__(self, *args, rows: list[ServedRow], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            name, pk, r = row.examiner.person.name, row.examiner.pk, row.rating
            self.fields[f"score_{pk}"] = forms.CharField(
                label=f"{name} 认定分数（0–100）",
                max_length=10,
                widget=forms.TextInput(attrs={"aria-label": f"{name} 认定分数", "size": 6}),
                required=False,
                initial=str(r.score) if r else "",
            )
            self.fields[f"remark_{pk}"] = forms.CharField(
                label=f"{name} 认定意见",
                max_length=500,
                widget=forms.TextInput(attrs={"aria-label": f"{name} 认定意见", "size": 30}),
                required=False,
                initial=r.remark if r else "",
            )
        self.order_fields([*(f for f in self.fields if f != "reason"), "reason"])

    def row_fields(self):
        """(row, score field, remark field) for the template's table."""
        return [
            (row, self[f"score_{row.examiner.pk}"], self[f"remark_{row.examiner.pk}"])
            for row in self.rows
        ]
