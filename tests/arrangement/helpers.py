"""Builders for arrangement tests: venues, theory rooms, classes of candidates."""

from skillcert.arrangement import services
from skillcert.plans.models import Registration


def venue(institution, name="主校区考点"):
    return services.venue_create(actor=None, institution=institution, name=name, address="郑州")


def theory_rooms(venue, n, *, rows=5, columns=6, start=1):
    return [
        services.room_create(
            actor=None,
            venue=venue,
            number=start + i,
            name=f"教学楼{start + i}室",
            kind="theory",
            rows=rows,
            columns=columns,
            desk_spacing_cm=90,
        )
        for i in range(n)
    ]


def set_classes(regs, classes):
    """Give registration i the class classes[i % len(classes)]."""
    for i, r in enumerate(regs):
        r.class_name = classes[i % len(classes)]
    Registration.objects.bulk_update(regs, ["class_name"])
    return regs


def arrange_approved(sitting, rooms, *, seed=1):
    """Seats and tickets numbered, and the plan approved by the authority (INST-13): what a
    test that prints tickets needs."""
    from tests import factories as f

    arrangement = services.seating_arrange(actor=None, sitting=sitting, rooms=rooms, seed=seed)
    f.plan_approved(sitting)
    return arrangement


def serve(sitting, *examiners, leader=None, role="examiner"):
    """Name `examiners` (people.Examiner rows) on `sitting`'s staffing plan as 考评员 (or
    another `role`), `leader` the panel's leader: the people who served it (PEOPLE-11)."""
    from skillcert.arrangement.models import SittingStaffing, StaffAssignment

    plan, _ = SittingStaffing.objects.get_or_create(
        sitting=sitting, defaults={"institution_id": sitting.institution_id, "seed": 1}
    )
    examiner_role = role == StaffAssignment.EXAMINER
    for e in examiners:
        StaffAssignment.objects.create(
            plan=plan,
            person=e.person,
            role=role,
            occupation_id=sitting.occupation_id if examiner_role else None,
            level=sitting.level if examiner_role else None,
            leader=e is leader,
        )
    return plan


def dated_sitting(institution, theory_on, practical_on=None):
    """A sitting of the factory's scope on these days (the practical day set directly: a test
    world, not an ARR-10 change)."""
    from skillcert.plans.models import Sitting
    from tests import factories as f

    sitting = f.sitting(institution, theory_on=theory_on)
    if practical_on:
        Sitting.objects.filter(pk=sitting.pk).update(practical_on=practical_on)
        sitting.refresh_from_db()
    return sitting
