from django import forms

from ..forms import textarea
from .checklist import ITEMS, NOTE_MAX, SECTIONS


class ReportForm(forms.Form):
    """The plan, every checklist item (符合 / 不符合 and a note) and the findings."""

    plan = textarea("内部质量督导计划", rows=4)
    findings = textarea("督导意见", rows=4)

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        saved = report.checklist if report else {}
        for code, label in ITEMS.items():
            answer = saved.get(code, {})
            self.fields[f"ok_{code}"] = forms.TypedChoiceField(
                label=label,
                choices=[("yes", "符合"), ("no", "不符合")],
                coerce=lambda v: v == "yes",
                widget=forms.RadioSelect,
                initial="yes" if answer.get("ok", True) else "no",
            )
            self.fields[f"note_{code}"] = forms.CharField(
                label="说明", max_length=NOTE_MAX, required=False, initial=answer.get("note", "")
            )
        if report:
            self.fields["plan"].initial = report.plan
            self.fields["findings"].initial = report.findings

    def checklist(self) -> dict:
        d = self.cleaned_data
        return {c: {"ok": d[f"ok_{c}"], "note": d[f"note_{c}"]} for c in ITEMS}

    def sections(self):
        for title, items in SECTIONS:
            yield title, [(self[f"ok_{c}"], self[f"note_{c}"]) for c, _ in items]
