from django import forms

from skillcert.core.forms import TextField

from .categories import grouped_choices
from .evidence import ACCEPT
from .models import Violation


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service (type, size)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class ViolationForm(forms.Form):
    candidate = TextField(  # full-width ticket digits typed with an IME (issue 16 item 6)
        label="考生（准考证号或姓名）",
        max_length=80,
        widget=forms.TextInput(attrs={"list": "candidates", "autocomplete": "off"}),
    )
    category = forms.ChoiceField(label="违纪违规行为", choices=[("", "请选择")])
    subject = forms.ChoiceField(
        label="科目",
        required=False,
        choices=[("", "—")] + Violation.SUBJECTS[:2],
        help_text="VIOL-01、VIOL-02、VIOL-06按科目处理；VIOL-03、VIOL-04处理全部科目",
    )
    occurred_at = forms.DateTimeField(
        label="发生时间",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    found_after_sitting = forms.BooleanField(label="评价活动结束后发现（VIOL-05）", required=False)
    notes = forms.CharField(
        label="情况记录", max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence = MultipleFileField(label="证据（照片或PDF，可多选）", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "请选择")] + grouped_choices()


class ConfirmForm(forms.Form):
    graduation_on = forms.DateField(
        label="毕业日期（VIOL-04，毕业年份未知时填写）",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回原因", max_length=200)


class EvidenceForm(forms.Form):
    evidence = MultipleFileField(label="证据（照片或PDF，可多选）")
