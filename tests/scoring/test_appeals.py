"""SCORE-05: appeals within 30 days of the notice, answered within 2 working days of receipt;
the outcome goes through the scoring service, is audited and shown to the candidate."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from skillcert.core.audit import audit_verify
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry, Holiday
from skillcert.scoring.models import Appeal, Result
from skillcert.scoring.selectors import appeal_due_state
from skillcert.scoring.services import (
    ScoreInput,
    appeal_create,
    appeal_resolve,
    results_notify,
    results_set,
)

from .conftest import at, register

D = Decimal


@pytest.fixture
def notified(make_sitting, person, candidate_of):
    """张小三 failed practical (58) at a sitting notified on 2026-06-10; his account."""
    s = make_sitting(date(2026, 6, 1), date(2026, 6, 2))
    p = person("张小三", 531)
    reg = register(s, p)
    results_set(actor=None, sitting=s, items=[ScoreInput(reg.pk, D(80), D(58))])
    results_notify(actor=None, sitting=s, now=at(2026, 6, 10))
    return reg, candidate_of(p)


def test_score_05_appeal_within_30_days_of_the_notice(notified):
    reg, user = notified
    appeal = appeal_create(
        actor=user,
        registration=reg,
        subject="practical",
        reason="评分有误",
        now=at(2026, 7, 10, 23),
    )
    assert appeal.status == Appeal.PENDING and appeal.score_before == D(58)
    assert AuditEntry.objects.get(action="appeal.create").after["subject"] == "practical"


def test_score_05_late_appeal_refused_with_the_deadline(notified):
    reg, user = notified
    with pytest.raises(DomainError) as exc:
        appeal_create(
            actor=user, registration=reg, subject="practical", reason="x", now=at(2026, 7, 11, 0)
        )
    assert exc.value.code == "appeal_late" and "2026-07-10" in exc.value.message
    assert not Appeal.objects.exists()


def test_score_05_no_appeal_before_the_notice_nor_for_someone_else(
    make_sitting, person, candidate_of, notified
):
    s = make_sitting(date(2026, 6, 1), date(2026, 6, 2), job="普通车床")
    p = person("李四", 532)
    reg = register(s, p)
    results_set(actor=None, sitting=s, items=[ScoreInput(reg.pk, D(80), D(50))])
    user = candidate_of(p)
    with pytest.raises(DomainError) as exc:
        appeal_create(actor=user, registration=reg, subject="practical", reason="x")
    assert exc.value.code == "appeal_no_result"
    other_reg, _ = notified
    with pytest.raises(DomainError) as exc:
        appeal_create(actor=user, registration=other_reg, subject="practical", reason="x")
    assert exc.value.code == "appeal_not_yours"


def test_score_05_answer_due_two_working_days_after_a_friday(notified):
    reg, user = notified
    appeal = appeal_create(
        actor=user, registration=reg, subject="practical", reason="x", now=at(2026, 6, 12)
    )
    assert appeal.due_on == date(2026, 6, 16)  # Fri -> Mon, Tue


def test_score_05_answer_due_skips_a_holiday(notified):
    reg, user = notified
    # 2026-06-19 is 端午节 (official calendar); the Holiday table adds a local closure too
    Holiday.objects.create(day=date(2026, 6, 22), is_workday=False, name="调整")
    appeal = appeal_create(
        actor=user, registration=reg, subject="practical", reason="x", now=at(2026, 6, 18)
    )
    assert appeal.due_on == date(2026, 6, 24)  # Thu -> (Fri holiday, weekend, Mon closed) Tue, Wed
    assert appeal_due_state(appeal, date(2026, 6, 24)) == "due"
    assert appeal_due_state(appeal, date(2026, 6, 25)) == "overdue"


def test_score_05_one_pending_appeal_per_subject_and_none_on_a_carried_one(notified):
    reg, user = notified
    appeal_create(
        actor=user, registration=reg, subject="practical", reason="x", now=at(2026, 6, 12)
    )
    with pytest.raises(DomainError) as exc:
        appeal_create(
            actor=user, registration=reg, subject="practical", reason="y", now=at(2026, 6, 12)
        )
    assert exc.value.code == "appeal_pending"
    Result.objects.filter(registration=reg).update(
        carried_subject="theory", carried_on=date(2025, 6, 1)
    )
    with pytest.raises(DomainError) as exc:
        appeal_create(
            actor=user, registration=reg, subject="theory", reason="y", now=at(2026, 6, 12)
        )
    assert exc.value.code == "appeal_carried" and "沿用2025-06-01成绩" in exc.value.message


def test_score_05_changed_outcome_rescored_through_results_set_and_audited(notified, staff):
    reg, user = notified
    appeal = appeal_create(
        actor=user, registration=reg, subject="practical", reason="x", now=at(2026, 6, 12)
    )
    appeal_resolve(
        actor=staff,
        appeal=appeal,
        outcome="changed",
        new_score="62",
        note="考评组复评，漏计一项",
        now=at(2026, 6, 15),
    )
    res = Result.objects.get(registration=reg)
    assert (res.practical_score, res.passed) == (D(62), True)
    entry = AuditEntry.objects.filter(action="result.set").latest("id")
    assert entry.after["basis"]["appeal"] == appeal.pk and entry.after["practical"] == "62.0"
    resolved = AuditEntry.objects.get(action="appeal.resolve")
    assert resolved.before["status"] == "pending" and resolved.after["outcome"] == "changed"
    assert resolved.after["late"] is False
    assert audit_verify().ok
    with pytest.raises(DomainError):  # answered once
        appeal_resolve(actor=staff, appeal=appeal, outcome="upheld", note="x")


def test_score_05_upheld_keeps_the_score_and_late_answers_are_marked(notified, staff):
    reg, user = notified
    appeal = appeal_create(
        actor=user, registration=reg, subject="practical", reason="x", now=at(2026, 6, 12)
    )
    with pytest.raises(DomainError) as exc:
        appeal_resolve(actor=staff, appeal=appeal, outcome="changed", new_score="58", note="x")
    assert exc.value.code == "appeal_score_same"
    appeal = appeal_resolve(
        actor=staff, appeal=appeal, outcome="upheld", note="复核无误", now=at(2026, 6, 17)
    )
    assert appeal.score_after == D(58) and Result.objects.get(registration=reg).passed is False
    assert appeal_due_state(appeal, date(2026, 6, 30)) == "late"
    assert AuditEntry.objects.get(action="appeal.resolve").after["late"] is True
    assert not AuditEntry.objects.filter(action="result.set", after__has_key="basis").exists()


def test_score_05_outcome_is_shown_on_the_candidate_portal(client, notified, staff):
    reg, user = notified
    appeal = appeal_create(
        actor=user, registration=reg, subject="practical", reason="x", now=at(2026, 6, 12)
    )
    appeal_resolve(actor=staff, appeal=appeal, outcome="changed", new_score="61", note="复评更正")
    client.force_login(user)
    page = client.get("/").content.decode()
    assert "更正成绩" in page and "58.0 → 61.0" in page and "复评更正" in page
    assert "申请复核" not in page  # the 30-day window after 2026-06-10 is over


def test_score_05_candidate_applies_on_the_portal_and_staff_sees_the_due_date(
    client, make_sitting, person, candidate_of, staff
):
    s = make_sitting(date(2026, 6, 1), date(2026, 6, 2))
    p = person("王五", 541)
    reg = register(s, p)
    results_set(actor=None, sitting=s, items=[ScoreInput(reg.pk, D(59), D(70))])
    results_notify(actor=None, sitting=s)  # now: the window is open
    user = candidate_of(p)
    client.force_login(user)
    assert "申请复核" in client.get("/").content.decode()
    form = client.get(f"/me/registrations/{reg.pk}/appeal/").content.decode()
    assert "59.0" in form and "申请截止" in form
    resp = client.post(f"/me/registrations/{reg.pk}/appeal/", {"subject": "theory", "reason": ""})
    assert resp.status_code == 200 and not Appeal.objects.exists()
    resp = client.post(
        f"/me/registrations/{reg.pk}/appeal/", {"subject": "theory", "reason": "差一分，请复核"}
    )
    assert resp.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.received_at.date() <= timezone.now().date()
    client.force_login(staff)
    queue = client.get(f"/i/{s.institution_id}/appeals/").content.decode()
    assert "王五" in queue and f"{appeal.due_on:%Y-%m-%d}" in queue
    detail = client.get(f"/i/{s.institution_id}/appeals/{appeal.pk}/").content.decode()
    assert "差一分，请复核" in detail and "提交答复" in detail
    resp = client.post(
        f"/i/{s.institution_id}/appeals/{appeal.pk}/",
        {"outcome": "upheld", "new_score": "", "note": "复核无误"},
    )
    assert resp.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == "answered" and appeal.answered_by == staff


def test_score_05_queue_warns_of_overdue_appeals(client, notified, staff):
    reg, user = notified
    appeal_create(
        actor=user, registration=reg, subject="practical", reason="x", now=at(2026, 6, 12)
    )
    client.force_login(staff)
    page = client.get(f"/i/{reg.institution_id}/appeals/").content.decode()
    assert "appeals-overdue" in page and "已超期未答复" in page
