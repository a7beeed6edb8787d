"""An open online exam of N approved, seated, signed-in candidates (tokens for the clients).

Persons and registrations are bulk rows (like bench_seating); rooms, seats and tickets go
through the arrangement services, the exam through `exam_create`, and every candidate signs
in: the first `signin` candidates through `candidate_signin` (the production path: attempt
row, shuffled order, audit; timed), the rest as bulk attempt rows with the same order and
ends_at and a token from `token_make` (what sign-in returns), since one-by-one sign-in costs
tens of ms each and 3,000 of them would take minutes on a shared 2-core machine.
"""

import time
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Candidate:
    attempt_id: int
    token: str


@dataclass(frozen=True)
class ExamData:
    exam_id: int
    item_ids: list[int]
    candidates: list[Candidate]
    seconds_per_signin: float  # measured on the signed-in ones


def _registrations(n: int, region: str):
    """A sitting of `n` approved candidates; returns (institution, sitting, {hash: number})."""
    from skillcert.core.idnumbers import parse_id
    from skillcert.people.models import Person
    from skillcert.people.services import person_build
    from skillcert.plans.models import Registration
    from tests import factories as f

    institution = f.filed_institution("机考压测学院")
    sitting = f.sitting(institution, level=4)
    persons, numbers = [], {}
    for k in range(n):
        birth = (date(1990, 1, 1) + timedelta(days=k // 900)).strftime("%Y%m%d")
        number = f.resident_id(region=region, birth=birth, seq=100 + k % 900)
        person = person_build(name=f"考生{k}", parsed=parse_id("resident", number))
        numbers[person.id_hash] = number
        persons.append(person)
    Person.objects.bulk_create(persons, batch_size=1000)
    persons = Person.objects.filter(id_hash__in=list(numbers))
    Registration.objects.bulk_create(
        [
            Registration(
                institution=institution,
                sitting=sitting,
                person=p,
                class_name=f"数控{k % 100 + 1}班",
                status=Registration.APPROVED,
            )
            for k, p in enumerate(persons)
        ],
        batch_size=1000,
    )
    return institution, sitting, numbers


def _sign_in(exam, seats, numbers) -> list[Candidate]:
    from skillcert.exams.signin import candidate_signin

    out = []
    for seat in seats:
        done = candidate_signin(
            exam_id=exam.pk,
            ticket=seat.ticket_number,
            id_number=numbers[seat.registration.person.id_hash],
            address=f"10.0.{seat.room.number % 250}.{seat.seat_no}",
        )
        out.append(Candidate(done.attempt.pk, done.token))
    return out


def _mint(exam, seats) -> list[Candidate]:
    """Attempt rows as the first sign-in makes them (bulk), tokens as sign-in signs them."""
    import random

    from skillcert.exams import paper, timing
    from skillcert.exams.models import ExamAttempt
    from skillcert.exams.services import exam_questions
    from skillcert.exams.signin import TOKEN_HOURS, token_make

    questions, ends_at = exam_questions(exam), timing.exam_ends(exam)
    rng, now = random.Random(4), exam.starts_at
    rows = []
    for seat in seats:
        seed = rng.randrange(2**62)
        rows.append(
            ExamAttempt(
                exam=exam,
                registration_id=seat.registration_id,
                started_at=now,
                ends_at=ends_at,
                seed=seed,
                order=paper.make_order(questions, seed),
            )
        )
    ExamAttempt.objects.bulk_create(rows, batch_size=500)
    expires = ends_at + timedelta(hours=TOKEN_HOURS)
    return [Candidate(a.pk, token_make(a.pk, expires)) for a in rows]


def build(n: int, *, items: int, minutes: int, signin: int, region: str = "410104") -> ExamData:
    """Seat `n` candidates, create an exam open for `minutes`, sign every candidate in."""
    from tests.exams.helpers import make_exam, questions, seat_all

    institution, sitting, numbers = _registrations(n, region)
    seats = seat_all(institution, sitting)
    exam = make_exam(sitting, starts_in_minutes=-1, duration=minutes, paper=questions(items))
    signin = max(1, min(signin, len(seats)))
    started = time.perf_counter()
    candidates = _sign_in(exam, seats[:signin], numbers)
    per_signin = (time.perf_counter() - started) / signin
    candidates += _mint(exam, seats[signin:])
    return ExamData(exam.pk, list(exam.item_ids), candidates, per_signin)
