"""SCORE-02: a passed single subject stays valid one year; the candidate retakes the other
at a later sitting of the same occupation, job type and level. SCORE-01 with a custom mark."""

from datetime import date
from decimal import Decimal

import pytest

from skillcert.core.models import AuditEntry
from skillcert.institutions import services as inst
from skillcert.scoring.models import Result
from skillcert.scoring.services import ScoreInput, results_carry, results_set
from tests import factories as f

from .conftest import register

D = Decimal


@pytest.fixture
def first(make_sitting, person):
    """Sitting A (theory 2025-06-01, practical 2025-06-02): 张小三 passes theory only."""
    a = make_sitting(date(2025, 6, 1), date(2025, 6, 2))
    p = person()
    reg = register(a, p)
    results_set(actor=None, sitting=a, items=[ScoreInput(reg.pk, D(75), D(50))])
    return a, p, Result.objects.get(registration=reg)


def test_score_02_passed_theory_is_carried_within_the_year_and_decides_pass(first, make_sitting):
    a, p, old = first
    # the practical retake is exactly 365 days after the theory was taken: still valid
    b = make_sitting(date(2026, 5, 31), date(2026, 6, 1))
    reg = register(b, p)
    results_set(actor=None, sitting=b, items=[ScoreInput(reg.pk, None, D(80))])
    res = Result.objects.get(registration=reg)
    assert res.carried_subject == "theory" and res.carried_from == old
    assert res.carried_on == date(2025, 6, 1) and res.carried_label == "沿用2025-06-01成绩"
    assert (res.theory_score, res.practical_score, res.passed) == (D(75), D(80), True)
    entry = AuditEntry.objects.filter(action="result.set", object_id=str(res.pk)).get()
    assert entry.after["carried_subject"] == "theory"


def test_score_02_not_carried_one_day_after_the_year(first, make_sitting):
    _, p, _ = first
    b = make_sitting(date(2026, 6, 1), date(2026, 6, 2))  # retake day 366 days later
    reg = register(b, p)
    results_set(actor=None, sitting=b, items=[ScoreInput(reg.pk, None, D(80))])
    res = Result.objects.get(registration=reg)
    assert res.carried_subject == "" and res.theory_score is None and res.passed is None


@pytest.mark.parametrize(
    ("job", "level", "other_occupation"),
    [("普通车床", 4, False), ("数控车床", 3, False), (None, 4, True)],
)
def test_score_02_not_carried_to_another_occupation_job_type_or_level(
    first, make_sitting, institution, job, level, other_occupation
):
    _, p, _ = first
    occupation = None
    if other_occupation:
        occupation = f.occupation("6-18-01-02")
        inst.scope_row_add(
            actor=None,
            institution=institution,
            occupation=occupation,
            job_type=None,
            levels="4",
            standard=f.standard("6-18-01-02"),
        )
    b = make_sitting(
        date(2025, 12, 1), date(2025, 12, 2), job=job, level=level, occupation=occupation
    )
    reg = register(b, p)
    results_set(actor=None, sitting=b, items=[ScoreInput(reg.pk, None, D(80))])
    res = Result.objects.get(registration=reg)
    assert res.carried_subject == "" and res.theory_score is None


def test_score_02_a_carry_of_a_carry_points_to_the_original_and_its_year(first, make_sitting):
    a, p, old = first
    b = make_sitting(date(2025, 12, 1), date(2025, 12, 2))
    rb = register(b, p)
    results_set(actor=None, sitting=b, items=[ScoreInput(rb.pk, None, D(40))])  # fails again
    c = make_sitting(date(2026, 3, 1), date(2026, 3, 2))
    rc = register(c, p)
    results_set(actor=None, sitting=c, items=[ScoreInput(rc.pk, None, D(70))])
    res = Result.objects.get(registration=rc)
    assert res.carried_from == old and res.carried_on == date(2025, 6, 1) and res.passed
    # the year still runs from the original theory date, not from sitting B
    d = make_sitting(date(2026, 7, 1), date(2026, 7, 2))
    rd = register(d, p)
    results_set(actor=None, sitting=d, items=[ScoreInput(rd.pk, None, D(70))])
    assert Result.objects.get(registration=rd).carried_subject == ""


def test_score_02_a_typed_score_replaces_the_carry(first, make_sitting):
    _, p, _ = first
    b = make_sitting(date(2025, 12, 1), date(2025, 12, 2))
    reg = register(b, p)
    results_set(actor=None, sitting=b, items=[ScoreInput(reg.pk, None, D(80))])
    results_set(actor=None, sitting=b, items=[ScoreInput(reg.pk, D(55), D(80))])
    res = Result.objects.get(registration=reg)
    assert res.carried_subject == "" and res.carried_from is None
    assert (res.theory_score, res.passed) == (D(55), False)


def test_score_02_practical_pass_is_carried_for_a_theory_retake(make_sitting, person):
    a = make_sitting(date(2025, 6, 1), date(2025, 6, 2))
    p = person("李四", 502)
    ra = register(a, p)
    results_set(actor=None, sitting=a, items=[ScoreInput(ra.pk, None, D(88), True, False)])
    b = make_sitting(date(2025, 12, 1), date(2025, 12, 2))
    rb = register(b, p)
    results_set(actor=None, sitting=b, items=[ScoreInput(rb.pk, D(61), None)])
    res = Result.objects.get(registration=rb)
    assert res.carried_subject == "practical" and res.carried_on == date(2025, 6, 2)
    assert (res.practical_score, res.passed) == (D(88), True)


def test_score_02_prefill_shows_the_carry_on_the_score_sheet(first, make_sitting, client, staff):
    _, p, _ = first
    b = make_sitting(date(2025, 12, 1), date(2025, 12, 2))
    reg = register(b, p)
    results_carry(actor=None, sitting=b)
    res = Result.objects.get(registration=reg)
    assert res.carried_subject == "theory" and res.passed is None  # practical still to sit
    f.on_plan(b, staff)  # item 28
    client.force_login(staff)
    page = client.get(f"/i/{b.institution_id}/sittings/{b.pk}/scores/").content.decode()
    assert "沿用2025-06-01成绩 75.0" in page
    # saving the sheet with the carried subject left empty keeps the carry
    resp = client.post(
        f"/i/{b.institution_id}/sittings/{b.pk}/scores/", {f"practical_{reg.pk}": "70"}
    )
    assert resp.status_code == 302
    res.refresh_from_db()
    assert res.carried_subject == "theory" and res.passed is True


def test_score_01_results_use_the_custom_pass_mark_setting(settings, sitting, enrol):
    settings.SKILLCERT_RULES = {"pass_mark": 70}
    a, b = enrol(sitting, 2)
    results_set(
        actor=None,
        sitting=sitting,
        items=[ScoreInput(a.pk, D(69), D(90)), ScoreInput(b.pk, D(70), D(70))],
    )
    assert Result.objects.get(registration=a).passed is False
    assert Result.objects.get(registration=b).passed is True


def test_score_02_carry_needs_the_subject_at_the_custom_pass_mark(settings, make_sitting, person):
    settings.SKILLCERT_RULES = {"pass_mark": 80}
    a = make_sitting(date(2025, 6, 1), date(2025, 6, 2))
    p = person()
    results_set(actor=None, sitting=a, items=[ScoreInput(register(a, p).pk, D(75), D(50))])
    b = make_sitting(date(2025, 12, 1), date(2025, 12, 2))
    reg = register(b, p)
    results_set(actor=None, sitting=b, items=[ScoreInput(reg.pk, None, D(90))])
    assert Result.objects.get(registration=reg).carried_subject == ""


def test_score_02_sheet_export_leaves_the_carried_subject_empty_and_says_so(
    first, make_sitting, client, staff
):
    import io

    import openpyxl

    _, p, _ = first
    b = make_sitting(date(2025, 12, 1), date(2025, 12, 2))
    reg = register(b, p)
    results_carry(actor=None, sitting=b)
    f.on_plan(b, staff)  # item 28
    client.force_login(staff)
    base = f"/i/{b.institution_id}/sittings/{b.pk}/"
    ws = openpyxl.load_workbook(io.BytesIO(client.get(base + "scores.xlsx").content)).active
    assert ws.cell(2, 4).value is None and ws.cell(2, 6).value == "理论沿用2025-06-01成绩 75.0"
    ws.cell(2, 5).value = 66
    filled = io.BytesIO()
    ws.parent.save(filled)
    filled.seek(0)
    filled.name = "s.xlsx"
    assert client.post(base + "scores/upload/", {"file": filled}).status_code == 302
    res = Result.objects.get(registration=reg)
    assert res.carried_subject == "theory" and res.practical_score == D(66) and res.passed
