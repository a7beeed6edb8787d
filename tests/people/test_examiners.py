from datetime import date
from decimal import Decimal

import pytest

from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.people.models import Examiner, ExaminerEvaluation
from skillcert.people.selectors import examiners_valid_for, occupations_short_of_examiners
from skillcert.people.services import (
    evaluation_grade,
    examiner_check_assignment,
    examiner_evaluate,
    examiner_may_examine,
    examiner_renew,
    examiner_valid_on,
)
from tests import factories as f

from .conftest import DAY, add_examiner, person


def _rule(exc_info) -> str:
    return exc_info.value.rule


# PEOPLE-02 ------------------------------------------------------------------------------


def test_examiner_needs_level_3_in_a_related_occupation_PEOPLE_02(institution):
    with pytest.raises(DomainError) as exc:
        add_examiner(institution, skill_level=4)
    assert _rule(exc) == "PEOPLE-02"
    with pytest.raises(DomainError) as exc:  # level 3, but in 焊工: not related to 车工
        add_examiner(institution, skill_occupation=f.occupation("6-18-02-04"))
    assert _rule(exc) == "PEOPLE-02"
    # level 3 in 铣工 (same minor category as 车工) is related
    assert add_examiner(institution, skill_occupation=f.occupation("6-18-01-02")).pk


def test_examiner_with_an_intermediate_title_needs_no_level_PEOPLE_02(institution):
    e = add_examiner(institution, skill_level=None, skill_occupation=None, title="intermediate")
    assert e.grade == Examiner.EXAMINER


def test_senior_examiner_needs_level_1_or_a_senior_title_PEOPLE_02(institution):
    for kw in ({"skill_level": 2}, {"skill_level": None, "title": "intermediate"}):
        with pytest.raises(DomainError) as exc:
            add_examiner(institution, grade=Examiner.SENIOR, **kw)
        assert _rule(exc) == "PEOPLE-02"
    assert add_examiner(institution, grade=Examiner.SENIOR, skill_level=1).pk
    assert add_examiner(
        institution, grade=Examiner.SENIOR, skill_level=None, title="senior", who=person("王高")
    ).pk


# PEOPLE-03 ------------------------------------------------------------------------------


def test_examiner_examines_levels_5_to_3_senior_all_PEOPLE_03(institution, examiner):
    assert [examiner_may_examine(examiner, lv) for lv in (5, 4, 3, 2, 1)] == [
        True, True, True, False, False,
    ]  # fmt: skip
    senior = add_examiner(institution, grade=Examiner.SENIOR, skill_level=1, who=person("高"))
    assert all(examiner_may_examine(senior, lv) for lv in (5, 4, 3, 2, 1))
    with pytest.raises(DomainError) as exc:
        examiner_check_assignment(examiner=examiner, occupation=f.occupation(), level=2, day=DAY)
    assert _rule(exc) == "PEOPLE-03"
    examiner_check_assignment(examiner=senior, occupation=f.occupation(), level=2, day=DAY)


# PEOPLE-04 ------------------------------------------------------------------------------


def test_several_occupations_only_if_similar_PEOPLE_04(institution):
    e = add_examiner(institution, codes=("6-18-01-01", "6-18-01-02"))  # 车工 + 铣工
    assert e.occupations.count() == 2
    with pytest.raises(DomainError) as exc:  # 车工 + 焊工: different minor categories
        add_examiner(institution, codes=("6-18-01-01", "6-18-02-04"), who=person("赵"))
    assert _rule(exc) == "PEOPLE-04"


def test_assignment_to_an_unrelated_occupation_is_refused_PEOPLE_04(examiner):
    with pytest.raises(DomainError) as exc:
        examiner_check_assignment(
            examiner=examiner, occupation=f.occupation("4-12-01-01"), level=4, day=DAY
        )
    assert _rule(exc) == "PEOPLE-04"
    # a similar occupation (铣工) is allowed
    examiner_check_assignment(
        examiner=examiner, occupation=f.occupation("6-18-01-02"), level=4, day=DAY
    )


# PEOPLE-05 ------------------------------------------------------------------------------


def test_training_48_hours_and_passed_assessment_PEOPLE_05(institution):
    with pytest.raises(DomainError) as exc:
        add_examiner(institution, training_hours=47)
    assert _rule(exc) == "PEOPLE-05" and exc.value.field == "training_hours"
    with pytest.raises(DomainError) as exc:
        add_examiner(institution, assessment_passed=False)
    assert _rule(exc) == "PEOPLE-05"


def test_card_and_contract_are_valid_3_years_PEOPLE_05(examiner):
    assert examiner.card_valid_until == date(2028, 1, 1)
    assert examiner_valid_on(examiner, date(2027, 12, 31))
    assert not examiner_valid_on(examiner, date(2028, 1, 1))
    assert not examiner_valid_on(examiner, date(2024, 12, 31))
    with pytest.raises(DomainError) as exc:
        examiner_check_assignment(
            examiner=examiner, occupation=f.occupation(), level=4, day=date(2028, 3, 1)
        )
    assert _rule(exc) == "PEOPLE-05"


def test_renewal_extends_validity_and_rechecks_training_PEOPLE_05(examiner):
    with pytest.raises(DomainError) as exc:
        examiner_renew(
            actor=None,
            examiner=examiner,
            card_number="KP-2",
            card_issued_on=date(2028, 1, 1),
            training_hours=20,
            assessment_passed=True,
        )
    assert _rule(exc) == "PEOPLE-05"
    renewed = examiner_renew(
        actor=None,
        examiner=examiner,
        card_number="KP-2",
        card_issued_on=date(2028, 1, 1),
        training_hours=48,
        assessment_passed=True,
        contract_start=date(2028, 1, 1),
    )
    assert examiner_valid_on(renewed, date(2029, 6, 1))
    assert AuditEntry.objects.filter(action="examiner.renew", object_id=str(examiner.pk)).exists()


def test_panel_leader_needs_one_year_ARR_05(institution):
    novice = add_examiner(institution, first_assessed_on=date(2026, 1, 1))
    examiner_check_assignment(examiner=novice, occupation=f.occupation(), level=4, day=DAY)
    with pytest.raises(DomainError) as exc:
        examiner_check_assignment(
            examiner=novice, occupation=f.occupation(), level=4, day=DAY, leader=True
        )
    assert _rule(exc) == "ARR-05"


def test_examiners_valid_for_occupation_level_and_day(institution, other_institution, examiner):
    senior = add_examiner(institution, grade=Examiner.SENIOR, skill_level=1, who=person("高"))
    add_examiner(other_institution, who=person("外"))  # another tenant's examiner
    occ = f.occupation()
    assert set(examiners_valid_for(institution, occupation=occ, level=4, day=DAY)) == {
        examiner,
        senior,
    }
    assert examiners_valid_for(institution, occupation=occ, level=1, day=DAY) == [senior]
    assert examiners_valid_for(institution, occupation=occ, level=4, day=date(2028, 2, 1)) == []
    welder = f.occupation("6-18-02-04")
    assert examiners_valid_for(institution, occupation=welder, level=4, day=DAY) == []


# PEOPLE-06 ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "assignments", "missed", "grade"),
    [
        (90, 3, 0, "excellent"),
        (89.9, 3, 0, "good"),
        (80, 3, 0, "good"),
        (79, 3, 0, "pass"),
        (60, 3, 0, "pass"),
        (59.5, 3, 0, "fail"),
        (95, 0, 0, "fail"),  # none in the year
        (95, 4, 2, "fail"),  # two missed in a row
        (95, 4, 1, "excellent"),
    ],
)
def test_annual_evaluation_grades_PEOPLE_06(score, assignments, missed, grade):
    assert (
        evaluation_grade(score=Decimal(str(score)), assignments=assignments, missed_in_row=missed)
        == grade
    )


def test_two_fails_in_a_term_dismiss_the_examiner_PEOPLE_06(examiner):
    first = examiner_evaluate(actor=None, examiner=examiner, year=2025, score=50, assignments=2)
    assert first.grade == ExaminerEvaluation.FAIL
    examiner.refresh_from_db()
    assert examiner.status == Examiner.ACTIVE
    examiner_evaluate(
        actor=None, examiner=examiner, year=2026, score=85, assignments=0, on=date(2026, 12, 30)
    )
    examiner.refresh_from_db()
    assert examiner.status == Examiner.DISMISSED and examiner.dismissed_on == date(2026, 12, 30)
    assert not examiner_valid_on(examiner, date(2027, 1, 5))
    actions = set(
        AuditEntry.objects.filter(institution_id=examiner.institution_id).values_list(
            "action", flat=True
        )
    )
    assert {"examiner.evaluate", "examiner.dismiss"} <= actions
    with pytest.raises(DomainError) as exc:
        examiner_renew(
            actor=None,
            examiner=examiner,
            card_number="x",
            card_issued_on=date(2027, 1, 1),
            training_hours=60,
            assessment_passed=True,
        )
    assert _rule(exc) == "PEOPLE-06"


def _dismiss(examiner, on=date(2026, 12, 30)):
    examiner_evaluate(actor=None, examiner=examiner, year=2025, score=50, assignments=2)
    examiner_evaluate(actor=None, examiner=examiner, year=2026, score=50, assignments=2, on=on)
    examiner.refresh_from_db()
    assert examiner.status == Examiner.DISMISSED


def test_item8_dismissal_counts_at_every_institution_PEOPLE_06(institution, other_institution):
    """Issue 16 item 8 (PEOPLE-06): dismissal takes the qualification away nationally. A
    role at another institution stops counting as valid, and a dismissed examiner cannot be
    registered (or renewed) at another institution."""
    both = person("两处考评")
    here = add_examiner(institution, who=both)
    there = add_examiner(other_institution, who=both, card_number="KP-B")
    occupation = f.occupation("6-18-01-01")
    assert examiners_valid_for(other_institution, occupation=occupation, level=4, day=DAY)
    _dismiss(here)
    after = date(2027, 1, 5)
    assert examiner_valid_on(there, DAY)  # before the dismissal it still counted
    assert not examiner_valid_on(there, after)
    assert examiners_valid_for(other_institution, occupation=occupation, level=4, day=after) == []
    with pytest.raises(DomainError) as exc:
        examiner_renew(
            actor=None,
            examiner=there,
            card_number="KP-B2",
            card_issued_on=date(2027, 1, 1),
            training_hours=60,
            assessment_passed=True,
        )
    assert _rule(exc) == "PEOPLE-06"

    gone = person("被解聘")
    _dismiss(add_examiner(institution, who=gone, card_number="KP-G"))
    with pytest.raises(DomainError) as exc:
        add_examiner(other_institution, who=gone, card_number="KP-G2")
    assert _rule(exc) == "PEOPLE-06" and "任何机构" in exc.value.message
    assert not Examiner.objects.filter(institution=other_institution, person=gone).exists()


def test_one_fail_and_one_pass_keep_the_examiner_PEOPLE_06(examiner):
    examiner_evaluate(actor=None, examiner=examiner, year=2025, score=50, assignments=2)
    examiner_evaluate(actor=None, examiner=examiner, year=2026, score=70, assignments=2)
    examiner.refresh_from_db()
    assert examiner.status == Examiner.ACTIVE


# PEOPLE-09 ------------------------------------------------------------------------------


def test_scope_occupations_with_fewer_than_3_examiners_PEOPLE_09(institution):
    short = occupations_short_of_examiners(institution, DAY)
    assert [(s.occupation.code, s.valid) for s in short] == [("6-18-01-01", 0)]
    for name in ("甲", "乙"):
        add_examiner(institution, who=person(name))
    add_examiner(institution, who=person("过期"), card_issued_on=date(2022, 1, 1))
    assert occupations_short_of_examiners(institution, DAY)[0].valid == 2
    add_examiner(institution, who=person("丙"))
    assert occupations_short_of_examiners(institution, DAY) == []


def test_fails_outside_the_current_term_do_not_count_PEOPLE_06(examiner):
    """Term 2025-01-01..2027-12-31: a fail in 2024 (a previous term) and one in 2026 keep it."""
    examiner_evaluate(actor=None, examiner=examiner, year=2024, score=10, assignments=1)
    examiner_evaluate(actor=None, examiner=examiner, year=2028, score=10, assignments=1)
    examiner_evaluate(actor=None, examiner=examiner, year=2026, score=10, assignments=1)
    examiner.refresh_from_db()
    assert examiner.status == Examiner.ACTIVE
    examiner_evaluate(actor=None, examiner=examiner, year=2027, score=10, assignments=1)
    examiner.refresh_from_db()
    assert examiner.status == Examiner.DISMISSED
