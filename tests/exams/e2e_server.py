"""Helper for tests/e2e/test_online_exam.py, run in a SUBPROCESS against the database the
exam server uses (a temp SQLite file or a dedicated PostgreSQL database):

    python -m tests.exams.e2e_server setup <end_in_seconds>  -> JSON {exam, ticket, id_number}
    python -m tests.exams.e2e_server report <exam id>         -> JSON {answers, score, ...}
"""

import json
import os
import sys
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")


def setup(end_in: int) -> dict:
    from django.utils import timezone

    from skillcert.exams.services import exam_create
    from skillcert.people.services import person_get_or_create
    from skillcert.plans.models import Registration
    from tests import factories as f

    from .helpers import questions, seat_all

    institution = f.filed_institution()
    sitting = f.sitting(institution, name="机考走查批次")
    for i in range(2):
        person = person_get_or_create(
            name=f"机考考生{i}", id_type="resident", id_number=f.resident_id(seq=200 + i)
        )
        Registration.objects.create(
            institution=institution, sitting=sitting, person=person, school_level="secondary"
        )
    seat = seat_all(institution, sitting)[0]
    # 29 minutes long, started 29 minutes minus `end_in` seconds ago: entry is still open
    # (EXAM-05: 30 minutes) and the end comes `end_in` seconds from now.
    exam = exam_create(
        actor=None,
        sitting=sitting,
        title="机考走查",
        starts_at=timezone.now() + timedelta(seconds=end_in) - timedelta(minutes=29),
        duration_minutes=29,
        questions=questions(8),
    )
    return {
        "exam": exam.pk,
        "ticket": seat.ticket_number,
        "id_number": seat.registration.person.id_number,
    }


def report(exam_id: int) -> dict:
    from skillcert.exams import paper
    from skillcert.exams.models import Answer, ExamAttempt
    from skillcert.exams.services import exam_questions
    from skillcert.scoring.models import Result

    attempt = ExamAttempt.objects.select_related("exam").get(exam_id=exam_id)
    by_id = {q["item_id"]: q for q in exam_questions(attempt.exam)}
    answers = {}
    for a in Answer.objects.filter(attempt=attempt):
        original = paper.to_original(by_id[a.item_id], attempt.order, a.value)
        answers[str(a.item_id)] = {"original": original, "seq": a.seq}
    result = Result.objects.filter(registration_id=attempt.registration_id).first()
    return {
        "answers": answers,
        "submitted_by": attempt.submitted_by,
        "score": str(attempt.score),
        "theory_score": str(result.theory_score) if result else None,
    }


def main() -> None:
    import django

    django.setup()
    command, arg = sys.argv[1], int(sys.argv[2])
    out = setup(arg) if command == "setup" else report(arg)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
