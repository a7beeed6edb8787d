from django import forms

from skillcert.core.forms import TextField
from skillcert.violations.forms import MultipleFileField

from ..forms import date_field, textarea


class ComplaintForm(forms.Form):
    name = TextField(label="投诉人姓名", max_length=50)
    unit = TextField(label="单位", max_length=100, required=False)
    contact = TextField(label="联系方式", max_length=100)
    received_on = date_field("收到日期")
    sitting = forms.ModelChoiceField(
        label="涉及批次", queryset=None, required=False, empty_label="—"
    )
    accused = forms.ModelMultipleChoiceField(
        label="被投诉人员（不得参与承办）", queryset=None, required=False
    )
    content = textarea("投诉内容", rows=4)
    evidence = MultipleFileField(label="相关证据（照片或PDF，可多选）", required=False)

    def __init__(self, *args, sittings=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sitting"].queryset = sittings
        self.fields["accused"].queryset = people


class AcceptForm(forms.Form):
    investigate = forms.TypedChoiceField(
        label="是否进行调查",
        choices=[("yes", "进行调查"), ("no", "不予调查")],
        coerce=lambda v: v == "yes",
    )
    reason = textarea("初步了解情况")
    on = date_field("书面通知日期", required=False)
    notice = textarea("通知内容（不填则用标准文本）", required=False)


class ExtendForm(forms.Form):
    workdays = forms.IntegerField(label="延长工作日数", min_value=1, max_value=99)
    reason = textarea("延期原因")
    on = date_field("延期通知日期", required=False)
    notice = textarea("通知内容（不填则用标准文本）", required=False)


class DecideForm(forms.Form):
    decision = textarea("处理决定", rows=4)
    on = date_field("决定日期", required=False)
    notice = textarea("通知内容（不填则用标准文本）", required=False)
