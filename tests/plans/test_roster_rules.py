"""Issue 16 item 4: the roster import makes the registration checks `/apply/` makes.

PLAN-09 (revoked certificate bars 2 years), VIOL-04 (barred until graduation), PLAN-06
(previous certificate for a higher level), PLAN-10 (graduating school year): banned and
ineligible rows are reported with row number and reason and nothing of them is approved,
through the page's service and through the API alike.
"""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from skillcert.certificates.services import certificate_void
from skillcert.people.services import person_get_or_create
from skillcert.plans.models import Registration, RosterImport
from skillcert.plans.registration.bans import ban_add
from skillcert.plans.registration.services import registration_findings
from skillcert.plans.roster import services as roster
from tests import factories as f

from .conftest import row, upload, xlsx_bytes


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def banned_file(sitting):
    """Rows: 2 good, 3 revoked certificate (PLAN-09), 4 barred until graduation (VIOL-04),
    5 staff without the previous certificate (PLAN-06), 6 class of 2027 (PLAN-10)."""
    revoked = person_get_or_create(name="吴吊销", id_type="resident", id_number=f.resident_id())
    cert = f.held_certificate(sitting.institution, revoked, level=4)
    certificate_void(actor=None, certificate=cert, reason="以欺骗手段取得，予以撤销")
    cheat = person_get_or_create(name="郑替考", id_type="resident", id_number=f.resident_id())
    ban_add(
        actor=None,
        person=cheat,
        institution=None,
        reason="替考",
        rule="VIOL-04",
        graduation_on=date.today() + timedelta(days=200),
    )
    rows = [
        row("张好", phone="13800138000"),
        row("吴吊销", revoked.id_number),
        row("郑替考", cheat.id_number),
        row("王老师", school="", year="", title="高级职称", title_years="5"),
        row("李早报", year="2027"),
    ]
    return xlsx_bytes(rows), {"revoked": revoked, "cheat": cheat}


def reasons(imp: RosterImport) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list] = {}
    for e in imp.errors:
        out.setdefault(e["row"], []).append((e["rule"], e["reason"]))
    return out


def assert_refused_rows(imp: RosterImport, persons: dict) -> None:
    found = reasons(imp)
    assert sorted(found) == [3, 4, 5, 6]
    assert [rule for rule, _ in found[3]] == ["PLAN-09"]
    assert "以欺骗手段取得" in found[3][0][1] and "被禁止报名至" in found[3][0][1]
    assert [rule for rule, _ in found[4]] == ["VIOL-04"]
    assert "替考" in found[4][0][1] and "毕业" in found[4][0][1]
    assert found[5] == [
        ("PLAN-06", "申报三级/高级工须提供四级/中级工或以上等级证书（系统中未查到该考生的证书）")
    ]
    assert [rule for rule, _ in found[6]] == ["PLAN-10"]
    assert "毕业年份2027年" in found[6][0][1]
    # Nothing of the refused rows is stored, let alone approved; the good row is.
    stored = Registration.objects.filter(roster_import=imp)
    assert [r.person.name for r in stored] == ["张好"]
    assert stored.get().status == Registration.APPROVED
    for person in persons.values():
        assert not Registration.objects.filter(person=person, sitting=imp.sitting).exists()
    assert (imp.ok_rows, imp.error_rows) == (1, 4)


def test_item4_import_reports_banned_and_ineligible_rows_and_approves_none(
    sitting, staff, banned_file
):
    """Issue 16 item 4 (PLAN-09, VIOL-04, PLAN-06, PLAN-10): row number, rule and reason."""
    data, persons = banned_file
    imp = roster.roster_import_create(actor=staff, sitting=sitting, uploaded_file=upload(data))
    assert imp.status == RosterImport.DONE
    assert_refused_rows(imp, persons)


def test_item4_api_upload_refuses_the_same_rows(client, sitting, staff, banned_file):
    """Issue 16 item 4: the API's roster upload runs the same check as the page."""
    data, persons = banned_file
    client.force_login(staff)
    r = client.post(
        f"/api/institutions/{sitting.institution_id}/sittings/{sitting.pk}/roster",
        {"file": upload(data)},
    )
    assert r.status_code == 201, r.content
    assert r.json()["error_rows"] == 4
    assert_refused_rows(RosterImport.objects.get(pk=r.json()["id"]), persons)


def test_item4_apply_refuses_the_same_persons(sitting, banned_file):
    """Issue 16 item 4: `/apply/`'s judgement names the same rules for the same persons."""
    _, persons = banned_file
    for key, rule in (("revoked", "PLAN-09"), ("cheat", "VIOL-04")):
        verdict = registration_findings(
            sitting=sitting, person=persons[key], school_level="bachelor", graduating_year=2025
        )
        assert rule in [x.rule for x in verdict.findings]


def test_item4_ban_and_certificate_checks_are_set_based(sitting, staff):
    """Issue 16 item 4: the ban and certificate checks cost a fixed number of queries per
    chunk, not one per row (the import is bulk on purpose)."""

    def queries(count: int) -> int:
        persons = [
            person_get_or_create(name=f"教师{i}", id_type="resident", id_number=f.resident_id())
            for i in range(count)
        ]
        rows = [
            row(p.name, p.id_number, school="", year="", title="高级职称", title_years="5")
            for p in persons
        ]
        s = f.sitting(sitting.institution, level=3, name=f"批次{count}")
        with CaptureQueriesContext(connection) as ctx:
            roster.roster_import_create(
                actor=staff, sitting=s, uploaded_file=upload(xlsx_bytes(rows))
            )
        return len(ctx.captured_queries)

    assert queries(3) == queries(30)
