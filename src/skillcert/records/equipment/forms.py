"""Forms of the equipment pages (REC-07): Chinese labels; the services judge the rules."""

from django import forms

from ..models import Equipment, EquipmentEvent


class EquipmentForm(forms.Form):
    occupation = forms.ModelChoiceField(label="职业", queryset=None, empty_label=None)
    name = forms.CharField(label="设备名称", max_length=100)
    model = forms.CharField(label="型号", max_length=100)
    quantity = forms.IntegerField(label="数量", min_value=1, max_value=100_000)
    purchased_on = forms.DateField(label="购置日期", widget=forms.DateInput(attrs={"type": "date"}))
    price = forms.DecimalField(label="单价（元）", min_value=0, max_digits=12, decimal_places=2)
    parameters = forms.CharField(label="技术参数", max_length=1000, required=False)
    work_items = forms.CharField(label="服务的标准工作内容", max_length=1000)
    measuring = forms.BooleanField(label="计量器具", required=False)
    calibration_due = forms.DateField(
        label="检定有效期至", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, occupations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occupation"].queryset = occupations


class EventForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=EquipmentEvent.KINDS)
    on = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="内容", max_length=300)
    valid_until = forms.DateField(
        label="检定有效期至（检定时填写）",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class AssignForm(forms.Form):
    equipment = forms.ModelChoiceField(label="设备", queryset=Equipment.objects.none())
    room = forms.ModelChoiceField(label="实操考场", queryset=None, required=False)

    def __init__(self, *args, equipment, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["equipment"].queryset = equipment
        self.fields["room"].queryset = rooms
