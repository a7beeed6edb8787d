"""Writes of venues, rooms and seat arrangements (ARR-01, ARR-02)."""

import random
import secrets

from django.db import transaction

from skillcert.catalog.models import Occupation
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.rules import rules
from skillcert.institutions.models import Institution
from skillcert.plans.models import Registration, Sitting

from . import seating
from .models import Room, Seat, SeatArrangement, Venue
from .tickets import MAX_SEATS, ticket_number, ticket_prefix


def _venue_snapshot(v: Venue) -> dict:
    return {"name": v.name, "address": v.address}


@transaction.atomic
def venue_create(*, actor, institution: Institution, name: str, address: str = "") -> Venue:
    name = (name or "").strip()
    if not name:
        raise DomainError("venue_name", "请填写考点名称", field="name", rule="ARR-01")
    venue = Venue.objects.create(institution=institution, name=name, address=address.strip())
    audit_record(actor=actor, action="venue.create", obj=venue, after=_venue_snapshot(venue))
    return venue


@transaction.atomic
def venue_update(*, actor, venue: Venue, name: str, address: str = "") -> Venue:
    before = _venue_snapshot(venue)
    name = (name or "").strip()
    if not name:
        raise DomainError("venue_name", "请填写考点名称", field="name", rule="ARR-01")
    venue.name, venue.address = name, address.strip()
    venue.save(update_fields=["name", "address"])
    audit_record(
        actor=actor, action="venue.update", obj=venue, before=before, after=_venue_snapshot(venue)
    )
    return venue


def _room_in_use(room: Room) -> bool:
    return Seat.objects.filter(room=room).exists()


@transaction.atomic
def venue_delete(*, actor, venue: Venue) -> None:
    if any(_room_in_use(r) for r in venue.rooms.all()):
        raise DomainError("venue_in_use", "该考点的考场已编排座位，不能删除", rule="ARR-01")
    audit_record(actor=actor, action="venue.delete", obj=venue, before=_venue_snapshot(venue))
    venue.delete()


def _room_snapshot(r: Room) -> dict:
    return {
        "venue": r.venue_id,
        "number": r.number,
        "name": r.name,
        "kind": r.kind,
        "rows": r.rows,
        "columns": r.columns,
        "desk_spacing_cm": r.desk_spacing_cm,
        "machines": r.machines,
        "stations": r.stations,
        "occupation": r.occupation_id,
        "capacity": r.capacity,
    }


def room_check(room: Room, *, check_number: bool = True) -> None:
    """ARR-01: one candidate per desk, at most `room_capacity` per theory room, desks at
    least `desk_spacing_cm` apart; practical rooms by the occupation's stations.
    `check_number` also asks the database whether the room number is free (ARR-02)."""
    r = rules()
    if not 1 <= (room.number or 0) <= 999:
        raise DomainError("room_number", "考场号应为1–999", field="number", rule="ARR-02")
    if not room.name.strip():
        raise DomainError("room_name", "请填写考场名称", field="name", rule="ARR-01")
    if not room.columns:
        raise DomainError("room_columns", "每排座位数至少为1", field="columns", rule="ARR-01")
    if room.kind == Room.THEORY:
        if not room.rows:
            raise DomainError("room_rows", "理论考场排数至少为1", field="rows", rule="ARR-01")
        if room.capacity > r.room_capacity:
            raise DomainError(
                "room_capacity",
                f"理论考场一人一桌，每个考场不得超过{r.room_capacity}人"
                f"（现为{room.rows}排×{room.columns}座={room.capacity}人）",
                field="rows",
                rule="ARR-01",
            )
        if room.desk_spacing_cm is None or room.desk_spacing_cm < r.desk_spacing_cm:
            raise DomainError(
                "desk_spacing",
                f"理论考场桌距不得小于{r.desk_spacing_cm}厘米",
                field="desk_spacing_cm",
                rule="ARR-01",
            )
    elif room.kind == Room.COMPUTER:
        if not room.machines:
            raise DomainError("room_machines", "机房机位数至少为1", field="machines", rule="ARR-01")
    elif room.kind == Room.PRACTICAL:
        if not room.stations:
            raise DomainError(
                "room_stations", "实操考场工位数至少为1", field="stations", rule="ARR-01"
            )
        if room.occupation_id is None:
            raise DomainError(
                "room_occupation",
                "实操考场须按职业（工种）设置工位，请选择职业",
                field="occupation",
                rule="ARR-01",
            )
    else:
        raise DomainError("room_kind", "考场类型不正确", field="kind", rule="ARR-01")
    if room.capacity > MAX_SEATS:
        raise DomainError(
            "room_seats",
            f"每个考场至多{MAX_SEATS}个座位（座位号2位，准考证号编码规则）",
            field="machines" if room.kind == Room.COMPUTER else "stations",
            rule="ARR-02",
        )
    if not check_number:
        return
    clash = Room.objects.filter(institution_id=room.institution_id, number=room.number)
    if room.pk:
        clash = clash.exclude(pk=room.pk)
    if clash.exists():
        raise DomainError(
            "room_number_taken", f"考场号{room.number}已被使用", field="number", rule="ARR-02"
        )


ROOM_FIELDS = (
    "number",
    "name",
    "kind",
    "rows",
    "columns",
    "desk_spacing_cm",
    "machines",
    "stations",
    "occupation",
)


def _apply(room: Room, data: dict) -> None:
    for key in ROOM_FIELDS:
        if key in data:
            value = data[key]
            if key == "occupation" and value is not None and not isinstance(value, Occupation):
                value = Occupation.objects.filter(pk=value).first()
            if key in ("rows", "machines", "stations") and value is None:
                value = 0
            setattr(room, key, value)
    room.name = (room.name or "").strip()


@transaction.atomic
def room_create(*, actor, venue: Venue, **data) -> Room:
    room = Room(institution_id=venue.institution_id, venue=venue)
    _apply(room, data)
    room_check(room)
    room.save()
    audit_record(actor=actor, action="room.create", obj=room, after=_room_snapshot(room))
    return room


@transaction.atomic
def room_update(*, actor, room: Room, **data) -> Room:
    before = _room_snapshot(room)
    _apply(room, data)
    room_check(room)
    layout = {k: v for k, v in _room_snapshot(room).items() if k != "name"}
    if _room_in_use(room) and layout != {k: v for k, v in before.items() if k != "name"}:
        raise DomainError("room_in_use", "该考场已编排座位，请先重新编排再修改", rule="ARR-01")
    room.save()
    audit_record(
        actor=actor, action="room.update", obj=room, before=before, after=_room_snapshot(room)
    )
    return room


@transaction.atomic
def room_delete(*, actor, room: Room) -> None:
    if _room_in_use(room):
        raise DomainError("room_in_use", "该考场已编排座位，不能删除", rule="ARR-01")
    audit_record(actor=actor, action="room.delete", obj=room, before=_room_snapshot(room))
    room.delete()


def _sitting_year(sitting: Sitting) -> int:
    day = sitting.theory_on or sitting.practical_on
    return day.year if day else sitting.created_at.year


@transaction.atomic
def seating_arrange(
    *, actor, sitting: Sitting, rooms: list[Room], seed: int | None = None
) -> SeatArrangement:
    """Seat every approved candidate once, classmates apart, and number the tickets.

    Random order from `seed` (drawn and recorded when not given). Replaces the previous
    arrangement of the sitting; the change is one audit entry.
    """
    rooms = list(dict.fromkeys(rooms))  # keep order, drop repeats
    if not rooms:
        raise DomainError("no_rooms", "请选择至少一个考场", field="rooms", rule="ARR-01")
    for room in rooms:
        if room.institution_id != sitting.institution_id:
            raise DomainError("room_foreign", "所选考场不属于本机构", field="rooms", rule="ARR-01")
        room_check(room, check_number=False)  # rules may have tightened since
        if room.kind == Room.PRACTICAL and room.occupation_id != sitting.occupation_id:
            raise DomainError(
                "room_occupation",
                f"实操考场“{room}”的工位不是为{sitting.occupation.name}设置的",
                field="rooms",
                rule="ARR-01",
            )
    Sitting.objects.select_for_update().filter(pk=sitting.pk).first()
    regs = list(
        Registration.objects.filter(sitting=sitting, status=Registration.APPROVED)
        .order_by("id")
        .values_list("id", "class_name")
    )
    if not regs:
        raise DomainError("no_candidates", "本批次没有审核通过的考生", rule="ARR-01")
    seats_total = sum(r.capacity for r in rooms)
    if seats_total < len(regs):
        missing = len(regs) - seats_total
        raise DomainError(
            "capacity_short",
            f"考场座位不足：考生{len(regs)}人，所选考场共{seats_total}个座位，还缺{missing}个座位",
            field="rooms",
            rule="ARR-01",
        )
    prefix = ticket_prefix(
        year=_sitting_year(sitting),
        site_sequence=sitting.institution.cert_sequence,
        sitting_id=sitting.pk,
    )
    if seed is None:
        seed = secrets.randbelow(2**31)
    elif not 0 <= seed <= 2**62:
        raise DomainError("seed_range", "随机种子应为0到2^62之间的整数", field="seed")
    rng = random.Random(seed)
    slots, slot_room = [], []
    for index, room in enumerate(rooms):
        for seat_no in range(1, room.capacity + 1):
            row, col = room.position(seat_no)
            slots.append(seating.SeatSlot(index, row, col))
            slot_room.append((room, seat_no))
    classes = [(c or "").strip() for _, c in regs]
    placed = seating.place(classes, slots, rng)
    unavoidable = seating.adjacencies(classes, slots, placed)

    old = SeatArrangement.objects.filter(sitting=sitting).first()
    before = None
    if old is not None:
        before = {
            "seed": old.seed,
            "rooms": sorted(old.rooms.values_list("number", flat=True)),
            "candidates": old.candidates,
            "adjacent_classmates": old.adjacent_classmates,
        }
        Seat.objects.filter(arrangement=old).delete()
        arrangement = old
        arrangement.seed, arrangement.created_by = seed, actor if _is_user(actor) else None
    else:
        arrangement = SeatArrangement(
            institution_id=sitting.institution_id,
            sitting=sitting,
            seed=seed,
            created_by=actor if _is_user(actor) else None,
        )
    arrangement.candidates = len(regs)
    arrangement.adjacent_classmates = unavoidable
    arrangement.save()
    arrangement.rooms.set(rooms)
    seats = []
    for k, cand in enumerate(placed):
        if cand is None:
            continue
        room, seat_no = slot_room[k]
        slot = slots[k]
        seats.append(
            Seat(
                arrangement=arrangement,
                registration_id=regs[cand][0],
                room=room,
                seat_no=seat_no,
                row=slot.row,
                col=slot.col,
                ticket_number=ticket_number(prefix, room.number, seat_no),
            )
        )
    Seat.objects.bulk_create(seats, batch_size=1000)
    audit_record(
        actor=actor,
        action="seating.arrange" if old is None else "seating.rearrange",
        obj=arrangement,
        before=before,
        after={
            "seed": seed,
            "rooms": sorted(r.number for r in rooms),
            "candidates": len(regs),
            "adjacent_classmates": unavoidable,
            "first_ticket": min(s.ticket_number for s in seats),
        },
    )
    return arrangement


def _is_user(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)
