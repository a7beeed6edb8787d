"""Add forms of the people registers; the rules are checked by the services, not here."""

import re

from django import forms

from skillcert.catalog.models import Occupation
from skillcert.catalog.selectors import occupation_by_code
from skillcert.core.forms import IdNumberField, TextField
from skillcert.core.idnumbers import ID_TYPES, RESIDENT_ID

from .models import PRO_TITLES, SKILL_LEVELS, Examiner, ExamStaff, Expert, QualitySupervisor

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}
TITLE_CHOICES = [("", "无"), *PRO_TITLES]
LEVEL_CHOICES = [("", "无"), *SKILL_LEVELS]


def _occupation(code: str) -> Occupation:
    occ = occupation_by_code(code)
    if occ is None:
        raise forms.ValidationError(f"职业编码“{code}”不存在（CAT-01）")
    return occ


class PersonForm(forms.Form):
    name = TextField(label="姓名", max_length=50)
    id_type = forms.ChoiceField(label="证件类型", choices=ID_TYPES, initial=RESIDENT_ID)
    id_number = IdNumberField(label="证件号码", max_length=30)

    def person_values(self) -> dict:
        d = self.cleaned_data
        return {"name": d["name"], "id_type": d["id_type"], "id_number": d["id_number"]}


class ExaminerForm(PersonForm):
    grade = forms.ChoiceField(label="考评员类别", choices=Examiner.GRADES)
    skill_level = forms.TypedChoiceField(
        label="本人技能等级", choices=LEVEL_CHOICES, coerce=int, empty_value=None, required=False
    )
    skill_occupation = forms.CharField(
        label="技能等级所属职业编码", required=False, help_text="如 6-18-01-01"
    )
    title = forms.ChoiceField(label="专业技术职称", choices=TITLE_CHOICES, required=False)
    occupations = forms.CharField(
        label="考评职业编码", help_text="多个用顿号分隔，须属于同一职业小类（PEOPLE-04）"
    )
    card_number = forms.CharField(label="考评员证号", max_length=40)
    card_issued_on = forms.DateField(label="发证日期", **DATE)
    training_hours = forms.IntegerField(label="培训学时", min_value=0, max_value=10000)
    assessment_passed = forms.BooleanField(label="考核合格", required=False)
    contract_start = forms.DateField(label="聘任起始日期", **DATE)
    first_assessed_on = forms.DateField(label="首次参加考评日期", required=False, **DATE)

    def clean_skill_occupation(self):
        code = self.cleaned_data["skill_occupation"].strip()
        return _occupation(code) if code else None

    def clean_occupations(self):
        codes = [c for c in re.split(r"[、,，;；\s]+", self.cleaned_data["occupations"]) if c]
        return [_occupation(c) for c in codes]

    @staticmethod
    def examiner_values(d: dict) -> dict:
        keys = [
            "grade", "skill_level", "skill_occupation", "title", "occupations", "card_number",
            "card_issued_on", "training_hours", "assessment_passed", "contract_start",
            "first_assessed_on",
        ]  # fmt: skip
        return {k: d[k] for k in keys}


class SupervisorForm(PersonForm):
    kind = forms.ChoiceField(label="类别", choices=QualitySupervisor.KINDS)
    assessment_since = forms.DateField(label="从事鉴定（评价）工作起始日期", **DATE)
    card_number = forms.CharField(label="督导员证号", max_length=40)
    card_issued_on = forms.DateField(label="发证日期", **DATE)


class ExpertForm(PersonForm):
    occupation = forms.CharField(label="职业编码", help_text="如 6-18-01-01")
    degree = forms.ChoiceField(label="学历", choices=Expert.DEGREES)
    skill_level = forms.TypedChoiceField(
        label="本职业技能等级", choices=LEVEL_CHOICES, coerce=int, empty_value=None, required=False
    )
    title = forms.ChoiceField(label="专业技术职称", choices=TITLE_CHOICES, required=False)
    assessment_since = forms.DateField(label="从事鉴定（评价）工作起始日期", **DATE)
    term_start = forms.DateField(label="聘期起始日期", **DATE)
    is_group_leader = forms.BooleanField(label="专家组组长", required=False)
    examiner_since = forms.DateField(label="担任考评员起始日期", required=False, **DATE)
    is_senior_examiner = forms.BooleanField(label="高级考评员", required=False)

    def clean_occupation(self):
        return _occupation(self.cleaned_data["occupation"])


class StaffForm(PersonForm):
    role = forms.ChoiceField(label="岗位", choices=ExamStaff.ROLES)
    title = forms.ChoiceField(label="职称", choices=ExamStaff.TITLES, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label="考评员名册（.xlsx）")

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的文件")
        return f


# --- issue 16 item 21: evaluation, renewal, recusal relations, account opening ---------------


class EvaluationForm(forms.Form):
    year = forms.IntegerField(label="考核年度", min_value=2000, max_value=2100)
    # PEOPLE-11: blank when the year has sittings in the system (their ratings' mean).
    score = forms.DecimalField(
        label="考核分数（本年度有认定表时不填，取平均分）",
        min_value=0,
        max_value=100,
        decimal_places=1,
        required=False,
    )
    assignments = forms.IntegerField(
        label="本年度参加考评次数（有人员安排记录时不填）",
        min_value=0,
        max_value=365,
        required=False,
    )
    missed_in_row = forms.IntegerField(
        label="最多连续缺席考评任务次数", min_value=0, max_value=365, initial=0
    )


class RenewalForm(forms.Form):
    card_number = forms.CharField(label="新考评员证号", max_length=40)
    card_issued_on = forms.DateField(label="发证日期", **DATE)
    training_hours = forms.IntegerField(label="培训学时", min_value=0, max_value=10000)
    assessment_passed = forms.BooleanField(label="考核合格", required=False)
    contract_start = forms.DateField(label="续聘起始日期（不续聘可不填）", required=False, **DATE)


class AccountForm(forms.Form):
    username = forms.CharField(label="登录用户名", max_length=40)


class RelativeForm(forms.Form):
    member = forms.TypedChoiceField(label="本机构人员", coerce=int, choices=())
    kind = forms.ChoiceField(label="关系", choices=())
    name = forms.CharField(label="亲属姓名", max_length=50)
    id_type = forms.ChoiceField(label="亲属证件类型", choices=ID_TYPES, initial=RESIDENT_ID)
    id_number = forms.CharField(label="亲属证件号码", max_length=30)

    def __init__(self, *args, members=(), **kwargs):
        from .models import Relative

        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(p.pk, f"{p.name} {p.id_masked}") for p in members]
        self.fields["kind"].choices = Relative.KINDS


class TaughtClassForm(forms.Form):
    teacher = forms.TypedChoiceField(label="任课教师", coerce=int, choices=())
    class_name = forms.CharField(label="班级（与报名信息中的班级一致）", max_length=60)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher"].choices = [(p.pk, f"{p.name} {p.id_masked}") for p in members]
