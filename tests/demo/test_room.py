"""The demo has a filled room record for its panel's sitting (REC-10), and kaowu's pledge."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from skillcert.demo.data import user
from skillcert.records.models import Pledge, RoomRecord, RoomViolation

pytestmark = pytest.mark.django_db


def test_rec_10_demo_room_record_is_filled_and_shown(client):
    call_command("seed_demo")
    record = RoomRecord.objects.get()
    counts = record.counts()
    assert counts["absent"] == 1 and counts["pending"] == 0 and counts["present"] >= 1
    assert RoomViolation.objects.filter(record=record).count() == 1 and record.incidents
    assert Pledge.objects.filter(user__username="kaowu").exists()
    call_command("seed_demo")  # idempotent
    assert RoomRecord.objects.count() == 1
    client.force_login(user("kaowu"))
    url = reverse("room_record", args=[record.institution_id, record.sitting_id, record.pk])
    page = client.get(url)
    assert page.status_code == 200 and "缺考" in page.content.decode()
