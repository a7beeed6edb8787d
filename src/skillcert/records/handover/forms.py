"""Forms of the handover pages (CERT-09, CERT-10)."""

from django import forms

from ..models import HandoverSignature, VoidNotice


class SignForm(forms.Form):
    number = forms.CharField(label="证书编号", max_length=22)
    signer = forms.ChoiceField(label="签收人", choices=HandoverSignature.SIGNERS)
    agent_name = forms.CharField(label="代领人姓名", max_length=50, required=False)
    agent_relation = forms.CharField(label="与持证人关系", max_length=30, required=False)
    signed_on = forms.DateField(label="签收日期", widget=forms.DateInput(attrs={"type": "date"}))


class VoidNoticeForm(forms.Form):
    medium = forms.ChoiceField(label="声明方式", choices=VoidNotice.MEDIA)
    publication = forms.CharField(label="报刊或平台名称", max_length=100)
    published_on = forms.DateField(label="声明日期", widget=forms.DateInput(attrs={"type": "date"}))
