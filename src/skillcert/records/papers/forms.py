"""Forms of paper-exam records (EXAM-11, EXAM-12); Chinese labels, the services check the rules."""

from django import forms

from ..models import Pledge, ReturnRegister

COUNT = {"min_value": 0, "max_value": 100000}


def _room_choices(rooms) -> list:
    return [("", "请选择")] + [(r.pk, str(r)) for r in rooms or []]


class ReturnForm(forms.Form):
    room = forms.TypedChoiceField(label="考场", coerce=int, choices=[])
    seal_number = forms.CharField(label="密封编号", max_length=40)

    def __init__(self, *args, rooms=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].choices = _room_choices(rooms)
        for name in ReturnRegister.COUNTS:
            label = ReturnRegister._meta.get_field(name).verbose_name
            self.fields[name] = forms.IntegerField(label=f"{label}（份）", **COUNT)


class ItemErrorForm(forms.Form):
    room = forms.TypedChoiceField(
        label="考场", coerce=int, choices=[], required=False, empty_value=None
    )
    question_no = forms.IntegerField(label="题号", min_value=1, max_value=1000)
    description = forms.CharField(
        label="差错情况", max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, rooms=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].choices = _room_choices(rooms)


class HandleForm(forms.Form):
    handling = forms.CharField(
        label="处理意见", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class PledgeForm(forms.Form):
    kind = forms.ChoiceField(label="承诺书类别", choices=Pledge.KINDS)
    agree = forms.BooleanField(label="本人已阅读并承诺遵守以上内容", required=True)


class DutyForm(forms.Form):
    day = forms.DateField(label="值班日期", widget=forms.DateInput(attrs={"type": "date"}))
    shift = forms.CharField(label="班次", max_length=20, initial="全天")
    second = forms.TypedChoiceField(label="第二名值班人", coerce=int, choices=[])
    notes = forms.CharField(
        label="值班情况（门窗、封条、监控、钥匙）",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["second"].choices = [("", "请选择")] + [
            (u.pk, u.get_full_name() or u.get_username()) for u in members or []
        ]
