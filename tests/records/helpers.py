"""Shared objects of the records tests (incidents, video, complaints, supervision report)."""

from datetime import datetime

from django.utils import timezone

from skillcert.arrangement.models import Room, Venue
from tests import factories as f


def at(y, m, d, hh=9, mm=0) -> datetime:
    return timezone.make_aware(datetime(y, m, d, hh, mm))


def room(institution, number: int = 1, kind: str = Room.THEORY, stations: int = 0) -> Room:
    venue, _ = Venue.objects.get_or_create(institution=institution, name="主考点")
    return Room.objects.create(
        institution=institution,
        venue=venue,
        number=number,
        name=f"{number}号考场",
        kind=kind,
        rows=5,
        columns=6,
        stations=stations,
    )


def supervisors(sitting, n: int = 3) -> list:
    """n users named internal quality supervisors on the sitting's staffing plan."""
    users = []
    for i in range(n):
        u = f.member(sitting.institution, role="supervisor")
        f.on_plan(sitting, u, role="internal_supervisor", seq=800 + i + u.pk % 50)
        users.append(u)
    return users
