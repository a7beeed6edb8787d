"""Seat arrangement: every approved candidate seated once, classmates apart (ARR-01)."""

import random
from collections import Counter

import pytest

from skillcert.arrangement import seating
from skillcert.arrangement.models import Seat, SeatArrangement
from skillcert.arrangement.services import seating_arrange
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.plans.models import Registration

from .helpers import set_classes, theory_rooms, venue


def _neighbour_pairs(seats):
    at = {(s.room_id, s.row, s.col): s.registration.class_name for s in seats}
    n = 0
    for (room, row, col), cls in at.items():
        if cls and at.get((room, row, col + 1)) == cls:
            n += 1
        if cls and at.get((room, row + 1, col)) == cls:
            n += 1
    return n


def test_every_approved_candidate_is_seated_exactly_once_ARR_01(institution, sitting, enrol):
    regs = enrol(sitting, 50)
    rejected = regs[0]
    rejected.status = Registration.REJECTED
    rejected.save()
    rooms = theory_rooms(venue(institution), 2)
    arr = seating_arrange(actor=None, sitting=sitting, rooms=rooms, seed=7)
    seats = list(Seat.objects.filter(arrangement=arr))
    seated = Counter(s.registration_id for s in seats)
    assert len(seats) == 49 and arr.candidates == 49
    assert set(seated) == {r.pk for r in regs[1:]} and max(seated.values()) == 1
    per_room = Counter((s.room_id, s.seat_no) for s in seats)
    assert max(per_room.values()) == 1  # one candidate per desk (ARR-01)
    assert all(1 <= s.seat_no <= 30 for s in seats)


def test_classmates_are_kept_apart_when_rooms_allow_ARR_01(institution, sitting, enrol):
    regs = set_classes(enrol(sitting, 90), ["数控1班", "数控2班", "数控3班"])
    rooms = theory_rooms(venue(institution), 3)
    arr = seating_arrange(actor=None, sitting=sitting, rooms=rooms, seed=1)
    seats = list(Seat.objects.filter(arrangement=arr).select_related("registration"))
    assert len(seats) == len(regs)
    assert _neighbour_pairs(seats) == 0 and arr.adjacent_classmates == 0
    # A plain shuffle of the same rooms would put classmates together: the test can fail.
    classes = [r.class_name for r in regs]
    random.Random(1).shuffle(classes)
    slots = [seating.SeatSlot(k // 30, (k % 30) // 6 + 1, k % 6 + 1) for k in range(90)]
    assert seating.adjacencies(classes, slots, list(range(90))) > 0


def test_unavoidable_adjacencies_are_counted_ARR_01(institution, sitting, enrol):
    """Two classes of 20 and 4 in one room of 24: some classmates must sit together."""
    regs = enrol(sitting, 24)
    set_classes(regs[:20], ["大班"])
    set_classes(regs[20:], ["小班"])
    rooms = theory_rooms(venue(institution), 1, rows=4)
    arr = seating_arrange(actor=None, sitting=sitting, rooms=rooms, seed=3)
    seats = list(Seat.objects.filter(arrangement=arr).select_related("registration"))
    assert arr.adjacent_classmates == _neighbour_pairs(seats) > 0


def test_pure_placement_separates_many_classes_quickly():
    rng = random.Random(5)
    classes = [f"班{i % 150}" for i in range(3000)]
    slots = [seating.SeatSlot(k // 30, (k % 30) // 5 + 1, k % 5 + 1) for k in range(3000)]
    placed = seating.place(classes, slots, rng)
    assert sorted(placed) == list(range(3000))
    assert seating.adjacencies(classes, slots, placed) == 0


def test_capacity_shortfall_says_how_many_seats_are_missing_ARR_01(institution, sitting, enrol):
    enrol(sitting, 35)
    rooms = theory_rooms(venue(institution), 1)
    with pytest.raises(DomainError) as exc:
        seating_arrange(actor=None, sitting=sitting, rooms=rooms)
    assert exc.value.rule == "ARR-01" and "还缺5个座位" in exc.value.message
    assert not SeatArrangement.objects.exists()


def test_same_seed_same_seats_and_seed_is_recorded(institution, sitting, enrol):
    set_classes(enrol(sitting, 40), ["甲班", "乙班", ""])
    rooms = theory_rooms(venue(institution), 2)
    first = seating_arrange(actor=None, sitting=sitting, rooms=rooms, seed=42)
    a = dict(Seat.objects.filter(arrangement=first).values_list("registration_id", "ticket_number"))
    again = seating_arrange(actor=None, sitting=sitting, rooms=rooms, seed=42)
    b = dict(Seat.objects.filter(arrangement=again).values_list("registration_id", "ticket_number"))
    assert a == b and again.seed == 42
    other = seating_arrange(actor=None, sitting=sitting, rooms=rooms, seed=43)
    c = dict(Seat.objects.filter(arrangement=other).values_list("registration_id", "ticket_number"))
    assert c != a
    drawn = seating_arrange(actor=None, sitting=sitting, rooms=rooms)
    assert drawn.seed is not None


def test_rearranging_replaces_and_is_audited_as_one_entry(institution, sitting, enrol):
    enrol(sitting, 30)
    v = venue(institution)
    rooms = theory_rooms(v, 2)
    seating_arrange(actor=None, sitting=sitting, rooms=rooms[:1], seed=1)
    before = AuditEntry.objects.count()
    arr = seating_arrange(actor=None, sitting=sitting, rooms=rooms, seed=2)
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry.action == "seating.rearrange" and entry.before["seed"] == 1
    assert entry.after["seed"] == 2 and entry.after["rooms"] == [1, 2]
    assert SeatArrangement.objects.count() == 1
    assert Seat.objects.count() == 30 and Seat.objects.filter(arrangement=arr).count() == 30


def test_rooms_of_another_institution_are_refused(institution, sitting, enrol, other_institution):
    enrol(sitting, 3)
    foreign = theory_rooms(venue(other_institution), 1)
    with pytest.raises(DomainError) as exc:
        seating_arrange(actor=None, sitting=sitting, rooms=foreign)
    assert exc.value.code == "room_foreign"


def test_seated_room_cannot_be_deleted_or_resized(institution, sitting, enrol):
    from skillcert.arrangement import services

    enrol(sitting, 3)
    (room,) = theory_rooms(venue(institution), 1)
    seating_arrange(actor=None, sitting=sitting, rooms=[room])
    with pytest.raises(DomainError):
        services.room_delete(actor=None, room=room)
    with pytest.raises(DomainError):
        services.room_update(actor=None, room=room, rows=2)
    assert services.room_update(actor=None, room=room, name="改名后").name == "改名后"


def test_practical_room_only_for_its_occupation_ARR_01(institution, sitting, enrol):
    from skillcert.arrangement import services
    from skillcert.catalog.models import Occupation

    enrol(sitting, 4)
    v = venue(institution)
    other = Occupation.objects.filter(rank=4).exclude(pk=sitting.occupation_id).first()
    wrong = services.room_create(
        actor=None,
        venue=v,
        number=20,
        name="汽修车间",
        kind="practical",
        stations=10,
        columns=5,
        occupation=other,
    )
    with pytest.raises(DomainError) as exc:
        seating_arrange(actor=None, sitting=sitting, rooms=[wrong])
    assert exc.value.rule == "ARR-01" and exc.value.code == "room_occupation"
    right = services.room_create(
        actor=None,
        venue=v,
        number=21,
        name="车工车间",
        kind="practical",
        stations=10,
        columns=5,
        occupation=sitting.occupation,
    )
    arr = seating_arrange(actor=None, sitting=sitting, rooms=[right])
    assert arr.candidates == 4
