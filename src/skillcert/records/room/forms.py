"""Forms of the room record (REC-10); Chinese labels, the services check the rules."""

from django import forms

from skillcert.violations.categories import grouped_choices
from skillcert.violations.models import Violation

from ..models import RoomAttendance


class StartForm(forms.Form):
    room = forms.IntegerField(label="考场", min_value=1, max_value=2**31 - 1)


class AttendanceForm(forms.Form):
    attendance = forms.IntegerField(label="座位", min_value=1, max_value=2**31 - 1)
    status = forms.ChoiceField(label="签到情况", choices=RoomAttendance.STATUSES[1:])


class RoomViolationForm(forms.Form):
    attendance = forms.IntegerField(label="座位", min_value=1, max_value=2**31 - 1)
    category = forms.ChoiceField(label="违纪违规行为", choices=[("", "请选择")])
    subject = forms.ChoiceField(
        label="科目", required=False, choices=[("", "—")] + Violation.SUBJECTS[:2]
    )
    occurred_at = forms.DateTimeField(
        label="发生时间",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    notes = forms.CharField(
        label="情况记录", max_length=1800, widget=forms.Textarea(attrs={"rows": 3})
    )
    candidate_signed = forms.BooleanField(label="考生已签字确认", required=False)
    candidate_refusal = forms.CharField(
        label="考生拒绝签字情况（监考员两人签字证明）", max_length=200, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "请选择")] + grouped_choices()


class IncidentForm(forms.Form):
    text = forms.CharField(label="突发事件情况", max_length=500)


class SealForm(forms.Form):
    papers_collected = forms.IntegerField(
        label="收回试卷（答题卡）份数", min_value=0, max_value=100000
    )
    seal_number = forms.CharField(label="密封袋编号", max_length=40)
