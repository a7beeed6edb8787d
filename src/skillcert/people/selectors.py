"""Reads of an institution's people registers; every query is scoped to the institution.

The staffing solver (arrangement) needs: `examiners_valid_for`, `supervisors_valid_on`,
`staff_by_role`, `proctor_candidates` and `recusal_reasons`.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from skillcert.catalog.models import Occupation
from skillcert.core.errors import NotFound
from skillcert.core.rules import rules
from skillcert.institutions.models import Membership

from .models import Examiner, ExamStaff, Expert, Person, QualitySupervisor, Relative, TaughtClass
from .services import (
    examiner_may_examine,
    examiner_valid_on,
    minor_category,
    supervisor_valid_on,
)


def examiners_of(institution) -> QuerySet[Examiner]:
    return (
        Examiner.objects.filter(institution=institution)
        .select_related("person", "skill_occupation")
        .prefetch_related("occupations")
    )


def examiner_get(institution, examiner_id) -> Examiner:
    return examiners_of(institution).get(pk=examiner_id)


def examiners_valid_for(
    institution, *, occupation: Occupation, level: int, day: date
) -> list[Examiner]:
    """Examiners who may assess `occupation` at `level` on `day`: valid (PEOPLE-05, not
    dismissed PEOPLE-06), serving it or a similar occupation (PEOPLE-04), allowed the level
    (PEOPLE-03). Recusal (ARR-08) and rotation (ARR-06) are the solver's to apply."""
    minor = minor_category(occupation)
    candidates = examiners_of(institution).filter(
        status=Examiner.ACTIVE, occupations__code__startswith=minor + "-"
    )
    return [
        e
        for e in candidates.distinct()
        if examiner_valid_on(e, day) and examiner_may_examine(e, level)
    ]


def supervisors_of(institution) -> QuerySet[QualitySupervisor]:
    return QualitySupervisor.objects.filter(institution=institution).select_related("person")


def supervisors_valid_on(institution, day: date, *, kind: str | None = None):
    """Quality supervisors in office with a valid card on `day` (PEOPLE-07)."""
    qs = supervisors_of(institution).filter(active=True)
    if kind:
        qs = qs.filter(kind=kind)
    return [s for s in qs if supervisor_valid_on(s, day)]


def experts_of(institution) -> QuerySet[Expert]:
    return Expert.objects.filter(institution=institution).select_related("person", "occupation")


def staff_of(institution) -> QuerySet[ExamStaff]:
    return ExamStaff.objects.filter(institution=institution).select_related("person")


def staff_by_role(institution, role: str) -> QuerySet[ExamStaff]:
    """Active staff of one role (ARR-03 proctors, ARR-04 site leader and exam affairs)."""
    return staff_of(institution).filter(role=role, active=True)


def proctor_candidates(institution, day: date) -> list[ExamStaff]:
    """ARR-07: an examiner never proctors, so persons who are valid examiners on `day` are left
    out of the proctor pool."""
    examiner_persons = {
        e.person_id
        for e in examiners_of(institution).filter(status=Examiner.ACTIVE)
        if examiner_valid_on(e, day)
    }
    return [
        s
        for s in staff_by_role(institution, ExamStaff.PROCTOR)
        if s.person_id not in examiner_persons
    ]


@dataclass(frozen=True)
class ExaminerShortage:
    occupation: Occupation
    valid: int
    needed: int


def occupations_short_of_examiners(institution, day: date) -> list[ExaminerShortage]:
    """PEOPLE-09: scope occupations with fewer than 3 valid examiners serving them on `day`
    (an examiner of a similar occupation does not count: the scope list names the occupation)."""
    needed = rules().examiners_per_sitting
    counts: dict[int, int] = defaultdict(int)
    for e in examiners_of(institution).filter(status=Examiner.ACTIVE):
        if examiner_valid_on(e, day):
            for o in e.occupations.all():
                counts[o.pk] += 1
    seen, short = set(), []
    for row in institution.scope_rows.select_related("occupation").order_by("occupation__code"):
        occ = row.occupation
        if occ.pk in seen:
            continue
        seen.add(occ.pk)
        if counts[occ.pk] < needed:
            short.append(ExaminerShortage(occ, counts[occ.pk], needed))
    return short


def _people_of_sitting(institution) -> dict[int, list[str]]:
    """person id -> register roles, for staff, examiners and supervisors (ARR-08)."""
    roles: dict[int, list[str]] = defaultdict(list)
    for pid, grade in Examiner.objects.filter(
        institution=institution, status=Examiner.ACTIVE
    ).values_list("person_id", "grade"):
        roles[pid].append(dict(Examiner.GRADES)[grade])
    for pid in QualitySupervisor.objects.filter(institution=institution, active=True).values_list(
        "person_id", flat=True
    ):
        roles[pid].append("质量督导员")
    for pid, role in ExamStaff.objects.filter(institution=institution, active=True).values_list(
        "person_id", "role"
    ):
        roles[pid].append(dict(ExamStaff.ROLES)[role])
    return roles


def recusal_reasons(institution, candidates) -> dict[int, list[str]]:
    """ARR-08: for each staff member, examiner or supervisor of `institution` who has a
    relative, or a student of a class they teach, among `candidates` ((person id, name,
    class name) of a sitting's approved registrations, see
    arrangement.selectors.recusals_for_sitting), the reasons they must withdraw from the
    sitting. Keys are Person ids."""
    roles = _people_of_sitting(institution)
    if not roles:
        return {}
    regs = list(candidates)  # a lazy queryset is read only when someone could be recused
    names = {pid: name for pid, name, _ in regs}
    classes: dict[str, int] = defaultdict(int)
    for _, _, class_name in regs:
        if class_name:
            classes[class_name.strip()] += 1
    reasons: dict[int, list[str]] = defaultdict(list)
    staff_ids = set(roles)
    kinds = dict(Relative.KINDS)
    relations = Relative.objects.filter(institution=institution).values_list(
        "person_id", "relative_id", "kind"
    )
    for a, b, kind in relations:
        for member, other in ((a, b), (b, a)):
            if member in staff_ids and other in names and other != member:
                reasons[member].append(f"考生{names[other]}是其{kinds[kind]}")
    taught = TaughtClass.objects.filter(
        institution=institution, teacher_id__in=staff_ids, class_name__in=list(classes)
    ).values_list("teacher_id", "class_name")
    for teacher, class_name in taught:
        reasons[teacher].append(f"任教班级{class_name}有{classes[class_name]}名考生")
    return {pid: sorted(set(rs)) for pid, rs in reasons.items()}


MANAGER_ROLES = (ExamStaff.ACCOUNTING, ExamStaff.ARCHIVES, ExamStaff.INFORMATION, "exam_affairs")
MIN_MANAGERS = 3  # PEOPLE-10: >= 3 managers (accounting, archives, information, exam affairs)


def staffing_gaps(institution) -> list[str]:
    """PEOPLE-10 (the part the staff register holds): at least 3 managers among accounting,
    archives, information and exam affairs, counted as distinct persons. The head and the
    standing head are institution roles, not checked here."""
    managers = (
        staff_of(institution)
        .filter(active=True, role__in=MANAGER_ROLES)
        .values("person_id")
        .distinct()
        .count()
    )
    if managers < MIN_MANAGERS:
        return [f"管理人员（财务、档案、信息、考务）应不少于{MIN_MANAGERS}人，现有{managers}人"]
    return []


# --- issue 16 item 21: persons of an institution, recusal relations, evaluations ------------


def persons_of(institution):
    """Persons on any of the institution's registers (examiners, supervisors, experts,
    staff): the ones a manager may open an account for or record relations of."""
    from .models import Person

    return (
        Person.objects.filter(
            Q(examiner_roles__institution=institution)
            | Q(supervisor_roles__institution=institution)
            | Q(expert_roles__institution=institution)
            | Q(staff_roles__institution=institution)
        )
        .distinct()
        .order_by("name", "pk")
    )


def person_get(institution, person_id):
    """A person of the institution, else 404 (tenancy)."""
    try:
        return persons_of(institution).get(pk=int(person_id))
    except (ValueError, TypeError, persons_of(institution).model.DoesNotExist):
        raise NotFound("未找到该人员") from None


def relatives_of(institution) -> QuerySet[Relative]:
    return Relative.objects.filter(institution=institution).select_related("person", "relative")


def taught_classes_of(institution) -> QuerySet[TaughtClass]:
    return TaughtClass.objects.filter(institution=institution).select_related("teacher")


def examiner_get_or_404(institution, examiner_id) -> Examiner:
    try:
        return examiner_get(institution, int(examiner_id))
    except (ValueError, TypeError, Examiner.DoesNotExist):
        raise NotFound("未找到该考评员") from None


def person_of(user, institution) -> Person | None:
    """The user's person for `institution`'s staff work (panels, typed scores). Panel rights
    need a membership of the institution as well as the person link (issue 16 item 2): the
    link alone proves only that someone signed up with the person's name and ID, not that
    the institution knows this account as its examiner or staff member."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not Membership.objects.filter(user=user, institution=institution).exists():
        return None
    return Person.objects.filter(user=user).first()


def members_of(institution) -> list[dict]:
    """One row per login of the institution, its roles there joined (the members page)."""
    rows: dict[int, dict] = {}
    memberships = Membership.objects.filter(institution=institution).select_related("user")
    for m in memberships.order_by("user__username", "role"):
        row = rows.setdefault(m.user_id, {"user": m.user, "roles": []})
        row["roles"].append(m.get_role_display())
    return list(rows.values())
