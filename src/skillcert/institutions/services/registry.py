"""Creating an institution, its details and its filing (INST-01, INST-04)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.idnumbers import validate_credit_code
from skillcert.core.rules import rules

from ..models import Institution


@transaction.atomic
def institution_create(
    *, actor, kind: str, name: str, credit_code: str, region_code: str, **details
) -> Institution:
    if kind not in dict(Institution.KINDS):
        raise DomainError("institution_kind", f"机构类型“{kind}”无效", field="kind")
    if not name.strip():
        raise DomainError("institution_name", "机构名称不能为空", field="name")
    code = validate_credit_code(credit_code)
    if Institution.objects.filter(credit_code=code).exists():
        raise DomainError("credit_duplicate", f"统一社会信用代码{code}已登记", field="credit_code")
    if len(region_code) != 6 or not region_code.isdigit():
        raise DomainError("region_code", "所在地行政区划代码应为6位数字", field="region_code")
    return Institution.objects.create(
        kind=kind, name=name.strip(), credit_code=code, region_code=region_code, **details
    )


# INST-01: the parts of the record an applicant fills before the first filing; afterwards
# they change only through an approved change application (INST-08).


DETAILS = (
    "name",
    "short_name",
    "nature",
    "supervising_dept",
    "legal_rep",
    "contact_person",
    "phone",
    "email",
    "website",
    "address",
    "prev_station_code",
)


@transaction.atomic
def institution_details_update(*, actor, institution: Institution, **details: str) -> Institution:
    """INST-01: the applicant completes its record while it is not filed yet (audited)."""
    unknown = set(details) - set(DETAILS)
    if unknown:
        raise DomainError("institution_field", f"不能修改：{'、'.join(sorted(unknown))}")
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    if institution.status != Institution.DRAFT:
        raise DomainError(
            "institution_filed",
            "机构已备案，名称、法定代表人、地址等变更须提交变更申请",
            rule="INST-08",
        )
    details = {k: str(v or "").strip() for k, v in details.items()}
    if "name" in details and not details["name"]:
        raise DomainError("institution_name", "机构名称不能为空", field="name")
    if details.get("nature", "public") not in dict(Institution.NATURES):
        raise DomainError("institution_nature", "性质应为公办或民办", field="nature")
    for field, value in details.items():
        limit = Institution._meta.get_field(field).max_length
        if "\x00" in value or len(value) > limit:
            label = Institution._meta.get_field(field).verbose_name
            raise DomainError("institution_field", f"{label}不能超过{limit}个字符", field=field)
    if details.get("email"):
        try:
            validate_email(details["email"])
        except ValidationError:
            raise DomainError("institution_email", "邮箱格式不正确", field="email") from None
    before = {k: getattr(institution, k) for k in details}
    for field, value in details.items():
        setattr(institution, field, value)
    institution.save(update_fields=list(details))
    audit_record(
        actor=actor,
        action="institution.details_update",
        obj=institution,
        before=before,
        after=details,
        institution_id=institution.pk,
    )
    return institution


def _check_cert_parts(category: str, org_code: str, province: str, city: str, sequence: str):
    """CERT-01 parts 1-5 / INST-04 filing number parts."""
    checks = [
        (
            "cert_category",
            len(category) == 1 and category.isalpha() and category.isupper(),
            "机构类别代码应为1位大写字母",
        ),
        ("cert_org_code", len(org_code) == 4 and org_code.isdigit(), "机构代码应为4位数字"),
        ("cert_province", len(province) == 2 and province.isdigit(), "省级代码应为2位数字"),
        ("cert_city", len(city) == 2 and city.isdigit(), "市级代码应为2位数字"),
        ("cert_sequence", len(sequence) == 4 and sequence.isdigit(), "站点序列码应为4位数字"),
    ]
    for field, ok, message in checks:
        if not ok:
            raise DomainError("cert_parts", message, field=field, rule="CERT-01")
    r = rules()
    if not r.filing_sequence_min <= int(sequence) <= r.filing_sequence_max:
        raise DomainError(
            "cert_sequence_range",
            f"站点序列码应在{r.filing_sequence_min}-{r.filing_sequence_max}之间",
            field="cert_sequence",
            rule="INST-04",
        )


@transaction.atomic
def institution_file(
    *,
    actor,
    institution: Institution,
    filed_on: date,
    category: str,
    org_code: str,
    province: str,
    city: str,
    sequence: str,
) -> Institution:
    """Record the authority's confirmation: filing number and date (INST-04), audited."""
    _check_cert_parts(category, org_code, province, city, sequence)
    prefix = f"{category}{org_code}{province}{city}{sequence}"
    clash = Institution.objects.exclude(pk=institution.pk).filter(
        cert_category=category,
        cert_org_code=org_code,
        cert_province=province,
        cert_city=city,
        cert_sequence=sequence,
    )
    if clash.exists():
        raise DomainError("filing_duplicate", f"备案号{prefix}已被其他机构使用", rule="INST-04")
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    before = {
        "status": institution.status,
        "filing_number": institution.filing_number,
        "filed_on": institution.filed_on,
    }
    institution.cert_category, institution.cert_org_code = category, org_code
    institution.cert_province, institution.cert_city = province, city
    institution.cert_sequence, institution.filed_on = sequence, filed_on
    institution.status = Institution.FILED
    institution.save()
    audit_record(
        actor=actor,
        action="institution.file",
        obj=institution,
        before=before,
        after={"status": institution.status, "filing_number": prefix, "filed_on": filed_on},
        institution_id=institution.pk,
    )
    return institution
