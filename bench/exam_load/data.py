"""An open online exam of N approved, seated candidates, with what each needs to sign in.

Persons and registrations are bulk rows (like bench_seating); rooms, seats and tickets go
through the arrangement services, the exam through `exam_create`. Nobody is signed in here:
the bench signs every candidate in through the server (POST /exam/api/signin, the page's
path) and uses the tokens it answers.
"""

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Candidate:
    attempt_id: int
    token: str


@dataclass(frozen=True)
class Entrant:
    """What a candidate types on the sign-in page."""

    ticket: str
    id_number: str


@dataclass(frozen=True)
class ExamData:
    exam_id: int
    item_ids: list[int]
    entrants: list[Entrant]
    rush_exam_id: int | None = None  # a second exam of the same sitting (the entry rush)


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


def build(
    n: int, *, items: int, minutes: int, region: str = "410104", rush: bool = False
) -> ExamData:
    """Seat `n` candidates and create an exam that started a minute ago, open for `minutes`
    (entry stays open 30 minutes after the start, EXAM-05). `rush`: a second such exam of
    the same sitting and paper, so the same candidates can sign in a first time again (the
    attempt made at a first sign-in, not a reload) all together."""
    from tests.exams.helpers import make_exam, questions, seat_all

    institution, sitting, numbers = _registrations(n, region)
    seats = seat_all(institution, sitting)
    exam = make_exam(sitting, starts_in_minutes=-1, duration=minutes, paper=questions(items))
    second = None
    if rush:
        second = make_exam(sitting, starts_in_minutes=-1, duration=minutes, paper=questions(items))
    entrants = [
        Entrant(seat.ticket_number, numbers[seat.registration.person.id_hash]) for seat in seats
    ]
    return ExamData(exam.pk, list(exam.item_ids), entrants, second.pk if second else None)
