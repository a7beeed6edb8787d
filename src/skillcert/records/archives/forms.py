"""Forms of the archive pages (REC-01..03)."""

from django import forms

from ..models import ArchiveAccess, ArchiveItem


class LocateForm(forms.Form):
    box = forms.CharField(label="盒号", max_length=30)
    shelf = forms.CharField(label="架位", max_length=30)


class AccessForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=ArchiveAccess.KINDS)
    borrower = forms.CharField(label="借阅人", max_length=50)
    purpose = forms.CharField(label="用途", max_length=200)


class DestructionForm(forms.Form):
    items = forms.ModelMultipleChoiceField(
        label="销毁清册（选择档案）", queryset=ArchiveItem.objects.none()
    )
    reason = forms.CharField(label="销毁理由", max_length=200)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items
