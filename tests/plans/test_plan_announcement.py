"""PLAN-02: a sitting's announcement names every required item and is published at least
announcement_lead_days before the sitting's first date; public pages show published ones."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from skillcert.core.audit import audit_verify
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.institutions.models import Membership
from skillcert.plans.models import Announcement
from skillcert.plans.plan.services import announcement_publish, announcement_save
from skillcert.plans.services import sitting_create
from tests import factories as f

FIRST = date(2025, 6, 20)  # the plans `sitting` fixture: theory exam on this day


def texts(**over) -> dict:
    values = {
        "title": "2025年车工（数控车床）三级认定公告",
        "content": "车工国家职业技能标准三级",
        "method": "理论机考+技能实操",
        "registration_place": "实训楼101",
        "registration_period": "2025年4月1日至4月30日",
        "registration_how": "班主任统一报名",
        "conditions": "应届本科、高职毕业生",
        "fees": "按物价部门核定标准收取",
        "subjects": "理论知识、操作技能",
        "times_places": "2025年6月20日 实训楼",
    }
    values.update(over)
    return values


def test_plan02_announcement_states_every_required_item(sitting):
    with pytest.raises(DomainError) as err:
        announcement_save(actor=None, sitting=sitting, **texts(fees="  "))
    assert (err.value.rule, err.value.field) == ("PLAN-02", "fees")
    assert not Announcement.objects.exists()
    a = announcement_save(actor=None, sitting=sitting, **texts())
    assert a.status == Announcement.DRAFT and a.institution_id == sitting.institution_id
    announcement_save(actor=None, sitting=sitting, **texts(fees="200元"))
    a.refresh_from_db()
    assert a.fees == "200元"
    assert list(
        AuditEntry.objects.filter(object_type="plans.announcement").values_list("action", flat=True)
    ) == ["announcement.create", "announcement.edit"]


def test_plan02_published_only_lead_days_before_the_first_date(sitting):
    a = announcement_save(actor=None, sitting=sitting, **texts())
    with pytest.raises(DomainError) as err:  # 60 days before: one day too late
        announcement_publish(actor=None, announcement=a, today=FIRST - timedelta(days=60))
    assert (err.value.rule, err.value.code) == ("PLAN-02", "announcement_too_late")
    assert "2025-04-20" in err.value.message  # the last day it could have been published
    a.refresh_from_db()
    assert a.status == Announcement.DRAFT
    announcement_publish(actor=None, announcement=a, today=FIRST - timedelta(days=61))
    a.refresh_from_db()
    assert a.status == Announcement.PUBLISHED and a.published_at is not None
    entry = AuditEntry.objects.get(action="announcement.publish")
    assert entry.after["first_day"] == "2025-06-20" and entry.after["lead_days"] == 61
    assert audit_verify().ok
    with pytest.raises(DomainError):
        announcement_publish(actor=None, announcement=a, today=FIRST - timedelta(days=90))


def test_plan02_lead_time_is_a_setting_and_counts_from_the_earliest_date(institution, settings):
    sitting = sitting_create(
        actor=None,
        institution=institution,
        name="技能先考",
        occupation=f.occupation(),
        job_type=f.job_type("数控车床"),
        level=3,
        mode="exam",
        theory_on=date(2025, 7, 1),
        practical_on=FIRST,  # the practical comes first
    )
    a = announcement_save(actor=None, sitting=sitting, **texts())
    with pytest.raises(DomainError):  # 70 days before 1 Jul but only 60 before 20 Jun
        announcement_publish(actor=None, announcement=a, today=FIRST - timedelta(days=60))
    settings.SKILLCERT_RULES = {"announcement_lead_days": 30}
    announcement_publish(actor=None, announcement=a, today=FIRST - timedelta(days=60))


def test_plan02_no_date_no_publication(institution):
    sitting = sitting_create(
        actor=None,
        institution=institution,
        name="待定",
        occupation=f.occupation(),
        job_type=None,
        level=5,
        mode="exam",
    )
    a = announcement_save(actor=None, sitting=sitting, **texts())
    with pytest.raises(DomainError) as err:
        announcement_publish(actor=None, announcement=a, today=date(2025, 1, 1))
    assert err.value.code == "announcement_no_date"


# --- public pages and JSON -------------------------------------------------------------------


def published(sitting, **over) -> Announcement:
    a = announcement_save(actor=None, sitting=sitting, **texts(**over))
    return announcement_publish(actor=None, announcement=a, today=date(2025, 1, 2))


def test_plan02_public_pages_show_only_published_announcements(client, institution, sitting):
    a = published(sitting)
    draft_sitting = f.sitting(institution, level=4)
    draft = announcement_save(actor=None, sitting=draft_sitting, **texts(title="草稿公告"))
    resp = client.get("/announcements/")  # anonymous
    html = resp.content.decode()
    assert resp.status_code == 200
    assert texts()["title"] in html and "草稿公告" not in html
    page = client.get(f"/announcements/{a.pk}/").content.decode()
    for value in texts().values():
        assert value in page
    assert "三级/高级工" in page
    assert client.get(f"/announcements/{draft.pk}/").status_code == 404
    assert client.get("/announcements/999999/").status_code == 404
    data = client.get("/api/announcements").json()
    assert [x["id"] for x in data] == [a.pk]
    assert data[0]["fees"] == texts()["fees"] and data[0]["url"] == f"/announcements/{a.pk}/"


# --- editor ----------------------------------------------------------------------------------


@pytest.fixture
def future_sitting(institution):
    """A sitting 90 days from today (the editor publishes with today's date)."""
    day = timezone.localdate() + timedelta(days=90)
    institution.filed_on = timezone.localdate() - timedelta(days=30)
    institution.save(update_fields=["filed_on"])
    return sitting_create(
        actor=None,
        institution=institution,
        name="下一批",
        occupation=f.occupation(),
        job_type=f.job_type("数控车床"),
        level=3,
        mode="exam",
        theory_on=day,
    )


def test_plan02_editor_saves_and_publishes(client, institution, staff, future_sitting):
    client.force_login(staff)
    url = f"/i/{institution.pk}/sittings/{future_sitting.pk}/announcement/"
    assert client.get(url).status_code == 200
    resp = client.post(url, texts(fees=""))
    assert resp.status_code == 200 and not Announcement.objects.exists()
    assert client.post(url, texts()).status_code == 302
    a = Announcement.objects.get(sitting=future_sitting)
    resp = client.post(f"{url}publish/", follow=True)
    a.refresh_from_db()
    assert a.status == Announcement.PUBLISHED
    assert "公告已发布" in resp.content.decode()
    assert client.get(f"/announcements/{a.pk}/").status_code == 200


def test_plan02_editor_refuses_late_publication_with_the_rule(client, institution, staff, sitting):
    client.force_login(staff)
    url = f"/i/{institution.pk}/sittings/{sitting.pk}/announcement/"
    client.post(url, texts())
    resp = client.post(f"{url}publish/", follow=True)
    assert "前至少61天发布" in resp.content.decode()
    assert Announcement.objects.get().status == Announcement.DRAFT


def test_plan02_editor_tenancy(client, institution, outsider, sitting):
    url = f"/i/{institution.pk}/sittings/{sitting.pk}/announcement/"
    assert client.get(url).status_code == 302  # login first
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, texts()).status_code == 404
    client.force_login(f.member(institution, role=Membership.SUPERVISOR))
    assert client.get(url).status_code == 200
    assert client.post(url, texts()).status_code == 403
    assert client.post(f"{url}publish/").status_code == 403
    assert not Announcement.objects.exists()
