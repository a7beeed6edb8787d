from django import forms

from ..forms import datetime_field, textarea
from ..models.incidents import CATEGORIES, GENERAL, MAJOR, Incident


def _grouped():
    return [
        ("重大事件", [(c, label) for c, (s, label) in CATEGORIES.items() if s == MAJOR]),
        ("一般事件", [(c, label) for c, (s, label) in CATEGORIES.items() if s == GENERAL]),
    ]


class IncidentForm(forms.Form):
    category = forms.ChoiceField(label="事件类别（002 应急预案）", choices=[])
    exam_form = forms.ChoiceField(label="考试形式", choices=Incident.FORMS)
    room = forms.ModelChoiceField(label="考场", queryset=None, required=False, empty_label="—")
    occurred_at = datetime_field("发生时间")
    discovered_at = datetime_field("发现时间（不填即发生时间）", required=False)
    description = textarea("初次报告内容（时间、地点、情况）")

    def __init__(self, *args, rooms=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "请选择")] + _grouped()
        self.fields["room"].queryset = rooms


class StageForm(forms.Form):
    text = textarea("阶段性报告（事态发展、决定与处理）")


class CloseForm(forms.Form):
    cause = textarea("事件原因")
    handling = textarea("处理经过")
    result = textarea("处理结果")
    impact = textarea("影响（含社会影响）")
