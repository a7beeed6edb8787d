from django import forms

from ..models import ChangeApplication


class ChangeForm(forms.Form):
    kind = forms.ChoiceField(label="变更事项", choices=ChangeApplication.KINDS)
    new_value = forms.CharField(label="变更后内容", max_length=200)
    reason = forms.CharField(label="变更理由", widget=forms.Textarea, max_length=2000)
    id_copy = forms.FileField(label="新任法定代表人身份证复印件（法定代表人变更）", required=False)
    appointment = forms.FileField(label="任命文件（企业、院校变更法定代表人）", required=False)
    basis = forms.FileField(label="变更依据文件（名称、地址变更）", required=False)

    def documents(self) -> dict:
        found = {}
        for key in ("id_copy", "appointment", "basis"):
            upload = self.cleaned_data.get(key)
            if upload:
                found[key] = (upload.name, upload.read())
        return found


class ChangeDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="审核结论", choices=[("approve", "批准"), ("reject", "驳回")]
    )
    note = forms.CharField(label="审核意见", widget=forms.Textarea, max_length=2000, required=False)


class QuarterForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    quarter = forms.IntegerField(label="季度", min_value=1, max_value=4)
