"""Reads of venues, rooms and seat arrangements, scoped to an institution already resolved
for the user. Candidate lists (door list, sign-in sheet, grid) are for exam-affairs staff
only (ARR-09): views resolve the institution with manage=True before calling these. A row
that does not exist or is another institution's is None (the edge answers 404)."""

from typing import NamedTuple

from skillcert.core.api_types import db_id
from skillcert.institutions.models import Institution
from skillcert.people.selectors import recusal_reasons
from skillcert.plans.models import Registration, Sitting
from skillcert.plans.selectors import registrations_of_user

from .models import Room, Seat, SeatArrangement, StaffAssignment, Venue


def venues_of(*, institution: Institution):
    return Venue.objects.filter(institution=institution).prefetch_related("rooms")


def venue_get(*, institution: Institution, venue_id) -> Venue | None:
    pk = db_id(venue_id)
    return Venue.objects.filter(institution=institution, pk=pk).first() if pk else None


def rooms_of(*, institution: Institution):
    return Room.objects.filter(institution=institution).select_related("venue", "occupation")


def rooms_of_venue(venue: Venue):
    return rooms_of(institution=venue.institution).filter(venue=venue)


def room_get(*, institution: Institution, room_id) -> Room | None:
    pk = db_id(room_id)
    return rooms_of(institution=institution).filter(pk=pk).first() if pk else None


def rooms_by_ids(*, institution: Institution, ids) -> list[Room] | None:
    """The institution's rooms with these ids, in the order given; None when any id is not
    one of its rooms."""
    wanted = [db_id(i) for i in ids]
    if None in wanted:
        return None
    found = {r.pk: r for r in rooms_of(institution=institution).filter(pk__in=wanted)}
    if len(found) != len(set(wanted)):
        return None
    return [found[i] for i in wanted]


def arrangement_of(sitting: Sitting) -> SeatArrangement | None:
    return SeatArrangement.objects.filter(sitting=sitting).first()


def rooms_of_arrangement(arrangement: SeatArrangement):
    return arrangement.rooms.order_by("number")


def room_ids_of(arrangement: SeatArrangement | None) -> set[int]:
    """The rooms the arrangement uses (checked on the seating page); none without one."""
    if arrangement is None:
        return set()
    return set(arrangement.rooms.values_list("pk", flat=True))


def seats_of(arrangement: SeatArrangement):
    """Seats in door-list order (room number, seat number) with what the papers print."""
    return (
        Seat.objects.filter(arrangement=arrangement)
        .select_related("room__venue", "registration__person")
        .order_by("room__number", "seat_no")
    )


def seats_by_room(arrangement: SeatArrangement) -> list[tuple[Room, list[Seat]]]:
    groups: dict[int, tuple[Room, list[Seat]]] = {}
    for seat in seats_of(arrangement):
        groups.setdefault(seat.room_id, (seat.room, []))[1].append(seat)
    return list(groups.values())


def seating_grid(arrangement: SeatArrangement) -> list[dict]:
    """Per room: its rows of cells (seat or None), for the grid view."""
    out = []
    for room, seats in seats_by_room(arrangement):
        at = {(s.row, s.col): s for s in seats}
        grid = [
            [at.get((r, c)) for c in range(1, room.columns + 1)]
            for r in range(1, room.grid_rows + 1)
        ]
        out.append({"room": room, "rows": grid, "count": len(seats)})
    return out


def seat_of_candidate(*, user, registration_id) -> Seat | None:
    """The candidate's own seat (their admission ticket); anybody else's, or none: None."""
    pk = db_id(registration_id)
    if pk is None:
        return None
    return (
        Seat.objects.select_related(
            "room__venue",
            "registration__person",
            "registration__sitting__institution",
            "registration__sitting__occupation",
            "registration__sitting__job_type",
        )
        .filter(
            registration__in=registrations_of_user(user).filter(status="approved"),
            registration_id=pk,
        )
        .first()
    )


class PlanRoles(NamedTuple):
    """What a sitting's staffing plan names a person as (ARR-03..05), for other apps."""

    examiner_of: frozenset[int]  # occupation ids of the panels the person examines in
    exam_affairs: bool  # 考务人员 of the sitting (ARR-04)


def plan_roles(sitting: Sitting, person) -> PlanRoles:
    """The person's parts on the sitting's staffing plan; nothing when not on it (or no plan)."""
    rows = (
        StaffAssignment.objects.filter(plan__sitting=sitting, person=person).values_list(
            "role", "occupation_id"
        )
        if person is not None
        else []
    )
    rows = list(rows)
    return PlanRoles(
        frozenset(o for r, o in rows if r == StaffAssignment.EXAMINER and o is not None),
        any(r == StaffAssignment.EXAM_AFFAIRS for r, _ in rows),
    )


def recusals_for_sitting(sitting: Sitting) -> dict[int, list[str]]:
    """ARR-08: for each staff member, examiner or supervisor of the sitting's institution who
    has a relative, or a student of a class they teach, among the sitting's approved
    registrations, the reasons they must withdraw from it (people.selectors.recusal_reasons).
    Keys are Person ids."""
    candidates = Registration.objects.filter(
        sitting=sitting, status=Registration.APPROVED
    ).values_list("person_id", "person__name", "class_name")
    return recusal_reasons(sitting.institution, candidates)
