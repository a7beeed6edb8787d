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
