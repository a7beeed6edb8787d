from django import forms

from ..forms import scope_choices
from ..models import ITEM_SOURCES, Announcement

DATE = forms.DateInput(attrs={"type": "date"})


class PlanForm(forms.Form):
    year = forms.IntegerField(label="计划年度", min_value=2000, max_value=2100)
    item_source = forms.ChoiceField(label="题库来源", choices=ITEM_SOURCES)
    schedule = forms.CharField(label="时间安排", required=False, widget=forms.Textarea)
    examiner_training = forms.CharField(label="考评人员培训", required=False, widget=forms.Textarea)
    staffing = forms.CharField(label="人员配备", required=False, widget=forms.Textarea)


class PlanItemForm(forms.Form):
    subject = forms.ChoiceField(label="职业（工种）与级别")
    expected_count = forms.IntegerField(label="预计人数", min_value=1)

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = scope_choices(institution)


class PlanLinkForm(forms.Form):
    sitting = forms.ChoiceField(label="批次")

    def __init__(self, *args, sittings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sitting"].choices = [
            (s.pk, f"{s.name}（{s.subject_label}）") for s in sittings
        ]


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = Announcement
        fields = [
            "title",
            "content",
            "method",
            "registration_place",
            "registration_period",
            "registration_how",
            "conditions",
            "fees",
            "subjects",
            "times_places",
        ]
        widgets = {
            k: forms.Textarea(attrs={"rows": 3})
            for k in (
                "content",
                "method",
                "registration_how",
                "conditions",
                "fees",
                "subjects",
                "times_places",
            )
        }


class ChangeRequestForm(forms.Form):
    theory_on = forms.DateField(label="理论考试日期", required=False, widget=DATE)
    practical_on = forms.DateField(label="技能考核日期", required=False, widget=DATE)
    place = forms.CharField(label="考点（地点）", max_length=200, required=False)
    reason = forms.CharField(label="变更理由", widget=forms.Textarea(attrs={"rows": 3}))


class ChangeDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "批准"), ("reject", "驳回")])
    decision_reason = forms.CharField(label="审批意见", widget=forms.Textarea(attrs={"rows": 2}))


class LateRequestForm(forms.Form):
    """PLAN-02 late path: why the announcement is published after its lead time."""

    reason = forms.CharField(
        label="逾期发布理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
