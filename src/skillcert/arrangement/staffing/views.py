"""The staffing page of a sitting (ARR-03..09).

The full plan names every examiner: it is for the director and exam-affairs staff only
(manage=True), so an examiner or supervisor of the institution gets 403 (ARR-09). An
examiner sees only their own assignment on `staffing_mine`, with no candidate names.
Candidates have no account in an institution and never reach either page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from skillcert.core.errors import DomainError
from skillcert.core.web import found_or_404, rule_messages
from skillcert.institutions.web import institution_for
from skillcert.plans.web import sitting_get

from ..hooks import external_supervisors
from ..models import SittingStaffing, StaffAssignment
from ..ratings.views import ratings_context
from ..selectors import arrangement_of, room_get, rooms_of_arrangement
from .build import problem_for_sitting
from .problem import ROLE_NAMES, ROLES
from .selectors import (
    assignment_get,
    assignment_of_person,
    assignments_of,
    person_get,
    person_of_user,
    staffing_of,
)
from .services import staffing_assignment_change, staffing_plan_create

ROLE_ORDER = [
    StaffAssignment.SITE_LEADER,
    StaffAssignment.SUPERVISOR,
    StaffAssignment.EXAM_AFFAIRS,
    StaffAssignment.PROCTOR,
    StaffAssignment.EXAMINER,
]


def _grouped(plan: SittingStaffing) -> list[dict]:
    rows = list(assignments_of(plan=plan))
    groups = []
    for role in ROLE_ORDER:
        members = [a for a in rows if a.role == role]
        groups.append({"role": role, "name": ROLE_NAMES[role], "rows": members})
    return groups


def _seed(text: str) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() and len(text) <= 18 else None


@login_required
def staffing_page(request, iid, sid):
    """ARR-09: the whole plan, exam-affairs staff and the director only."""
    institution = institution_for(request, iid, manage=True)
    sitting = sitting_get(institution, sid)
    if request.method == "POST":
        with rule_messages(request):
            plan = staffing_plan_create(
                actor=request.user, sitting=sitting, seed=_seed(request.POST.get("seed", ""))
            )
            messages.success(
                request,
                f"已生成人员安排（抽签随机种子{plan.seed}），共{plan.assignments.count()}人",
            )
        return redirect("staffing", institution.pk, sitting.pk)
    plan = staffing_of(sitting=sitting)
    arrangement = arrangement_of(sitting)
    people = []
    if plan is not None:
        try:
            problem = problem_for_sitting(sitting, seed=plan.seed)
        except DomainError:
            problem = None
        if problem is not None:
            people = [
                (p.id, p.name, "、".join(ROLE_NAMES[r] for r in ROLES if r in p.roles))
                for p in problem.people
            ]
    return render(
        request,
        "arrangement/staffing.html",
        {
            "institution": institution,
            "sitting": sitting,
            "plan": plan,
            "arrangement": arrangement,
            "groups": _grouped(plan) if plan else [],
            "rooms": rooms_of_arrangement(arrangement) if arrangement else [],
            "people": people,
            "roles": [(r, ROLE_NAMES[r]) for r in ROLE_ORDER],
            "external_supervisors": external_supervisors(sitting=sitting),
            **(ratings_context(sitting) if plan else {}),  # PEOPLE-11
        },
    )


@login_required
@require_POST
def staffing_change(request, iid, sid, aid):
    institution = institution_for(request, iid, manage=True)
    sitting = sitting_get(institution, sid)
    plan = found_or_404(staffing_of(sitting=sitting), "本批次尚未安排人员")
    assignment = found_or_404(assignment_get(plan=plan, assignment_id=aid), "未找到该人员安排")
    post = request.POST
    person = None
    if post.get("person", "").strip().isdigit():
        person = person_get(person_id=int(post["person"]))
        if person is None:
            messages.error(request, "未找到该人员")
            return redirect("staffing", institution.pk, sitting.pk)
    room = None
    if post.get("room", "").strip():
        room = found_or_404(room_get(institution=institution, room_id=post["room"]), "未找到该考场")
    with rule_messages(request):
        staffing_assignment_change(
            actor=request.user,
            plan=plan,
            assignment=assignment,
            person=person,
            role=post.get("role") or None,
            room=room,
            leader=post.get("leader") == "1",
        )
        messages.success(request, "已修改人员安排")
    return redirect("staffing", institution.pk, sitting.pk)


@login_required
@require_safe  # it only shows: a POST is 405 (issue 16 Proof)
def staffing_mine(request, iid, sid):
    """ARR-09: a member sees their own assignment only; no other names, no candidates."""
    institution = institution_for(request, iid)
    sitting = sitting_get(institution, sid)
    plan = staffing_of(sitting=sitting)
    person = person_of_user(user=request.user)
    mine = None
    if plan is not None and person is not None:
        mine = assignment_of_person(plan=plan, person=person)
    return render(
        request,
        "arrangement/staffing_mine.html",
        {"institution": institution, "sitting": sitting, "plan": plan, "mine": mine},
    )
