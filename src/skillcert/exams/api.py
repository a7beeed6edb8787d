"""JSON API of exams for exam-affairs staff (attendance, EXAM-08 report); the candidate's
endpoints are plain views under /exam/api/ (see candidate/api.py, autosave.py)."""

from datetime import datetime

from ninja import Router, Schema
from pydantic import Field

from skillcert.core.api_types import DbId
from skillcert.core.web import found_or_404
from skillcert.institutions.guards import institution_api

from .selectors import attendance, exam_get, parallel_attempts
from .signin import signin_locks, signin_unlock
from .similarity import similarity_report

router = Router(tags=["机考 exams"])


class RoomAttendanceOut(Schema):
    room_number: int
    room_name: str
    signed_in: int
    absent: int
    submitted: int


class PairOut(Schema):
    attempt_a: int
    attempt_b: int
    identical_wrong: int
    both_wrong: int
    expected: float
    p_value: float
    adjusted_p: float
    flagged: bool


class SimilarityOut(Schema):
    candidates: int
    pairs: int
    alpha: float
    min_count: int
    rows: list[PairOut]


def _exam(request, iid: int, eid: int):
    institution = institution_api(request, iid, manage=True)
    return found_or_404(exam_get(institution=institution, exam_id=eid), "未找到该考试")


@router.get("/i/{iid}/exams/{eid}/attendance", response=list[RoomAttendanceOut])
def exam_attendance(request, iid: DbId, eid: DbId):
    """EXAM-05: signed in / absent / submitted per room (attendance derives from attempts)."""
    return [
        RoomAttendanceOut(
            room_number=r["room"].number,
            room_name=r["room"].name,
            signed_in=r["signed_in"],
            absent=r["absent"],
            submitted=r["submitted"],
        )
        for r in attendance(_exam(request, iid, eid))
    ]


@router.get("/i/{iid}/exams/{eid}/similarity", response=SimilarityOut)
def exam_similarity(request, iid: DbId, eid: DbId):
    """EXAM-08: pairs whose identical wrong answers exceed chance (see similarity.py)."""
    report = similarity_report(_exam(request, iid, eid))
    return SimilarityOut(
        candidates=report.candidates,
        pairs=report.pairs,
        alpha=report.alpha,
        min_count=report.min_count,
        rows=[
            PairOut(
                attempt_a=p.a.pk,
                attempt_b=p.b.pk,
                identical_wrong=p.identical_wrong,
                both_wrong=p.both_wrong,
                expected=p.expected,
                p_value=p.p_value,
                adjusted_p=p.adjusted,
                flagged=p.flagged,
            )
            for p in report.rows
        ],
    )


class LockOut(Schema):
    kind: str  # "ticket" or "address"
    key: str
    seconds_left: int
    name: str | None = None  # the ticket's candidate


class ParallelOut(Schema):
    attempt: int
    ticket: str
    name: str
    parallel_at: datetime
    address: str


class LocksOut(Schema):
    locks: list[LockOut]
    parallel: list[ParallelOut]


class UnlockIn(Schema):
    ticket: str = Field("", max_length=20)
    address: str = Field("", max_length=45)


def _locks_out(exam) -> LocksOut:
    found = signin_locks(exam)
    locks = [
        LockOut(
            kind="ticket",
            key=seat.ticket_number,
            seconds_left=left,
            name=seat.registration.person.name,
        )
        for seat, left in found["tickets"]
    ] + [LockOut(kind="address", key=a, seconds_left=left) for a, left in found["addresses"]]
    parallel = [
        ParallelOut(
            attempt=a.pk,
            ticket=a.ticket,
            name=a.registration.person.name,
            parallel_at=a.parallel_at,
            address=a.parallel_address,
        )
        for a in parallel_attempts(exam)
    ]
    return LocksOut(locks=locks, parallel=parallel)


@router.get("/i/{iid}/exams/{eid}/signin-locks", response=LocksOut)
def exam_signin_locks(request, iid: DbId, eid: DbId):
    """Issue 16 item 18 (EXAM-05): locked tickets and addresses of this exam, and attempts
    signed in from a second session while the first was live."""
    return _locks_out(_exam(request, iid, eid))


@router.post("/i/{iid}/exams/{eid}/signin-locks/lift", response=LocksOut)
def exam_signin_unlock(request, iid: DbId, eid: DbId, payload: UnlockIn):
    """Issue 16 item 18: lift a ticket's or an address's sign-in lock (audited)."""
    exam = _exam(request, iid, eid)
    signin_unlock(actor=request.user, exam=exam, ticket=payload.ticket, address=payload.address)
    return _locks_out(exam)
