"""API of violations: bounded inputs, rules as 400s, roles 403, tenancy 404 (VIOL-01..06)."""

import pytest

from skillcert.violations.models import CorrectionNotice, Violation
from tests import factories as f

from .helpers import issued, record, scored

pytestmark = pytest.mark.django_db


def _body(reg, category="v01_other", **extra):
    return {
        "registration_id": reg.pk,
        "category": category,
        "subject": "theory",
        "occurred_at": "2025-06-01T09:40:00+08:00",
        "notes": "当场制止",
        **extra,
    }


def _url(sitting, tail=""):
    return f"/api/institutions/{sitting.institution_id}/sittings/{sitting.pk}/violations{tail}"


def test_api_records_and_confirms_viol02(client, sitting, manager):
    reg = scored(sitting)[0]
    client.force_login(manager)
    created = client.post(_url(sitting), _body(reg, "v02_copy"), content_type="application/json")
    assert created.status_code == 201, created.content
    vid = created.json()["id"]
    assert created.json()["rule"] == "VIOL-02" and created.json()["status"] == "recorded"
    iid = sitting.institution_id
    client.force_login(f.colleague(manager))  # four eyes (VIOL-05): the recorder never confirms
    done = client.post(
        f"/api/institutions/{iid}/violations/{vid}/confirm", {}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["status"] == "confirmed"
    listing = client.get(_url(sitting)).json()
    assert [x["id"] for x in listing] == [vid]


def test_api_ring_only_is_a_400_with_the_rule(client, sitting, manager):
    reg = scored(sitting)[0]
    client.force_login(manager)
    r = client.post(_url(sitting), _body(reg, "v06_rang_only"), content_type="application/json")
    assert r.status_code == 400 and r.json()["detail"]["rule"] == "VIOL-06"
    assert not Violation.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"notes": "x" * 2001},
        {"category": "v" * 25},
        {"registration_id": 0},
        {"registration_id": 2**40},
        {"occurred_at": "昨天"},
    ],
)
def test_api_bounded_inputs_are_422(client, sitting, manager, change):
    """VIOL-01: oversized or malformed inputs are refused before any write."""
    reg = scored(sitting)[0]
    client.force_login(manager)
    r = client.post(_url(sitting), {**_body(reg), **change}, content_type="application/json")
    assert r.status_code == 422
    assert not Violation.objects.exists()


def test_api_registration_of_another_sitting_is_refused(client, sitting, manager, institution):
    """VIOL-01: the candidate must belong to the sitting in the path."""
    from tests import factories as f

    other = f.sitting(institution, level=3, name="另一批次")
    reg = scored(other)[0]
    client.force_login(manager)
    r = client.post(_url(sitting), _body(reg), content_type="application/json")
    assert r.status_code == 400 and not Violation.objects.exists()


def test_api_examiner_cannot_confirm_and_outsider_gets_404(
    client, sitting, manager, examiner, outsider
):
    """VIOL-01..06: confirmation is for managers (403); other institutions get 404."""
    v = record(manager, scored(sitting)[0], "v01_other", "theory")
    iid = sitting.institution_id
    client.force_login(examiner)
    url = f"/api/institutions/{iid}/violations/{v.pk}/confirm"
    assert client.post(url, {}, content_type="application/json").status_code == 403
    client.force_login(outsider)
    assert client.post(url, {}, content_type="application/json").status_code == 404
    assert client.get(_url(sitting)).status_code == 404
    assert client.get(f"/api/institutions/{iid}/violations/{v.pk}").status_code == 404
    assert client.get(f"/api/institutions/{iid}/violation-corrections").status_code == 404
    assert Violation.objects.get().status == Violation.RECORDED


def test_api_corrections_list_and_mark_sent(client, sitting, manager):
    """VIOL-05: a report picks up unsent correction notices and marks them sent."""
    cert = issued(sitting, 1)[0]
    v = record(manager, cert.registration, "v03_device")
    client.force_login(manager)
    iid = sitting.institution_id
    client.post(f"/api/institutions/{iid}/violations/{v.pk}/confirm", {}, "application/json")
    items = client.get(f"/api/institutions/{iid}/violation-corrections").json()["items"]
    assert [x["certificate_number"] for x in items] == [cert.number] and not items[0]["sent"]
    r = client.post(
        f"/api/institutions/{iid}/violation-corrections/sent",
        {"ids": [items[0]["id"]]},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()[0]["sent"] is True
    assert CorrectionNotice.objects.get().sent
