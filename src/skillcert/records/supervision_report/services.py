"""Writes of the supervision report (REC-06), each audited in its transaction (REC-09).

The group is the three internal quality supervisors (内部质量督导员) of the sitting's
staffing plan (arrangement, ARR); only they write and sign, each with their own login. The
text (plan, checklist, findings) is frozen at the first signature: every signature covers the
same SHA-256 of it. Signed by all later than 2 days after the sitting's last day: kept, shown
late (REC-06).
"""

import hashlib
import json
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from skillcert.arrangement.models import StaffAssignment
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.institutions.models import Institution
from skillcert.people.models import Person
from skillcert.plans.models import Sitting

from .. import texts as t
from ..models.supervision_report import SupervisionReport, SupervisionSignature
from .checklist import ITEMS, NOTE_MAX

GROUP_SIZE = 3  # REC-06 / 004 质量督导人员管理办法 三: three supervisors form the group


def group_of(sitting: Sitting) -> list[Person]:
    """The supervision group: the sitting's internal quality supervisors (ARR staffing)."""
    ids = StaffAssignment.objects.filter(
        plan__sitting=sitting, role=StaffAssignment.SUPERVISOR
    ).values_list("person_id", flat=True)
    return list(Person.objects.filter(pk__in=ids).order_by("pk"))


def last_day(sitting: Sitting) -> date | None:
    days = [d for d in (sitting.theory_on, sitting.practical_on) if d]
    return max(days) if days else None


def member_of_group(user, sitting: Sitting) -> Person | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return next((p for p in group_of(sitting) if p.user_id == user.pk), None)


def _member(actor, sitting: Sitting) -> Person:
    group = group_of(sitting)
    if len(group) != GROUP_SIZE:
        raise DomainError(
            "group_size",
            f"督导组须由{GROUP_SIZE}名质量督导员组成，本批次人员安排中有{len(group)}名",
            rule="REC-06",
        )
    person = member_of_group(actor, sitting)
    if person is None:
        raise DomainError(
            "not_in_group", "只有本批次督导组成员可以填写和签署督导报告", rule="REC-06"
        )
    return person


def _checklist(values) -> dict:
    if not isinstance(values, dict):
        raise DomainError("checklist", "检查表格式不正确", field="checklist")
    unknown = set(values) - set(ITEMS)
    if unknown:
        raise DomainError("checklist", f"检查表没有“{sorted(unknown)[0]}”一项", field="checklist")
    missing = [code for code in ITEMS if code not in values]
    if missing:
        raise DomainError(
            "checklist", f"请逐项填写检查表：“{ITEMS[missing[0]]}”未填", field="checklist"
        )
    out = {}
    for code, answer in values.items():
        answer = answer if isinstance(answer, dict) else {}
        ok = answer.get("ok")
        if not isinstance(ok, bool):
            raise DomainError("checklist", f"“{ITEMS[code]}”请选择符合或不符合", field="checklist")
        note = t.text(
            answer.get("note", ""),
            field="checklist",
            label="检查表说明",
            max_length=NOTE_MAX,
            required=not ok,
        )
        out[code] = {"ok": ok, "note": note}
    return out


def content_digest(report: SupervisionReport) -> str:
    material = [report.sitting_id, report.plan, report.checklist, report.findings]
    text = json.dumps(material, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _snapshot(r: SupervisionReport) -> dict:
    return {
        "sitting": r.sitting_id,
        "status": r.status,
        "due_on": r.due_on,
        "content_sha256": content_digest(r),
        "late": r.late,
    }


@transaction.atomic
def supervision_report_save(
    *, actor, institution: Institution, sitting: Sitting, plan: str, checklist: dict, findings: str
) -> SupervisionReport:
    """REC-06: write or change the report (a member of the group, before anyone signs)."""
    if sitting.institution_id != institution.pk:
        raise DomainError("sitting", "该批次不属于本机构", field="sitting")
    _member(actor, sitting)
    plan = t.text(plan, field="plan", label="内部质量督导计划")
    findings = t.text(findings, field="findings", label="督导意见")
    checklist = _checklist(checklist)
    end = last_day(sitting)
    if end is None:
        raise DomainError("sitting_dates", "本批次尚未确定考试日期", field="sitting")
    Sitting.objects.select_for_update().filter(pk=sitting.pk).first()
    report = SupervisionReport.objects.filter(sitting=sitting).first()
    before = _snapshot(report) if report else None
    if report is not None and report.status != SupervisionReport.DRAFT:
        raise DomainError("report_signed", "督导报告已有成员签名，内容不能再修改", rule="REC-06")
    if report is None:
        report = SupervisionReport(institution=institution, sitting=sitting)
    report.plan, report.checklist, report.findings = plan, checklist, findings
    report.due_on = end + timedelta(days=rules().supervision_report_days)
    report.save()
    audit_record(
        actor=actor,
        action="supervision_report.save",
        obj=report,
        before=before,
        after=_snapshot(report),
    )
    return report


@transaction.atomic
def supervision_report_sign(*, actor, report: SupervisionReport) -> SupervisionSignature:
    """REC-06: a group member signs with their own login; the third signature completes it."""
    report = SupervisionReport.objects.select_for_update().get(pk=report.pk)
    person = _member(actor, report.sitting)
    if report.signatures.filter(person=person).exists():
        raise DomainError("signed_already", "您已签署该督导报告", rule="REC-06")
    today = timezone.localdate()
    if today < last_day(report.sitting):
        raise DomainError("too_early", "认定结束后方可签署督导报告", rule="REC-06")
    before = _snapshot(report)
    digest = content_digest(report)
    if report.status == SupervisionReport.DRAFT:
        report.content_sha256 = digest
    elif report.content_sha256 != digest:  # the text was changed behind the service
        raise DomainError("report_changed", "督导报告内容与已签名内容不一致", rule="REC-06")
    signature = SupervisionSignature.objects.create(
        report=report, person=person, user=actor, signed_at=timezone.now(), content_sha256=digest
    )
    report.status = SupervisionReport.SIGNING
    if report.signatures.count() == GROUP_SIZE:
        report.status = SupervisionReport.SIGNED
        report.signed_at = signature.signed_at
        report.late = today > report.due_on
    report.save()
    audit_record(
        actor=actor,
        action="supervision_report.sign",
        obj=report,
        before=before,
        after=_snapshot(report) | {"person": person.pk, "status": report.status},
    )
    return signature
