"""Bans from registering (PLAN-09 revoked certificate, VIOL-04 false material, until
graduation): the one write (`ban_add`, called by certificates and violations) and the reads
the registration check uses."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Q

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.institutions.models import Institution
from skillcert.people.models import Person

from ..models import Ban, Registration


@transaction.atomic
def ban_add(
    *,
    actor,
    person: Person,
    institution: Institution | None,
    reason: str,
    rule: str,
    until: date | None = None,
    graduation_on: date | None = None,
    registration: Registration | None = None,
) -> Ban:
    """Bar a person from registering (everywhere when `institution` is None) until a date,
    or until graduation (VIOL-04)."""
    if rule not in dict(Ban.RULES):
        raise DomainError("ban_rule", f"禁考依据“{rule}”无效，应为PLAN-09或VIOL-04", field="rule")
    if not (reason or "").strip():
        raise DomainError("ban_reason", "禁考原因不能为空", field="reason", rule=rule)
    if until is None and graduation_on is None:
        raise DomainError("ban_end", "请填写禁止报名截止日期或毕业日期", field="until", rule=rule)
    ban = Ban.objects.create(
        person=person,
        institution=institution,
        reason=reason.strip()[:200],
        rule=rule,
        until=until,
        graduation_on=graduation_on,
        registration=registration,
    )
    audit_record(
        actor=actor,
        action="ban.add",
        obj=ban,
        institution_id=institution.pk if institution else None,
        after={
            "person": person.pk,
            "rule": rule,
            "reason": ban.reason,
            "until": until,
            "graduation_on": graduation_on,
            "registration": registration.pk if registration else None,
        },
    )
    return ban


def bans_query(person_ids: Iterable[int], institution_id: int, day: date):
    """Bans (PLAN-09 revoked certificate, VIOL-04 until graduation) in force on `day`."""
    return (
        Ban.objects.filter(person_id__in=list(person_ids))
        .filter(Q(institution__isnull=True) | Q(institution_id=institution_id))
        .filter(Q(until__gte=day) | Q(until__isnull=True, graduation_on__gte=day))
        .order_by("person_id", "id")
    )
