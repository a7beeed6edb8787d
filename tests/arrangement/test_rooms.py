"""ARR-01: rooms — one per desk, at most 30 in a theory room, desks >= 80 cm apart."""

import pytest
from django.test import override_settings

from skillcert.arrangement import services
from skillcert.arrangement.models import Room
from skillcert.core.errors import DomainError
from skillcert.institutions.models import Membership
from tests import factories as f

from .helpers import theory_rooms, venue


def _theory(v, **kw):
    data = {"number": 1, "name": "101", "kind": "theory", "rows": 5, "columns": 6}
    data["desk_spacing_cm"] = 80
    data.update(kw)
    return services.room_create(actor=None, venue=v, **data)


def test_theory_room_of_30_at_80cm_is_accepted_ARR_01(institution):
    room = _theory(venue(institution))
    assert room.capacity == 30 and room.position(7) == (2, 1)


def test_theory_room_over_30_is_refused_ARR_01(institution):
    with pytest.raises(DomainError) as exc:
        _theory(venue(institution), rows=6, columns=6)
    assert exc.value.rule == "ARR-01" and "不得超过30人" in exc.value.message
    assert not Room.objects.exists()


def test_desks_closer_than_80cm_are_refused_ARR_01(institution):
    with pytest.raises(DomainError) as exc:
        _theory(venue(institution), desk_spacing_cm=79)
    assert exc.value.rule == "ARR-01" and exc.value.field == "desk_spacing_cm"


@override_settings(SKILLCERT_RULES={"room_capacity": 24, "desk_spacing_cm": 100})
def test_room_limits_follow_the_rule_settings_ARR_01(institution):
    v = venue(institution)
    with pytest.raises(DomainError, match="不得超过24人"):
        _theory(v, desk_spacing_cm=120)
    with pytest.raises(DomainError, match="不得小于100厘米"):
        _theory(v, rows=4, desk_spacing_cm=90)
    assert _theory(v, rows=4, desk_spacing_cm=100).capacity == 24


def test_practical_room_needs_occupation_and_stations_ARR_01(institution):
    v = venue(institution)
    with pytest.raises(DomainError) as exc:
        services.room_create(
            actor=None, venue=v, number=5, name="实训车间", kind="practical", stations=12, columns=4
        )
    assert exc.value.field == "occupation" and exc.value.rule == "ARR-01"
    room = services.room_create(
        actor=None,
        venue=v,
        number=5,
        name="实训车间",
        kind="practical",
        stations=12,
        columns=4,
        occupation=f.occupation(),
    )
    computer = services.room_create(
        actor=None, venue=v, number=6, name="机房", kind="computer", machines=40, columns=8
    )
    assert room.capacity == 12 and room.grid_rows == 3 and computer.capacity == 40


def test_room_numbers_are_unique_in_the_institution_ARR_02(institution):
    v = venue(institution)
    theory_rooms(v, 1)
    with pytest.raises(DomainError) as exc:
        theory_rooms(v, 1)
    assert exc.value.code == "room_number_taken"


def test_venue_pages_crud_and_refusal_message_ARR_01(client, staff, institution):
    client.force_login(staff)
    base = f"/i/{institution.pk}/venues/"
    resp = client.post(base, {"name": "东校区", "address": "文化路1号"})
    v = institution.venues.get()
    assert resp.status_code == 302 and v.name == "东校区"
    resp = client.post(
        f"{base}{v.pk}/rooms/new/",
        {
            "number": 1,
            "name": "A101",
            "kind": "theory",
            "rows": 6,
            "columns": 6,
            "desk_spacing_cm": 80,
        },
    )
    assert resp.status_code == 200 and "不得超过30人" in resp.content.decode()
    resp = client.post(
        f"{base}{v.pk}/rooms/new/",
        {
            "number": 1,
            "name": "A101",
            "kind": "theory",
            "rows": 5,
            "columns": 6,
            "desk_spacing_cm": 80,
        },
    )
    room = Room.objects.get()
    assert resp.status_code == 302
    page = client.get(f"{base}{v.pk}/").content.decode()
    assert "A101" in page and "5排×6座" in page
    resp = client.post(
        f"{base}rooms/{room.pk}/",
        {
            "number": 2,
            "name": "A102",
            "kind": "theory",
            "rows": 4,
            "columns": 6,
            "desk_spacing_cm": 85,
        },
    )
    room.refresh_from_db()
    assert resp.status_code == 302 and room.name == "A102" and room.capacity == 24
    client.post(f"{base}rooms/{room.pk}/delete/")
    assert not Room.objects.exists()
    client.post(f"{base}{v.pk}/edit/", {"name": "东校区考点", "address": ""})
    v.refresh_from_db()
    assert v.name == "东校区考点"
    client.post(f"{base}{v.pk}/delete/")
    assert not institution.venues.exists()


def test_venue_pages_tenancy_404_outsider_403_reader(client, institution, outsider):
    v = venue(institution)
    client.force_login(outsider)
    assert client.get(f"/i/{institution.pk}/venues/").status_code == 404
    assert client.get(f"/i/{institution.pk}/venues/{v.pk}/").status_code == 404
    reader = f.member(institution, Membership.SUPERVISOR)
    client.force_login(reader)
    assert client.get(f"/i/{institution.pk}/venues/{v.pk}/").status_code == 200
    assert client.post(f"/i/{institution.pk}/venues/", {"name": "x"}).status_code == 403
    assert client.get(f"/i/{institution.pk}/venues/{v.pk}/rooms/new/").status_code == 403
