"""SCORE-03 signatures against password guessing: 5 wrong passwords of the same user within
15 minutes stop that user's signing (every signing form) for 15 minutes, even with the right
password, with a Chinese message giving the time left; a right password before the limit
starts the count again. Counted in the cache by skillcert.core.lockout, like EXAM-05 sign-in."""

import time

import pytest
from django.test import override_settings
from django.urls import reverse

from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.panels import services as ps
from skillcert.panels.models import Signature
from tests.panels import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(sitting, enrol):
    s = h.build(sitting, enrol)
    for i in range(3):
        h.enter(s, i, s.modules[0], {r: (36, 18) for r in s.regs})
    return s


def sign(s, member=0, password=h.PASSWORD):
    return ps.versions_sign(
        actor=s.users[member], panel=s.panel, module=s.modules[0], password=password
    )


def wrong(s, times, member=0):
    errors = []
    for _ in range(times):
        with pytest.raises(DomainError) as err:
            sign(s, member, password="guess-123")
        errors.append(err.value)
    return errors


_clock = time.time


def later(monkeypatch, seconds):
    """The clock `seconds` ahead of now (the cache's expiry follows the same clock)."""
    monkeypatch.setattr(time, "time", lambda: _clock() + seconds)


def test_score_03_five_wrong_passwords_stop_signing_even_with_the_right_one(s):
    errors = wrong(s, 5)
    assert [e.code for e in errors] == ["password_wrong"] * 4 + ["sign_locked"]
    assert "密码不正确" in errors[0].message and "再输错4次将暂停签名15分钟" in errors[0].message
    assert "再输错1次" in errors[3].message
    locked = errors[4]
    assert locked.rule == "SCORE-03" and locked.field == "password"
    assert "签名已暂停" in locked.message and "请15分钟后" in locked.message
    with pytest.raises(DomainError) as err:
        sign(s)  # the right password: still refused
    assert err.value.code == "sign_locked"
    assert not Signature.objects.exists()


def test_score_03_the_message_gives_the_time_left_and_the_lock_ends_after_15_minutes(
    s, monkeypatch
):
    wrong(s, 5)
    later(monkeypatch, 10 * 60 + 30)
    with pytest.raises(DomainError) as err:
        sign(s)
    assert err.value.code == "sign_locked" and "请5分钟后" in err.value.message
    later(monkeypatch, 15 * 60 + 1)
    assert len(sign(s)) == 2  # the right password signs again
    assert Signature.objects.filter(member=s.examiners[0]).count() == 2


def test_score_03_a_right_password_before_the_limit_starts_the_count_again(s):
    wrong(s, 4)
    assert len(sign(s)) == 2
    errors = wrong(s, 4)
    assert {e.code for e in errors} == {"password_wrong"}  # 4 + 4 wrong, but not in a row
    assert wrong(s, 1)[0].code == "sign_locked"


def test_score_03_the_count_runs_for_15_minutes_from_the_first_wrong_password(s, monkeypatch):
    wrong(s, 4)
    later(monkeypatch, 15 * 60 + 1)
    assert wrong(s, 1)[0].code == "password_wrong"  # the old four no longer count


def test_score_03_the_lock_is_per_user_and_covers_every_signing_form(s):
    wrong(s, 5, member=0)  # the leader guesses on the scoring grid
    assert len(sign(s, member=1)) == 2  # another member signs as usual
    for call in (
        lambda: ps.summary_sign(actor=s.users[0], panel=s.panel, password=h.PASSWORD),
        lambda: ps.versions_sign(
            actor=s.users[0], panel=s.panel, module=s.modules[1], password=h.PASSWORD
        ),
    ):
        with pytest.raises(DomainError) as err:
            call()
        assert err.value.code == "sign_locked"
    # the checker is not locked by the leader's guesses; a wrong guess of theirs counts apart
    with pytest.raises(DomainError) as err:
        ps.tally_confirm(actor=s.checker.user, panel=s.panel, password="guess-123")
    assert err.value.code == "password_wrong" and "再输错4次" in err.value.message


def test_score_03_the_checkers_tally_form_locks_too(s):
    for _ in range(4):
        with pytest.raises(DomainError):
            ps.tally_confirm(actor=s.checker.user, panel=s.panel, password="guess-123")
    with pytest.raises(DomainError) as err:
        ps.tally_confirm(actor=s.checker.user, panel=s.panel, password="guess-123")
    assert err.value.code == "sign_locked"
    with pytest.raises(DomainError) as err:
        ps.tally_confirm(actor=s.checker.user, panel=s.panel, password=h.PASSWORD)
    assert err.value.code == "sign_locked"  # not "missing_scores": refused before anything


def test_score_03_an_empty_password_is_not_counted_as_a_guess(s):
    wrong(s, 4)
    for _ in range(3):
        with pytest.raises(DomainError) as err:
            sign(s, password="")
        assert err.value.code == "password_missing"
    assert len(sign(s)) == 2


def test_score_03_limit_and_minutes_are_rule_settings(s):
    rules = {"sign_password_failures": 2, "sign_lock_minutes": 30}
    with override_settings(SKILLCERT_RULES=rules):
        errors = wrong(s, 2)
        assert [e.code for e in errors] == ["password_wrong", "sign_locked"]
        assert "30分钟内密码输错2次" in errors[1].message and "请30分钟后" in errors[1].message


def test_score_03_wrong_passwords_write_nothing_to_the_audit_chain(s):
    # EXAM-05 sign-in counts failures only in the cache; signing does the same.
    before = AuditEntry.objects.count()
    wrong(s, 6)
    assert AuditEntry.objects.count() == before


def test_score_03_grid_and_tally_pages_show_the_lock_in_chinese(client, s):
    grid = reverse("panel_grid", args=[s.panel.institution_id, s.panel.pk, s.modules[0].pk])
    client.force_login(s.users[0])
    for _ in range(4):
        client.post(grid, {"action": "sign", "password": "guess-123"})
    response = client.post(grid, {"action": "sign", "password": "guess-123"})
    html = response.content.decode()
    assert response.status_code == 200 and "签名已暂停" in html and "请15分钟后" in html
    response = client.post(grid, {"action": "sign", "password": h.PASSWORD}, follow=True)
    assert "签名已暂停" in response.content.decode() and not Signature.objects.exists()

    tally = reverse("panel_tally", args=[s.panel.institution_id, s.panel.pk])
    client.force_login(s.checker.user)
    for _ in range(5):
        response = client.post(tally, {"password": "guess-123"})
    assert response.status_code == 200 and "签名已暂停" in response.content.decode()
