"""The examiner register (PEOPLE-02..05): adding, renewing, the validity of an examiner on
a day and for an assignment, dismissal."""

from datetime import date

from django.db import transaction

from skillcert.catalog.models import Occupation
from skillcert.core import tenancy
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError

from ..models import (
    INTERMEDIATE_TITLE,
    SENIOR_TITLE,
    Examiner,
    Person,
)
from .limits import MIN_TRAINING_HOURS


def minor_category(occupation: Occupation) -> str:
    """PEOPLE-04 "similar": two occupations are similar when they share the minor category
    (小类), the first three parts `N-NN-NN` of the code; 6-18-01-01 车工 and 6-18-01-02 铣工
    are similar, 车工 and 6-18-02-04 焊工 are not."""
    return occupation.code.rsplit("-", 1)[0]


def occupations_similar(a: Occupation, b: Occupation) -> bool:
    return a.pk == b.pk or minor_category(a) == minor_category(b)


def examiner_may_examine(examiner: Examiner, level: int) -> bool:
    """PEOPLE-03: 考评员 examine levels 5-3; 高级考评员 all levels."""
    if examiner.grade == Examiner.SENIOR:
        return 1 <= level <= 5
    return 3 <= level <= 5


@tenancy.across_institutions("PEOPLE-06")
def person_dismissal(person: Person, day: date | None = None) -> Examiner | None:
    """PEOPLE-06: the examiner role, at any institution, from which `person` was dismissed
    (on or before `day` when given). Dismissal takes the qualification away nationally: the
    person cannot be registered, renewed or counted as a valid examiner anywhere."""
    qs = Examiner.objects.filter(person_id=person.pk, status=Examiner.DISMISSED)
    if day is not None:
        qs = qs.exclude(dismissed_on__gt=day)
    return qs.order_by("dismissed_on", "pk").first()


def _refuse_dismissed(person: Person) -> None:
    if person_dismissal(person) is not None:
        raise DomainError(
            "examiner_dismissed",
            f"{person.name}已因聘期内两个年度考核不合格被解聘，考评员资格已取消，"
            "不能在任何机构登记或续聘为考评员",
            field="id_number",
            rule="PEOPLE-06",
        )


def examiner_valid_on(examiner: Examiner, day: date) -> bool:
    """PEOPLE-05 (and PEOPLE-06 dismissal): in office, trained >= 48 h, assessment passed,
    card issued and not past its 3 years, inside the 3-year appointment term, and not
    dismissed at any institution (the qualification is lost everywhere)."""
    return (
        examiner.status == Examiner.ACTIVE
        and examiner.training_hours >= MIN_TRAINING_HOURS
        and examiner.assessment_passed
        and examiner.card_issued_on <= day < examiner.card_valid_until
        and examiner.contract_start <= day < examiner.contract_until
        and person_dismissal(examiner.person, day) is None
    )


def _check_examiner_basis(
    *, grade: str, skill_level: int | None, skill_occupation, title: str, occupations
) -> None:
    """PEOPLE-02: the qualification basis for the grade, in a related occupation."""
    related = skill_occupation is not None and any(
        occupations_similar(skill_occupation, o) for o in occupations
    )
    if grade == Examiner.SENIOR:
        if title == SENIOR_TITLE or (skill_level == 1 and related):
            return
        raise DomainError(
            "examiner_basis",
            "高级考评员须具有本职业（相近职业）一级/高级技师职业资格或高级专业技术职称",
            field="grade",
            rule="PEOPLE-02",
        )
    if title in (INTERMEDIATE_TITLE, SENIOR_TITLE):
        return
    if skill_level is not None and skill_level <= 3 and related:
        return
    raise DomainError(
        "examiner_basis",
        "考评员须具有本职业（相近职业）三级/高级工及以上职业资格或中级及以上专业技术职称",
        field="skill_level",
        rule="PEOPLE-02",
    )


def _check_occupations(occupations) -> None:
    """PEOPLE-04: several occupations only if they are the same or similar (same 小类)."""
    occupations = list(occupations)
    if not occupations:
        raise DomainError("examiner_no_occupation", "请至少选择一个考评职业", field="occupations")
    for o in occupations:
        if o.rank != 4:
            raise DomainError(
                "occupation_not_occupation",
                f"“{o.name}”是职业分类中的类别，不是职业",
                field="occupations",
                rule="CAT-02",
            )
    first = occupations[0]
    for other in occupations[1:]:
        if not occupations_similar(first, other):
            raise DomainError(
                "examiner_occupations_not_similar",
                f"考评员只能考评相同或相近的职业：“{first.name}”与“{other.name}”不属于同一职业小类",
                field="occupations",
                rule="PEOPLE-04",
            )


def _check_training(*, training_hours: int, assessment_passed: bool) -> None:
    if training_hours < MIN_TRAINING_HOURS:
        raise DomainError(
            "examiner_training",
            f"考评员须经不少于{MIN_TRAINING_HOURS}学时的培训，现为{training_hours}学时",
            field="training_hours",
            rule="PEOPLE-05",
        )
    if not assessment_passed:
        raise DomainError(
            "examiner_assessment",
            "考评员须经考核合格",
            field="assessment_passed",
            rule="PEOPLE-05",
        )


def _examiner_snapshot(e: Examiner) -> dict:
    return {
        "person": e.person_id,
        "grade": e.grade,
        "card_number": e.card_number,
        "card_issued_on": e.card_issued_on,
        "contract_start": e.contract_start,
        "status": e.status,
        "occupations": sorted(e.occupations.values_list("code", flat=True)),
    }


@transaction.atomic
def examiner_add(
    *,
    actor,
    institution,
    person: Person,
    grade: str,
    occupations,
    card_number: str,
    card_issued_on: date,
    training_hours: int,
    assessment_passed: bool,
    contract_start: date,
    skill_level: int | None = None,
    skill_occupation: Occupation | None = None,
    title: str = "",
    first_assessed_on: date | None = None,
) -> Examiner:
    """Register an examiner after PEOPLE-02, PEOPLE-04 and PEOPLE-05 checks."""
    occupations = list(occupations)
    if grade not in dict(Examiner.GRADES):
        raise DomainError("examiner_grade", f"考评员类别“{grade}”无效", field="grade")
    if not (card_number or "").strip():
        raise DomainError(
            "examiner_card", "考评员证号不能为空", field="card_number", rule="PEOPLE-05"
        )
    _check_occupations(occupations)
    _check_examiner_basis(
        grade=grade,
        skill_level=skill_level,
        skill_occupation=skill_occupation,
        title=title,
        occupations=occupations,
    )
    _check_training(training_hours=training_hours, assessment_passed=assessment_passed)
    _refuse_dismissed(person)
    if Examiner.objects.filter(institution=institution, person=person).exists():
        raise DomainError(
            "examiner_exists", f"{person.name}已在本机构考评员名册中", field="id_number"
        )
    examiner = Examiner.objects.create(
        institution=institution,
        person=person,
        grade=grade,
        skill_level=skill_level,
        skill_occupation=skill_occupation,
        title=title or "",
        card_number=card_number.strip(),
        card_issued_on=card_issued_on,
        training_hours=training_hours,
        assessment_passed=assessment_passed,
        contract_start=contract_start,
        first_assessed_on=first_assessed_on,
    )
    examiner.occupations.set(occupations)
    audit_record(
        actor=actor, action="examiner.add", obj=examiner, after=_examiner_snapshot(examiner)
    )
    return examiner


@transaction.atomic
def examiner_renew(
    *,
    actor,
    examiner: Examiner,
    card_number: str,
    card_issued_on: date,
    training_hours: int,
    assessment_passed: bool,
    contract_start: date | None = None,
) -> Examiner:
    """PEOPLE-05: a new card after training and assessment; the basis is checked again."""
    examiner = Examiner.objects.select_for_update().get(pk=examiner.pk)
    if examiner.status == Examiner.DISMISSED:
        raise DomainError(
            "examiner_dismissed",
            f"{examiner.person.name}已因年度考核不合格被解聘，考评员资格已取消",
            rule="PEOPLE-06",
        )
    _refuse_dismissed(examiner.person)  # dismissed at another institution (PEOPLE-06)
    before = _examiner_snapshot(examiner)
    occupations = list(examiner.occupations.all())
    _check_occupations(occupations)
    _check_examiner_basis(
        grade=examiner.grade,
        skill_level=examiner.skill_level,
        skill_occupation=examiner.skill_occupation,
        title=examiner.title,
        occupations=occupations,
    )
    _check_training(training_hours=training_hours, assessment_passed=assessment_passed)
    examiner.card_number = card_number.strip()
    examiner.card_issued_on = card_issued_on
    examiner.training_hours = training_hours
    examiner.assessment_passed = assessment_passed
    if contract_start is not None:
        examiner.contract_start = contract_start
    examiner.save()
    audit_record(
        actor=actor,
        action="examiner.renew",
        obj=examiner,
        before=before,
        after=_examiner_snapshot(examiner),
    )
    return examiner


def examiner_check_assignment(
    *, examiner: Examiner, occupation: Occupation, level: int, day: date, leader: bool = False
) -> None:
    """Checks before an examiner is assigned to a sitting (for the staffing solver):
    valid on the day (PEOPLE-05), serves a same or similar occupation (PEOPLE-04), may
    examine the level (PEOPLE-03); a panel leader needs >= 1 year of experience (ARR-05)."""
    name = examiner.person.name
    if not examiner_valid_on(examiner, day):
        raise DomainError(
            "examiner_not_valid",
            f"{name}的考评员资格在{day}无效（证书或聘期已过期、未经培训考核或已解聘）",
            rule="PEOPLE-05",
        )
    if not any(occupations_similar(o, occupation) for o in examiner.occupations.all()):
        raise DomainError(
            "examiner_occupation",
            f"{name}不能考评{occupation.name}：不属于其考评职业或相近职业",
            rule="PEOPLE-04",
        )
    if not examiner_may_examine(examiner, level):
        raise DomainError(
            "examiner_level",
            f"{name}是{examiner.get_grade_display()}，只能考评五级至三级",
            rule="PEOPLE-03",
        )
    if leader and examiner.years_of_experience(day) < 1:
        raise DomainError(
            "panel_leader_experience",
            f"{name}从事考评工作不满1年，不能担任考评组长",
            rule="ARR-05",
        )
