"""Paper custody (EXAM-04): sealed at rest, opened only when the sitting opens, stored under
two keys held by two people (双人双锁), every access, print, unlock and handover logged in the
custody log and the audit chain.

Semantics (decided here, see docs):
- A paper's questions are stored only as `core.crypto.encrypt_bytes(JSON)`.
- Content access (online exam, `paper_open`) is allowed from the sitting's theory date
  (`Sitting.theory_on`, local date) on. A paper without a sitting or date never opens.
- Printing the paper (PDF for a paper sitting) is the one step allowed earlier: from
  `paper_store_days` (2) days before the theory date, so printed papers are at most 2 days in
  store, and only by the paper's current custodian.
- The answer key is printed from the theory date on, by the custodian (for grading).
- A handover is asked by the current custodian (the giver confirms with their login) and is
  pending until the receiver confirms with their own login; then custody moves.
- Two keys, two people: besides the custodian (first key) each paper has a second key holder
  (第二把钥匙保管人), a member of the paper's institution and never the custodian. Managers
  (director, exam affairs) set or change them. A handover to the second key holder is refused
  (asked or confirmed), as is naming the custodian as second key holder.
- Taking a paper out of store needs both keys: the custodian asks to unlock for one purpose
  (打印试卷 / 打印答案 / 在线考试读取) and the second key holder confirms with their own login.
  A confirmed unlock counts for its purpose, for that paper, on its local calendar day only
  (any number of prints or reads that day). `paper_for_print` and `paper_open` refuse, logged,
  without one; `paper_open` needs an 在线考试读取 unlock whoever the reader is. The date rules
  above still apply: an unlock is asked only inside its purpose's window (an early request is
  refused, not logged, like a bad handover request), and it never widens that window.
- Changing the custodian (handover confirmed) or the second key holder voids the paper's
  pending unlocks and today's confirmed ones: the new pair must open the store again.
- Refused attempts are logged too (kind "refused"), in their own transaction, so the refusal
  survives the error that the caller sees.
"""

import json
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from skillcert.core import crypto
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.core.users import user_label as person_name  # the custody log's name
from skillcert.institutions.models import Membership
from skillcert.institutions.selectors import can_manage

from .hooks import pledge_missing
from .models import Paper, PaperCustodyEvent, PaperHandover, PaperUnlock

RULE = "EXAM-04"
PURPOSE_LABELS = dict(PaperUnlock.PURPOSES)
TWO_KEYS = "试卷实行双人双锁保管"
SELF = ("self",)  # lock only the row itself, not the (nullable) people joined for messages


def seal(content: dict) -> bytes:
    return crypto.encrypt_bytes(json.dumps(content, ensure_ascii=False).encode())


def _unseal(paper: Paper) -> dict:
    return json.loads(crypto.decrypt_bytes(bytes(paper.sealed)))


def _today() -> date:
    return timezone.localdate()


def _log(
    paper: Paper,
    kind: str,
    actor,
    detail: str = "",
    handover=None,
    unlock=None,
    before=None,
) -> PaperCustodyEvent:
    authed = getattr(actor, "is_authenticated", False)
    event = PaperCustodyEvent.objects.create(
        institution_id=paper.institution_id,
        paper=paper,
        kind=kind,
        actor=actor if authed else None,
        actor_label=actor.get_username() if authed else "system",
        handover=handover,
        unlock=unlock,
        detail=detail[:300],
        at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action=f"paper.{kind}",
        obj=paper,
        before=before,
        after={
            "event": event.pk,
            "detail": event.detail,
            "handover": getattr(handover, "pk", None),
            "unlock": getattr(unlock, "pk", None),
            "key_holder": paper.key_holder_id,
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


def _too_early(paper: Paper, purpose: str) -> str:
    """Why `purpose` is not allowed today by the date rules, or "" when it is."""
    day = opens_on(paper)
    if purpose == PaperUnlock.ONLINE:
        if day is None:
            return "该试卷未指定考试批次或考试日期，保持密封"
        return f"试卷密封保管至考试日（{day:%Y-%m-%d}）启封" if _today() < day else ""
    what = PURPOSE_LABELS[purpose]
    start = day if purpose == PaperUnlock.KEY_PRINT else print_from(paper)
    if start is None:
        return "该试卷未指定考试日期，不能打印"
    if _today() >= start:
        return ""
    store = "" if purpose == PaperUnlock.KEY_PRINT else f" 前{rules().paper_store_days}天"
    return (
        f"{what}最早在 {start:%Y-%m-%d}（考试日 {day:%Y-%m-%d}{store}），"
        "试卷在保密室存放不超过规定天数"
    )


def _unlocked_today(paper: Paper, purpose: str) -> bool:
    return paper.unlocks.filter(
        purpose=purpose, day=_today(), status=PaperUnlock.CONFIRMED
    ).exists()


def _check_pledge(paper: Paper, actor, purpose: str, what: str) -> None:
    """EXAM-12: whoever handles a paper has signed their pledge first (kept by records)."""
    missing = pledge_missing(user=actor, institution_id=paper.institution_id, purpose=purpose)
    if missing:
        with transaction.atomic():
            _log(paper, PaperCustodyEvent.REFUSED, actor, f"{what}：{missing}")
        raise DomainError("paper_no_pledge", missing, rule="EXAM-12")


def _check_unlocked(paper: Paper, actor, purpose: str, what: str) -> None:
    """Both keys (EXAM-04): a confirmed unlock of today for this paper and purpose; and the
    reader's signed pledge (EXAM-12)."""
    if paper.key_holder_id is None:
        message = f"{TWO_KEYS}：尚未指定第二把钥匙保管人，请机构负责人或考务人员指定"
        raise _refuse(paper, actor, "paper_no_key_holder", message, what)
    if not _unlocked_today(paper, purpose):
        message = (
            f"{TWO_KEYS}：需第二把钥匙保管人 {person_name(paper.key_holder)} "
            f"确认今日“{PURPOSE_LABELS[purpose]}”开锁"
        )
        raise _refuse(paper, actor, "paper_locked", message, what)
    _check_pledge(paper, actor, purpose, what)


def paper_open(*, actor, paper: Paper, purpose: str = "启封读取") -> dict:
    """The sealed content, when the sitting has opened and both keys unlocked it today for
    the online exam (EXAM-04); logs the access."""
    _check_live(paper, actor, purpose)
    early = _too_early(paper, PaperUnlock.ONLINE)
    if early:
        raise _refuse(paper, actor, "paper_sealed", early, purpose)
    _check_unlocked(paper, actor, PaperUnlock.ONLINE, purpose)
    with transaction.atomic():
        _log(paper, PaperCustodyEvent.ACCESS, actor, purpose)
    return _unseal(paper)


def paper_for_print(*, actor, paper: Paper, answer_key: bool = False) -> dict:
    """Content for the printed paper (custodian, from 2 days before) or the answer key
    (custodian, from the theory date), both keys unlocked today; logs the print."""
    purpose = PaperUnlock.KEY_PRINT if answer_key else PaperUnlock.PRINT
    what = PURPOSE_LABELS[purpose]
    _check_live(paper, actor, what)
    if paper.custodian_id is None or paper.custodian_id != getattr(actor, "pk", None):
        raise _refuse(paper, actor, "paper_not_custodian", "只有该试卷的当前保管人可以打印", what)
    early = _too_early(paper, purpose)
    if early:
        raise _refuse(paper, actor, "paper_sealed", early, what)
    _check_unlocked(paper, actor, purpose, what)
    with transaction.atomic():
        _log(
            paper,
            PaperCustodyEvent.KEY_PRINT if answer_key else PaperCustodyEvent.PRINT,
            actor,
            what,
        )
    return _unseal(paper)


def _key_holder_clash(user) -> DomainError:
    return DomainError(
        "handover_key_holder",
        f"{person_name(user)} 是该试卷的第二把钥匙保管人，两把钥匙不能由同一人保管（双人双锁）",
        field="to_user",
        rule=RULE,
    )


def _void_unlocks(paper: Paper, actor, why: str) -> None:
    """A new pair of key holders opens the store again: pending and today's unlocks lapse."""
    open_now = paper.unlocks.filter(
        Q(status=PaperUnlock.PENDING) | Q(status=PaperUnlock.CONFIRMED, day=_today())
    )
    for unlock in open_now.select_for_update():
        unlock.status = PaperUnlock.VOID
        unlock.save(update_fields=["status"])
        label = PURPOSE_LABELS[unlock.purpose]
        _log(paper, PaperCustodyEvent.UNLOCK_VOID, actor, f"{label}（{why}）", unlock=unlock)


@transaction.atomic
def handover_request(*, actor, paper: Paper, to_user, note: str = "") -> PaperHandover:
    """The custodian hands the paper to another member; pending until they confirm. A paper
    without a custodian (assembled by the system, or its custodian's account deleted) is
    handed over by a manager (director, exam affairs), who signs as the giver."""
    paper = Paper.objects.select_for_update().get(pk=paper.pk)
    unheld = paper.custodian_id is None and can_manage(actor, paper.institution)
    if paper.custodian_id != actor.pk and not unheld:
        raise DomainError("handover_not_custodian", "只有当前保管人可以交出试卷", rule=RULE)
    if to_user is None or to_user.pk == actor.pk:
        raise DomainError("handover_self", "接收人应为另一人", field="to_user", rule=RULE)
    if not Membership.objects.filter(institution_id=paper.institution_id, user=to_user).exists():
        raise DomainError("handover_outsider", "接收人不是本机构人员", field="to_user", rule=RULE)
    if to_user.pk == paper.key_holder_id:
        raise _key_holder_clash(to_user)
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
    if paper.key_holder_id == actor.pk:  # named second key holder after the request
        raise _key_holder_clash(actor)
    handover.status, handover.confirmed_at = PaperHandover.CONFIRMED, timezone.now()
    handover.save(update_fields=["status", "confirmed_at"])
    paper.custodian = actor
    paper.save(update_fields=["custodian"])
    giver = handover.from_user.get_username()
    _log(paper, PaperCustodyEvent.HANDOVER_IN, actor, f"接收自 {giver}", handover)
    _void_unlocks(paper, actor, "保管人已交接")
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


@transaction.atomic
def key_holder_set(*, actor, paper: Paper, user) -> Paper:
    """A manager names the paper's second key holder (双人双锁): a member, not the custodian."""
    paper = Paper.objects.select_for_update(of=SELF).select_related("key_holder").get(pk=paper.pk)
    if not (getattr(actor, "is_authenticated", False) and can_manage(actor, paper.institution)):
        message = "只有机构负责人或考务人员可以指定第二把钥匙保管人"
        raise DomainError("key_holder_not_manager", message, rule=RULE)
    if user is None:
        raise DomainError("key_holder_missing", "请选择第二把钥匙保管人", field="user", rule=RULE)
    if not Membership.objects.filter(institution_id=paper.institution_id, user=user).exists():
        message = "第二把钥匙保管人须为本机构人员"
        raise DomainError("key_holder_outsider", message, field="user", rule=RULE)
    if user.pk == paper.custodian_id:
        message = f"{person_name(user)} 是该试卷的当前保管人，第二把钥匙须由另一人保管（双人双锁）"
        raise DomainError("key_holder_custodian", message, field="user", rule=RULE)
    if user.pk == paper.key_holder_id:
        return paper
    before = {"key_holder": paper.key_holder_id}
    old = person_name(paper.key_holder) if paper.key_holder_id else "未指定"
    paper.key_holder = user
    paper.save(update_fields=["key_holder"])
    detail = f"第二把钥匙保管人：{old} → {person_name(user)}"
    _log(paper, PaperCustodyEvent.KEY_HOLDER, actor, detail, before=before)
    _void_unlocks(paper, actor, "第二把钥匙保管人已变更")
    return paper


@transaction.atomic
def unlock_request(*, actor, paper: Paper, purpose: str) -> PaperUnlock:
    """The custodian asks to take the paper out today for `purpose` (first key); pending
    until the second key holder confirms."""
    paper = (
        Paper.objects.select_for_update(of=SELF)
        .select_related("key_holder", "sitting")
        .get(pk=paper.pk)
    )
    if purpose not in PURPOSE_LABELS:
        raise DomainError("unlock_purpose", "请选择开锁用途", field="purpose", rule=RULE)
    if paper.status != Paper.SEALED:
        raise DomainError("paper_retired", "该试卷已作废", rule=RULE)
    if paper.custodian_id is None or paper.custodian_id != getattr(actor, "pk", None):
        raise DomainError("unlock_not_custodian", "只有该试卷的当前保管人可以申请开锁", rule=RULE)
    if paper.key_holder_id is None:
        message = f"{TWO_KEYS}：尚未指定第二把钥匙保管人，请机构负责人或考务人员指定"
        raise DomainError("paper_no_key_holder", message, rule=RULE)
    early = _too_early(paper, purpose)
    if early:
        raise DomainError("unlock_too_early", early, field="purpose", rule=RULE)
    label, today = PURPOSE_LABELS[purpose], _today()
    open_now = paper.unlocks.filter(
        purpose=purpose, day=today, status__in=[PaperUnlock.PENDING, PaperUnlock.CONFIRMED]
    ).first()
    if open_now is not None:
        state = "已开锁" if open_now.status == PaperUnlock.CONFIRMED else "已有待确认的开锁申请"
        message = f"今日“{label}”{state}"
        raise DomainError("unlock_open", message, field="purpose", rule=RULE)
    unlock = PaperUnlock.objects.create(
        institution_id=paper.institution_id,
        paper=paper,
        purpose=purpose,
        day=today,
        requested_by=actor,
        key_holder=paper.key_holder,
        requested_at=timezone.now(),
    )
    detail = f"{label}（{today:%Y-%m-%d}），待 {person_name(paper.key_holder)} 确认"
    _log(paper, PaperCustodyEvent.UNLOCK_REQUEST, actor, detail, unlock=unlock)
    return unlock


@transaction.atomic
def unlock_confirm(*, actor, unlock: PaperUnlock) -> PaperUnlock:
    """The second key holder confirms with their own login (second key); valid today only."""
    unlock = (
        PaperUnlock.objects.select_for_update(of=SELF).select_related("paper").get(pk=unlock.pk)
    )
    if unlock.status != PaperUnlock.PENDING:
        raise DomainError("unlock_done", "该开锁申请已确认、已撤回或已失效", rule=RULE)
    if unlock.key_holder_id != getattr(actor, "pk", None):
        holder = person_name(unlock.key_holder)
        message = f"只有第二把钥匙保管人 {holder} 本人可以确认开锁（双人双锁）"
        raise DomainError("unlock_not_key_holder", message, rule=RULE)
    if unlock.day != _today():
        message = f"该开锁申请是 {unlock.day:%Y-%m-%d} 的，开锁仅当日有效，请保管人重新申请"
        raise DomainError("unlock_stale", message, rule=RULE)
    _check_pledge(unlock.paper, actor, unlock.purpose, "确认开锁")
    unlock.status, unlock.confirmed_at = PaperUnlock.CONFIRMED, timezone.now()
    unlock.save(update_fields=["status", "confirmed_at"])
    detail = f"{PURPOSE_LABELS[unlock.purpose]}（{unlock.day:%Y-%m-%d}），申请人 " + person_name(
        unlock.requested_by
    )
    _log(unlock.paper, PaperCustodyEvent.UNLOCK_CONFIRM, actor, detail, unlock=unlock)
    return unlock


@transaction.atomic
def unlock_cancel(*, actor, unlock: PaperUnlock) -> PaperUnlock:
    unlock = (
        PaperUnlock.objects.select_for_update(of=SELF).select_related("paper").get(pk=unlock.pk)
    )
    if unlock.status != PaperUnlock.PENDING or unlock.requested_by_id != getattr(actor, "pk", None):
        raise DomainError("unlock_cancel", "只有申请人可以撤回待确认的开锁申请", rule=RULE)
    unlock.status = PaperUnlock.CANCELLED
    unlock.save(update_fields=["status"])
    label = PURPOSE_LABELS[unlock.purpose]
    _log(
        unlock.paper,
        PaperCustodyEvent.UNLOCK_CANCEL,
        actor,
        f"{label}（申请人撤回）",
        unlock=unlock,
    )
    return unlock
