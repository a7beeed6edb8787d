"""Seat arrangement (ARR-01) and ticket numbering (ARR-02) for a large sitting.

A sitting of 3,000 approved candidates in 150 classes, 100 theory rooms of 30 (5 rows of
6): time `seating_arrange` (read candidates, place with the class rule, verify, number the
tickets, replace the old seats, audit). Baseline, same run: shuffle the same candidates and
bulk-insert the same number of seat rows with ticket numbers, no class rule, no checks.
Goal: seating + tickets + staffing of the whole issue <= 10 s; this prints seating alone.
"""

import os
import random
import time

N = int(os.environ.get("BENCH_SEATING_N", "3000"))
CLASSES = 150
ROOMS = 100


def _data(name: str = "座位编排基准学院", region: str = "410102"):
    """A sitting of N approved candidates in CLASSES classes and ROOMS theory rooms of 30."""
    from datetime import date, timedelta

    from skillcert.arrangement import services
    from skillcert.core.idnumbers import parse_id
    from skillcert.people.models import Person
    from skillcert.people.services import person_build
    from skillcert.plans.models import Registration
    from tests import factories as f

    institution = f.filed_institution(name)
    sitting = f.sitting(institution, level=4)
    persons = []
    for k in range(N):
        birth = (date(1990, 1, 1) + timedelta(days=k // 900)).strftime("%Y%m%d")
        number = f.resident_id(region=region, birth=birth, seq=100 + k % 900)
        persons.append(person_build(name=f"考生{k}", parsed=parse_id("resident", number)))
    Person.objects.bulk_create(persons, batch_size=1000)
    persons = list(Person.objects.filter(id_hash__in=[p.id_hash for p in persons]))
    Registration.objects.bulk_create(
        [
            Registration(
                institution=institution,
                sitting=sitting,
                person=p,
                class_name=f"数控{k % CLASSES + 1}班",
            )
            for k, p in enumerate(persons)
        ],
        batch_size=1000,
    )
    venue = services.venue_create(actor=None, institution=institution, name="基准考点")
    rooms = [
        services.room_create(
            actor=None,
            venue=venue,
            number=i + 1,
            name=f"{i + 1}室",
            kind="theory",
            rows=5,
            columns=6,
            desk_spacing_cm=80,
        )
        for i in range(ROOMS)
    ]
    return sitting, rooms


def _baseline(sitting, rooms) -> None:
    """Shuffle and bulk-insert seat rows with ticket numbers; no class rule, no checks."""
    from django.db import transaction

    from skillcert.arrangement.models import Seat, SeatArrangement
    from skillcert.plans.models import Registration

    with transaction.atomic():
        ids = list(Registration.objects.filter(sitting=sitting).values_list("id", flat=True))
        random.Random(1).shuffle(ids)
        arrangement = SeatArrangement.objects.create(
            institution_id=sitting.institution_id, sitting=sitting, seed=1
        )
        slots = [(room, n) for room in rooms for n in range(1, room.capacity + 1)]
        seats = []
        for reg_id, (room, n) in zip(ids, slots, strict=False):
            row, col = room.position(n)
            seats.append(
                Seat(
                    arrangement=arrangement,
                    registration_id=reg_id,
                    room=room,
                    seat_no=n,
                    row=row,
                    col=col,
                    ticket_number=f"26{sitting.institution.cert_sequence}{sitting.pk:04d}"
                    f"{room.number:03d}{n:02d}",
                )
            )
        Seat.objects.bulk_create(seats, batch_size=1000)
        transaction.set_rollback(True)  # leave the sitting unarranged for the real run


def _best(fn, repeat: int = 3) -> tuple[float, object]:
    """Best of `repeat` timings (the machine is shared: the minimum is the least noisy)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def run() -> None:
    from skillcert.arrangement.models import Seat
    from skillcert.arrangement.services import seating_arrange

    sitting, rooms = _data()
    _baseline(sitting, rooms)  # warm-up (query compilation, imports)
    base_s, _ = _best(lambda: _baseline(sitting, rooms))

    started = time.perf_counter()
    arrangement = seating_arrange(actor=None, sitting=sitting, rooms=rooms, seed=2026)
    first_s = time.perf_counter() - started
    seats = Seat.objects.filter(arrangement=arrangement).count()
    seeds = iter(range(2027, 2100))
    again_s, again = _best(
        lambda: seating_arrange(actor=None, sitting=sitting, rooms=rooms, seed=next(seeds))
    )
    ours_s = min(first_s, again_s)

    print(f"   baseline (shuffle + bulk insert {N} seat rows, no class rule): {base_s:.2f} s")
    print(
        f"   seating_arrange ({N} candidates, {CLASSES} classes, {ROOMS} rooms of 30): "
        f"first {first_s:.2f} s, {seats} seats, {arrangement.adjacent_classmates} classmate "
        f"adjacencies left"
    )
    print(
        f"   re-arrange (replaces {seats} seats, best of 3): {again_s:.2f} s, "
        f"{again.adjacent_classmates} adjacencies left"
    )
    print(
        f"   ratio seating/baseline: {ours_s / base_s:.2f}  (issue goal: seating + tickets + "
        f"staffing <= 10 s; seating alone {ours_s:.2f} s)"
    )
