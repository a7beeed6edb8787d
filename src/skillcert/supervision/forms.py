from django import forms

from .models import CreditEvent, InspectionTarget
from .services import KIND_POINTS


class DrawForm(forms.Form):
    title = forms.CharField(label="检查名称", max_length=100)
    institution_count = forms.IntegerField(label="抽取机构数", min_value=1, max_value=500)
    inspector_count = forms.IntegerField(label="每机构检查人员数", min_value=1, max_value=20)
    seed = forms.CharField(
        label="随机种子",
        max_length=64,
        required=False,
        help_text="留空则自动生成；同一种子与名录抽取结果相同",
    )


class InspectorForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    unit = forms.CharField(label="工作单位", max_length=100, required=False)


class FindingForm(forms.Form):
    outcome = forms.ChoiceField(
        label="检查结果",
        choices=[c for c in InspectionTarget.OUTCOMES if c[0] != InspectionTarget.PENDING],
    )
    findings = forms.CharField(
        label="检查发现", widget=forms.Textarea, max_length=2000, required=False
    )


class CreditEventForm(forms.Form):
    kind = forms.ChoiceField(
        label="类型", choices=[c for c in CreditEvent.KINDS if c[0] in KIND_POINTS]
    )
    note = forms.CharField(label="说明", max_length=200)
    occurred_on = forms.DateField(label="发生日期", widget=forms.DateInput(attrs={"type": "date"}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea, max_length=500)


class SupervisorForm(forms.Form):
    inspector = forms.ModelChoiceField(label="督导人员", queryset=None)

    def __init__(self, *args, inspectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspector"].queryset = inspectors.filter(active=True)


class AnnualItemForm(forms.Form):
    code = forms.CharField(label="序号", max_length=10)
    title = forms.CharField(label="检查项目", max_length=200)
    max_points = forms.IntegerField(label="分值", min_value=1, max_value=100)


class AnnualScoreForm(forms.Form):
    """One number field per published item of the year."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        for item in items:
            self.fields[item.code] = forms.IntegerField(
                label=f"{item.code} {item.title}（{item.max_points}分）",
                min_value=0,
                max_value=item.max_points,
            )
