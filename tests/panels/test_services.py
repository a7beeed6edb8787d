"""Panel scoring services: SCORE-03 (every member signs a score and every change of it; the
checker's tally; the leader's summary), EXAM-09 work numbers, ARR-05 / PEOPLE-03/04 panel
set-up, the audit chain, and the practical score reaching scoring.Result only at the end."""

from decimal import Decimal

import pytest

from skillcert.core.audit import audit_verify
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.panels import services as ps
from skillcert.panels.models import ItemScore, ScoreVersion, Signature, WorkNumber
from skillcert.panels.selectors import panel_board
from skillcert.scoring.models import Result
from skillcert.scoring.services import ScoreInput, results_set
from tests import factories as f
from tests.panels import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(sitting, enrol):
    return h.build(sitting, enrol)


def cell(s, reg, module_index=0):
    board = panel_board(s.panel)
    row = next(r for r in board.rows if r.work.registration_id == reg.pk)
    return row.cells[module_index]


# --- SCORE-03: valid only with every member's signature ------------------------------------


def test_score_03_score_counts_only_when_every_member_has_signed(s):
    a, b = s.regs
    for i in range(3):
        h.enter(s, i, s.modules[0], {a: (36, 18), b: (30, 15)})
    h.sign_all(s, s.modules[0], members=(0, 1))
    c = cell(s, a)
    assert c.valid is None and c.pending and c.signed == sorted(p.pk for p in s.examiners[:2])
    h.sign_all(s, s.modules[0], members=(2,))
    c = cell(s, a)
    assert not c.pending and c.valid.total == Decimal("54.00")
    assert cell(s, b).valid.total == Decimal("45.00")


def test_score_03_signing_needs_every_members_points(s):
    a, _ = s.regs
    h.enter(s, 0, s.modules[0], {a: (36, 18)})
    h.enter(s, 1, s.modules[0], {a: (36, 18)})
    with pytest.raises(DomainError) as err:
        ps.versions_sign(actor=s.users[0], panel=s.panel, module=s.modules[0], password=h.PASSWORD)
    assert err.value.code == "nothing_to_sign"
    assert not Signature.objects.exists()


def test_score_03_editing_before_anyone_signed_keeps_one_version(s):
    a, _ = s.regs
    h.enter(s, 0, s.modules[0], {a: (36, 18)})
    h.enter(s, 0, s.modules[0], {a: (35, 18)})
    assert ScoreVersion.objects.filter(registration=a).count() == 1
    assert ItemScore.objects.get(member=s.examiners[0], item__description="尺寸精度").points == 35


def test_score_03_change_after_signing_waits_for_every_member_again(s):
    a, _ = s.regs
    for i in range(3):
        h.enter(s, i, s.modules[0], {a: (36, 18)})
    h.sign_all(s, s.modules[0])
    assert cell(s, a).valid.total == Decimal("54.00")

    h.enter(s, 0, s.modules[0], {a: (30, 18)}, reason="复查尺寸超差")
    c = cell(s, a)
    assert c.pending and c.latest.number == 2 and c.latest.total == Decimal("52.00")
    assert c.valid.number == 1 and c.valid.total == Decimal("54.00")  # the old one still counts
    h.sign_all(s, s.modules[0], members=(0, 1))
    assert cell(s, a).valid.total == Decimal("54.00")
    h.sign_all(s, s.modules[0], members=(2,))
    c = cell(s, a)
    assert not c.pending and c.valid.number == 2 and c.valid.total == Decimal("52.00")


def test_score_03_a_version_superseded_before_full_signature_never_counts(s):
    a, _ = s.regs
    for i in range(3):
        h.enter(s, i, s.modules[0], {a: (36, 18)})
    h.sign_all(s, s.modules[0], members=(0, 1))
    h.enter(s, 2, s.modules[0], {a: (33, 18)})  # before it counted: no reason needed
    h.sign_all(s, s.modules[0], members=(2,))
    first = ScoreVersion.objects.get(registration=a, number=1)
    assert first.valid_at is None and first.signatures.count() == 2
    assert cell(s, a).valid is None


def test_score_03_changing_a_valid_score_needs_a_reason(s):
    a, _ = s.regs
    for i in range(3):
        h.enter(s, i, s.modules[0], {a: (36, 18)})
    h.sign_all(s, s.modules[0])
    with pytest.raises(DomainError) as err:
        h.enter(s, 1, s.modules[0], {a: (30, 18)})
    assert err.value.code == "reason_required" and "修改理由" in err.value.message
    assert ScoreVersion.objects.filter(registration=a).count() == 1


def test_score_03_wrong_password_is_refused_and_nothing_is_signed(s):
    a, _ = s.regs
    for i in range(3):
        h.enter(s, i, s.modules[0], {a: (36, 18)})
    with pytest.raises(DomainError) as err:
        ps.versions_sign(actor=s.users[0], panel=s.panel, module=s.modules[0], password="nope")
    assert err.value.code == "password_wrong" and "密码不正确" in err.value.message
    assert not Signature.objects.exists()


def test_score_03_nobody_signs_for_another_member(s):
    a, _ = s.regs
    for i in range(3):
        h.enter(s, i, s.modules[0], {a: (36, 18)})
    other = s.users[1]
    other.set_password("another-Secret-456")
    other.save()
    # examiner 0's login with examiner 1's password: refused, it signs only as its own user.
    with pytest.raises(DomainError) as err:
        ps.versions_sign(
            actor=s.users[0], panel=s.panel, module=s.modules[0], password="another-Secret-456"
        )
    assert err.value.code == "password_wrong"
    # the checker (not a member) with the right password: refused.
    with pytest.raises(DomainError) as err:
        ps.versions_sign(
            actor=s.checker.user, panel=s.panel, module=s.modules[0], password=h.PASSWORD
        )
    assert err.value.code == "not_member"
    with pytest.raises(DomainError):
        ps.scores_enter(
            actor=s.checker.user,
            panel=s.panel,
            module=s.modules[0],
            entries=[ps.ScoreEntry(s.work(a), s.modules[0].items.first().pk, "1")],
        )
    assert not Signature.objects.exists()


def test_score_03_points_outside_the_item_range_are_refused_naming_the_item(s):
    a, b = s.regs
    with pytest.raises(DomainError) as err:
        h.enter(s, 0, s.modules[0], {b: (30, 10), a: (41, 18)})
    assert "尺寸精度" in err.value.message and "0到40" in err.value.message
    assert s.work(a) in err.value.message
    assert not ScoreVersion.objects.exists()  # all or nothing
    for bad in ("-1", "abc", "1.25", "NaN"):
        with pytest.raises(DomainError):
            ps.scores_enter(
                actor=s.users[0],
                panel=s.panel,
                module=s.modules[0],
                entries=[ps.ScoreEntry(s.work(a), s.modules[0].items.first().pk, bad)],
            )
    with pytest.raises(DomainError) as err:
        ps.scores_enter(
            actor=s.users[0],
            panel=s.panel,
            module=s.modules[0],
            entries=[ps.ScoreEntry("999999x", s.modules[0].items.first().pk, "1")],
        )
    assert err.value.code == "work_number"


# --- how scores combine ---------------------------------------------------------------------


def test_score_03_module_score_is_the_mean_of_members_and_practical_is_weighted(s):
    a, b = s.regs
    h.enter(s, 0, s.modules[0], {a: (36, 18), b: (40, 20)})  # 54, 60
    h.enter(s, 1, s.modules[0], {a: (35, 18), b: (40, 20)})  # 53, 60
    h.enter(s, 2, s.modules[0], {a: (35, 18), b: (40, 20)})  # 53, 60
    for i, p in enumerate((8, 7, 9)):
        h.enter(s, i, s.modules[1], {a: (p,), b: (10,)})
    for m in s.modules:
        h.sign_all(s, m)
    board = panel_board(s.panel)
    rows = {r.work.registration_id: r for r in board.rows}
    assert rows[a.pk].cells[0].valid.total == Decimal("53.33")  # mean of 54, 53, 53
    assert rows[a.pk].cells[1].valid.total == Decimal("8.00")
    # 53.33 / 60 × 60 + 8 / 10 × 40 = 85.33 → 85.3
    assert rows[a.pk].practical == Decimal("85.3")
    assert rows[b.pk].practical == Decimal("100.0")


# --- checker and leader, then the result ----------------------------------------------------


def test_score_03_checker_then_leader_then_result_gets_the_practical_score(s):
    a, b = s.regs
    results_set(actor=None, sitting=s.panel.sitting, items=[ScoreInput(a.pk, theory=Decimal(70))])
    h.score_everything(s)  # 54/60×60 + 8/10×40 = 86
    assert Result.objects.get(registration=a).practical_score is None
    with pytest.raises(DomainError) as err:  # the leader cannot sign before the tally
        ps.summary_sign(actor=s.users[0], panel=s.panel, password=h.PASSWORD)
    assert err.value.code == "tally_stale"
    with pytest.raises(DomainError) as err:  # only the designated checker checks
        ps.tally_confirm(actor=s.users[1], panel=s.panel, password=h.PASSWORD)
    assert err.value.code == "not_checker"
    with pytest.raises(DomainError) as err:
        ps.tally_confirm(actor=s.checker.user, panel=s.panel, password="wrong")
    assert err.value.code == "password_wrong"
    tally = ps.tally_confirm(actor=s.checker.user, panel=s.panel, password=h.PASSWORD)
    assert tally.totals == {s.work(a): "86.0", s.work(b): "86.0"}
    assert not Result.objects.filter(registration=b).exists()
    with pytest.raises(DomainError) as err:  # only the leader signs the summary
        ps.summary_sign(actor=s.users[1], panel=s.panel, password=h.PASSWORD)
    assert err.value.code == "not_leader"
    ps.summary_sign(actor=s.users[0], panel=s.panel, password=h.PASSWORD)
    res = Result.objects.get(registration=a)
    assert res.practical_score == Decimal("86.0") and res.theory_score == Decimal("70.0")
    assert res.passed is True
    assert Result.objects.get(registration=b).practical_score == Decimal("86.0")
    s.panel.refresh_from_db()
    assert s.panel.locked_at is not None


def test_score_03_no_tally_while_a_score_is_pending_or_missing(s):
    a, _ = s.regs
    with pytest.raises(DomainError) as err:
        ps.tally_confirm(actor=s.checker.user, panel=s.panel, password=h.PASSWORD)
    assert err.value.code == "missing_scores"
    h.score_everything(s)
    h.enter(s, 0, s.modules[1], {a: (9,)}, reason="补记")
    with pytest.raises(DomainError) as err:
        ps.tally_confirm(actor=s.checker.user, panel=s.panel, password=h.PASSWORD)
    assert err.value.code == "pending_versions" and "待全体签名" in err.value.message


def test_score_03_change_after_lock_reaches_the_result_only_after_all_sign_and_resummary(s):
    a, _ = s.regs
    h.score_everything(s)
    ps.tally_confirm(actor=s.checker.user, panel=s.panel, password=h.PASSWORD)
    ps.summary_sign(actor=s.users[0], panel=s.panel, password=h.PASSWORD)
    assert Result.objects.get(registration=a).practical_score == Decimal("86.0")

    h.enter(s, 1, s.modules[1], {a: (5,)}, reason="复评安全扣分")  # member 1: 5, others 8
    h.sign_all(s, s.modules[1], members=(0, 1))
    assert Result.objects.get(registration=a).practical_score == Decimal("86.0")
    h.sign_all(s, s.modules[1], members=(2,))
    assert cell(s, a, 1).valid.total == Decimal("7.00")
    # valid now, but the summary the leader signed is stale: no result change yet.
    assert Result.objects.get(registration=a).practical_score == Decimal("86.0")
    with pytest.raises(DomainError) as err:
        ps.summary_sign(actor=s.users[0], panel=s.panel, password=h.PASSWORD)
    assert err.value.code == "tally_stale"
    ps.tally_confirm(actor=s.checker.user, panel=s.panel, password=h.PASSWORD)
    ps.summary_sign(actor=s.users[0], panel=s.panel, password=h.PASSWORD)
    assert Result.objects.get(registration=a).practical_score == Decimal("82.0")  # 54 + 28


def test_cert_06_no_change_for_a_candidate_with_a_certificate(s):
    from datetime import date

    from skillcert.certificates.models import Certificate, IssueRegister

    a, _ = s.regs
    h.score_everything(s)
    register = IssueRegister.objects.create(institution=a.institution, sitting=a.sitting)
    Certificate.objects.create(
        number="Y000041019001254000001",
        institution=a.institution,
        register=register,
        registration=a,
        person=a.person,
        holder_name=a.person.name,
        id_type="resident",
        id_masked=a.person.id_masked,
        occupation_code="6-18-01-01",
        occupation_name="车工",
        level=4,
        issuer_name=a.institution.name,
        issued_on=date(2026, 6, 20),
    )
    with pytest.raises(DomainError) as err:
        h.enter(s, 0, s.modules[0], {a: (30, 18)}, reason="x")
    assert err.value.rule == "CERT-06"
    assert ScoreVersion.objects.filter(registration=a, module=s.modules[0]).count() == 1


# --- set-up: ARR-05, PEOPLE-03/04, EXAM-09 -------------------------------------------------


def test_exam_09_every_approved_candidate_gets_a_unique_random_six_digit_work_number(s, enrol):
    numbers = list(
        WorkNumber.objects.filter(sitting=s.panel.sitting).values_list("number", flat=True)
    )
    assert len(numbers) == 2 == len(set(numbers))
    assert all(len(n) == 6 and n.isdigit() for n in numbers)
    enrol(s.panel.sitting, 3, start=10)
    assert ps.work_numbers_assign(actor=None, sitting=s.panel.sitting) == 3
    assert ps.work_numbers_assign(actor=None, sitting=s.panel.sitting) == 0
    entry = AuditEntry.objects.filter(action="panel.work_numbers").last()
    assert entry.after == {"assigned": 3, "total": 5}  # the count, never the mapping


def test_score_02_a_candidate_carrying_a_passed_practical_gets_no_work_number(s, enrol):
    from datetime import date

    from skillcert.plans.models import Registration
    from skillcert.plans.services import sitting_create

    carrying, fresh = enrol(s.panel.sitting, 2, start=10)
    earlier = sitting_create(
        actor=None, institution=s.panel.sitting.institution, name="2025年第二批",
        occupation=s.panel.sitting.occupation, job_type=s.panel.sitting.job_type, level=4,
        mode="exam", theory_on=date(2025, 12, 1), practical_on=date(2025, 12, 2),
    )  # fmt: skip
    old = Registration.objects.create(
        institution=earlier.institution, sitting=earlier, person=carrying.person,
        school_level="secondary", status=Registration.APPROVED,
    )  # fmt: skip
    results_set(actor=None, sitting=earlier, items=[ScoreInput(old.pk, Decimal(40), Decimal(80))])
    assert ps.work_numbers_assign(actor=None, sitting=s.panel.sitting) == 1
    assert not WorkNumber.objects.filter(registration=carrying).exists()  # theory only
    assert WorkNumber.objects.filter(registration=fresh).exists()


def test_arr_05_panel_needs_three_examiners_and_a_leader(sitting, enrol):
    examiners = [h.examiner(sitting.institution, f"考评员{i}", f"u{i}") for i in range(2)]
    checker = h.person("核分员", username="chk")
    h.staff_plan(sitting, examiners, extra=[checker])
    with pytest.raises(DomainError) as err:
        ps.panel_create(actor=None, sitting=sitting, checker=checker)
    assert err.value.rule == "ARR-05" and "至少需要3人" in err.value.message


def test_score_03_checker_is_not_the_leader_and_comes_from_the_plan(sitting):
    examiners = [h.examiner(sitting.institution, f"考评员{i}", f"u{i}") for i in range(3)]
    stranger = h.person("外人", username="stranger")
    h.staff_plan(sitting, examiners)
    with pytest.raises(DomainError) as err:
        ps.panel_create(actor=None, sitting=sitting, checker=examiners[0])
    assert err.value.code == "checker_leader"
    with pytest.raises(DomainError) as err:
        ps.panel_create(actor=None, sitting=sitting, checker=stranger)
    assert err.value.code == "checker_staff"
    panel = ps.panel_create(actor=None, sitting=sitting, checker=examiners[1])  # a member is fine
    assert panel.leader_id == examiners[0].pk and panel.members.count() == 3


def test_people_03_a_plain_examiner_cannot_sit_on_a_level_2_panel(institution):
    sitting = f.sitting(institution, level=2)
    examiners = [h.examiner(institution, f"考评员{i}", f"u{i}") for i in range(3)]
    h.staff_plan(sitting, examiners)
    with pytest.raises(DomainError) as err:
        ps.panel_create(actor=None, sitting=sitting, checker=examiners[1])
    assert "PEOPLE-03" in err.value.rule


def test_score_03_every_member_needs_a_login_to_sign(sitting):
    examiners = [h.examiner(sitting.institution, f"考评员{i}", f"u{i}") for i in range(2)]
    examiners.append(h.examiner(sitting.institution, "无账号", None))
    h.staff_plan(sitting, examiners)
    with pytest.raises(DomainError) as err:
        ps.panel_create(actor=None, sitting=sitting, checker=examiners[1])
    assert err.value.code == "panel_login" and "无账号" in err.value.message


def test_score_01_module_weights_add_up_to_at_most_100_and_lock_once_scoring_starts(s):
    with pytest.raises(DomainError) as err:
        ps.module_create(actor=None, panel=s.panel, name="附加", weight="1", items=[("x", "5")])
    assert err.value.code == "module_weight"
    h.enter(s, 0, s.modules[0], {s.regs[0]: (1, 1)})
    with pytest.raises(DomainError) as err:
        ps.module_delete(actor=None, module=s.modules[1])
    assert err.value.code == "scoring_started"


# --- REC-09: every step in the audit chain --------------------------------------------------


def test_rec_09_every_step_is_audited_and_the_chain_verifies(s):
    a, _ = s.regs
    h.score_everything(s)
    h.enter(s, 0, s.modules[0], {a: (30, 18)}, reason="复查")
    h.sign_all(s, s.modules[0])
    ps.tally_confirm(actor=s.checker.user, panel=s.panel, password=h.PASSWORD)
    ps.summary_sign(actor=s.users[0], panel=s.panel, password=h.PASSWORD)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "panel.create",
        "panel.work_numbers",
        "panel.module_create",
        "panel.score_enter",
        "panel.score_change",
        "panel.sign",
        "panel.score_valid",
        "panel.tally_check",
        "panel.summary_sign",
        "panel.lock",
        "result.set",
    } <= actions
    signs = AuditEntry.objects.filter(action="panel.sign")
    assert signs.count() == 3 * 4 + 3  # 3 members × (2 candidates × 2 modules) + the change
    assert {e.actor_id for e in signs} == {u.pk for u in s.users}
    change = AuditEntry.objects.get(action="panel.score_change")
    assert change.after["reason"] == "复查" and change.before == {
        str(s.modules[0].items.first().pk): "36.0"
    }
    assert audit_verify().ok


# --- SCORE-05 with SCORE-03: a practical appeal is re-scored by the panel ----------------------


def test_score_05_practical_appeal_changes_only_through_the_panels_resigned_summary(s):
    from skillcert.scoring.models import Appeal
    from skillcert.scoring.services import appeal_create, appeal_resolve, results_notify

    a, b = s.regs
    h.score_everything(s)
    ps.tally_confirm(actor=s.checker.user, panel=s.panel, password=h.PASSWORD)
    ps.summary_sign(actor=s.users[0], panel=s.panel, password=h.PASSWORD)
    theory = [ScoreInput(r.pk, Decimal(70), Decimal("86.0")) for r in (a, b)]
    results_set(actor=None, sitting=a.sitting, items=theory)
    results_notify(actor=None, sitting=a.sitting)
    candidate = f.user("cand_a")
    a.person.user = candidate
    a.person.save(update_fields=["user"])
    appeal = appeal_create(actor=candidate, registration=a, subject="practical", reason="扣分有误")

    with pytest.raises(DomainError) as typed:  # staff may not type a panel's score
        appeal_resolve(actor=None, appeal=appeal, outcome=Appeal.CHANGED, new_score="90", note="x")
    assert typed.value.rule == "SCORE-03"
    with pytest.raises(DomainError) as early:  # the panel has not re-scored yet
        appeal_resolve(actor=None, appeal=appeal, outcome=Appeal.CHANGED, note="复评")
    assert early.value.code == "appeal_panel_pending"

    h.enter(s, 1, s.modules[1], {a: (5,)}, reason="复核：安全扣分复评")
    h.sign_all(s, s.modules[1])
    ps.tally_confirm(actor=s.checker.user, panel=s.panel, password=h.PASSWORD)
    ps.summary_sign(actor=s.users[0], panel=s.panel, password=h.PASSWORD)
    answered = appeal_resolve(actor=None, appeal=appeal, outcome=Appeal.CHANGED, note="复评更正")
    assert answered.score_after == Decimal("82.0")
    assert Result.objects.get(registration=a).practical_score == Decimal("82.0")


def test_item9_practical_appeal_of_a_certified_candidate_is_rescored_by_the_panel(s, staff):
    """Issue 16 item 9 (SCORE-05 with SCORE-03, CERT-06): a certified candidate's practical
    appeal is no dead end: the panel re-scores and re-signs (its score change is no longer
    refused as score_certified), and the answer settles the certificate (still a pass: kept,
    audited)."""
    from datetime import date

    from skillcert.certificates import services as certs
    from skillcert.certificates.models import Certificate
    from skillcert.scoring.models import Appeal
    from skillcert.scoring.services import appeal_create, appeal_resolve, results_notify

    a, b = s.regs
    h.score_everything(s)
    ps.tally_confirm(actor=s.checker.user, panel=s.panel, password=h.PASSWORD)
    ps.summary_sign(actor=s.users[0], panel=s.panel, password=h.PASSWORD)
    theory = [ScoreInput(r.pk, Decimal(70), Decimal("86.0")) for r in (a, b)]
    results_set(actor=None, sitting=a.sitting, items=theory)
    results_notify(actor=None, sitting=a.sitting)
    register = certs.issue_register_create(actor=staff, sitting=a.sitting)
    certs.issue_register_review(actor=f.colleague(staff), register=register)
    issued = certs.issue_register_issue(actor=staff, register=register, issued_on=date.today())
    cert = next(c for c in issued if c.registration_id == a.pk)
    candidate = f.user("cand_cert_a")
    a.person.user = candidate
    a.person.save(update_fields=["user"])
    appeal = appeal_create(actor=candidate, registration=a, subject="practical", reason="扣分有误")

    h.enter(s, 1, s.modules[1], {a: (5,)}, reason="复核：安全扣分复评")
    h.sign_all(s, s.modules[1])
    ps.tally_confirm(actor=s.checker.user, panel=s.panel, password=h.PASSWORD)
    ps.summary_sign(actor=s.users[0], panel=s.panel, password=h.PASSWORD)
    answered = appeal_resolve(actor=None, appeal=appeal, outcome=Appeal.CHANGED, note="复评更正")
    assert answered.score_after == Decimal("82.0")
    assert Result.objects.get(registration=a).practical_score == Decimal("82.0")
    cert.refresh_from_db()
    assert cert.status == Certificate.VALID
    kept = AuditEntry.objects.get(action="certificate.kept")
    assert kept.after["basis"]["appeal"] == appeal.pk
    with pytest.raises(DomainError) as err:  # without an appeal the certificate still freezes it
        h.enter(s, 2, s.modules[1], {a: (6,)}, reason="再改")
    assert err.value.rule == "CERT-06"
