from django import forms
from django.utils import timezone


class PublishForm(forms.Form):
    filed_on = forms.DateField(
        label="备案日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "请填写备案日期", "invalid": "备案日期格式应为 年-月-日"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["filed_on"].initial = timezone.localdate()


class ScopeImportForm(forms.Form):
    file = forms.FileField(
        label="认定范围清单（.xlsx）", error_messages={"required": "请选择要导入的清单文件"}
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("清单文件不能超过5MB")
        return upload.read()
