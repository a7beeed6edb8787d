"""Candidate sign-in with admission-ticket number and ID number (EXAM-05) and the exam token.

The token is the candidate's own authentication (no Django user, no session): an HMAC under
SECRET_KEY over `<attempt id>.<expiry>`, checked in memory on every request, so the hot
autosave path needs no session lookup. Wrong ticket/ID pairs are counted per ticket and per
address in the cache; after `exam_signin_failures` the ticket is locked for
`exam_signin_lock_minutes` (an address, shared by a whole room behind NAT, after ten times
as many).
"""

import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from ipaddress import ip_address

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from skillcert.arrangement.models import Seat
from skillcert.core.audit import audit_record
from skillcert.core.crypto import id_hash
from skillcert.core.errors import DomainError
from skillcert.core.lockout import FailureLock
from skillcert.core.rules import rules
from skillcert.plans.models import Registration

from . import paper, timing
from .models import Exam, ExamAttempt
from .services import exam_open, exam_questions

TOKEN_SALT = "skillcert.exams.token"
TOKEN_HOURS = 12  # valid this long after the attempt's end (extra time never outlives it)
WRONG_PAIR = "准考证号或证件号码不正确，请核对后重新输入"
ADDRESS_FACTOR = 10


def _sign(body: str) -> str:
    return salted_hmac(TOKEN_SALT, body, algorithm="sha256").hexdigest()[:32]


def token_make(attempt_id: int, expires: datetime) -> str:
    body = f"{attempt_id}.{int(expires.timestamp())}"
    return f"{body}.{_sign(body)}"


def token_attempt_id(token: str | None) -> int | None:
    """The attempt id carried by a valid, unexpired token; None otherwise (no DB access)."""
    if not token or len(token) > 80:
        return None
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    if not constant_time_compare(_sign(f"{parts[0]}.{parts[1]}"), parts[2]):
        return None
    if int(parts[1]) < time.time():
        return None
    return int(parts[0])


@dataclass(frozen=True)
class SignIn:
    token: str
    attempt: ExamAttempt
    exam: Exam
    name: str
    room: str
    seat_no: int


def _locks() -> tuple[FailureLock, FailureLock]:
    r = rules()
    by_ticket = FailureLock("exam-signin:t", r.exam_signin_failures, r.exam_signin_lock_minutes)
    by_address = FailureLock(
        "exam-signin:a", r.exam_signin_failures * ADDRESS_FACTOR, r.exam_signin_lock_minutes
    )
    return by_ticket, by_address


def _locked(ticket: str, address: str) -> bool:
    by_ticket, by_address = _locks()
    return bool(by_ticket.seconds_left(ticket) or by_address.seconds_left(address))


def _fail(ticket: str, address: str) -> None:
    by_ticket, by_address = _locks()
    by_ticket.fail(ticket)
    by_address.fail(address)


def _clear(ticket: str) -> None:
    _locks()[0].clear(ticket)


def _wrong(ticket: str, address: str) -> DomainError:
    _fail(ticket, address)
    return DomainError("signin_wrong", WRONG_PAIR, field="ticket", rule="EXAM-05")


def candidate_signin(
    *, exam_id: int | None, ticket: str, id_number: str, address: str = "", now=None
) -> SignIn:
    """Check the ticket/ID pair and the entry window; make the attempt at the first sign-in
    (attendance) or find it again (a reload or another computer after a failure).

    The checks are the functions below, shared with signin_fast.py (the same sign-in in
    prepared SQL under the ASGI server on PostgreSQL); only the reads and writes differ."""
    now = now or timezone.now()
    ticket, id_number = signin_input(ticket, id_number)
    check_unlocked(ticket, address)
    seat = _one(
        Seat.objects.select_related("registration__person", "room").filter(ticket_number=ticket)
    )
    person = seat.registration.person if seat is not None else None
    check_pair(person and (person.id_type, person.id_hash), ticket, id_number, address)
    reg = seat.registration
    exams = Exam.objects.filter(sitting_id=reg.sitting_id)
    exam = _one(exams.filter(pk=exam_id)) if exam_id else _current(exams, now)
    check_exam(exam, reg.status)
    attempt = _attempt(exam, reg, now, address)
    return SignIn(
        token=attempt_token(attempt),
        attempt=attempt,
        exam=exam,
        name=person.name,
        room=str(seat.room),
        seat_no=seat.seat_no,
    )


def signin_input(ticket, id_number) -> tuple[str, str]:
    """The ticket and ID number as compared; DomainError when either is empty."""
    ticket = (ticket or "").strip().upper()[:20]
    id_number = (id_number or "").strip()[:40]
    if not ticket or not id_number:
        raise DomainError("signin_empty", "请输入准考证号和证件号码", field="ticket")
    return ticket, id_number


def check_unlocked(ticket: str, address: str) -> None:
    if _locked(ticket, address):
        minutes = rules().exam_signin_lock_minutes
        raise DomainError(
            "signin_locked",
            f"登录失败次数过多，已暂停登录，请{minutes}分钟后再试或联系监考员",
            field="ticket",
            rule="EXAM-05",
        )


def check_pair(person: tuple[str, str] | None, ticket: str, id_number: str, address: str) -> None:
    """`person`: (id_type, id_hash) of the ticket's candidate, None for an unknown ticket.
    A wrong pair counts a failure (the lock); a right one clears the ticket's count."""
    if person is None or not constant_time_compare(id_hash(person[0], id_number), person[1]):
        raise _wrong(ticket, address)
    _clear(ticket)


def check_exam(exam: Exam | None, registration_status: str) -> None:
    if exam is None:
        raise DomainError("signin_exam", "本准考证没有对应的机考场次", field="exam")
    if registration_status != Registration.APPROVED:
        raise DomainError("signin_not_approved", "报名未通过审核，不能参加考试", rule="PLAN-08")


def attempt_token(attempt: ExamAttempt) -> str:
    return token_make(attempt.pk, attempt.ends_at + timedelta(hours=TOKEN_HOURS))


def _one(queryset):
    """The row of a lookup by a unique key, or None: `.first()` without its ORDER BY, which
    costs SQL compilation on every sign-in (a room's 3,000 arrive together) for nothing."""
    rows = list(queryset.order_by()[:1])
    return rows[0] if rows else None


def _current(exams, now):
    """Without an exam id: the sitting's exam whose day it is (the nearest start)."""
    options = list(exams)
    if not options:
        return None
    return min(options, key=lambda e: abs((e.starts_at - now).total_seconds()))


def check_entry_open(exam: Exam, now) -> None:
    if now < timing.entry_opens(exam):
        local = timezone.localtime(timing.entry_opens(exam)).strftime("%H:%M")
        raise DomainError(
            "entry_not_open",
            f"尚未到入场时间：{local}起可以登录（开考前{rules().exam_entry_before_minutes}分钟）",
            rule="EXAM-05",
        )


def check_again(attempt: ExamAttempt, now) -> None:
    """A sign-in to an existing attempt: refused once submitted or over."""
    if attempt.submitted_at is not None:
        raise DomainError("signin_submitted", "您已交卷，不能再次登录", rule="EXAM-05")
    if now > timing.saves_close(attempt.ends_at):
        raise DomainError("signin_over", "考试已结束", rule="EXAM-05")


def check_first(exam: Exam, now) -> None:
    """A first sign-in (the attempt is made now): refused once closed or entry is over."""
    if exam.status == Exam.CLOSED:
        raise DomainError("signin_over", "考试已结束", rule="EXAM-05")
    if now > timing.entry_closes(exam):
        raise DomainError(
            "entry_closed",
            f"开考已超过{exam.entry_close_minutes}分钟，不得入场（按缺考处理）",
            rule="EXAM-05",
        )


def _attempt(exam: Exam, reg: Registration, now, address: str = "") -> ExamAttempt:
    check_entry_open(exam, now)
    attempt = _one(ExamAttempt.objects.filter(exam=exam, registration=reg))
    if attempt is not None:
        check_again(attempt, now)
        _again(attempt, now, address)
        return attempt
    check_first(exam, now)
    if exam.status == Exam.SCHEDULED:
        exam = exam_open(actor=None, exam=exam, now=now)  # its own transaction, audited
    try:
        return _attempt_create(exam, reg, now, address)
    except IntegrityError:  # the same candidate signed in twice at the same moment
        return ExamAttempt.objects.get(exam=exam, registration=reg)


def new_attempt(exam: Exam, questions: list[dict], now, address: str) -> dict:
    """The values of a first sign-in's attempt row (besides exam and registration)."""
    seed = secrets.randbelow(2**62)
    return {
        "started_at": now,
        "ends_at": timing.exam_ends(exam),
        "seed": seed,
        "signin_address": address[:45],
        "order": paper.make_order(questions, seed),
    }


@transaction.atomic
def _attempt_create(exam: Exam, reg: Registration, now, address: str = "") -> ExamAttempt:
    """The attempt row is the record of the sign-in (started_at, sign_ins). It is not put in
    the audit chain: the chain records changes to results, decisions and certificates, and
    its one head row would make a room's 3,000 sign-ins queue one by one at entry (the load
    bench measured p50 4.5 s at 100 sign-ins/s). Submitting and scoring are audited."""
    values = new_attempt(exam, exam_questions(exam, now=now), now, address)
    return ExamAttempt.objects.create(exam=exam, registration=reg, **values)


def parallel_since(now) -> datetime:
    """A save after this means the attempt's first session is still live."""
    return now - timedelta(seconds=rules().exam_parallel_seconds)


def again_changes(attempt: ExamAttempt, live: bool, now, address: str) -> dict:
    """The update of a sign-in to an attempt in progress (issue 16 item 18): the count, and
    the parallel-session mark when the first session saved lately or the address moved."""
    moved = bool(attempt.signin_address and address and address != attempt.signin_address)
    changes = {"sign_ins": attempt.sign_ins + 1}
    if live or moved:
        changes.update(parallel_at=now, parallel_address=address[:45])
    return changes


def _again(attempt: ExamAttempt, now, address: str) -> None:
    """A sign-in to an attempt already in progress (issue 16 item 18). A reload after a
    crash is normal; but when the first session saved within the last
    `exam_parallel_seconds`, or this sign-in comes from another address, two sessions may be
    writing one attempt: the console shows it. One query at sign-in, nothing per save."""
    live = attempt.answers.filter(saved_at__gte=parallel_since(now)).exists()
    ExamAttempt.objects.filter(pk=attempt.pk).update(**again_changes(attempt, live, now, address))


def signin_locks(exam: Exam) -> dict:
    """Issue 16 item 18: the sign-in locks a proctor of `exam` may see and lift: each locked
    ticket of the sitting's seats, and each locked address its candidates signed in from."""
    by_ticket, by_address = _locks()
    seats = Seat.objects.filter(registration__sitting_id=exam.sitting_id).select_related(
        "registration__person", "room"
    )
    tickets = {s.ticket_number: s for s in seats}
    addresses = set(
        ExamAttempt.objects.filter(exam=exam)
        .exclude(signin_address="")
        .values_list("signin_address", flat=True)
    )
    return {
        "tickets": [
            (tickets[t], left) for t, left in sorted(by_ticket.locked_keys(list(tickets)).items())
        ],
        "addresses": sorted(by_address.locked_keys(sorted(addresses)).items()),
    }


def signin_unlock(*, actor, exam: Exam, ticket: str = "", address: str = "") -> str:
    """Lift a ticket's or an address's sign-in lock (EXAM-05, issue 16 item 18), audited. A
    ticket must be one of the exam's sitting; an address is the proctor's to name (a room
    behind NAT shares one), checked as an IP address."""
    by_ticket, by_address = _locks()
    if ticket:
        ticket = ticket.strip().upper()[:20]
        if not Seat.objects.filter(
            registration__sitting_id=exam.sitting_id, ticket_number=ticket
        ).exists():
            raise DomainError("unlock_ticket", f"准考证号{ticket}不属于本场考试", field="ticket")
        by_ticket.clear(ticket)
        what = {"ticket": ticket}
    else:
        try:
            address = str(ip_address((address or "").strip()))
        except ValueError:
            raise DomainError("unlock_address", "请输入正确的IP地址", field="address") from None
        by_address.clear(address)
        what = {"address": address}
    with transaction.atomic():
        audit_record(actor=actor, action="exam.signin_unlock", obj=exam, after=what)
    return next(iter(what.values()))
