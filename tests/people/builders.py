"""One row of every people register, for tests outside this folder (e.g. tests/core/test_admin
needs a row of every model): `from tests.people.builders import registers_sample`."""

from datetime import date


def registers_sample(institution) -> dict:
    from skillcert.people import services as s
    from tests import factories as f

    def who(name):
        return s.person_get_or_create(
            name=name, id_type="resident", id_number=f.resident_id(birth="19800101")
        )

    examiner = s.examiner_add(
        actor=None,
        institution=institution,
        person=who("样例考评员"),
        grade="examiner",
        occupations=[f.occupation()],
        skill_level=3,
        skill_occupation=f.occupation(),
        card_number="KP1",
        card_issued_on=date(2025, 1, 1),
        training_hours=48,
        assessment_passed=True,
        contract_start=date(2025, 1, 1),
    )
    evaluation = s.examiner_evaluate(
        actor=None, examiner=examiner, year=2025, score=91, assignments=2
    )
    supervisor = s.supervisor_add(
        actor=None,
        institution=institution,
        person=f.as_manager(institution, who("样例督导员")),  # PEOPLE-07
        kind="internal",
        assessment_since=date(2020, 1, 1),
        card_number="D1",
        card_issued_on=date(2025, 1, 1),
    )
    expert = s.expert_add(
        actor=None,
        institution=institution,
        person=who("样例专家"),
        occupation=f.occupation(),
        degree="bachelor",
        skill_level=1,
        assessment_since=date(2020, 1, 1),
        term_start=date(2025, 1, 1),
    )
    teacher = who("样例教师")
    staff = s.staff_add(actor=None, institution=institution, person=teacher, role="proctor")
    relative = s.relative_add(
        actor=None, institution=institution, person=teacher, relative=expert.person, kind="spouse"
    )
    taught = s.taught_class_add(
        actor=None, institution=institution, teacher=teacher, class_name="机电2201"
    )
    from skillcert.people.accounts import person_account_open

    person_account_open(
        actor=None, institution=institution, person=examiner.person, username="sample_examiner"
    )
    return {
        "examiner": examiner,
        "evaluation": evaluation,
        "supervisor": supervisor,
        "expert": expert,
        "staff": staff,
        "relative": relative,
        "taught_class": taught,
    }
