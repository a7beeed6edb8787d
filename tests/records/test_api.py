"""REC-10 / EXAM-11 through the API: the proctor starts, fills and seals the room record; a
count that does not add up is a 400 naming the rule; an outsider a 404."""

import pytest
from django.utils import timezone

from skillcert.violations.models import Violation
from tests import factories as f

from .helpers import seated

pytestmark = pytest.mark.django_db


def test_rec_10_api_room_record_from_start_to_seal(client, institution, sitting, enrol, outsider):
    seats, proctor = seated(institution, sitting, enrol, 2)
    base = f"/api/institutions/{institution.pk}/sittings/{sitting.pk}"
    client.force_login(outsider)
    assert client.get(base + "/room-records").status_code == 404
    client.force_login(proctor)
    r = client.post(base + "/room-records", {"room_id": seats[0].room_id}, "application/json")
    assert r.status_code == 201, r.content
    record = r.json()
    url = f"{base}/room-records/{record['id']}"
    a, b = record["attendance"]
    client.post(
        url + "/attendance", {"attendance_id": a["id"], "status": "present"}, "application/json"
    )
    r = client.post(
        url + "/attendance", {"attendance_id": b["id"], "status": "absent"}, "application/json"
    )
    assert r.json()["counts"] == {"pending": 0, "present": 1, "absent": 1, "late": 0}
    payload = {
        "attendance_id": b["id"],
        "category": "v01_other",
        "subject": "theory",
        "occurred_at": timezone.now().isoformat(),
        "notes": "交头接耳",
        "candidate_signed": True,
    }
    r = client.post(url + "/violations", payload, "application/json")
    assert r.status_code == 400 and r.json()["detail"]["rule"] == "REC-10"
    r = client.post(url + "/violations", payload | {"attendance_id": a["id"]}, "application/json")
    assert r.status_code == 201 and Violation.objects.count() == 1
    r = client.post(url + "/seal", {"papers_collected": 2, "seal_number": "F1"}, "application/json")
    assert r.status_code == 400 and r.json()["detail"]["code"] == "count_mismatch"
    r = client.post(url + "/seal", {"papers_collected": 1, "seal_number": "F1"}, "application/json")
    assert r.status_code == 200 and r.json()["status"] == "sealed"


def test_exam_11_api_return_register_counts_must_add_up(client, institution, sitting, enrol):
    seats, proctor = seated(institution, sitting, enrol, 1)
    url = f"/api/institutions/{institution.pk}/sittings/{sitting.pk}/return-registers"
    counts = {f"{k}_{n}": 1 for k in ("papers", "cards") for n in ("used", "spare", "blank")}
    body = {"room_id": seats[0].room_id, "seal_number": "S1", "papers_issued": 3, "cards_issued": 4}
    client.force_login(proctor)
    r = client.post(url, body | counts, "application/json")
    assert r.status_code == 400 and r.json()["detail"]["rule"] == "EXAM-11"
    r = client.post(url, body | counts | {"cards_issued": 3}, "application/json")
    assert r.status_code == 201
    client.force_login(f.member(institution, role="supervisor"))
    assert client.get(url).status_code == 403
