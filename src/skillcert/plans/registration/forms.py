"""Forms of candidate sign-up, application and review (PLAN-06, PLAN-08)."""

from decimal import Decimal

from django import forms

from skillcert.core.forms import IdNumberField, PhoneField, TextField
from skillcert.core.idnumbers import ID_TYPES, RESIDENT_ID
from skillcert.institutions.models import Institution

from ..models import ONEX_LEVELS, SCHOOL_LEVELS, TITLES

BLANK = [("", "—")]


class SignUpForm(forms.Form):
    name = TextField(label="姓名", max_length=50)
    id_type = forms.ChoiceField(label="证件类型", choices=ID_TYPES, initial=RESIDENT_ID)
    id_number = IdNumberField(label="证件号码", max_length=30)
    phone = PhoneField(label="手机号")
    username = forms.CharField(label="用户名", max_length=150)
    password = forms.CharField(label="密码", widget=forms.PasswordInput, max_length=128)
    password2 = forms.CharField(label="确认密码", widget=forms.PasswordInput, max_length=128)
    claim_code = forms.CharField(
        label="认领码（选填）",
        max_length=20,
        required=False,
        help_text="已在评价机构登记过的人员，请填写机构提供的认领码，以关联本人档案",
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", "两次输入的密码不一致")
        return data


class ApplyForm(forms.Form):
    phone = PhoneField(label="手机号", required=False)
    school_level = forms.ChoiceField(
        label="学历层次", choices=BLANK + SCHOOL_LEVELS, required=False
    )
    graduating_year = forms.IntegerField(
        label="毕业年份", min_value=1950, max_value=2100, required=False
    )
    onex_level = forms.ChoiceField(label="1+X证书等级", choices=BLANK + ONEX_LEVELS, required=False)
    staff_title = forms.ChoiceField(label="职称（教职工）", choices=BLANK + TITLES, required=False)
    title_years = forms.IntegerField(label="职称年限", min_value=0, max_value=60, required=False)
    class_name = forms.CharField(label="班级", max_length=60, required=False)
    training_hours = forms.IntegerField(
        label="培训总学时", min_value=1, max_value=10000, required=False
    )
    absent_hours = forms.IntegerField(
        label="缺勤学时", min_value=0, max_value=10000, required=False
    )
    photo = forms.FileField(label="1寸照片（JPG/PNG，≤2MB）", required=False)
    previous_certificate = forms.FileField(label="原等级证书（申报高一级别时）", required=False)
    own_member = forms.BooleanField(label="本人是该院校的在校生或教职工", required=False)

    def __init__(self, *args, sitting=None, **kwargs):
        super().__init__(*args, **kwargs)
        # INST-11: only a college's sittings ask (it assesses its own students and staff).
        if sitting is None or sitting.institution.kind != Institution.COLLEGE:
            del self.fields["own_member"]

    def declared_own_member(self) -> bool | None:
        """The INST-11 declaration; None where the form does not ask."""
        if "own_member" not in self.fields:
            return None
        return bool(self.cleaned_data.get("own_member"))

    def clean(self):
        data = super().clean()
        total, absent = data.get("training_hours"), data.get("absent_hours")
        if absent is not None and total is None:
            self.add_error("training_hours", "填写了缺勤学时，请同时填写培训总学时")
        elif absent is not None and total is not None and absent > total:
            self.add_error("absent_hours", "缺勤学时不能超过培训总学时")
        return data

    def absence_share(self) -> Decimal | None:
        total = self.cleaned_data.get("training_hours")
        absent = self.cleaned_data.get("absent_hours")
        if total and absent is not None:
            return Decimal(absent) / Decimal(total)
        return None


class DecisionForm(forms.Form):
    APPROVE, REJECT = "approve", "reject"
    ids = forms.TypedMultipleChoiceField(label="报名", coerce=int, choices=[])
    decision = forms.ChoiceField(label="审核结果", choices=[(APPROVE, "通过"), (REJECT, "驳回")])
    reason = forms.CharField(label="审核意见", max_length=200, required=False)

    def __init__(self, *args, registration_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(i, i) for i in registration_ids]
        self.fields["ids"].error_messages["required"] = "请选择要审核的报名"
        self.fields["ids"].error_messages["invalid_choice"] = "所选报名不在待审核列表中"
