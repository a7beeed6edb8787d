"""The implementation plan (实施方案, INST-13) generated from what skillcert knows of the
sitting: its dates, occupation and level, the rooms of its seat arrangement with their
numbers, the candidate list (PLAN-11) and the staffing plan (proctors, examiners,
supervisors, exam-affairs staff, ARR-03..08).

`fingerprint` hashes the parts whose change after approval needs a new approval: the dates,
the subject, which rooms hold how many candidates, which candidates, and who serves in which
role and room. A re-draw of seats inside the same rooms does not change it."""

import hashlib
import json
from collections import Counter

from skillcert.catalog.models import LEVEL_LABELS
from skillcert.plans.models import Sitting

from ..models import Seat, SeatArrangement, SittingStaffing, StaffAssignment

ROLE_ORDER = [r for r, _ in StaffAssignment.ROLES]


def _day(d) -> str | None:
    return d.isoformat() if d else None


def plan_content(sitting: Sitting) -> dict:
    """The plan as data (the document, the pages and the API all show this)."""
    arrangement = SeatArrangement.objects.filter(sitting=sitting).first()
    seats = (
        list(
            Seat.objects.filter(arrangement=arrangement)
            .select_related("registration__person", "room")
            .order_by("room__number", "seat_no")
        )
        if arrangement
        else []
    )
    rooms: dict[int, dict] = {}
    for s in seats:
        room = rooms.setdefault(
            s.room.number,
            {
                "number": s.room.number,
                "name": s.room.name,
                "kind": s.room.get_kind_display(),
                "capacity": s.room.capacity,
                "candidates": 0,
            },
        )
        room["candidates"] += 1
    staffing = SittingStaffing.objects.filter(sitting=sitting).first()
    staff = []
    if staffing is not None:
        for a in staffing.assignments.select_related("person", "room", "occupation"):
            staff.append(
                {
                    "person_id": a.person_id,
                    "name": a.person.name,
                    "role": a.role,
                    "role_name": a.get_role_display(),
                    "room": a.room.number if a.room_id else None,
                    "occupation": a.occupation.code if a.occupation_id else None,
                    "level": a.level,
                    "leader": a.leader,
                }
            )
    staff.sort(key=lambda x: (ROLE_ORDER.index(x["role"]), x["room"] or 0, x["name"]))
    counts = {role: sum(1 for x in staff if x["role"] == role) for role in ROLE_ORDER}
    missing = []
    if not seats:
        missing.append("尚未编排考场座位")
    if staffing is None:
        missing.append("尚未生成考务人员安排")
    return {
        "sitting": {
            "id": sitting.pk,
            "name": sitting.name,
            "occupation_code": sitting.occupation.code,
            "subject": sitting.subject_label,
            "level": sitting.level,
            "level_label": LEVEL_LABELS.get(sitting.level, str(sitting.level)),
            "mode": sitting.get_mode_display(),
            "theory_on": _day(sitting.theory_on),
            "practical_on": _day(sitting.practical_on),
            "place": sitting.place,
        },
        "institution": {"id": sitting.institution_id, "name": sitting.institution.name},
        "rooms": [rooms[k] for k in sorted(rooms)],
        "candidates": [
            {
                "registration_id": s.registration_id,
                "name": s.registration.person.name,
                "id_masked": s.registration.person.id_masked,
                "ticket_number": s.ticket_number,
                "room": s.room.number,
                "seat": s.seat_no,
            }
            for s in seats
        ],
        "staff": staff,
        "counts": {"candidates": len(seats), "rooms": len(rooms), **counts},
        "missing": missing,
    }


def _digest(*, days, subject, rooms, candidates, staff) -> str:
    key = {
        "days": [_day(d) if not isinstance(d, str) else d for d in days],
        "subject": list(subject),
        "rooms": sorted([int(n), int(c)] for n, c in rooms),
        "candidates": sorted(int(c) for c in candidates),
        "staff": sorted(
            json.dumps([p, role, room, occ, level]) + ("*" if leader else "")
            for p, role, room, occ, level, leader in staff
        ),
    }
    return hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode()).hexdigest()


def fingerprint(content: dict) -> str:
    """The fingerprint of a plan's content (as sent)."""
    s = content["sitting"]
    return _digest(
        days=[s["theory_on"], s["practical_on"]],
        subject=[s["occupation_code"], s["subject"], s["level"]],
        rooms=[(r["number"], r["candidates"]) for r in content["rooms"]],
        candidates=[c["registration_id"] for c in content["candidates"]],
        staff=[
            (x["person_id"], x["role"], x["room"], x["occupation"], x["level"], x["leader"])
            for x in content["staff"]
        ],
    )


def current_fingerprint(sitting: Sitting) -> str:
    """The same fingerprint of the sitting as it is now, in three small queries (the gate
    asks it for every ticket download: no candidate names are read)."""
    seats = list(
        Seat.objects.filter(arrangement__sitting=sitting).values_list(
            "room__number", "registration_id"
        )
    )
    rooms = Counter(n for n, _ in seats)
    staff = StaffAssignment.objects.filter(plan__sitting=sitting).values_list(
        "person_id", "role", "room__number", "occupation__code", "level", "leader"
    )
    return _digest(
        days=[sitting.theory_on, sitting.practical_on],
        subject=[sitting.occupation.code, sitting.subject_label, sitting.level],
        rooms=rooms.items(),
        candidates=[r for _, r in seats],
        staff=list(staff),
    )
