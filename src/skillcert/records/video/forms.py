from django import forms

from ..forms import datetime_field
from .files import ACCEPT


class RecordingForm(forms.Form):
    room = forms.ModelChoiceField(label="考场", queryset=None)
    station = forms.IntegerField(
        label="工位号（实操考场按工位时填写）", required=False, min_value=1, max_value=999
    )
    starts_at = datetime_field("录像开始")
    ends_at = datetime_field("录像结束")
    reference = forms.CharField(
        label="外部存储地址（NVR/对象存储，如 nvr://192.168.1.10/ch3/20260601T0900）",
        max_length=500,
        required=False,
    )
    file = forms.FileField(
        label="或上传录像文件",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args, rooms=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms


class PeriodForm(forms.Form):
    room = forms.ModelChoiceField(label="考场", queryset=None)
    starts_at = datetime_field("考试开始")
    ends_at = datetime_field("考试结束")

    def __init__(self, *args, rooms=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms
