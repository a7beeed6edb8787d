"""The candidate's JSON endpoints: plain Django views, token auth, no session, no CSRF.

    POST /exam/api/signin  {"ticket": "...", "id_number": "...", "exam": <exam id>}
         -> 200 {"token", "attempt", "exam", "title", "name", "room", "seat_no",
                 "remaining_seconds"}   400 {"detail": {"code", "message", ...}}
    GET  /exam/api/paper   X-Exam-Token -> the shuffled paper (no keys), saved answers with
                           their seq, remaining/start seconds, submit state
    POST /exam/api/save    see autosave.py (the contract of the load benchmark)
    GET  /exam/api/time    X-Exam-Token -> {"remaining_seconds", "starts_in", "submitted",
                           "submit_in", "save_grace_seconds", "end_warning_seconds"} (the
                           page re-syncs its countdown with it; EXAM-06 warning)
    POST /exam/api/submit  X-Exam-Token {"auto": bool} -> {"submitted": true, ...}; 409 when
                           before the end (EXAM-05)

Views are csrf_exempt: they never read cookies; the token in a header is the credential.
"""

import json

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from skillcert.core.errors import DomainError
from skillcert.core.ratelimit import client_address

from .. import autosave, paper, timing
from ..models import ExamAttempt
from ..scoring import attempt_submit
from ..selectors import answers_saved, attempt_of_token
from ..services import exam_questions
from ..signin import candidate_signin, token_attempt_id

MAX_BODY = 512 * 1024


def _json(data, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, default=str),
        status=status,
        content_type="application/json",
    )


def _error(status: int, code: str, message: str, **extra) -> HttpResponse:
    return _json({"detail": {"code": code, "message": message, **extra}}, status)


def _body(request):
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY:
        raise autosave.SaveRefused(400, "too_large", "请求过大")
    return parse_json(request.body)


def parse_json(raw: bytes):
    """A request body as JSON (empty: null); SaveRefused(400) when it is not JSON."""
    try:
        return json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: deep nesting
        raise autosave.SaveRefused(400, "json", "请求内容不是有效的JSON") from None


def _attempt_id(request) -> int | None:
    return token_attempt_id(request.headers.get("X-Exam-Token"))


def _unauthorised() -> HttpResponse:
    return _error(401, "token", "登录已失效，请用准考证号和证件号码重新登录")


@csrf_exempt
def save(request):
    if request.method != "POST":
        return _error(405, "method", "请使用POST")
    attempt_id = _attempt_id(request)
    if attempt_id is None:
        return _unauthorised()
    try:
        return _json(autosave.answers_save(attempt_id=attempt_id, body=_body(request)))
    except autosave.SaveRefused as exc:
        return _error(exc.status, exc.code, exc.message)


@csrf_exempt
def signin(request):
    if request.method != "POST":
        return _error(405, "method", "请使用POST")
    try:
        exam, ticket, number = signin_args(_body(request))
        done = candidate_signin(
            exam_id=exam, ticket=ticket, id_number=number, address=client_address(request)
        )
    except autosave.SaveRefused as exc:
        return _json(refusal_payload(exc), exc.status)
    except DomainError as exc:
        return _json(*signin_refusal(exc))
    return _json(signin_answer(done, timezone.now()))


class SignInBadField(autosave.SaveRefused):
    """A sign-in body field of the wrong type (its answer names the field)."""

    def __init__(self, code: str, message: str, field: str):
        super().__init__(400, code, message)
        self.field = field


def signin_args(body) -> tuple[int | None, str, str]:
    """(exam id or None, ticket, ID number) of a sign-in body; SaveRefused when malformed.
    Shared with signin_fast.py, so both answer a bad body alike."""
    if not isinstance(body, dict):
        raise autosave.SaveRefused(400, "json", "请求格式不正确")
    exam = body.get("exam")
    if exam is not None and (type(exam) is not int or not 0 < exam < 2**31):
        raise SignInBadField("exam", "考试编号不正确", field="exam")
    ticket, number = body.get("ticket"), body.get("id_number")
    if not isinstance(ticket, str) or not isinstance(number, str):
        raise SignInBadField("signin_empty", "请输入准考证号和证件号码", field="ticket")
    return exam, ticket, number


def refusal_payload(exc: autosave.SaveRefused) -> dict:
    extra = {"field": exc.field} if isinstance(exc, SignInBadField) else {}
    return {"detail": {"code": exc.code, "message": exc.message, **extra}}


def signin_refusal(exc: DomainError) -> tuple[dict, int]:
    return {"detail": exc.as_dict()}, 429 if exc.code == "signin_locked" else 400


def signin_answer(done, now) -> dict:
    return {
        "token": done.token,
        "attempt": done.attempt.pk,
        "exam": done.exam.pk,
        "title": done.exam.title,
        "name": done.name,
        "room": done.room,
        "seat_no": done.seat_no,
        "remaining_seconds": timing.remaining_seconds(done.attempt, now),
    }


def _attempt(request) -> ExamAttempt | None:
    attempt_id = _attempt_id(request)
    if attempt_id is None:
        return None
    return attempt_of_token(attempt_id=attempt_id)


def _times(attempt: ExamAttempt, now) -> dict:
    return {
        "remaining_seconds": timing.remaining_seconds(attempt, now),
        "starts_in": max(0, int((attempt.exam.starts_at - now).total_seconds())),
        "submit_in": max(0, int((timing.submit_opens(attempt.ends_at) - now).total_seconds())),
        "save_grace_seconds": int(
            (timing.saves_close(attempt.ends_at) - attempt.ends_at).total_seconds()
        ),
        "end_warning_seconds": int(
            (attempt.ends_at - timing.end_warning(attempt.ends_at)).total_seconds()
        ),
        "submitted": attempt.submitted_at is not None,
    }


def time(request):
    attempt = _attempt(request)
    if attempt is None:
        return _unauthorised()
    return _json(_times(attempt, timezone.now()))


def paper_view(request):
    attempt = _attempt(request)
    if attempt is None:
        return _unauthorised()
    now = timezone.now()
    out = {
        "exam": attempt.exam_id,
        "title": attempt.exam.title,
        "name": attempt.registration.person.name,
        **_times(attempt, now),
        "items": [],
        "answers": {},
    }
    if now >= attempt.exam.starts_at and attempt.submitted_at is None:
        out["items"] = paper.shown_paper(exam_questions(attempt.exam, now=now), attempt.order)
        out["answers"] = answers_saved(attempt=attempt)
    return _json(out)


@csrf_exempt
def submit(request):
    if request.method != "POST":
        return _error(405, "method", "请使用POST")
    attempt = _attempt(request)
    if attempt is None:
        return _unauthorised()
    try:
        body = _body(request)
    except autosave.SaveRefused as exc:
        return _error(exc.status, exc.code, exc.message)
    auto = isinstance(body, dict) and body.get("auto") is True
    kind = ExamAttempt.AUTO if auto else ExamAttempt.SELF
    try:
        attempt = attempt_submit(actor=None, attempt=attempt, kind=kind)
    except DomainError as exc:
        return _json({"detail": exc.as_dict()}, 409 if exc.code == "submit_early" else 400)
    return _json({"submitted": True, "submitted_by": attempt.submitted_by})
