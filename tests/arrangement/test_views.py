"""Seating pages and JSON API; ARR-09: candidate lists are exam-affairs pages only."""

import json

import pytest

from skillcert.arrangement.models import Seat
from skillcert.institutions.models import Membership
from tests import factories as f
from tests.arrangement.helpers import arrange_approved

from .helpers import set_classes, theory_rooms, venue

DOWNLOADS = ("tickets.pdf", "door.pdf", "door.xlsx", "signin.pdf", "signin.xlsx")


@pytest.fixture
def rooms(institution):
    return theory_rooms(venue(institution), 2)


def test_seating_page_arranges_and_shows_grid_and_rule(
    client, staff, institution, sitting, enrol, rooms
):
    set_classes(enrol(sitting, 31), ["1班", "2班", "3班"])
    client.force_login(staff)
    url = f"/i/{institution.pk}/sittings/{sitting.pk}/seating/"
    page = client.get(url).content.decode()
    assert "年份(2) + 站点序列码(4)" in page and "编排座位" in page
    resp = client.post(url, {"rooms": [r.pk for r in rooms], "seed": "9"}, follow=True)
    page = resp.content.decode()
    assert "已编排31名考生（随机种子9）" in page
    seat = Seat.objects.select_related("registration__person").first()
    assert seat.ticket_number in page and seat.registration.person.name in page
    assert seat.registration.person.id_number not in page
    f.plan_approved(sitting)  # INST-13: tickets print once the authority approved the plan
    for name in DOWNLOADS:
        r = client.get(url + name)
        assert r.status_code == 200, name
        assert r.content[:4] in (b"%PDF", b"PK\x03\x04")


def test_seating_page_shows_capacity_shortfall(client, staff, institution, sitting, enrol, rooms):
    enrol(sitting, 31)
    client.force_login(staff)
    url = f"/i/{institution.pk}/sittings/{sitting.pk}/seating/"
    page = client.post(url, {"rooms": [rooms[0].pk]}, follow=True).content.decode()
    assert "还缺1个座位" in page


@pytest.mark.parametrize("role", [Membership.EXAMINER, Membership.SUPERVISOR])
def test_examiners_cannot_see_candidates_before_the_sitting_ARR_09(
    client, institution, sitting, enrol, rooms, role
):
    enrol(sitting, 5)
    arrange_approved(sitting, rooms, seed=1)
    client.force_login(f.member(institution, role))
    base = f"/i/{institution.pk}/sittings/{sitting.pk}/seating/"
    assert client.get(base).status_code == 403
    for name in DOWNLOADS:
        assert client.get(base + name).status_code == 403, name
    api = f"/api/institutions/{institution.pk}/sittings/{sitting.pk}/seating"
    assert client.get(api).status_code == 403


def test_exam_affairs_staff_see_the_door_list_ARR_09(
    client, staff, institution, sitting, enrol, rooms
):
    enrol(sitting, 5)
    arrange_approved(sitting, rooms, seed=1)
    client.force_login(staff)
    base = f"/i/{institution.pk}/sittings/{sitting.pk}/seating/"
    assert client.get(base + "door.pdf").status_code == 200
    assert client.get(base + "signin.xlsx").status_code == 200


def test_seating_tenancy_outsider_gets_404(client, outsider, institution, sitting, enrol, rooms):
    enrol(sitting, 5)
    arrange_approved(sitting, rooms, seed=1)
    client.force_login(outsider)
    base = f"/i/{institution.pk}/sittings/{sitting.pk}/seating/"
    assert client.get(base).status_code == 404
    assert client.get(base + "tickets.pdf").status_code == 404
    api = f"/api/institutions/{institution.pk}/sittings/{sitting.pk}/seating"
    assert client.get(api).status_code == 404
    assert client.post(api, {"room_ids": [rooms[0].pk]}, "application/json").status_code == 404


def test_api_arranges_and_reads_back(
    client, staff, institution, sitting, enrol, rooms, other_institution
):
    enrol(sitting, 40)
    client.force_login(staff)
    api = f"/api/institutions/{institution.pk}/sittings/{sitting.pk}/seating"
    assert client.get(api).status_code == 404  # not arranged yet
    short = client.post(api, json.dumps({"room_ids": [rooms[0].pk]}), "application/json")
    assert short.status_code == 400
    assert (
        short.json()["detail"]["rule"] == "ARR-01"
        and "还缺10个座位" in short.json()["detail"]["message"]
    )
    foreign = theory_rooms(venue(other_institution), 1, start=50)
    resp = client.post(api, json.dumps({"room_ids": [foreign[0].pk]}), "application/json")
    assert resp.status_code == 404
    resp = client.post(
        api, json.dumps({"room_ids": [r.pk for r in rooms], "seed": 5}), "application/json"
    )
    assert resp.status_code == 201
    body = resp.json()
    assert body["seed"] == 5 and body["candidates"] == 40 and len(body["seats"]) == 40
    assert len({s["ticket_number"] for s in body["seats"]}) == 40
    assert "*" in body["seats"][0]["id_masked"]
    again = client.get(api).json()
    assert again["seats"] == body["seats"]


def test_admin_shows_arrangement_models_read_only(client, institution, sitting, enrol, rooms):
    from django.contrib import admin
    from django.urls import reverse

    from skillcert.arrangement.models import Room, SeatArrangement, Venue

    enrol(sitting, 3)
    arrange_approved(sitting, rooms, seed=1)
    client.force_login(f.user("root", is_superuser=True, is_staff=True))
    for model in (Venue, Room, SeatArrangement, Seat):
        assert admin.site.is_registered(model)
        name = f"admin:arrangement_{model._meta.model_name}"
        assert client.get(reverse(f"{name}_changelist")).status_code == 200, model
        obj = model.objects.first()
        assert client.get(reverse(f"{name}_change", args=[obj.pk])).status_code == 200, model
        assert client.get(reverse(f"{name}_add")).status_code == 403, model
