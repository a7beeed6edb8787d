from django import forms

from skillcert.catalog.models import LEVEL_LABELS
from skillcert.institutions.selectors import scope_rows_for

from .models import MODES
from .roster.forms import RosterUploadForm


def scope_choices(institution) -> list[tuple[str, str]]:
    """One choice per scope row and level, so the form offers only the filed scope (PLAN-07)."""
    choices = []
    for row in scope_rows_for(institution):
        job = f"（{row.job_type.name}）" if row.job_type_id else ""
        for level in row.levels:
            choices.append(
                (
                    f"{row.pk}:{level}",
                    f"{row.occupation.code} {row.occupation.name}{job} {LEVEL_LABELS[int(level)]}",
                )
            )
    return choices


class SittingForm(forms.Form):
    name = forms.CharField(label="批次名称", max_length=100)
    subject = forms.ChoiceField(label="职业（工种）与级别")
    mode = forms.ChoiceField(label="评价方式", choices=MODES)
    theory_on = forms.DateField(
        label="理论考试日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    practical_on = forms.DateField(
        label="技能考核日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = scope_choices(institution)


class SheetUploadForm(RosterUploadForm):
    file = forms.FileField(label="成绩表（.xlsx）")
