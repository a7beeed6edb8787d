"""A demo online exam open whenever `make run` starts, so the exam page can be tried at once:
three demo candidates seated in a sitting of today, an exam of one form assembled from the
demo item bank (EXAM-02), entry open from now and answering 2 minutes later (EXAM-05). Each
run of seed_demo makes a new exam when the last one no longer admits candidates (entry
closes 30 minutes after the start).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from skillcert.arrangement import services as arr
from skillcert.arrangement.models import Room, Seat
from skillcert.exams import timing
from skillcert.exams.from_paper import bank_questions
from skillcert.exams.models import Exam
from skillcert.exams.services import exam_create
from skillcert.itembank.assembly import assemble_forms, form_questions
from skillcert.itembank.models import Blueprint
from skillcert.people.services import person_get_or_create
from skillcert.plans.models import Registration, Sitting
from skillcert.plans.services import sitting_create

from .sittings import plan_approved

SITTING = "演示机考 车工（数控车床）四级"
NAMES = ["周演示", "吴演示", "郑演示"]
# Answering starts 2 minutes after the run and ends 15 minutes later, so a visitor sees the
# end warning (EXAM-06), submits (交卷 opens at the end, EXAM-05) and gets a score within minutes.
STARTS_IN, DURATION = timedelta(minutes=2), 15


@dataclass(frozen=True)
class Entrant:
    name: str
    ticket: str
    id_number: str


def _sitting(college, kaowu, blueprint: Blueprint, id_numbers: list[str]) -> Sitting:
    sitting = sitting_create(
        actor=kaowu,
        institution=college,
        name=SITTING,
        occupation=blueprint.occupation,
        job_type=blueprint.job_type,
        level=blueprint.level,
        mode="process",
        theory_on=timezone.localdate(),
    )
    for name, number in zip(NAMES, id_numbers, strict=True):
        person = person_get_or_create(name=name, id_type="resident", id_number=number)
        Registration.objects.create(
            institution=college,
            sitting=sitting,
            person=person,
            school_level="secondary",
            class_name="数控演示班",
            status=Registration.APPROVED,
        )
    room = Room.objects.filter(institution=college, kind="theory").order_by("number").first()
    arr.seating_arrange(actor=kaowu, sitting=sitting, rooms=[room], seed=1)
    return sitting


@transaction.atomic
def exam_ready(college, kaowu, id_numbers: list[str]) -> tuple[Exam, list[Entrant]]:
    """The demo exam that admits candidates now (made if needed) and who may sign in."""
    blueprint = Blueprint.objects.filter(institution=college).order_by("pk").first()
    sitting = Sitting.objects.filter(institution=college, name=SITTING).first()
    sitting = sitting or _sitting(college, kaowu, blueprint, id_numbers)
    plan_approved(sitting, kaowu)  # INST-13: tickets and the exam after the approval
    now = timezone.now()
    exam = sitting.exams.order_by("-starts_at").first()
    # A new exam once this one no longer admits a visitor to a paper with time left.
    last_entry = min(timing.entry_closes(exam), timing.exam_ends(exam)) if exam else None
    if exam is None or now > last_entry - timedelta(minutes=5):
        _, result = assemble_forms(blueprint=blueprint, forms=1, seed=now.toordinal())
        exam = exam_create(
            actor=kaowu,
            sitting=sitting,
            title="理论知识机考（演示）",
            starts_at=now + STARTS_IN,
            duration_minutes=DURATION,
            questions=bank_questions(form_questions(blueprint, result.forms[0])),
            paper_ref="演示题库",
        )
    seats = Seat.objects.filter(registration__sitting=sitting).select_related(
        "registration__person"
    )
    numbers = {n: i for n, i in zip(NAMES, id_numbers, strict=True)}
    entrants = [
        Entrant(s.registration.person.name, s.ticket_number, numbers[s.registration.person.name])
        for s in seats.order_by("ticket_number")
    ]
    return exam, entrants
