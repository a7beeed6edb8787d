"""Issue 16 item 7 (INST-04, INST-09): an expired or suspended filing leaves the public
directory (page and API) and can no longer run sittings: create, publish, register, import."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from skillcert.core.errors import DomainError
from skillcert.institutions.models import Institution
from skillcert.institutions.selectors import directory, filing_valid
from skillcert.plans.models import Announcement, Registration, RosterImport
from skillcert.plans.plan.services import announcement_publish
from skillcert.plans.registration.services import registration_findings
from skillcert.plans.roster import services as roster
from tests import factories as f
from tests.plans.conftest import row, upload, xlsx_bytes

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def valid():
    return f.filed_institution("有效备案学院", filed_on=TODAY - timedelta(days=30))


@pytest.fixture
def expired():
    # INST-04: filed three years and a day ago, so its filing ended yesterday.
    return f.filed_institution("过期备案学院", filed_on=TODAY - timedelta(days=3 * 366))


@pytest.fixture
def suspended():
    i = f.filed_institution("暂停备案学院", filed_on=TODAY - timedelta(days=30))
    Institution.objects.filter(pk=i.pk).update(status=Institution.SUSPENDED)
    return Institution.objects.get(pk=i.pk)


def test_item7_filing_valid_is_three_years_and_not_suspended(valid, expired, suspended):
    """INST-04 / INST-09: the one selector: valid inside 3 years, filed, not suspended."""
    assert filing_valid(valid, on=TODAY)
    assert not filing_valid(expired, on=TODAY)
    assert filing_valid(expired, on=TODAY - timedelta(days=30))  # it was valid then
    assert not filing_valid(suspended, on=TODAY)
    assert list(directory()) == [valid]


def test_item7_directory_filter_agrees_with_the_selector_on_29_february():
    """INST-04: a filing of 29 Feb 2024 ends on 28 Feb 2027, in the list as on the model."""
    leap = f.filed_institution("闰日学院", filed_on=date(2024, 2, 29))
    for day in (date(2027, 2, 27), date(2027, 2, 28), date(2027, 3, 1)):
        assert (leap in directory(on=day)) == filing_valid(leap, on=day), day
    assert leap in directory(on=date(2027, 2, 27)) and leap not in directory(on=date(2027, 2, 28))


def test_item7_directory_page_and_api_list_only_valid_filings(client, valid, expired, suspended):
    """INST-04 / INST-09: the public page and the public API agree."""
    html = client.get("/directory/").content.decode()
    assert valid.name in html
    assert expired.name not in html and suspended.name not in html
    r = client.get("/api/directory")
    assert r.status_code == 200
    assert [e["name"] for e in r.json()] == [valid.name]


def test_item7_no_sitting_for_an_expired_or_suspended_filing(expired, suspended):
    """INST-04 / INST-09: sitting creation refuses, naming the rule."""
    for institution, rule in ((expired, "INST-04"), (suspended, "INST-09")):
        with pytest.raises(DomainError) as exc:
            f.sitting(institution, level=4, theory_on=TODAY + timedelta(days=90))
        assert exc.value.rule == rule and institution.name in exc.value.message


def _announced(institution):
    from skillcert.plans.plan.services import announcement_save

    sitting = f.sitting(institution, level=4, theory_on=TODAY + timedelta(days=90))
    fields = {
        k: "内容"
        for k in (
            "title",
            "content",
            "method",
            "registration_place",
            "registration_period",
            "registration_how",
            "conditions",
            "fees",
            "subjects",
            "times_places",
        )
    }
    return sitting, announcement_save(actor=None, sitting=sitting, **fields)


def test_item7_suspension_stops_publishing_registering_and_importing():
    """INST-09: a sitting made while filed cannot be published, applied to or imported into
    once the filing is suspended; nothing is changed."""
    institution = f.filed_institution("后被暂停学院", filed_on=TODAY - timedelta(days=30))
    sitting, announcement = _announced(institution)
    Institution.objects.filter(pk=institution.pk).update(status=Institution.SUSPENDED)
    sitting.institution.refresh_from_db()
    announcement.sitting.institution.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        announcement_publish(actor=None, announcement=announcement, today=TODAY)
    assert exc.value.rule == "INST-09"
    assert Announcement.objects.get(pk=announcement.pk).status == Announcement.DRAFT
    verdict = registration_findings(
        sitting=sitting, person=None, school_level="bachelor", graduating_year=TODAY.year
    )
    assert "INST-09" in [x.rule for x in verdict.findings]
    with pytest.raises(DomainError) as exc:
        roster.roster_import_create(
            actor=None, sitting=sitting, uploaded_file=upload(xlsx_bytes([row("张三")]))
        )
    assert exc.value.rule == "INST-09"
    assert not RosterImport.objects.exists() and not Registration.objects.exists()
