"""Paper custody (EXAM-04): sealed at rest, opened only when the sitting opens, every access,
print and handover logged in the custody log and the audit chain.

Semantics (decided here, see docs):
- A paper's questions are stored only as `core.crypto.encrypt_bytes(JSON)`.
- Content access (online exam, the paper's "open" page) is allowed from the sitting's theory
  date (`Sitting.theory_on`, local date) on. A paper without a sitting or date never opens.
- Printing the paper (PDF for a paper sitting) is the one step allowed earlier: from
  `paper_store_days` (2) days before the theory date, so printed papers are at most 2 days in
  store, and only by the paper's current custodian.
- The answer key is printed from the theory date on, by the custodian (for grading).
- A handover is asked by the current custodian (the giver confirms with their login) and is
  pending until the receiver confirms with their own login; then custody moves.
- Refused attempts are logged too (kind "refused"), in their own transaction, so the refusal
  survives the error that the caller sees.
"""

import json
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from skillcert.core import crypto
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.institutions.models import Membership

from .models import Paper, PaperCustodyEvent, PaperHandover

RULE = "EXAM-04"


def seal(content: dict) -> bytes:
    return crypto.encrypt_bytes(json.dumps(content, ensure_ascii=False).encode())


def _unseal(paper: Paper) -> dict:
    return json.loads(crypto.decrypt_bytes(bytes(paper.sealed)))


def _today() -> date:
    return timezone.localdate()


def _log(paper: Paper, kind: str, actor, detail: str = "", handover=None) -> PaperCustodyEvent:
    authed = getattr(actor, "is_authenticated", False)
    event = PaperCustodyEvent.objects.create(
        institution_id=paper.institution_id,
        paper=paper,
        kind=kind,
        actor=actor if authed else None,
        actor_label=actor.get_username() if authed else "system",
        handover=handover,
        detail=detail[:300],
        at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action=f"paper.{kind}",
        obj=paper,
        after={
            "event": event.pk,
            "detail": event.detail,
            "handover": getattr(handover, "pk", None),
        },
    )
    return event


def _refuse(paper: Paper, actor, code: str, message: str, what: str) -> DomainError:
    with transaction.atomic():
        _log(paper, PaperCustodyEvent.REFUSED, actor, f"{what}：{message}")
    return DomainError(code, message, rule=RULE)


def opens_on(paper: Paper) -> date | None:
    return paper.sitting.theory_on if paper.sitting_id else None


def print_from(paper: Paper) -> date | None:
    day = opens_on(paper)
    return day - timedelta(days=rules().paper_store_days) if day else None


def _check_live(paper: Paper, actor, what: str) -> None:
    if paper.status != Paper.SEALED:
        raise _refuse(paper, actor, "paper_retired", "该试卷已作废", what)


def paper_open(*, actor, paper: Paper, purpose: str = "启封读取") -> dict:
    """The sealed content, when the sitting has opened (EXAM-04); logs the access."""
    _check_live(paper, actor, purpose)
    day = opens_on(paper)
    if day is None:
        raise _refuse(
            paper, actor, "paper_sealed", "该试卷未指定考试批次或考试日期，保持密封", purpose
        )
    if _today() < day:
        raise _refuse(
            paper, actor, "paper_sealed", f"试卷密封保管至考试日（{day:%Y-%m-%d}）启封", purpose
        )
    with transaction.atomic():
        _log(paper, PaperCustodyEvent.ACCESS, actor, purpose)
    return _unseal(paper)


def paper_for_print(*, actor, paper: Paper, answer_key: bool = False) -> dict:
    """Content for the printed paper (custodian, from 2 days before) or the answer key
    (custodian, from the theory date); logs the print."""
    what = "打印答案" if answer_key else "打印试卷"
    _check_live(paper, actor, what)
    if paper.custodian_id is None or paper.custodian_id != getattr(actor, "pk", None):
        raise _refuse(paper, actor, "paper_not_custodian", "只有该试卷的当前保管人可以打印", what)
    day = opens_on(paper)
    start = day if answer_key else print_from(paper)
    if start is None:
        raise _refuse(paper, actor, "paper_sealed", "该试卷未指定考试日期，不能打印", what)
    if _today() < start:
        raise _refuse(
            paper,
            actor,
            "paper_sealed",
            f"{what}最早在 {start:%Y-%m-%d}（考试日 {day:%Y-%m-%d}"
            + ("" if answer_key else f" 前{rules().paper_store_days}天")
            + "），试卷在保密室存放不超过规定天数",
            what,
        )
    with transaction.atomic():
        _log(
            paper,
            PaperCustodyEvent.KEY_PRINT if answer_key else PaperCustodyEvent.PRINT,
            actor,
            what,
        )
    return _unseal(paper)


@transaction.atomic
def handover_request(*, actor, paper: Paper, to_user, note: str = "") -> PaperHandover:
    """The custodian hands the paper to another member; pending until they confirm."""
    paper = Paper.objects.select_for_update().get(pk=paper.pk)
    if paper.custodian_id != actor.pk:
        raise DomainError("handover_not_custodian", "只有当前保管人可以交出试卷", rule=RULE)
    if to_user is None or to_user.pk == actor.pk:
        raise DomainError("handover_self", "接收人应为另一人", field="to_user", rule=RULE)
    if not Membership.objects.filter(institution_id=paper.institution_id, user=to_user).exists():
        raise DomainError("handover_outsider", "接收人不是本机构人员", field="to_user", rule=RULE)
    if paper.handovers.filter(status=PaperHandover.PENDING).exists():
        raise DomainError("handover_pending", "该试卷已有待确认的交接", rule=RULE)
    handover = PaperHandover.objects.create(
        institution_id=paper.institution_id,
        paper=paper,
        from_user=actor,
        to_user=to_user,
        note=(note or "").strip()[:200],
        requested_at=timezone.now(),
    )
    _log(paper, PaperCustodyEvent.HANDOVER_OUT, actor, f"交给 {to_user.get_username()}", handover)
    return handover


@transaction.atomic
def handover_confirm(*, actor, handover: PaperHandover) -> PaperHandover:
    """The receiver confirms with their own login; custody moves to them (EXAM-04)."""
    handover = PaperHandover.objects.select_for_update().get(pk=handover.pk)
    if handover.status != PaperHandover.PENDING:
        raise DomainError("handover_done", "该交接已确认或已撤回", rule=RULE)
    if handover.to_user_id != actor.pk:
        raise DomainError("handover_not_receiver", "只有接收人本人可以确认接收", rule=RULE)
    paper = Paper.objects.select_for_update().get(pk=handover.paper_id)
    handover.status, handover.confirmed_at = PaperHandover.CONFIRMED, timezone.now()
    handover.save(update_fields=["status", "confirmed_at"])
    paper.custodian = actor
    paper.save(update_fields=["custodian"])
    giver = handover.from_user.get_username()
    _log(paper, PaperCustodyEvent.HANDOVER_IN, actor, f"接收自 {giver}", handover)
    return handover


@transaction.atomic
def handover_cancel(*, actor, handover: PaperHandover) -> PaperHandover:
    handover = PaperHandover.objects.select_for_update().get(pk=handover.pk)
    if handover.status != PaperHandover.PENDING or handover.from_user_id != actor.pk:
        raise DomainError("handover_cancel", "只有交出人可以撤回待确认的交接", rule=RULE)
    handover.status = PaperHandover.CANCELLED
    handover.save(update_fields=["status"])
    _log(handover.paper, PaperCustodyEvent.HANDOVER_CANCEL, actor, "交出人撤回", handover)
    return handover
