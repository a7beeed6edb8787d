"""Absence (缺考, SCORE-01): recorded by the leader or a manager before the summary, with
its basis, and undone before it."""

from __future__ import annotations

from django.db import transaction

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.institutions.selectors import can_manage
from skillcert.people.selectors import person_of
from skillcert.plans.models import Registration

from ..models import (
    Absence,
    Panel,
    Signature,
    WorkNumber,
)
from .base import _locked_panel


def _absence_keeper(actor, panel: Panel) -> None:
    """The leader, who signs the summary the absence is part of, or the institution's
    managers, who set the panel up, record absences (SCORE-01 / SCORE-03)."""
    person = person_of(actor, panel.institution)
    if person is not None and person.pk == panel.leader_id:
        return
    if getattr(actor, "is_authenticated", False) and can_manage(actor, panel.institution):
        return
    raise DomainError(
        "not_absence_keeper", "只有考评组长或本机构负责人、考务人员可以登记缺考", rule="SCORE-01"
    )


def _absence_open(actor, panel: Panel, work_number: str) -> tuple[Panel, WorkNumber]:
    """The locked panel and the candidate's work number, once the actor may change absences
    and the summary is not signed yet."""
    panel = _locked_panel(panel)
    _absence_keeper(actor, panel)
    if panel.locked_at is not None:
        raise DomainError(
            "absence_locked",
            "成绩汇总表已签署，成绩已锁定，不能再登记或撤销缺考",
            rule="SCORE-03",
        )
    number = (work_number or "").strip()[:10]
    work = WorkNumber.objects.filter(
        sitting_id=panel.sitting_id, number=number, registration__status=Registration.APPROVED
    ).first()
    if work is None:
        raise DomainError("work_number", f"作品号“{number}”不是本批次的考生", field="work_number")
    return panel, work


@transaction.atomic
def absence_mark(*, actor, panel: Panel, work_number: str, basis: str, note: str = "") -> Absence:
    """Record the work number as absent (缺考) before the summary. Refused once any member
    signed a score of the candidate: a signed score stands until the panel changes it."""
    panel, work = _absence_open(actor, panel, work_number)
    if basis not in dict(Absence.BASES):
        raise DomainError("absence_basis", "请选择缺考依据", field="basis")
    note = (note or "").strip()
    if len(note) > 200:
        raise DomainError("absence_note", "说明不超过200字", field="note")
    if basis == Absence.OTHER and not note:
        raise DomainError("absence_note", "缺考依据为“其他”时须填写说明", field="note")
    if Absence.objects.filter(panel=panel, registration_id=work.registration_id).exists():
        raise DomainError("absence_exists", f"作品号{work.number}已登记缺考", field="work_number")
    if Signature.objects.filter(
        version__panel=panel, version__registration_id=work.registration_id
    ).exists():
        raise DomainError(
            "absence_signed",
            f"作品号{work.number}已有考评员签名确认的成绩，不能登记缺考",
            field="work_number",
            rule="SCORE-03",
        )
    absence = Absence.objects.create(
        institution_id=panel.institution_id,
        panel=panel,
        registration_id=work.registration_id,
        basis=basis,
        note=note,
        marked_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action="panel.absent",
        obj=absence,
        institution_id=panel.institution_id,
        after={"work_number": work.number, "basis": basis, "note": note},
    )
    return absence


@transaction.atomic
def absence_undo(*, actor, panel: Panel, work_number: str) -> None:
    """Take back an absence before the summary: the candidate is scored again."""
    panel, work = _absence_open(actor, panel, work_number)
    absence = Absence.objects.filter(panel=panel, registration_id=work.registration_id).first()
    if absence is None:
        raise DomainError("absence_missing", f"作品号{work.number}未登记缺考", field="work_number")
    audit_record(
        actor=actor,
        action="panel.absent_undo",
        obj=absence,
        institution_id=panel.institution_id,
        before={"work_number": work.number, "basis": absence.basis, "note": absence.note},
    )
    absence.delete()
