"""INST-10 annual inspection against published items, reported upward (.xlsx); the
authority's external supervisors of a sitting."""

import io

import openpyxl
import pytest
from django.urls import reverse

from skillcert.core.errors import DomainError
from skillcert.supervision import selectors, services
from tests import factories as f

from .helpers import authority_with_inspectors


@pytest.fixture
def setup(db):
    user, authority = authority_with_inspectors(2)
    inst = f.filed_institution("年检学院")
    for code, title, points in (("1", "制度建设", 30), ("2", "考务管理", 70)):
        services.annual_item_save(actor=user, year=2026, code=code, title=title, max_points=points)
    return user, authority, inst


def test_inst_10_scores_against_published_items_within_their_points(setup):
    user, authority, inst = setup
    with pytest.raises(DomainError) as exc:
        services.annual_score(
            actor=user, authority=authority, institution=inst, year=2026, scores={"1": 20}
        )
    assert exc.value.code == "annual_missing"
    with pytest.raises(DomainError) as exc:
        services.annual_score(
            actor=user, authority=authority, institution=inst, year=2026, scores={"1": 31, "2": 1}
        )
    assert exc.value.code == "annual_range"
    with pytest.raises(DomainError):
        services.annual_score(
            actor=user, authority=authority, institution=inst, year=2025, scores={}
        )
    row = services.annual_score(
        actor=user, authority=authority, institution=inst, year=2026, scores={"1": 25, "2": 60}
    )
    assert row.total == 85
    again = services.annual_score(
        actor=user, authority=authority, institution=inst, year=2026, scores={"1": 20, "2": 60}
    )
    assert again.pk == row.pk and again.total == 80


def test_inst_10_result_reported_upward_as_xlsx(client, setup):
    user, authority, inst = setup
    services.annual_score(
        actor=user, authority=authority, institution=inst, year=2026, scores={"1": 25, "2": 60}
    )
    client.force_login(f.member(inst))
    assert client.get(reverse("supervision_annual_xlsx", args=[2026])).status_code == 404
    client.force_login(user)
    page = client.post(
        reverse("supervision_annual_score", args=[2026, inst.pk]), {"1": "40", "2": "1"}
    )
    assert page.status_code == 400
    response = client.get(reverse("supervision_annual_xlsx", args=[2026]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0][-1] == "总分" and rows[1][0] == inst.name and rows[1][-1] == 85


def test_external_supervisors_sent_to_a_sitting_of_the_region(client, setup):
    user, authority, inst = setup
    sitting = f.sitting(inst)
    inspector = authority.inspectors.first()
    services.supervisor_send(actor=user, authority=authority, sitting=sitting, inspector=inspector)
    with pytest.raises(DomainError):
        services.supervisor_send(
            actor=user, authority=authority, sitting=sitting, inspector=inspector
        )
    assert [r.inspector for r in selectors.external_supervisors(sitting)] == [inspector]
    far_user, far = authority_with_inspectors(1, region="420000")
    with pytest.raises(DomainError):
        services.supervisor_send(
            actor=far_user, authority=far, sitting=sitting, inspector=far.inspectors.first()
        )
    client.force_login(far_user)
    assert client.get(reverse("supervision_sitting", args=[sitting.pk])).status_code == 404
    client.force_login(user)
    body = client.get(reverse("supervision_sitting", args=[sitting.pk])).content.decode()
    assert inspector.name in body


def test_external_supervisors_shown_on_the_sittings_staffing_page(client, setup):
    """arrangement's staffing page shows them through its hook (supervision answers)."""
    user, authority, inst = setup
    sitting = f.sitting(inst)
    inspector = authority.inspectors.first()
    services.supervisor_send(actor=user, authority=authority, sitting=sitting, inspector=inspector)
    client.force_login(f.member(inst))
    body = client.get(reverse("staffing", args=[inst.pk, sitting.pk])).content.decode()
    assert "人社部门外派督导（1人）" in body and inspector.name in body


def test_inst_10_and_supervisors_api(client, setup):
    user, authority, inst = setup
    sitting = f.sitting(inst)
    client.force_login(f.member(inst))
    assert client.get("/api/supervision/annual/2026/items").status_code == 404
    client.force_login(user)
    item = client.post(
        "/api/supervision/annual/2026/items",
        {"code": "3", "title": "证书管理", "max_points": 10},
        content_type="application/json",
    )
    assert item.status_code == 201
    scores = {"1": 30, "2": 50, "3": 9}
    bad = client.post(
        f"/api/supervision/annual/2026/institutions/{inst.pk}",
        {"scores": {"1": 30}},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["detail"]["rule"] == "INST-10"
    done = client.post(
        f"/api/supervision/annual/2026/institutions/{inst.pk}",
        {"scores": scores},
        content_type="application/json",
    )
    assert done.json()["total"] == 89
    report = client.get("/api/supervision/annual/2026/report")
    assert report.status_code == 200 and report.content[:2] == b"PK"
    inspector = client.post(
        "/api/supervision/inspectors", {"name": "周督导"}, content_type="application/json"
    ).json()
    sent = client.post(
        f"/api/supervision/sittings/{sitting.pk}/supervisors",
        {"inspector_id": inspector["id"]},
        content_type="application/json",
    )
    assert sent.status_code == 201 and sent.json()[0]["name"] == "周督导"
