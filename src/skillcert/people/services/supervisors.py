"""The quality supervisor register (PEOPLE-07)."""

from datetime import date

from django.db import transaction

from skillcert.core import tenancy
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError

from ..models import (
    Examiner,
    ExamStaff,
    Person,
    QualitySupervisor,
    full_years,
)
from .examiners import examiner_valid_on
from .limits import SUPERVISOR_MIN_YEARS


@transaction.atomic
def supervisor_add(
    *,
    actor,
    institution,
    person: Person,
    kind: str,
    assessment_since: date,
    card_number: str,
    card_issued_on: date,
    on: date | None = None,
) -> QualitySupervisor:
    """PEOPLE-07: a quality supervisor has >= 3 years of assessment work; card valid 3 years."""
    day = on or date.today()
    if kind not in dict(QualitySupervisor.KINDS):
        raise DomainError("supervisor_kind", f"督导员类别“{kind}”无效", field="kind")
    if full_years(assessment_since, day) < SUPERVISOR_MIN_YEARS:
        raise DomainError(
            "supervisor_experience",
            f"质量督导员须从事鉴定（评价）工作{SUPERVISOR_MIN_YEARS}年以上",
            field="assessment_since",
            rule="PEOPLE-07",
        )
    if not (card_number or "").strip():
        raise DomainError("supervisor_card", "督导员证号不能为空", field="card_number")
    _check_supervisor_source(institution=institution, person=person, day=day)
    if QualitySupervisor.objects.filter(institution=institution, person=person).exists():
        raise DomainError(
            "supervisor_exists", f"{person.name}已在本机构质量督导员名册中", field="id_number"
        )
    supervisor = QualitySupervisor.objects.create(
        institution=institution,
        person=person,
        kind=kind,
        assessment_since=assessment_since,
        card_number=card_number.strip(),
        card_issued_on=card_issued_on,
    )
    audit_record(
        actor=actor,
        action="supervisor.add",
        obj=supervisor,
        after={"person": person.pk, "kind": kind, "card_issued_on": card_issued_on},
    )
    return supervisor


# PEOPLE-07: supervisors come from examiners or managers (管理人员) of the institution.
SUPERVISOR_MANAGER_ROLES = (
    ExamStaff.SITE_LEADER,
    ExamStaff.EXAM_AFFAIRS,
    ExamStaff.ACCOUNTING,
    ExamStaff.ARCHIVES,
    ExamStaff.INFORMATION,
)


@tenancy.across_institutions("PEOPLE-07")
def _check_supervisor_source(*, institution, person: Person, day: date) -> None:
    """PEOPLE-07: a quality supervisor is drawn from examiners (valid on `day`, at any
    institution: an external supervisor comes from elsewhere) or from the institution's
    managers; anyone else is refused."""
    examiner = any(
        examiner_valid_on(e, day)
        for e in Examiner.objects.filter(person_id=person.pk).select_related("person")
    )
    manager = ExamStaff.objects.filter(
        institution=institution, person_id=person.pk, active=True, role__in=SUPERVISOR_MANAGER_ROLES
    ).exists()
    if not (examiner or manager):
        raise DomainError(
            "supervisor_source",
            f"{person.name}既不是有效的考评员，也不是本机构的管理人员；"
            "质量督导员须从考评人员或管理人员中选聘",
            field="id_number",
            rule="PEOPLE-07",
        )


def supervisor_valid_on(supervisor: QualitySupervisor, day: date) -> bool:
    """PEOPLE-07: in office and the card issued less than 3 years before `day`."""
    return supervisor.active and supervisor.card_issued_on <= day < supervisor.card_valid_until
