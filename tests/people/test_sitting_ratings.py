"""PEOPLE-06 built from PEOPLE-11: the annual evaluation takes the equal-weight mean of the
year's 考评人员认定表 scores (half up to one decimal) and the count of the sittings served;
an unrated sitting or a typed score that differs is refused; a correction re-grades the
year; no sitting in a year stays 不合格. Expected numbers are counted by hand below."""

import json
from datetime import date
from decimal import Decimal

import pytest

from skillcert.arrangement.ratings.services import examiner_rate
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.people.models import Examiner, ExaminerEvaluation
from skillcert.people.services import examiner_evaluate, year_ratings
from tests.arrangement.helpers import dated_sitting, serve
from tests.arrangement.test_staffing_service import add_examiner


@pytest.fixture
def year(institution, staff):
    """2025 at one institution (by hand):
    S1 2025-03-10  甲 85.0
    S2 2025-06-01  甲 90.5  乙 95.0
    S3 2025-11-20  甲 70.0
    S4 2025-12-30 / practical 2026-01-05: last day in 2026, 甲 10.0 (not 2025's)
    S5 2025-09-01  乙 84.9  (甲 did not serve)
    丙 served nothing.
    甲 2025: (85.0 + 90.5 + 70.0) / 3 = 245.5 / 3 = 81.833… → 81.8 良好, 3 assignments.
    乙 2025: (95.0 + 84.9) / 2 = 89.95 → 90.0 (half up) 优秀, 2 assignments."""
    a, b, c = (add_examiner(institution, n) for n in ("考评甲", "考评乙", "考评丙"))
    s1 = dated_sitting(institution, date(2025, 3, 10))
    s2 = dated_sitting(institution, date(2025, 6, 1))
    s3 = dated_sitting(institution, date(2025, 11, 20))
    s4 = dated_sitting(institution, date(2025, 12, 30), date(2026, 1, 5))
    s5 = dated_sitting(institution, date(2025, 9, 1))
    for sitting, served in ((s1, [a]), (s2, [a, b]), (s3, [a]), (s4, [a]), (s5, [b])):
        serve(sitting, *served)
    for sitting, examiner, score in (
        (s1, a, "85"),
        (s2, a, "90.5"),
        (s2, b, "95"),
        (s3, a, "70"),
        (s4, a, "10"),
        (s5, b, "84.9"),
    ):
        examiner_rate(actor=staff, sitting=sitting, examiner=examiner, score=score)
    return {"a": a, "b": b, "c": c, "s1": s1, "s2": s2, "s3": s3, "s4": s4, "s5": s5}


def test_grade_is_the_mean_of_the_years_ratings_PEOPLE_06_PEOPLE_11(year, staff):
    a = examiner_evaluate(actor=staff, examiner=year["a"], year=2025)
    assert (a.score, a.assignments, a.grade, a.rated_sittings) == (
        Decimal("81.8"),
        3,
        ExaminerEvaluation.GOOD,
        3,
    )
    assert a.note == "3次考评人员认定的平均分"
    b = examiner_evaluate(actor=staff, examiner=year["b"], year=2025)
    assert (b.score, b.assignments, b.grade) == (Decimal("90.0"), 2, ExaminerEvaluation.EXCELLENT)
    entry = AuditEntry.objects.filter(action="examiner.evaluate").order_by("id").first()
    assert entry.after["rated_sittings"] == [year["s1"].pk, year["s2"].pk, year["s3"].pk]


def test_sitting_ending_next_year_counts_there_PEOPLE_11(year):
    record = year_ratings(examiner=year["a"], year=2026)
    assert [(s.sitting_id, s.score) for s in record.sittings] == [(year["s4"].pk, Decimal("10"))]
    assert record.mean == Decimal("10.0")


def test_none_in_a_year_stays_fail_PEOPLE_06(year, staff):
    c = examiner_evaluate(actor=staff, examiner=year["c"], year=2025)
    assert (c.score, c.assignments, c.grade, c.note) == (
        Decimal("0"),
        0,
        ExaminerEvaluation.FAIL,
        "全年未参加考评",
    )
    typed = examiner_evaluate(actor=staff, examiner=year["c"], year=2025, score=95, assignments=0)
    assert typed.grade == ExaminerEvaluation.FAIL  # no assignment: whatever the score
    with pytest.raises(DomainError) as err:  # a score alone would grade "none" silently
        examiner_evaluate(actor=staff, examiner=year["c"], year=2025, score=95)
    assert err.value.field == "assignments"
    with pytest.raises(DomainError) as err:  # sittings on paper: the score is needed
        examiner_evaluate(actor=staff, examiner=year["c"], year=2025, assignments=2)
    assert err.value.field == "score"


def test_typed_score_or_count_that_differs_is_refused_PEOPLE_11(year, staff):
    with pytest.raises(DomainError) as err:
        examiner_evaluate(actor=staff, examiner=year["a"], year=2025, score=95, assignments=3)
    assert err.value.field == "score" and "81.8" in err.value.message
    with pytest.raises(DomainError) as err:
        examiner_evaluate(actor=staff, examiner=year["a"], year=2025, assignments=5)
    assert err.value.field == "assignments" and "3次" in err.value.message
    same = examiner_evaluate(actor=staff, examiner=year["a"], year=2025, score="81.8")
    assert same.grade == ExaminerEvaluation.GOOD
    assert ExaminerEvaluation.objects.filter(examiner=year["a"]).count() == 1


def test_an_unrated_sitting_blocks_the_year_PEOPLE_11(year, institution, staff):
    s6 = dated_sitting(institution, date(2025, 12, 1), None)
    serve(s6, year["a"])
    with pytest.raises(DomainError) as err:
        examiner_evaluate(actor=staff, examiner=year["a"], year=2025)
    assert err.value.code == "evaluation_unrated" and s6.name in err.value.message
    assert not ExaminerEvaluation.objects.exists()


def test_a_correction_regrades_the_year_PEOPLE_06_PEOPLE_11(year, staff):
    examiner_evaluate(actor=staff, examiner=year["a"], year=2025, missed_in_row=1)
    examiner_rate(actor=staff, sitting=year["s3"], examiner=year["a"], score="40", reason="复核")
    v = ExaminerEvaluation.objects.get(examiner=year["a"], year=2025)
    # (85.0 + 90.5 + 40.0) / 3 = 215.5 / 3 = 71.833… → 71.8 合格; the typed 1 missed kept
    assert (v.score, v.grade, v.missed_in_row) == (Decimal("71.8"), ExaminerEvaluation.PASS, 1)
    assert AuditEntry.objects.filter(action="examiner.evaluate").count() == 2


def test_two_failed_years_of_ratings_dismiss_PEOPLE_06(institution, staff):
    e = add_examiner(institution, "考评丁")
    for day, score in ((date(2025, 5, 1), "55"), (date(2026, 5, 1), "59.9")):
        sitting = dated_sitting(institution, day)
        serve(sitting, e)
        examiner_rate(actor=staff, sitting=sitting, examiner=e, score=score)
    examiner_evaluate(actor=staff, examiner=e, year=2025)
    examiner_evaluate(actor=staff, examiner=e, year=2026, on=date(2026, 12, 30))
    e.refresh_from_db()
    assert e.status == Examiner.DISMISSED
    assert list(e.evaluations.values_list("grade", flat=True)) == ["fail", "fail"]


def test_api_year_ratings_and_evaluation_without_score_PEOPLE_11(client, year, staff, outsider):
    a = year["a"]
    base = f"/api/institutions/{a.institution_id}/examiners/{a.pk}"
    client.force_login(staff)
    body = client.get(f"{base}/ratings?year=2025").json()
    assert body["mean"] == "81.8" and body["unrated"] == 0
    assert [s["score"] for s in body["sittings"]] == ["85.0", "90.5", "70.0"]
    r = client.post(f"{base}/evaluations", json.dumps({"year": 2025}), "application/json")
    assert r.status_code == 201
    assert (r.json()["score"], r.json()["grade"], r.json()["rated_sittings"]) == ("81.8", "good", 3)
    r = client.post(
        f"{base}/evaluations", json.dumps({"year": 2025, "score": "99"}), "application/json"
    )
    assert r.status_code == 400 and r.json()["detail"]["field"] == "score"
    client.force_login(outsider)
    assert client.get(f"{base}/ratings?year=2025").status_code == 404


def test_examiner_page_shows_the_mean_and_takes_it_PEOPLE_11(client, year, staff, monkeypatch):
    from skillcert.people import views_more

    monkeypatch.setattr(views_more, "_today", lambda: date(2026, 1, 10))
    a = year["a"]
    url = f"/i/{a.institution_id}/people/examiners/{a.pk}/"
    client.force_login(staff)
    html = client.get(url).content.decode()
    assert 'id="ratings-2025"' in html and '<strong class="mean">81.8</strong>' in html
    assert "3次考评" in html
    r = client.post(url, {"action": "evaluate", "year": "2025", "missed_in_row": "0"})
    assert r.status_code == 302
    assert ExaminerEvaluation.objects.get(examiner=a).score == Decimal("81.8")
    html = client.post(
        url, {"action": "evaluate", "year": "2025", "score": "60", "missed_in_row": "0"}
    ).content.decode()
    assert "不能另填" in html and "PEOPLE-11" in html
