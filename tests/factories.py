"""Builders for test data: valid ID numbers and credit codes, a filed institution, users."""

import itertools
from datetime import date

from django.contrib.auth import get_user_model

from skillcert.catalog.models import JobType, Occupation, Standard
from skillcert.core.idnumbers import credit_check_char, resident_check_digit
from skillcert.institutions import services as inst
from skillcert.institutions.models import Authority, AuthorityStaff, Institution, Membership

_seq = itertools.count(1)


def resident_id(region: str = "410102", birth: str = "20040512", seq: int | None = None) -> str:
    """A valid 18-digit resident ID number (PEOPLE-01)."""
    body = f"{region}{birth}{(seq if seq is not None else next(_seq)) % 1000:03d}"
    return body + resident_check_digit(body)


def credit_code(n: int | None = None) -> str:
    """A valid unified social credit code (GB 32100)."""
    body = f"12410100{(n if n is not None else next(_seq)):09d}"
    return body + credit_check_char(body)


def user(username: str, **extra):
    return get_user_model().objects.create_user(
        username=username, password="pw-Secret-123", **extra
    )


def occupation(code: str = "6-18-01-01") -> Occupation:
    return Occupation.objects.get(code=code)


def job_type(name: str, code: str = "6-18-01-01") -> JobType:
    return JobType.objects.get_or_create(occupation=occupation(code), name=name)[0]


def standard(code: str = "6-18-01-01", levels: str = "54321") -> Standard:
    occ = occupation(code)
    return Standard.objects.get_or_create(
        occupation=occ,
        job_type=None,
        kind=Standard.NATIONAL,
        defaults={"title": f"{occ.name}国家职业技能标准", "levels": levels},
    )[0]


def filed_institution(
    name: str = "示范职业技术学院",
    *,
    sequence: str | None = None,
    region: str = "410100",
    filed_on: date | None = None,
) -> Institution:
    """A filed college with the Henan-manual sample scope for 车工 (INST-12)."""
    n = next(_seq)
    institution = inst.institution_create(
        actor=None,
        kind=Institution.COLLEGE,
        name=f"{name}{n}",
        credit_code=credit_code(n),
        region_code=region,
    )
    institution = inst.institution_file(
        actor=None,
        institution=institution,
        filed_on=filed_on or date(2025, 1, 1),
        category="Y",
        org_code="0000",
        province="41",
        city="01",
        sequence=sequence or f"{9000 + n % 999 + 1}",
    )
    std = standard()
    inst.scope_row_add(
        actor=None,
        institution=institution,
        occupation=occupation(),
        job_type=None,
        levels="5",
        standard=std,
    )
    for jt in ("数控车床", "普通车床"):
        inst.scope_row_add(
            actor=None,
            institution=institution,
            occupation=occupation(),
            job_type=job_type(jt),
            levels="4321",
            standard=std,
        )
    return institution


def member(
    institution: Institution, role: str = Membership.EXAM_AFFAIRS, username: str | None = None
):
    u = user(username or f"{role}{next(_seq)}")
    inst.membership_add(institution=institution, user=u, role=role)
    return u


def authority_user(region_code: str = "410000", username: str | None = None):
    authority = Authority.objects.create(name=f"人社厅{region_code}", region_code=region_code)
    u = user(username or f"authority{next(_seq)}")
    AuthorityStaff.objects.create(user=u, authority=authority)
    return u


# --- certificates (appended by the certificates helper) ---------------------------------

_person_seq = itertools.count(1)


def sitting(
    institution: Institution,
    *,
    level: int = 4,
    job_type_name: str | None = "数控车床",
    name: str | None = None,
    theory_on: date = date(2025, 6, 1),
):
    """A sitting inside the factory institution's scope (车工; job type for levels 4-1)."""
    from skillcert.plans import services as plans

    return plans.sitting_create(
        actor=None,
        institution=institution,
        name=name or f"车工{level}级第{next(_seq)}批",
        occupation=occupation(),
        job_type=job_type(job_type_name) if job_type_name else None,
        level=level,
        mode="exam",
        theory_on=theory_on,
    )


def registrations_with_results(
    sitting,
    n: int,
    *,
    passed: bool | None = True,
    status: str | None = None,
    name_prefix: str = "考生",
):
    """`n` registrations of `sitting` with a Result, built with bulk_create (fast, 1,000s).

    Persons get distinct valid resident IDs (birth date and sequence vary); `passed` is
    stored as given, as the scoring app would have decided it (SCORE-01).
    """
    from datetime import timedelta

    from skillcert.core.idnumbers import parse_id
    from skillcert.people.models import Person
    from skillcert.people.services import person_build
    from skillcert.plans.models import Registration
    from skillcert.scoring.models import Result

    persons = []
    for _ in range(n):
        k = next(_person_seq)
        birth = (date(1990, 1, 1) + timedelta(days=k // 900)).strftime("%Y%m%d")
        number = resident_id(region="410102", birth=birth, seq=100 + k % 900)
        persons.append(person_build(name=f"{name_prefix}{k}", parsed=parse_id("resident", number)))
    Person.objects.bulk_create(persons)
    persons = list(Person.objects.filter(id_hash__in=[p.id_hash for p in persons]).order_by("id"))
    regs = [
        Registration(
            institution_id=sitting.institution_id,
            sitting=sitting,
            person=p,
            status=status or Registration.APPROVED,
        )
        for p in persons
    ]
    Registration.objects.bulk_create(regs)
    regs = list(Registration.objects.filter(sitting=sitting, person__in=persons).order_by("id"))
    score = 80 if passed else 40
    Result.objects.bulk_create(
        [
            Result(
                institution_id=sitting.institution_id,
                registration=r,
                theory_score=score,
                practical_score=score,
                passed=passed,
            )
            for r in regs
        ]
    )
    return regs


def held_certificate(institution: Institution, person, *, level: int = 4, serial: int = 1):
    """A valid 车工 certificate of `level` held by `person` (PLAN-06 previous certificate)."""
    from skillcert.certificates.models import Certificate, IssueRegister
    from skillcert.plans.models import Registration

    job = None if level == 5 else "数控车床"  # the factory scope: 车工 5 has no job type
    old = sitting(institution, level=level, job_type_name=job, name=f"旧批次{next(_seq)}")
    reg = Registration.objects.create(institution=institution, sitting=old, person=person)
    register = IssueRegister.objects.create(institution=institution, sitting=old)
    return Certificate.objects.create(
        number=f"Y000041019001{24}{level}{serial:06d}",
        institution=institution,
        register=register,
        registration=reg,
        person=person,
        holder_name=person.name,
        id_type=person.id_type,
        id_masked=person.id_masked,
        occupation_code="6-18-01-01",
        occupation_name="车工",
        level=level,
        issuer_name=institution.name,
        issued_on=date(2024, 7, 1),
    )


def colleague(u, role: str = Membership.EXAM_AFFAIRS):
    """Another member of `u`'s institution: the second pair of eyes that approves what `u`
    made (core.four_eyes, CERT-04 / VIOL-05). None stays None (a system action)."""
    if u is None:
        return None
    return member(u.memberships.first().institution, role)


def as_manager(institution: Institution, person, role: str = "archives"):
    """`person` also a manager (管理人员) of `institution`: PEOPLE-07 draws quality
    supervisors from examiners or managers. Returns the person."""
    from skillcert.people.models import ExamStaff

    ExamStaff.objects.get_or_create(institution=institution, person=person, role=role)
    return person


# --- staffing plans (appended for issue 16 item 28: score entry by the plan's people) -------


def on_plan(sitting, user, role: str = "examiner", *, seq: int | None = None):
    """Name `user` (given a Person if it has none) on `sitting`'s staffing plan: an examiner
    of the sitting's occupation by default, or role="exam_affairs" (ARR-04/05)."""
    from skillcert.arrangement.models import SittingStaffing, StaffAssignment
    from skillcert.people.models import Person
    from skillcert.people.services import person_get_or_create

    person = Person.objects.filter(user=user).first()
    if person is None:
        number = resident_id(birth="19800101", seq=seq if seq is not None else 700 + user.pk % 299)
        person = person_get_or_create(name=f"职员{user.pk}", id_type="resident", id_number=number)
        person.user = user
        person.save(update_fields=["user"])
    plan, _ = SittingStaffing.objects.get_or_create(
        sitting=sitting, defaults={"institution_id": sitting.institution_id, "seed": 1}
    )
    examiner = role == StaffAssignment.EXAMINER
    StaffAssignment.objects.get_or_create(
        plan=plan,
        person=person,
        defaults={
            "role": role,
            "occupation_id": sitting.occupation_id if examiner else None,
            "level": sitting.level if examiner else None,
        },
    )
    return person


# --- the authority's approvals before tickets and the exam (INST-13, INST-16) -------------


def region_authority_user(institution: Institution):
    """Staff of an authority covering `institution` (the province of its region), reused."""
    province = institution.region_code[:2] + "0000"
    staff = AuthorityStaff.objects.filter(authority__region_code=province).first()
    return staff.user if staff else authority_user(province)


def plan_approved(sitting):
    """The sitting's implementation plan sent in time and approved by its authority (INST-13),
    and for levels 2 and 1 the guidance centre's approval (INST-16), through the services.
    Call it after seating: a plan is the sitting's rooms, numbers and staff as they are now.
    Does nothing when tickets may already be printed."""
    from skillcert.arrangement.implementation import gate
    from skillcert.arrangement.implementation import services as impl
    from skillcert.arrangement.implementation.models import ImplementationPlan

    sitting.refresh_from_db()
    for day in (sitting.theory_on, sitting.practical_on):
        if day:
            calendar_known(day)
    if gate.sitting_refusal(sitting) is None:
        return gate.latest_plan(sitting)
    boss = region_authority_user(sitting.institution)
    if gate.level_approval_needed(sitting) and not gate.level_approved(sitting):
        request = impl.level_request(actor=None, sitting=sitting, reason="按规定报批")
        impl.level_decide(actor=boss, request=request, approve=True)
    _seated(sitting)
    last = gate.latest_plan(sitting)
    if last is not None and last.state == ImplementationPlan.SUBMITTED:
        impl.plan_return(actor=boss, plan=last, reasons="已变更，重新报送")
    if (
        last is not None
        and last.state == ImplementationPlan.APPROVED
        and not gate.plan_changed(last)
    ):
        return last
    plan = impl.plan_submit(actor=None, sitting=sitting, today=impl.plan_due_on(sitting))
    return impl.plan_approve(actor=boss, plan=plan)


def _seated(sitting) -> None:
    """A plan is built from the seating: a sitting not seated yet gets its approved
    candidates (one made up if it has none) seated in a room of their own."""
    from skillcert.arrangement import services as arrangement
    from skillcert.arrangement.models import Room, SeatArrangement
    from skillcert.people.services import person_get_or_create
    from skillcert.plans.models import Registration

    if SeatArrangement.objects.filter(sitting=sitting).exists():
        return
    approved = Registration.objects.filter(sitting=sitting, status=Registration.APPROVED)
    if not approved.exists():
        n = next(_seq)
        person = person_get_or_create(
            name=f"方案考生{n}", id_type="resident", id_number=resident_id(birth="19990101", seq=n)
        )
        Registration.objects.create(
            institution=sitting.institution,
            sitting=sitting,
            person=person,
            school_level="secondary",
            graduating_year=2026,
        )
    venue = arrangement.venue_create(actor=None, institution=sitting.institution, name="方案考点")
    taken = set(
        Room.objects.filter(institution=sitting.institution).values_list("number", flat=True)
    )
    count = approved.count()
    rooms, number = [], 900
    while sum(r.capacity for r in rooms) < count:
        while number in taken:
            number += 1
        rooms.append(
            arrangement.room_create(
                actor=None,
                venue=venue,
                number=number,
                name=f"方案考场{number}",
                kind="theory",
                rows=5,
                columns=6,
                desk_spacing_cm=90,
            )
        )
        taken.add(number)
    arrangement.seating_arrange(actor=None, sitting=sitting, rooms=rooms, seed=1)


def calendar_known(day: date) -> None:
    """A year the calendar package does not know yet gets its New Year's Day entered, so
    working days of it can be counted (core.workdays: the Holiday table covers it)."""
    import chinese_calendar

    from skillcert.core.models import Holiday

    try:
        chinese_calendar.is_workday(date(day.year, 1, 2))
    except NotImplementedError:
        Holiday.objects.get_or_create(day=date(day.year, 1, 1), defaults={"name": "元旦"})


def sitting_ahead(institution: Institution, *, days: int = 35, **kwargs):
    """A sitting `days` from today, so its implementation plan may still be sent (INST-13)."""
    from datetime import timedelta

    from django.utils import timezone

    day = timezone.localdate() + timedelta(days=days)
    calendar_known(day)
    calendar_known(timezone.localdate())
    return sitting(institution, theory_on=day, **kwargs)
