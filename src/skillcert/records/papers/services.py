"""Writes of paper-exam records (EXAM-11, EXAM-12), each audited in its transaction.

- Return register (EXAM-11): the proctor returns a room's papers and answer cards, counted
  as used, spare and blank, which must add up to what was issued, in a sealed bag; the
  paper-store keeper receives it with their own login (a second person) and signs.
- Item-error report (EXAM-11): question number and what is wrong; a manager handles it.
- Pledges (EXAM-12): the person signs with their own login; itembank asks records through
  its hook before a paper is printed, read or unlocked.
- Duty log (EXAM-12): the first person on duty opens the entry naming the second, a
  different member of the institution, who signs it with their own login.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from skillcert.arrangement.models import Room
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError, Forbidden
from skillcert.core.rules import rules
from skillcert.institutions.models import Institution, Membership
from skillcert.institutions.selectors import can_manage
from skillcert.itembank.models import Paper
from skillcert.plans.models import Sitting

from ..models import DutyLog, ItemErrorReport, Pledge, ReturnRegister
from ..room.selectors import can_keep

TEXT_MAX = 1000
SEAL_MAX = 40
SHIFT_MAX = 20
PLEDGE_TEXTS = {
    Pledge.WRITER: "本人承诺：严格遵守试题保密规定，不泄露、不复制、不传播所命试题及相关资料，"
    "不参加所命试题的考前辅导；如有违反，承担相应责任。",
    Pledge.MAKER: "本人承诺：严格遵守试卷印制、保管、运送、交接制度，双人双锁保管，不泄露、"
    "不复制、不私自留存试卷及答案；如有违反，承担相应责任。",
    Pledge.GRADER: "本人承诺：严格遵守阅卷保密纪律，不泄露评分标准、答案及考生成绩，不私自"
    "复制、带出答卷；如有违反，承担相应责任。",
}


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _member(user, institution: Institution) -> bool:
    return Membership.objects.filter(user=user, institution=institution).exists()


# --- return register (EXAM-11) -----------------------------------------------------------------


def _check_counts(counts: dict) -> dict:
    out = {}
    for name in ReturnRegister.COUNTS:
        value = counts.get(name)
        label = ReturnRegister._meta.get_field(name).verbose_name
        if not isinstance(value, int) or value < 0 or value > 100_000:
            raise DomainError(name, f"请填写{label}份数（0–100000）", field=name, rule="EXAM-11")
        out[name] = value
    for what, label in (("papers", "试卷"), ("cards", "答题卡")):
        issued = out[f"{what}_issued"]
        back = out[f"{what}_used"] + out[f"{what}_spare"] + out[f"{what}_blank"]
        if back != issued:
            raise DomainError(
                "count_mismatch",
                f"{label}：已用、备用、空白合计{back}份，与领取的{issued}份不符，请清点（EXAM-11）",
                field=f"{what}_issued",
                rule="EXAM-11",
            )
    return out


@transaction.atomic
def return_register_file(
    *, actor, sitting: Sitting, room: Room, seal_number: str, **counts: int
) -> ReturnRegister:
    """EXAM-11: the proctor returns the room's papers, counted and sealed; signs (the actor)."""
    if room.institution_id != sitting.institution_id:
        raise DomainError("room", "该考场不属于本机构", field="room")
    if not can_keep(actor, sitting, room):
        raise Forbidden("您不是本考场的监考员或本批次的考务人员")
    checked = _check_counts(counts)
    seal_number = (seal_number or "").strip()
    if not seal_number:
        raise DomainError(
            "seal_number",
            "请填写密封编号（EXAM-11：试卷袋密封交回）",
            field="seal_number",
            rule="EXAM-11",
        )
    if len(seal_number) > SEAL_MAX:
        raise DomainError("seal_long", f"密封编号不能超过{SEAL_MAX}字", field="seal_number")
    if ReturnRegister.objects.filter(sitting=sitting, room=room).exists():
        raise DomainError("register_exists", f"{room}的试卷已交回登记", field="room")
    register = ReturnRegister.objects.create(
        institution_id=sitting.institution_id,
        sitting=sitting,
        room=room,
        seal_number=seal_number,
        returned_by=_user(actor),
        **checked,
    )
    audit_record(
        actor=actor,
        action="return_register.file",
        obj=register,
        after={**checked, "room": room.pk, "seal": seal_number},
    )
    return register


@transaction.atomic
def return_register_receive(*, actor, register: ReturnRegister) -> ReturnRegister:
    """EXAM-11: the paper-store keeper (a manager, not the one who returned it) receives the
    sealed papers and signs."""
    register = ReturnRegister.objects.select_for_update().get(pk=register.pk)
    if not can_manage(actor, register.institution):
        raise Forbidden("只有机构负责人或考务人员可以接收试卷")
    if register.status != ReturnRegister.RETURNED:
        raise DomainError("received", "该登记表已接收", rule="EXAM-11")
    if register.returned_by_id == getattr(actor, "pk", None):
        raise DomainError(
            "same_person",
            "交回人与接收人须为两人：请由交回人以外的保密室人员接收签字（EXAM-11）",
            rule="EXAM-11",
        )
    register.status, register.received_by, register.received_at = (
        ReturnRegister.RECEIVED,
        actor,
        timezone.now(),
    )
    register.save(update_fields=["status", "received_by", "received_at"])
    audit_record(
        actor=actor,
        action="return_register.receive",
        obj=register,
        before={"status": ReturnRegister.RETURNED},
        after={"status": register.status},
    )
    return register


# --- item-error report (EXAM-11) ------------------------------------------------------------


def _text(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(field, f"请填写{label}", field=field)
    if len(value) > TEXT_MAX:
        raise DomainError(f"{field}_long", f"{label}不能超过{TEXT_MAX}字", field=field)
    return value


@transaction.atomic
def item_error_report(
    *,
    actor,
    sitting: Sitting,
    question_no: int,
    description: str,
    room: Room | None = None,
    paper: Paper | None = None,
) -> ItemErrorReport:
    """EXAM-11: an error found in the paper, reported on the form by the sitting's staff."""
    if not can_keep(actor, sitting, room):
        raise Forbidden("您不是本批次的监考员或考务人员")
    for other in (room, paper):
        if other is not None and other.institution_id != sitting.institution_id:
            raise DomainError("foreign", "考场或试卷不属于本机构", field="room")
    if not isinstance(question_no, int) or not 1 <= question_no <= 1000:
        raise DomainError("question_no", "请填写题号（1–1000）", field="question_no")
    report = ItemErrorReport.objects.create(
        institution_id=sitting.institution_id,
        sitting=sitting,
        room=room,
        paper=paper,
        question_no=question_no,
        description=_text(description, "description", "差错情况"),
        reported_by=_user(actor),
    )
    audit_record(
        actor=actor,
        action="item_error.report",
        obj=report,
        after={"question_no": question_no, "room": getattr(room, "pk", None)},
    )
    return report


@transaction.atomic
def item_error_handle(*, actor, report: ItemErrorReport, handling: str) -> ItemErrorReport:
    report = ItemErrorReport.objects.select_for_update().get(pk=report.pk)
    if not can_manage(actor, report.institution):
        raise Forbidden("只有机构负责人或考务人员可以处理试题差错报告")
    if report.status == ItemErrorReport.HANDLED:
        raise DomainError("handled", "该报告已处理", field="handling")
    report.handling = _text(handling, "handling", "处理意见")
    report.status, report.handled_by, report.handled_at = (
        ItemErrorReport.HANDLED,
        actor,
        timezone.now(),
    )
    report.save(update_fields=["handling", "status", "handled_by", "handled_at"])
    audit_record(
        actor=actor,
        action="item_error.handle",
        obj=report,
        before={"status": ItemErrorReport.OPEN},
        after={"status": report.status, "handling": report.handling},
    )
    return report


# --- pledges (EXAM-12) ---------------------------------------------------------------------


@transaction.atomic
def pledge_sign(*, actor, institution: Institution, kind: str) -> Pledge:
    """EXAM-12: the person signs their own pledge (responsibility pledge of item writers and
    paper makers, confidentiality agreement of graders); valid for `pledge_valid_days`."""
    if kind not in PLEDGE_TEXTS:
        raise DomainError("kind", "请选择承诺书类别", field="kind")
    if not getattr(actor, "is_authenticated", False) or not _member(actor, institution):
        raise Forbidden("只有本机构人员本人可以签署")
    today = timezone.localdate()
    pledge = Pledge.objects.create(
        institution=institution,
        user=actor,
        kind=kind,
        text=PLEDGE_TEXTS[kind],
        valid_until=today + timedelta(days=rules().pledge_valid_days),
    )
    audit_record(
        actor=actor,
        action="pledge.sign",
        obj=pledge,
        after={"kind": kind, "valid_until": pledge.valid_until},
    )
    return pledge


# --- duty log of the paper store (EXAM-12) -----------------------------------------------------


@transaction.atomic
def duty_log_open(
    *, actor, institution: Institution, day: date, shift: str, second, notes: str
) -> DutyLog:
    """EXAM-12: two people on duty: the first (the actor, a manager) names the second, a
    different member of the institution; both sign (the second with `duty_log_sign`)."""
    if not can_manage(actor, institution):
        raise Forbidden("只有机构负责人或考务人员可以登记保密室值班")
    if not isinstance(day, date):
        raise DomainError("day", "请填写值班日期", field="day")
    if day > timezone.localdate():
        raise DomainError("day_future", "值班日期不能晚于今天", field="day")
    shift = (shift or "").strip()
    if not shift or len(shift) > SHIFT_MAX:
        raise DomainError("shift", f"请填写班次（不超过{SHIFT_MAX}字）", field="shift")
    if second is None or not _member(second, institution):
        raise DomainError(
            "second", "请选择第二名值班人（本机构人员）", field="second", rule="EXAM-12"
        )
    if second.pk == actor.pk:
        raise DomainError(
            "same_person",
            "保密室须两人值班：第二名值班人不能是您本人（EXAM-12）",
            field="second",
            rule="EXAM-12",
        )
    log = DutyLog.objects.create(
        institution=institution,
        day=day,
        shift=shift,
        first=actor,
        second=second,
        notes=_text(notes, "notes", "值班情况"),
    )
    audit_record(
        actor=actor,
        action="duty_log.open",
        obj=log,
        after={"day": day, "shift": shift, "first": actor.pk, "second": second.pk},
    )
    return log


@transaction.atomic
def duty_log_sign(*, actor, log: DutyLog) -> DutyLog:
    """EXAM-12: the second person on duty signs with their own login."""
    log = DutyLog.objects.select_for_update().get(pk=log.pk)
    if log.second_id != getattr(actor, "pk", None):
        raise DomainError(
            "not_second",
            "只有登记的第二名值班人本人可以签字（EXAM-12：两人值班、各自签字）",
            rule="EXAM-12",
        )
    if log.second_signed_at is not None:
        raise DomainError("signed", "该值班记录已签字", rule="EXAM-12")
    log.second_signed_at = timezone.now()
    log.save(update_fields=["second_signed_at"])
    audit_record(
        actor=actor,
        action="duty_log.sign",
        obj=log,
        after={"second_signed_at": log.second_signed_at},
    )
    return log
