from django import forms


class RosterUploadForm(forms.Form):
    file = forms.FileField(label="名册文件（.xlsx）")

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的名册文件")
        return f
