"""Pages and API of results and appeals: candidate portal (SCORE-04), staff actions, tenancy
(another institution's data is a 404), bounded API input."""

from datetime import date
from decimal import Decimal

import pytest

from skillcert.scoring.models import Appeal, ResultNotice, ResultPublication
from skillcert.scoring.services import ScoreInput, appeal_create, results_notify, results_set
from tests import factories as f

from .conftest import register

D = Decimal


@pytest.fixture
def scored(make_sitting, person, candidate_of):
    s = make_sitting(date(2026, 6, 1), date(2026, 6, 2))
    p = person("张小三", 551)
    reg = register(s, p)
    results_set(actor=None, sitting=s, items=[ScoreInput(reg.pk, D("72.5"), D(58))])
    return s, reg, candidate_of(p)


def test_score_04_portal_hides_results_until_the_notice(client, scored):
    s, reg, user = scored
    client.force_login(user)
    page = client.get("/").content.decode()
    assert "成绩尚未公布" in page and "72.5" not in page
    results_notify(actor=None, sitting=s)
    page = client.get("/").content.decode()
    assert "成绩尚未公布" not in page and "72.5" in page and "不合格" in page
    assert "不低于60分" in page  # the basis: the pass mark (SCORE-01)


def test_score_04_staff_notify_and_publish_from_the_results_page(client, staff, scored):
    s, _, _ = scored
    client.force_login(staff)
    base = f"/i/{s.institution_id}/sittings/{s.pk}/results/"
    page = client.get(base).content.decode()
    assert "2026-06-17" in page  # notify-by date
    assert client.post(base + "notify/").status_code == 302
    assert ResultNotice.objects.filter(sitting=s).exists()
    assert client.post(base + "publish/").status_code == 302
    assert ResultPublication.objects.filter(sitting=s).exists()
    assert "公示中" in client.get(base).content.decode()


def test_score_06_publish_refusal_is_a_message_not_an_error(client, staff, scored, person):
    s, _, _ = scored
    register(s, person("王五", 552))
    client.force_login(staff)
    base = f"/i/{s.institution_id}/sittings/{s.pk}/results/"
    resp = client.post(base + "notify/", follow=True)
    assert "1名考生成绩不完整" in resp.content.decode().replace("还有", "")
    assert not ResultNotice.objects.exists()


def test_readers_cannot_notify_or_publish(client, institution, scored):
    s, _, _ = scored
    client.force_login(f.member(institution, role="supervisor"))
    base = f"/i/{s.institution_id}/sittings/{s.pk}/results/"
    assert client.get(base).status_code == 200
    assert client.post(base + "notify/").status_code == 403
    assert not ResultNotice.objects.exists()


def test_outsiders_get_404_on_results_and_appeals(client, outsider, scored, staff):
    s, reg, user = scored
    results_notify(actor=None, sitting=s)
    appeal = appeal_create(actor=user, registration=reg, subject="practical", reason="x")
    client.force_login(outsider)
    base = f"/i/{s.institution_id}/sittings/{s.pk}/results/"
    for path in (
        base,
        f"/i/{s.institution_id}/appeals/",
        f"/i/{s.institution_id}/appeals/{appeal.pk}/",
    ):
        assert client.get(path).status_code == 404, path
    for path in (base + "notify/", base + "publish/", base + "carry/"):
        assert client.post(path).status_code == 404, path
    resp = client.post(
        f"/i/{s.institution_id}/appeals/{appeal.pk}/", {"outcome": "upheld", "note": "x"}
    )
    assert resp.status_code == 404
    # an appeal of institution A is a 404 under institution B even for B's own staff
    own = f"/i/{outsider.memberships.first().institution_id}/appeals/{appeal.pk}/"
    assert client.get(own).status_code == 404
    api = client.get(f"/api/institutions/{s.institution_id}/sittings/{s.pk}/publication")
    assert api.status_code == 404
    assert client.get(f"/api/institutions/{s.institution_id}/appeals").status_code == 404
    assert Appeal.objects.get().status == "pending"


def test_score_05_a_candidate_cannot_appeal_for_someone_else(client, scored, person, candidate_of):
    s, reg, _ = scored
    other = candidate_of(person("李四", 553))
    client.force_login(other)
    assert client.get(f"/me/registrations/{reg.pk}/appeal/").status_code == 404
    resp = client.post(
        "/api/me/appeals",
        {"registration_id": reg.pk, "subject": "practical", "reason": "x"},
        content_type="application/json",
    )
    assert resp.status_code == 404 and not Appeal.objects.exists()


def test_score_05_api_create_list_and_bounds(client, scored):
    s, reg, user = scored
    client.force_login(user)
    body = {"registration_id": reg.pk, "subject": "practical", "reason": "请复核"}
    resp = client.post("/api/me/appeals", body, content_type="application/json")
    assert resp.status_code == 400 and resp.json()["detail"]["code"] == "appeal_no_result"
    results_notify(actor=None, sitting=s)
    resp = client.post("/api/me/appeals", body, content_type="application/json")
    assert resp.status_code == 201 and resp.json()["due_state"] in ("open", "due")
    assert [a["subject"] for a in client.get("/api/me/appeals").json()] == ["practical"]
    for bad in (
        {**body, "reason": "x" * 501},
        {**body, "subject": "both"},
        {**body, "registration_id": 2**40},
    ):
        assert (
            client.post("/api/me/appeals", bad, content_type="application/json").status_code == 422
        )


def test_score_04_api_publication_status(client, staff, scored):
    s, _, _ = scored
    client.force_login(staff)
    url = f"/api/institutions/{s.institution_id}/sittings/{s.pk}/publication"
    data = client.get(url).json()
    assert data["notify_by"] == "2026-06-17" and data["notice_state"] == "missed"
    assert data["complete"] is True and data["published_at"] is None
    results_notify(actor=None, sitting=s)
    assert client.get(url).json()["notice_state"] == "done"
    assert client.get(f"/api/institutions/{s.institution_id}/appeals").status_code == 200


def test_score_02_api_results_show_the_carry(client, staff, make_sitting, person):
    a = make_sitting(date(2025, 6, 1), date(2025, 6, 2))
    p = person("赵六", 554)
    results_set(actor=None, sitting=a, items=[ScoreInput(register(a, p).pk, D(75), D(50))])
    b = make_sitting(date(2025, 12, 1), date(2025, 12, 2))
    reg = register(b, p)
    f.on_plan(b, staff)  # item 28
    client.force_login(staff)
    url = f"/api/institutions/{b.institution_id}/sittings/{b.pk}/results"
    body = {"results": [{"registration_id": reg.pk, "practical_score": "66"}]}
    rows = client.put(url, body, content_type="application/json").json()
    assert rows[0]["carried_subject"] == "theory" and rows[0]["carried_on"] == "2025-06-01"
    assert rows[0]["passed"] is True
    # a GET-then-PUT round trip keeps the carry
    body = {
        "results": [{k: rows[0][k] for k in ("registration_id", "theory_score", "practical_score")}]
    }
    rows = client.put(url, body, content_type="application/json").json()
    assert rows[0]["carried_subject"] == "theory"


def test_score_02_portal_shows_the_carried_subject(client, make_sitting, person, candidate_of):
    a = make_sitting(date(2025, 6, 1), date(2025, 6, 2))
    p = person("孙七", 555)
    results_set(actor=None, sitting=a, items=[ScoreInput(register(a, p).pk, D(75), D(50))])
    b = make_sitting(date(2025, 12, 1), date(2025, 12, 2))
    reg = register(b, p)
    results_set(actor=None, sitting=b, items=[ScoreInput(reg.pk, None, D(66))])
    results_notify(actor=None, sitting=b)
    client.force_login(candidate_of(p))
    page = client.get("/").content.decode()
    assert "沿用2025-06-01成绩 75.0" in page and "合格" in page
