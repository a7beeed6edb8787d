"""SCORE-04 (results to candidates within 15 days of the practical assessment) and SCORE-06
(publication, 公示) of a sitting's results."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.scoring.selectors import notice_state, publication_complete
from skillcert.scoring.services import (
    ScoreInput,
    mask_name,
    notice_due_on,
    results_notify,
    results_publish,
    results_set,
)

from .conftest import at, register

D = Decimal


@pytest.fixture
def scored(make_sitting, person):
    """A sitting (practical 2026-06-02) with 张小三 passed and 李四 failed."""
    s = make_sitting(date(2026, 6, 1), date(2026, 6, 2))
    a, b = register(s, person("张小三", 511)), register(s, person("李四", 512))
    results_set(
        actor=None,
        sitting=s,
        items=[ScoreInput(a.pk, D(80), D(90)), ScoreInput(b.pk, D(40), D(90))],
    )
    return s


def test_score_04_notify_by_is_15_calendar_days_after_the_practical(scored):
    assert notice_due_on(scored) == date(2026, 6, 17)
    assert notice_state(scored, date(2026, 6, 10)).state == "ok"
    near = notice_state(scored, date(2026, 6, 15))
    assert (near.state, near.days_left, near.warning) == ("near", 2, True)
    assert notice_state(scored, date(2026, 6, 17)).state == "near"
    assert notice_state(scored, date(2026, 6, 18)).state == "missed"


def test_score_04_notify_is_refused_while_results_are_incomplete(scored, person):
    register(scored, person("王五", 513))  # approved, no result yet
    with pytest.raises(DomainError) as exc:
        results_notify(actor=None, sitting=scored)
    assert exc.value.code == "results_incomplete" and "王五" in exc.value.message


def test_score_04_notify_records_when_and_if_late_and_is_audited(scored):
    notice = results_notify(actor=None, sitting=scored, now=at(2026, 6, 18))
    assert notice.due_on == date(2026, 6, 17) and notice.late is True
    assert notice_state(scored, date(2026, 6, 20)).state == "done"
    entry = AuditEntry.objects.get(action="result.notify")
    assert entry.after["late"] is True and entry.after["candidates"] == 2
    with pytest.raises(DomainError):
        results_notify(actor=None, sitting=scored)


def test_score_04_results_page_warns_when_the_notice_is_missed(client, staff, make_sitting):
    today = timezone.localdate()
    s = make_sitting(date(2026, 1, 5), date(2026, 1, 6))  # due long before today
    client.force_login(staff)
    page = client.get(f"/i/{s.institution_id}/sittings/{s.pk}/results/").content.decode()
    assert "notice-missed" in page and "2026-01-21" in page
    assert today > date(2026, 1, 21)


def test_score_06_publication_refused_while_results_incomplete(scored, person):
    results_notify(actor=None, sitting=scored, now=at(2026, 6, 10))
    register(scored, person("王五", 513))
    with pytest.raises(DomainError) as exc:
        results_publish(actor=None, sitting=scored, now=at(2026, 6, 11))
    assert exc.value.code == "results_incomplete" and exc.value.rule == "SCORE-06"
    assert not AuditEntry.objects.filter(action="result.publish").exists()


def test_score_06_publication_waits_for_the_candidates_notice(scored):
    with pytest.raises(DomainError) as exc:
        results_publish(actor=None, sitting=scored)
    assert exc.value.code == "not_notified"


def test_score_06_publication_runs_its_working_day_period_and_is_audited(scored):
    results_notify(actor=None, sitting=scored, now=at(2026, 6, 10))
    pub = results_publish(actor=None, sitting=scored, now=at(2026, 6, 12))  # a Friday
    assert pub.period_ends_on == date(2026, 6, 22)  # 5 working days; 6-19 is 端午 holiday
    assert (pub.candidates, pub.passed) == (2, 1)
    assert AuditEntry.objects.get(action="result.publish").after["passed"] == 1
    assert not publication_complete(scored, date(2026, 6, 22))
    assert publication_complete(scored, date(2026, 6, 23))


@pytest.mark.parametrize(
    ("name", "masked"), [("张三", "张*"), ("张小三", "张*三"), ("欧阳小明", "欧**明"), ("李", "李")]
)
def test_score_06_names_are_masked(name, masked):
    assert mask_name(name) == masked


def test_score_06_public_page_lists_the_pass_list_masked_without_scores(
    client, make_sitting, person
):
    today = timezone.localdate()
    s = make_sitting(date(2026, 6, 1), date(2026, 6, 2))
    a = register(s, person("张小三", 521))
    b = register(s, person("李四", 522))
    results_set(
        actor=None,
        sitting=s,
        items=[ScoreInput(a.pk, D("81.5"), D(90)), ScoreInput(b.pk, D(40), D(90))],
    )
    results_notify(actor=None, sitting=s)
    pub = results_publish(actor=None, sitting=s)
    assert pub.period_ends_on > today
    page = client.get(f"/results/{pub.pk}/").content.decode()
    assert "张*三" in page and a.person.id_masked in page
    assert "张小三" not in page and a.person.id_number not in page
    assert "81.5" not in page  # no scores
    assert "李*" not in page  # failing candidates are not published
    assert f"/results/{pub.pk}/" in client.get("/results/").content.decode()


def test_score_06_public_page_hides_names_after_the_period(client, scored):
    results_notify(actor=None, sitting=scored, now=at(2026, 6, 10))
    pub = results_publish(actor=None, sitting=scored, now=at(2026, 6, 12))
    page = client.get(f"/results/{pub.pk}/").content.decode()  # today is after 2026-06-22
    assert "publication-ended" in page and "张*三" not in page
    assert f"/results/{pub.pk}/" not in client.get("/results/").content.decode()
    assert client.get("/results/999999/").status_code == 404
