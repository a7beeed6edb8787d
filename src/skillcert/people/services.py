"""Writes of persons: one record per identity document, the number encrypted (PEOPLE-01)."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from skillcert.catalog.models import Occupation
from skillcert.core import crypto, tenancy
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.idnumbers import ParsedId, parse_id
from skillcert.core.normalize import normalize_phone, normalize_text

from .models import (
    INTERMEDIATE_TITLE,
    SENIOR_TITLE,
    Examiner,
    ExaminerEvaluation,
    ExamStaff,
    Expert,
    Person,
    QualitySupervisor,
    Relative,
    TaughtClass,
    full_years,
)


def person_fields(*, name: str, parsed: ParsedId, phone: str = "", id_hash: str = "") -> dict:
    """A person's stored fields: the number encrypted, hashed and masked (PEOPLE-01).

    Bulk imports insert these directly (no model instance per row); pass `id_hash` when the
    caller has already computed it.
    """
    return {
        "name": normalize_text(name),
        "id_type": parsed.id_type,
        "id_number_encrypted": crypto.encrypt(parsed.number),
        "id_hash": id_hash or crypto.id_hash(parsed.id_type, parsed.number),
        "id_masked": crypto.mask_id(parsed.number),
        "sex": parsed.sex,
        "birth_date": parsed.birth_date,
        "phone": normalize_phone(phone),
    }


def person_build(*, name: str, parsed: ParsedId, phone: str = "") -> Person:
    """An unsaved Person with the number encrypted, hashed and masked."""
    return Person(**person_fields(name=name, parsed=parsed, phone=phone))


@transaction.atomic
def person_get_or_create(*, name: str, id_type: str, id_number: str, phone: str = "") -> Person:
    """Find the person by the keyed hash of the ID, or create them; names must agree."""
    if not name or not name.strip():
        raise DomainError("name_missing", "姓名不能为空", field="name")
    parsed = parse_id(id_type, id_number)
    existing = Person.objects.filter(id_hash=crypto.id_hash(parsed.id_type, parsed.number)).first()
    if existing:
        if existing.name != normalize_text(name):
            raise DomainError("name_mismatch", "该证件号码已登记为其他姓名", field="name")
        return existing
    person = person_build(name=name, parsed=parsed, phone=phone)
    person.save()
    return person


def person_find(*, id_type: str, id_number: str) -> Person | None:
    return Person.objects.filter(id_hash=crypto.id_hash(id_type, id_number)).first()


# --- registers (issue 3): examiners, supervisors, experts, staff, recusal relations -----------

# PEOPLE-08: experts are at most 65 years old by default. A rules setting belongs to
# core.rules (not this app's file); until the lead adds `expert_max_age`, this is the value.
EXPERT_MAX_AGE = 65  # PEOPLE-08
SUPERVISOR_MIN_YEARS = 3  # PEOPLE-07: >= 3 years of assessment work
EXPERT_MIN_YEARS = 1  # PEOPLE-08: >= 1 year of assessment work
EXPERT_LEADER_EXAMINER_YEARS = 3  # PEOPLE-08: a group leader >= 3 years as examiner
MIN_TRAINING_HOURS = 48  # PEOPLE-05
EVALUATION_GRADES = ((90, "excellent"), (80, "good"), (60, "pass"))  # PEOPLE-06


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


def evaluation_grade(*, score: Decimal, assignments: int, missed_in_row: int) -> str:
    """PEOPLE-06: >= 90 优秀, 80-89 良好, 60-79 合格, < 60 不合格; no assignment in the year
    or two missed in a row is 不合格 whatever the score."""
    if assignments == 0 or missed_in_row >= 2:
        return ExaminerEvaluation.FAIL
    for floor, grade in EVALUATION_GRADES:
        if score >= floor:
            return grade
    return ExaminerEvaluation.FAIL


def evaluation_years_of_term(examiner: Examiner) -> list[int]:
    """The evaluation years that overlap the current 3-year appointment term (PEOPLE-06)."""
    start, until = examiner.contract_start, examiner.contract_until
    return [y for y in range(start.year, until.year + 1) if date(y, 1, 1) < until]


@transaction.atomic
def examiner_evaluate(
    *,
    actor,
    examiner: Examiner,
    year: int,
    score: Decimal,
    assignments: int,
    missed_in_row: int = 0,
    on: date | None = None,
) -> ExaminerEvaluation:
    """Record the annual evaluation (PEOPLE-06); 不合格 in two years of one appointment term
    dismisses the examiner and the qualification is lost. Both are audited."""
    examiner = Examiner.objects.select_for_update().get(pk=examiner.pk)
    score = Decimal(str(score))
    if not (0 <= score <= 100):
        raise DomainError("evaluation_score", "考核分数应在0到100之间", field="score")
    grade = evaluation_grade(score=score, assignments=assignments, missed_in_row=missed_in_row)
    note = ""
    if assignments == 0:
        note = "全年未参加考评"
    elif missed_in_row >= 2:
        note = "连续两次无故不参加考评"
    evaluation, created = ExaminerEvaluation.objects.update_or_create(
        examiner=examiner,
        year=year,
        defaults={
            "score": score,
            "assignments": assignments,
            "missed_in_row": missed_in_row,
            "grade": grade,
            "note": note,
        },
    )
    audit_record(
        actor=actor,
        action="examiner.evaluate",
        obj=evaluation,
        after={"year": year, "score": score, "grade": grade, "note": note},
        institution_id=examiner.institution_id,
    )
    fails = examiner.evaluations.filter(
        grade=ExaminerEvaluation.FAIL, year__in=evaluation_years_of_term(examiner)
    ).count()
    if fails >= 2 and examiner.status == Examiner.ACTIVE:
        before = _examiner_snapshot(examiner)
        examiner.status = Examiner.DISMISSED
        examiner.dismissed_on = on or date.today()
        examiner.save(update_fields=["status", "dismissed_on"])
        audit_record(
            actor=actor,
            action="examiner.dismiss",
            obj=examiner,
            before=before,
            after={**_examiner_snapshot(examiner), "reason": "聘期内两个年度考核不合格"},
        )
    return evaluation


@transaction.atomic
def supervisor_add(
    *,
    actor,
    institution,
    person: Person,
    kind: str,
    assessment_since: date,
    card_number: str,
    card_issued_on: date,
    on: date | None = None,
) -> QualitySupervisor:
    """PEOPLE-07: a quality supervisor has >= 3 years of assessment work; card valid 3 years."""
    day = on or date.today()
    if kind not in dict(QualitySupervisor.KINDS):
        raise DomainError("supervisor_kind", f"督导员类别“{kind}”无效", field="kind")
    if full_years(assessment_since, day) < SUPERVISOR_MIN_YEARS:
        raise DomainError(
            "supervisor_experience",
            f"质量督导员须从事鉴定（评价）工作{SUPERVISOR_MIN_YEARS}年以上",
            field="assessment_since",
            rule="PEOPLE-07",
        )
    if not (card_number or "").strip():
        raise DomainError("supervisor_card", "督导员证号不能为空", field="card_number")
    _check_supervisor_source(institution=institution, person=person, day=day)
    if QualitySupervisor.objects.filter(institution=institution, person=person).exists():
        raise DomainError(
            "supervisor_exists", f"{person.name}已在本机构质量督导员名册中", field="id_number"
        )
    supervisor = QualitySupervisor.objects.create(
        institution=institution,
        person=person,
        kind=kind,
        assessment_since=assessment_since,
        card_number=card_number.strip(),
        card_issued_on=card_issued_on,
    )
    audit_record(
        actor=actor,
        action="supervisor.add",
        obj=supervisor,
        after={"person": person.pk, "kind": kind, "card_issued_on": card_issued_on},
    )
    return supervisor


# PEOPLE-07: supervisors come from examiners or managers (管理人员) of the institution.
SUPERVISOR_MANAGER_ROLES = (
    ExamStaff.SITE_LEADER,
    ExamStaff.EXAM_AFFAIRS,
    ExamStaff.ACCOUNTING,
    ExamStaff.ARCHIVES,
    ExamStaff.INFORMATION,
)


@tenancy.across_institutions("PEOPLE-07")
def _check_supervisor_source(*, institution, person: Person, day: date) -> None:
    """PEOPLE-07: a quality supervisor is drawn from examiners (valid on `day`, at any
    institution: an external supervisor comes from elsewhere) or from the institution's
    managers; anyone else is refused."""
    examiner = any(
        examiner_valid_on(e, day)
        for e in Examiner.objects.filter(person_id=person.pk).select_related("person")
    )
    manager = ExamStaff.objects.filter(
        institution=institution, person_id=person.pk, active=True, role__in=SUPERVISOR_MANAGER_ROLES
    ).exists()
    if not (examiner or manager):
        raise DomainError(
            "supervisor_source",
            f"{person.name}既不是有效的考评员，也不是本机构的管理人员；"
            "质量督导员须从考评人员或管理人员中选聘",
            field="id_number",
            rule="PEOPLE-07",
        )


def supervisor_valid_on(supervisor: QualitySupervisor, day: date) -> bool:
    """PEOPLE-07: in office and the card issued less than 3 years before `day`."""
    return supervisor.active and supervisor.card_issued_on <= day < supervisor.card_valid_until


def _age(person: Person, day: date) -> int | None:
    return full_years(person.birth_date, day) if person.birth_date else None


@transaction.atomic
def expert_add(
    *,
    actor,
    institution,
    person: Person,
    occupation: Occupation,
    degree: str,
    assessment_since: date,
    term_start: date,
    skill_level: int | None = None,
    title: str = "",
    is_group_leader: bool = False,
    examiner_since: date | None = None,
    is_senior_examiner: bool = False,
    on: date | None = None,
) -> Expert:
    """PEOPLE-08 checks: degree, level 1 or senior title, experience, age, group leader."""
    day = on or term_start
    if degree not in (Expert.BACHELOR, Expert.MASTER, Expert.DOCTOR):
        raise DomainError(
            "expert_degree", "专家须具有本科及以上学历", field="degree", rule="PEOPLE-08"
        )
    if skill_level != 1 and title != SENIOR_TITLE:
        raise DomainError(
            "expert_basis",
            "专家须具有本职业一级/高级技师职业资格或高级专业技术职称",
            field="skill_level",
            rule="PEOPLE-08",
        )
    if full_years(assessment_since, day) < EXPERT_MIN_YEARS:
        raise DomainError(
            "expert_experience",
            f"专家须从事鉴定（评价）工作{EXPERT_MIN_YEARS}年以上",
            field="assessment_since",
            rule="PEOPLE-08",
        )
    age = _age(person, day)
    if age is not None and age > EXPERT_MAX_AGE:
        raise DomainError(
            "expert_age",
            f"专家年龄一般不超过{EXPERT_MAX_AGE}周岁，{person.name}为{age}周岁",
            field="id_number",
            rule="PEOPLE-08",
        )
    if (
        is_group_leader
        and not is_senior_examiner
        and full_years(examiner_since, day) < EXPERT_LEADER_EXAMINER_YEARS
    ):
        raise DomainError(
            "expert_leader",
            f"专家组组长须担任考评员{EXPERT_LEADER_EXAMINER_YEARS}年以上或为高级考评员",
            field="is_group_leader",
            rule="PEOPLE-08",
        )
    if Expert.objects.filter(
        institution=institution, person=person, occupation=occupation
    ).exists():
        raise DomainError(
            "expert_exists", f"{person.name}已是本机构{occupation.name}专家", field="id_number"
        )
    expert = Expert.objects.create(
        institution=institution,
        person=person,
        occupation=occupation,
        degree=degree,
        skill_level=skill_level,
        title=title or "",
        assessment_since=assessment_since,
        is_group_leader=is_group_leader,
        examiner_since=examiner_since,
        is_senior_examiner=is_senior_examiner,
        term_start=term_start,
    )
    audit_record(
        actor=actor,
        action="expert.add",
        obj=expert,
        after={"person": person.pk, "occupation": occupation.code, "leader": is_group_leader},
    )
    return expert


@transaction.atomic
def staff_add(*, actor, institution, person: Person, role: str, title: str = "") -> ExamStaff:
    """An exam-affairs member of staff or manager (PEOPLE-10, ARR-04)."""
    if role not in dict(ExamStaff.ROLES):
        raise DomainError("staff_role", f"岗位“{role}”无效", field="role")
    if title not in dict(ExamStaff.TITLES):
        raise DomainError("staff_title", f"职称“{title}”无效", field="title")
    if ExamStaff.objects.filter(institution=institution, person=person, role=role).exists():
        raise DomainError(
            "staff_exists", f"{person.name}已登记为{dict(ExamStaff.ROLES)[role]}", field="role"
        )
    staff = ExamStaff.objects.create(institution=institution, person=person, role=role, title=title)
    audit_record(
        actor=actor, action="staff.add", obj=staff, after={"person": person.pk, "role": role}
    )
    return staff


@transaction.atomic
def relative_add(*, actor, institution, person: Person, relative: Person, kind: str) -> Relative:
    """ARR-08: a family relation; recusal looks it up in both directions."""
    if person.pk == relative.pk:
        raise DomainError("relative_self", "不能把本人登记为自己的亲属", field="relative")
    if kind not in dict(Relative.KINDS):
        raise DomainError("relative_kind", f"亲属关系“{kind}”无效", field="kind")
    rel, created = Relative.objects.get_or_create(
        institution=institution, person=person, relative=relative, defaults={"kind": kind}
    )
    if created:
        audit_record(
            actor=actor,
            action="relative.add",
            obj=rel,
            after={"person": person.pk, "relative": relative.pk, "kind": kind},
            institution_id=institution.pk,
        )
    return rel


@transaction.atomic
def taught_class_add(*, actor, institution, teacher: Person, class_name: str) -> TaughtClass:
    """ARR-08: a class the teacher teaches, named as in Registration.class_name."""
    name = (class_name or "").strip()
    if not name:
        raise DomainError("class_missing", "班级名称不能为空", field="class_name")
    taught, created = TaughtClass.objects.get_or_create(
        institution=institution, teacher=teacher, class_name=name
    )
    if created:
        audit_record(
            actor=actor,
            action="taught_class.add",
            obj=taught,
            after={"teacher": teacher.pk, "class_name": name},
            institution_id=institution.pk,
        )
    return taught
