"""Writes of sittings and registrations (PLAN-04, PLAN-07, PLAN-08)."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from skillcert.catalog.models import JobType, Occupation
from skillcert.core.errors import DomainError
from skillcert.institutions.models import Institution
from skillcert.institutions.selectors import filing_check, scope_row_covering

from .models import MODES, Sitting


@transaction.atomic
def sitting_create(
    *,
    actor,
    institution: Institution,
    name: str,
    occupation: Occupation,
    job_type: JobType | None,
    level: int,
    mode: str,
    theory_on: date | None = None,
    practical_on: date | None = None,
) -> Sitting:
    """A sitting inside the institution's filed scope (PLAN-07) with a valid filing (INST-04)."""
    if not name or not name.strip():
        raise DomainError("sitting_name", "批次名称不能为空", field="name")
    if mode not in dict(MODES):
        raise DomainError("sitting_mode", f"评价方式“{mode}”无效", field="mode", rule="PLAN-04")
    # INST-04 / INST-09: a valid filing today and on the exam days (filing_check says which).
    for day in {timezone.localdate(), *(d for d in (theory_on, practical_on) if d)}:
        filing_check(institution, on=day)
    if (
        scope_row_covering(
            institution,
            occupation_id=occupation.pk,
            job_type_id=job_type.pk if job_type else None,
            level=level,
        )
        is None
    ):
        job = f"（{job_type.name}）" if job_type else ""
        raise DomainError(
            "outside_scope",
            f"{occupation.name}{job}{level}级不在本机构备案的认定范围内",
            field="level",
            rule="PLAN-07",
        )
    return Sitting.objects.create(
        institution=institution,
        name=name.strip(),
        occupation=occupation,
        job_type=job_type,
        level=level,
        mode=mode,
        theory_on=theory_on,
        practical_on=practical_on,
    )
