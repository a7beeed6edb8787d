from django import forms

from skillcert.core.numbers import decimal_text


class ExamFromPaperForm(forms.Form):
    """Create an online exam from one of the sitting's sealed papers (EXAM-04, EXAM-05)."""

    paper = forms.TypedChoiceField(label="试卷", coerce=int, choices=())
    starts_at = forms.DateTimeField(
        label="开考时间",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        error_messages={"invalid": "请按“年-月-日 时:分”填写开考时间"},
    )
    duration_minutes = forms.IntegerField(label="考试时长（分钟）", min_value=1, max_value=600)
    title = forms.CharField(label="考试名称（可空）", max_length=150, required=False)

    def __init__(self, *args, papers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paper"].choices = [
            (p.pk, f"第{p.form_no}套（{p.item_count}题，{decimal_text(p.total_points)}分）")
            for p in papers
        ]
