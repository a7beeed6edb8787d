from datetime import date

import pytest

from skillcert.arrangement.selectors import recusals_for_sitting
from skillcert.core.errors import DomainError
from skillcert.people.models import ExamStaff, Expert, QualitySupervisor
from skillcert.people.selectors import (
    proctor_candidates,
    staff_by_role,
    supervisors_valid_on,
)
from skillcert.people.services import (
    EXPERT_MAX_AGE,
    expert_add,
    relative_add,
    staff_add,
    supervisor_add,
    taught_class_add,
)
from tests import factories as f

from .conftest import DAY, add_examiner, person

# PEOPLE-07 ------------------------------------------------------------------------------


def _supervisor(institution, since, who=None, issued=date(2025, 3, 1)):
    return supervisor_add(
        actor=None,
        institution=institution,
        person=f.as_manager(institution, who or person("督导")),  # PEOPLE-07
        kind=QualitySupervisor.INTERNAL,
        assessment_since=since,
        card_number="DD-1",
        card_issued_on=issued,
        on=DAY,
    )


def test_supervisor_needs_3_years_of_assessment_work_PEOPLE_07(institution):
    with pytest.raises(DomainError) as exc:
        _supervisor(institution, date(2023, 6, 2))  # one day short of 3 years on DAY
    assert exc.value.rule == "PEOPLE-07"
    assert _supervisor(institution, date(2023, 6, 1)).pk


def test_item8_supervisor_comes_from_examiners_or_managers_PEOPLE_07(
    institution, other_institution
):
    """Issue 16 item 8 (PEOPLE-07): a quality supervisor is drawn from examiners (valid, of
    any institution) or from the institution's managers; anyone else is refused."""

    def add(who):
        return supervisor_add(
            actor=None,
            institution=institution,
            person=who,
            kind=QualitySupervisor.INTERNAL,
            assessment_since=date(2020, 1, 1),
            card_number="DD-9",
            card_issued_on=date(2025, 3, 1),
            on=DAY,
        )

    stranger = person("路人")
    with pytest.raises(DomainError) as exc:
        add(stranger)
    assert exc.value.rule == "PEOPLE-07" and "考评人员或管理人员" in exc.value.message
    assert not QualitySupervisor.objects.filter(person=stranger).exists()
    proctor = person("监考员")
    staff_add(actor=None, institution=institution, person=proctor, role="proctor")
    with pytest.raises(DomainError):
        add(proctor)  # a proctor is neither an examiner nor a manager
    examiner_elsewhere = person("外机构考评员")
    add_examiner(other_institution, who=examiner_elsewhere)
    assert add(examiner_elsewhere).pk
    archivist = person("档案员")
    staff_add(actor=None, institution=institution, person=archivist, role="archives")
    assert add(archivist).pk


def test_supervisor_card_valid_3_years_PEOPLE_07(institution, other_institution):
    s = _supervisor(institution, date(2020, 1, 1))
    _supervisor(other_institution, date(2020, 1, 1), who=person("外督"))
    assert s.card_valid_until == date(2028, 3, 1)
    assert supervisors_valid_on(institution, DAY) == [s]
    assert supervisors_valid_on(institution, date(2028, 3, 1)) == []


# PEOPLE-08 ------------------------------------------------------------------------------


def _expert(institution, who=None, **kw):
    values = {
        "occupation": f.occupation(),
        "degree": Expert.BACHELOR,
        "skill_level": 1,
        "title": "",
        "assessment_since": date(2024, 1, 1),
        "term_start": DAY,
    }
    values.update(kw)
    return expert_add(actor=None, institution=institution, person=who or person("专家"), **values)


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"degree": Expert.BELOW}, "degree"),
        ({"skill_level": 2}, "skill_level"),
        ({"skill_level": None, "title": "intermediate"}, "skill_level"),
        ({"assessment_since": date(2025, 6, 2)}, "assessment_since"),
        ({"is_group_leader": True, "examiner_since": date(2024, 1, 1)}, "is_group_leader"),
    ],
)
def test_expert_conditions_PEOPLE_08(institution, kw, field):
    with pytest.raises(DomainError) as exc:
        _expert(institution, **kw)
    assert exc.value.rule == "PEOPLE-08" and exc.value.field == field


def test_expert_age_65_by_default_PEOPLE_08(institution):
    assert EXPERT_MAX_AGE == 65
    with pytest.raises(DomainError) as exc:
        _expert(institution, who=person("老专家", birth="19600531"))  # 66 on 2026-06-01
    assert exc.value.rule == "PEOPLE-08" and "65" in exc.value.message
    assert _expert(institution, who=person("专家乙", birth="19610601")).pk  # 65


def test_expert_group_leader_PEOPLE_08(institution):
    e = _expert(institution, is_group_leader=True, examiner_since=date(2023, 6, 1))
    assert e.term_until == date(2029, 6, 1)
    assert _expert(institution, who=person("丁"), is_group_leader=True, is_senior_examiner=True)
    e = _expert(institution, who=person("戊"), skill_level=None, title="senior")
    assert e.pk


# Staff, ARR-07 --------------------------------------------------------------------------


def test_staff_by_role_and_examiners_never_proctor_ARR_07(institution, other_institution):
    proctor, examiner_person = person("监考甲"), person("考评甲")
    staff_add(actor=None, institution=institution, person=proctor, role=ExamStaff.PROCTOR)
    staff_add(actor=None, institution=institution, person=examiner_person, role=ExamStaff.PROCTOR)
    staff_add(actor=None, institution=other_institution, person=person("外"), role="proctor")
    staff_add(actor=None, institution=institution, person=person("负责人"), role="site_leader")
    add_examiner(institution, who=examiner_person)
    assert staff_by_role(institution, ExamStaff.PROCTOR).count() == 2
    assert [s.person for s in proctor_candidates(institution, DAY)] == [proctor]
    with pytest.raises(DomainError):
        staff_add(actor=None, institution=institution, person=proctor, role="nonsense")


# ARR-08 ---------------------------------------------------------------------------------


def test_recusal_for_relatives_and_taught_classes_ARR_08(institution, sitting, enrol):
    regs = enrol(sitting, 3)
    regs[0].class_name = "数控2401"
    regs[0].save()
    regs[2].status = "rejected"
    regs[2].class_name = "数控2402"
    regs[2].save()
    examiner = add_examiner(institution)
    teacher = person("班主任")
    staff_add(actor=None, institution=institution, person=teacher, role=ExamStaff.PROCTOR)
    supervisor = _supervisor(institution, date(2020, 1, 1), who=person("督导乙"))
    bystander = person("无关")
    staff_add(actor=None, institution=institution, person=bystander, role="exam_affairs")

    relative_add(
        actor=None, institution=institution, person=regs[1].person, relative=examiner.person,
        kind="parent_child",
    )  # fmt: skip
    taught_class_add(actor=None, institution=institution, teacher=teacher, class_name="数控2401")
    taught_class_add(
        actor=None, institution=institution, teacher=supervisor.person, class_name="数控2402"
    )  # the only student of 数控2402 was rejected: no recusal
    taught_class_add(actor=None, institution=institution, teacher=bystander, class_name="别的班")

    found = recusals_for_sitting(sitting)
    assert set(found) == {examiner.person_id, teacher.pk}
    assert found[examiner.person_id] == [f"考生{regs[1].person.name}是其父母子女"]
    assert found[teacher.pk] == ["任教班级数控2401有1名考生"]


def test_recusal_ignores_relations_recorded_by_another_institution_ARR_08(
    institution, other_institution, sitting, enrol
):
    regs = enrol(sitting, 1)
    examiner = add_examiner(institution)
    relative_add(
        actor=None, institution=other_institution, person=examiner.person,
        relative=regs[0].person, kind="spouse",
    )  # fmt: skip
    assert recusals_for_sitting(sitting) == {}
    relative_add(
        actor=None, institution=institution, person=examiner.person,
        relative=regs[0].person, kind="spouse",
    )  # fmt: skip
    assert list(recusals_for_sitting(sitting)) == [examiner.person_id]


def test_at_least_3_managers_PEOPLE_10(institution):
    from skillcert.people.selectors import staffing_gaps

    one = person("管理甲")
    staff_add(actor=None, institution=institution, person=one, role=ExamStaff.ACCOUNTING)
    staff_add(actor=None, institution=institution, person=one, role=ExamStaff.ARCHIVES)
    staff_add(actor=None, institution=institution, person=person("管理乙"), role="information")
    staff_add(actor=None, institution=institution, person=person("监考"), role="proctor")
    assert "现有2人" in staffing_gaps(institution)[0]  # one person in two roles counts once
    staff_add(actor=None, institution=institution, person=person("管理丙"), role="exam_affairs")
    assert staffing_gaps(institution) == []
