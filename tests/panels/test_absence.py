"""Absence (缺考) in a panel, SCORE-01 with SCORE-03: the leader or a manager records a work
number as absent before the summary, with its basis, and may undo it; an absent candidate
needs no scores, does not block the tally or summary, and reaches scoring.Result as
practical_absent (shown as 缺考), never as a typed score. A candidate with a signed score
cannot be recorded absent. Every change is audited; the pages show 缺考 and ask no scores."""

from decimal import Decimal

import pytest
from django.urls import reverse

from skillcert.core.audit import audit_verify
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.institutions.models import Membership
from skillcert.panels import services as ps
from skillcert.panels.models import Absence, ScoreVersion, Signature
from skillcert.panels.selectors import summary_state, tally_totals
from skillcert.scoring.models import Result
from skillcert.scoring.services import ScoreInput, results_set
from tests import factories as f
from tests.panels import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(sitting, enrol):
    return h.build(sitting, enrol)


def leader(s):
    return s.users[0]


def mark(s, reg, *, actor=None, basis=Absence.NO_SHOW, note=""):
    return ps.absence_mark(
        actor=actor or leader(s), panel=s.panel, work_number=s.work(reg), basis=basis, note=note
    )


def score_only(s, regs):
    """Every member scores `regs` alike in both modules (54/60×60 + 8/10×40 = 86), all sign."""
    for i in range(3):
        h.enter(s, i, s.modules[0], {r: (36, 18) for r in regs})
        h.enter(s, i, s.modules[1], {r: (8,) for r in regs})
    for m in s.modules:
        h.sign_all(s, m)


def test_score_01_absent_candidate_needs_no_scores_and_the_summary_writes_absent(s):
    a, b = s.regs
    results_set(actor=None, sitting=s.panel.sitting, items=[ScoreInput(b.pk, theory=Decimal(75))])
    mark(s, b, note="开考后未到场")
    score_only(s, [a])
    tally = ps.tally_confirm(actor=s.checker.user, panel=s.panel, password=h.PASSWORD)
    assert tally.totals == {s.work(a): "86.0", s.work(b): "缺考"}
    ps.summary_sign(actor=leader(s), panel=s.panel, password=h.PASSWORD)
    absent = Result.objects.get(registration=b)
    assert absent.practical_absent is True and absent.passed is False
    assert absent.practical_score == 0  # SCORE-01: absence scores 0, recorded as 缺考
    assert absent.theory_score == Decimal("75.0") and not absent.theory_absent
    present = Result.objects.get(registration=a)
    assert present.practical_score == Decimal("86.0") and not present.practical_absent
    written = AuditEntry.objects.filter(
        action="result.set", object_id=str(absent.pk), after__practical_absent=True
    )
    assert written.count() == 1
    assert not ScoreVersion.objects.filter(registration=b).exists()


def test_score_01_an_absent_work_number_cannot_be_scored_and_its_draft_is_not_signed(s):
    a, b = s.regs
    h.enter(s, 0, s.modules[0], {b: (10, 5)})  # a draft nobody signed yet
    for i in range(3):
        h.enter(s, i, s.modules[0], {a: (36, 18)})
    for i in (1, 2):
        h.enter(s, i, s.modules[0], {b: (10, 5)})  # b's draft is complete, still unsigned
    mark(s, b)
    with pytest.raises(DomainError) as err:
        h.enter(s, 1, s.modules[0], {b: (20, 5)})
    assert err.value.code == "work_absent" and s.work(b) in err.value.message
    assert "缺考" in err.value.message and err.value.field == "scores"
    h.sign_all(s, s.modules[0])
    assert Signature.objects.filter(version__registration=a).count() == 3
    assert not Signature.objects.filter(version__registration=b).exists()


def test_score_03_a_candidate_with_a_signed_score_cannot_be_recorded_absent(s):
    a, _ = s.regs
    for i in range(3):
        h.enter(s, i, s.modules[0], {a: (36, 18)})
    h.sign_all(s, s.modules[0], members=(1,))  # one signature, not yet valid
    with pytest.raises(DomainError) as err:
        mark(s, a)
    assert err.value.code == "absence_signed" and err.value.rule == "SCORE-03"
    assert s.work(a) in err.value.message and "签名" in err.value.message
    assert not Absence.objects.exists()


def test_score_01_undo_before_the_summary_makes_the_scores_due_again(s):
    a, b = s.regs
    mark(s, b)
    score_only(s, [a])
    ps.tally_confirm(actor=s.checker.user, panel=s.panel, password=h.PASSWORD)
    assert summary_state(s.panel)["tally_current"]
    ps.absence_undo(actor=leader(s), panel=s.panel, work_number=s.work(b))
    assert not Absence.objects.exists()
    with pytest.raises(DomainError) as err:
        tally_totals(s.panel)
    assert err.value.code == "missing_scores"
    with pytest.raises(DomainError) as err:
        ps.summary_sign(actor=leader(s), panel=s.panel, password=h.PASSWORD)
    assert err.value.code == "missing_scores"
    assert not Result.objects.exists()


def test_score_03_the_tally_covers_absences_so_an_undo_makes_it_stale(s):
    a, b = s.regs
    score_only(s, [a])
    h.enter(s, 0, s.modules[0], {b: (1, 1)})  # b: a draft only, so b still blocks the tally
    with pytest.raises(DomainError) as err:
        ps.tally_confirm(actor=s.checker.user, panel=s.panel, password=h.PASSWORD)
    assert err.value.code == "pending_versions"
    mark(s, b)
    ps.tally_confirm(actor=s.checker.user, panel=s.panel, password=h.PASSWORD)
    ps.absence_undo(actor=leader(s), panel=s.panel, work_number=s.work(b))
    assert summary_state(s.panel)["tally_current"] is False
    mark(s, b, basis=Absence.NO_WORK)  # absent again: the checked outcome holds again
    assert summary_state(s.panel)["tally_current"] is True


def test_score_03_no_absence_changes_after_the_summary(s):
    a, b = s.regs
    mark(s, b)
    score_only(s, [a])
    ps.tally_confirm(actor=s.checker.user, panel=s.panel, password=h.PASSWORD)
    ps.summary_sign(actor=leader(s), panel=s.panel, password=h.PASSWORD)
    with pytest.raises(DomainError) as err:
        mark(s, a)
    assert err.value.code == "absence_locked"
    with pytest.raises(DomainError) as err:
        ps.absence_undo(actor=leader(s), panel=s.panel, work_number=s.work(b))
    assert err.value.code == "absence_locked"
    assert Absence.objects.count() == 1 and Result.objects.get(registration=b).practical_absent


def test_score_01_only_the_leader_or_a_manager_records_absences(s, staff, outsider):
    a, b = s.regs
    for actor in (s.users[1], s.checker.user, outsider):  # a member, the checker, a stranger
        with pytest.raises(DomainError) as err:
            mark(s, a, actor=actor)
        assert err.value.code == "not_absence_keeper"
    with pytest.raises(DomainError) as err:
        ps.absence_mark(actor=None, panel=s.panel, work_number=s.work(a), basis=Absence.NO_SHOW)
    assert err.value.code == "not_absence_keeper"
    mark(s, a, actor=staff)  # an exam-affairs manager of the institution
    with pytest.raises(DomainError) as err:
        ps.absence_undo(actor=s.users[2], panel=s.panel, work_number=s.work(a))
    assert err.value.code == "not_absence_keeper"
    mark(s, b)  # the leader
    assert Absence.objects.count() == 2


def test_score_01_basis_note_and_work_number_are_checked_naming_the_field(s):
    a, _ = s.regs
    cases = [
        (dict(work_number=s.work(a), basis="sick"), "basis"),
        (dict(work_number=s.work(a), basis=Absence.OTHER, note="  "), "note"),
        (dict(work_number=s.work(a), basis=Absence.NO_SHOW, note="x" * 201), "note"),
        (dict(work_number="000000", basis=Absence.NO_SHOW), "work_number"),
    ]
    for kwargs, field in cases:
        with pytest.raises(DomainError) as err:
            ps.absence_mark(actor=leader(s), panel=s.panel, **kwargs)
        assert err.value.field == field, kwargs
    assert not Absence.objects.exists()
    mark(s, a, basis=Absence.OTHER, note="突发疾病送医")
    with pytest.raises(DomainError) as err:
        mark(s, a)
    assert err.value.code == "absence_exists"
    with pytest.raises(DomainError) as err:
        ps.absence_undo(actor=leader(s), panel=s.panel, work_number=s.work(s.regs[1]))
    assert err.value.code == "absence_missing"


def test_rec_09_absence_and_its_undo_are_audited_by_work_number(s):
    a, _ = s.regs
    mark(s, a, basis=Absence.LATE, note="迟到40分钟")
    ps.absence_undo(actor=leader(s), panel=s.panel, work_number=s.work(a))
    made = AuditEntry.objects.get(action="panel.absent")
    undone = AuditEntry.objects.get(action="panel.absent_undo")
    expected = {"work_number": s.work(a), "basis": Absence.LATE, "note": "迟到40分钟"}
    assert made.after == expected and undone.before == expected
    assert made.actor_id == undone.actor_id == leader(s).pk
    assert audit_verify().ok


# --- pages and API ------------------------------------------------------------------------------


def page(s):
    return reverse("panel_absences", args=[s.panel.institution_id, s.panel.pk])


def test_score_01_leader_records_and_undoes_an_absence_on_the_page(client, s):
    a, b = s.regs
    client.force_login(leader(s))
    status = reverse("panel_status", args=[s.panel.institution_id, s.panel.pk])
    assert page(s) in client.get(status).content.decode()  # the link for the leader
    body = {"action": "mark", "work_number": s.work(b), "basis": Absence.NO_SHOW, "note": ""}
    html = client.post(page(s), body, follow=True).content.decode()
    assert f"已登记作品号{s.work(b)}缺考" in html and f'id="absent-{s.work(b)}"' in html
    assert "未到场" in html and b.person.name not in html  # EXAM-09: work numbers only
    html = client.post(
        page(s), {"action": "undo", "work_number": s.work(b)}, follow=True
    ).content.decode()
    assert f"已撤销作品号{s.work(b)}的缺考登记" in html and not Absence.objects.exists()


def test_score_01_the_page_refuses_bad_input_in_chinese_and_saves_nothing(client, s):
    a, _ = s.regs
    client.force_login(leader(s))
    body = {"action": "mark", "work_number": s.work(a), "basis": Absence.OTHER, "note": ""}
    response = client.post(page(s), body)
    html = response.content.decode()
    assert response.status_code == 200 and "须填写说明" in html and 'value="' + s.work(a) in html
    for i in range(3):
        h.enter(s, i, s.modules[0], {a: (36, 18)})
    h.sign_all(s, s.modules[0], members=(0,))
    body = dict(body, basis=Absence.NO_SHOW)
    response = client.post(page(s), body)
    assert response.status_code == 200 and "已有考评员签名确认的成绩" in response.content.decode()
    response = client.post(page(s), {"action": "mark", "work_number": "", "basis": ""})
    assert response.status_code == 200 and "缺考登记填写有误" in response.content.decode()
    assert not Absence.objects.exists()


def test_score_01_members_see_absent_work_numbers_as_absent_and_are_not_asked_to_score(client, s):
    a, b = s.regs
    mark(s, b)
    client.force_login(s.users[1])
    iid, pid = s.panel.institution_id, s.panel.pk
    grid = reverse("panel_grid", args=[iid, pid, s.modules[0].pk])
    html = client.get(grid).content.decode()
    assert f'id="work-{s.work(b)}"' in html and "缺考（未到场）" in html
    assert f'name="p_{s.work(b)}_' not in html and f'name="p_{s.work(a)}_' in html
    row = client.get(reverse("panel_status", args=[iid, pid])).content.decode()
    board = row.split(f'id="row-{s.work(b)}"')[1].split("</tr>")[0]
    assert "缺考" in board and "未生效" not in board
    api = client.get(f"/api/institutions/{iid}/panels/{pid}/status").json()
    rows = {r["work_number"]: r for r in api["rows"]}
    assert rows[s.work(b)]["absent"] is True and rows[s.work(b)]["practical"] is None
    assert rows[s.work(b)]["absent_basis"] == "未到场" and rows[s.work(a)]["absent"] is False
    # a posted score for the absent number is not taken from the grid either
    items = list(s.modules[0].items.all())
    data = {"action": "save", f"p_{s.work(b)}_{items[0].pk}": "30"}
    data.update({f"p_{s.work(a)}_{i.pk}": "10" for i in items})
    client.post(grid, data)
    assert not ScoreVersion.objects.filter(registration=b).exists()


def test_arr_09_only_the_leader_and_managers_reach_the_absence_page(client, s, staff, outsider):
    for user in (s.users[1], s.checker.user, outsider):
        client.force_login(user)
        assert client.get(page(s)).status_code == 404
    client.force_login(f.member(s.panel.institution, role=Membership.EXAMINER))
    assert client.get(page(s)).status_code == 404
    client.force_login(staff)
    assert client.get(page(s)).status_code == 200
    body = {"action": "mark", "work_number": s.work(s.regs[0]), "basis": Absence.NO_SHOW}
    client.force_login(s.users[1])
    assert client.post(page(s), body).status_code == 404
    assert not Absence.objects.exists()
