"""INST-01: a person opens an account and the institution's record, as its director."""

from __future__ import annotations

from django.db import transaction

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.passwords import user_create
from skillcert.institutions import services as inst
from skillcert.institutions.models import Institution, Membership


@transaction.atomic
def institution_register(
    *,
    username: str,
    password: str,
    kind: str,
    name: str,
    credit_code: str,
    region_code: str,
    **details: str,
):
    """INST-01: a person opens an account and the institution's record, and becomes its
    director. A credit code already on file is refused (someone else's institution is never
    joined this way: that is its director's invitation)."""
    unknown = set(details) - set(inst.DETAILS)
    if unknown:
        raise DomainError("register_field", f"未知字段：{'、'.join(sorted(unknown))}")
    if details.get("nature", "public") not in dict(Institution.NATURES):
        raise DomainError("institution_nature", "学校/机构性质应为公办或民办", field="nature")
    for field in ("legal_rep", "contact_person", "phone"):
        if not str(details.get(field) or "").strip():
            label = Institution._meta.get_field(field).verbose_name
            raise DomainError("register_missing", f"{label}不能为空", field=field, rule="INST-01")
    try:
        institution = inst.institution_create(
            actor=None,
            kind=kind,
            name=name,
            credit_code=credit_code,
            region_code=region_code,
            **{k: str(v).strip() for k, v in details.items()},
        )
    except DomainError as exc:
        if exc.code == "credit_duplicate":
            raise DomainError(
                "credit_duplicate",
                "该统一社会信用代码的机构已在系统中登记，不能重复注册；"
                "如您是该机构工作人员，请联系机构负责人为您开通账号",
                field="credit_code",
                rule="INST-01",
            ) from None
        raise
    user = user_create(username=username, password=password)
    inst.membership_add(institution=institution, user=user, role=Membership.DIRECTOR)
    audit_record(
        actor=user,
        action="institution.register",
        obj=institution,
        after={"name": institution.name, "credit_code": institution.credit_code, "user": user.pk},
        institution_id=institution.pk,
    )
    return user, institution


# --- the application -------------------------------------------------------------------------
