"""Reads of a sitting's staffing plan (ARR-09: the whole plan is for exam-affairs staff;
views resolve the institution with manage=True before calling `assignments_of`)."""

from skillcert.people.models import Person
from skillcert.plans.models import Sitting

from ..models import SittingStaffing, StaffAssignment


def staffing_of(*, sitting: Sitting) -> SittingStaffing | None:
    return SittingStaffing.objects.filter(sitting=sitting).first()


def assignments_of(*, plan: SittingStaffing):
    return plan.assignments.select_related("person", "room", "occupation").order_by(
        "room__number", "-leader", "person__name", "id"
    )


def assignment_get(*, plan: SittingStaffing, assignment_id) -> StaffAssignment | None:
    return plan.assignments.filter(pk=assignment_id).first()


def assignment_of_person(*, plan: SittingStaffing, person: Person) -> StaffAssignment | None:
    """The person's own assignment on the plan (staffing_mine), or None."""
    return plan.assignments.select_related("room", "occupation").filter(person=person).first()


def person_get(*, person_id: int) -> Person | None:
    """The person a hand change names; check_plan then decides whether they may serve."""
    return Person.objects.filter(pk=person_id).first()


def person_of_user(*, user) -> Person | None:
    return Person.objects.filter(user=user).first()
