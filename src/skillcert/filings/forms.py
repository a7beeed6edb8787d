"""Forms of the filing pages (Chinese labels; the services make the rule checks)."""

from django import forms

from skillcert.catalog.selectors import job_type_by_name, occupation_by_code, standard_of
from skillcert.core.rules import rules
from skillcert.institutions.models import Institution, ScopeRow
from skillcert.institutions.selectors import scope_rows_for
from skillcert.institutions.services import DETAILS

from . import sections as sec
from .models import FilingApplication, FilingAttachment, FilingScopeItem, FilingStep
from .selectors import default_standard


class RegisterForm(forms.Form):
    """INST-01: the account and the institution's record of the 申请表's identity part."""

    username = forms.CharField(label="登录用户名", max_length=150)
    password = forms.CharField(label="密码", widget=forms.PasswordInput, max_length=128)
    kind = forms.ChoiceField(label="机构类型", choices=Institution.KINDS)
    name = forms.CharField(label="机构全称", max_length=100)
    short_name = forms.CharField(label="机构简称", max_length=50, required=False)
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18)
    region_code = forms.CharField(label="所在地行政区划代码", max_length=6, help_text="6位数字")
    nature = forms.ChoiceField(label="性质", choices=Institution.NATURES)
    supervising_dept = forms.CharField(label="主管部门", max_length=100)
    legal_rep = forms.CharField(label="法定代表人", max_length=50)
    contact_person = forms.CharField(label="联系人", max_length=50)
    phone = forms.CharField(label="联系电话", max_length=30)
    email = forms.EmailField(label="邮箱", required=False)
    website = forms.CharField(label="网址", max_length=200, required=False)
    address = forms.CharField(label="地址", max_length=200)
    prev_station_code = forms.CharField(label="原鉴定所(站)代码", max_length=30, required=False)


class IdentityForm(forms.ModelForm):
    """INST-01: the record's part of the 申请表, completed before the first filing."""

    class Meta:
        model = Institution
        fields = list(DETAILS)


class OpenForm(forms.Form):
    kind = forms.ChoiceField(label="备案类型", choices=FilingApplication.KINDS)


class SectionsForm(forms.Form):
    """Each list section a textarea: one row a line, cells separated by `|`."""

    school_type = forms.ChoiceField(
        label="院校类别（院校填写，决定初审部门）",
        choices=[("", "—")] + FilingApplication.SCHOOL_TYPES,
        required=False,
    )

    def __init__(self, *args, application: FilingApplication, **kwargs):
        super().__init__(*args, **kwargs)
        content = application.sections or {}
        self.initial.setdefault("school_type", application.school_type)
        for section in sec.SECTIONS:
            self.fields[section.key] = forms.CharField(
                label=section.label,
                required=False,
                max_length=40_000,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text="每行一条，各项以 | 分隔："
                + " | ".join(c.label for c in section.columns),
            )
            self.initial.setdefault(
                section.key, sec.rows_to_text(section.key, content.get(section.key, []))
            )
        texts = content.get("texts", {})
        for key, label in sec.TEXTS.items():
            self.fields[f"text_{key}"] = forms.CharField(
                label=label,
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.initial.setdefault(f"text_{key}", texts.get(key, ""))

    def sections(self) -> dict:
        d = self.cleaned_data
        return {s.key: sec.rows_from_text(s.key, d.get(s.key, "")) for s in sec.SECTIONS}

    def texts(self) -> dict:
        return {key: self.cleaned_data.get(f"text_{key}", "") for key in sec.TEXTS}


class ScopeItemForm(forms.Form):
    occupation = forms.CharField(label="职业编码", max_length=12, help_text="如 6-18-01-01")
    job_type = forms.CharField(label="工种名称", max_length=100, required=False)
    evaluation = forms.ChoiceField(label="评价类别", choices=FilingScopeItem.EVALUATIONS)
    levels = forms.CharField(
        label="等级", max_length=20, required=False, help_text="如 5、4、3；专项能力不填"
    )
    major = forms.CharField(label="对应专业", max_length=100, required=False)
    standard = forms.CharField(
        label="评价标准/规范名称",
        max_length=200,
        required=False,
        help_text="留空则采用该职业的国家职业技能标准",
    )
    sub_levels = forms.CharField(label="细分等级（企业）", max_length=100, required=False)
    top_titles = forms.CharField(
        label="一级以上等级（企业）", max_length=20, required=False, help_text="特级技师、首席技师"
    )
    swap_out = forms.ModelChoiceField(
        label="以新换旧撤出的已备案职业", queryset=ScopeRow.objects.none(), required=False
    )

    def __init__(self, *args, application: FilingApplication, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["swap_out"].queryset = scope_rows_for(application.institution)

    def clean_occupation(self):
        code = self.cleaned_data["occupation"].strip()
        occupation = occupation_by_code(code, rank=None)
        if occupation is None:
            raise forms.ValidationError(f"职业编码“{code}”不在职业分类大典中")
        return occupation

    def clean(self):
        d = super().clean()
        occupation, name = d.get("occupation"), (d.get("job_type") or "").strip()
        d["job_type"] = None
        if occupation and name:
            job_type = job_type_by_name(occupation, name)
            if job_type is None:
                self.add_error(
                    "job_type", f"工种“{name}”不是职业“{occupation.name}”的工种（CAT-02）"
                )
            d["job_type"] = job_type
        d["standard"] = self._standard(occupation, d.get("job_type"), d.get("standard") or "")
        return d

    def _standard(self, occupation, job_type, title: str):
        """The named standard of the occupation, else its national standard (LEVEL-04: the
        service refuses a row without one)."""
        if occupation is None:
            return None
        if title.strip():
            standard = standard_of(occupation, title=title)
            if standard is None:
                self.add_error("standard", f"职业“{occupation.name}”没有名为“{title}”的标准或规范")
            return standard
        return default_standard(occupation, job_type)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label="材料类型", choices=FilingAttachment.KINDS)
    file = forms.FileField(label="文件（PDF或图片）")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        cap = rules().filing_attachment_max_mb
        if upload.size > cap * 1024 * 1024:
            raise forms.ValidationError(f"单个材料不能超过{cap}MB")
        return upload


class CommitmentForm(forms.Form):
    signed_by = forms.CharField(label="法定代表人签字（姓名）", max_length=50)


class DecisionForm(forms.Form):
    step = forms.ChoiceField(choices=FilingApplication.STATES, widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="处理结果", choices=[(FilingStep.PASS, "通过"), (FilingStep.RETURN, "退回")]
    )
    reasons = forms.CharField(
        label="意见/退回理由",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
