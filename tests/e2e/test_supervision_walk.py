"""Supervision in Debian's Chromium (issue 11, INST-09): the authority draws at random with a
seed and records a finding, suspends the institution, the directory no longer lists it, and
/verify/ still verifies its certificate."""

import pytest

from skillcert.people.services import person_get_or_create
from tests import factories as f
from tests.e2e.helpers import login
from tests.supervision.helpers import authority_with_inspectors

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_inst_09_draw_finding_suspend_directory_and_verify(live_server, browser):
    authority_user, _ = authority_with_inspectors(3)
    institution = f.filed_institution("抽查示范学院")
    person = person_get_or_create(
        name="李持证", id_type="resident", id_number=f.resident_id(seq=77)
    )
    cert = f.held_certificate(institution, person)
    base = live_server.url

    page = login(browser, base, authority_user.username)
    page.goto(f"{base}/authority/supervision/")
    page.fill("#id_title", "2026年第四季度双随机抽查")
    page.fill("#id_institution_count", "1")
    page.fill("#id_inspector_count", "2")
    page.fill("#id_seed", "walk-2026")
    page.click("#draw-form button[type=submit]")
    page.wait_for_url(f"{base}/authority/supervision/draws/*/")
    assert page.inner_text("#seed") == "walk-2026"
    assert institution.name in page.inner_text("#targets")
    page.select_option("#id_outcome", "serious")
    page.fill("#id_findings", "考评员资格证书过期仍参与考评")
    page.click("#targets button[type=submit]")
    assert "严重问题" in page.inner_text("#targets")
    page.click("button:has-text('公开结果')")
    page.goto(f"{base}/supervision/results/")
    assert "考评员资格证书过期仍参与考评" in page.inner_text("main")

    page.goto(f"{base}/authority/supervision/institutions/{institution.pk}/")
    assert page.inner_text("#credit-score") == "70"
    page.fill("#id_reason", "违背承诺书，暂停备案")
    page.click("button:has-text('暂停备案')")
    assert page.inner_text("#status") == "已暂停"

    page.goto(f"{base}/directory/")
    assert institution.name not in page.inner_text("main")
    page.goto(f"{base}/verify/")
    page.fill("#id_number", cert.number)
    page.fill("#id_name", cert.holder_name)
    page.click("button:has-text('查询')")
    body = page.inner_text("main")
    assert cert.number in body and "有效" in body
