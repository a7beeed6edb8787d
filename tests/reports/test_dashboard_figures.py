"""REC-08 / CERT-08: every section of the authority's dashboard against the hand-counted
region of tests/reports/world.py (the counts are worked out in the comments, by hand)."""

from datetime import date

import pytest

from skillcert.reports import selectors

from .world import TODAY, region_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(db):
    return region_world()


def _section(region, key, user=None, **query):
    found, errors = selectors.filters_for(user or region["boss"], query, today=TODAY)
    assert not errors, errors.messages
    return selectors.section(key, found)


def _rows(section, table):
    return section.table(table).rows


def test_rec_08_institutions_by_kind_and_state_in_the_region_only(region):
    s = _section(region, "institutions")
    # 甲 filed and 乙 suspended are colleges, 丁 an employer never filed; 丙 (Hubei) is out.
    assert _rows(s, "by_kind") == [
        ["院校", 0, 1, 1, 2],
        ["企业", 1, 0, 0, 1],
        ["社会培训评价组织", 0, 0, 0, 0],
    ]
    assert _rows(s, "by_state") == [
        ["备案有效", 1],
        ["已备案但已过有效期（INST-04）", 0],
        ["未备案", 1],
        ["已暂停", 1],
    ]


def test_rec_08_sittings_planned_and_held(region):
    s = _section(region, "sittings")
    # In 2026-01-01..06-30: 甲 03-10 (held), 甲 05-20 (held), 乙 04-15 (held); 甲 09-01 and
    # 甲 2025-11-01 are outside; 丙's 03-10 is Hubei's. Approved registrations 4, 2, 2.
    assert _rows(s, "totals") == [["全部", 3, 3, 8]]
    assert _rows(s, "by_month") == [
        ["2026-03", 1, 1, 4],
        ["2026-04", 1, 1, 2],
        ["2026-05", 1, 1, 2],
    ]
    whole_year = _section(region, "sittings", start="2026-01-01", end="2026-12-31")
    # + 甲 09-01: planned, nobody sat it yet (2 approved registrations, no results).
    assert whole_year.table("totals").rows == [["全部", 4, 3, 10]]
    assert whole_year.table("by_month").rows[-1] == ["2026-09", 1, 0, 2]
    by_inst = {r[0]: r[1:] for r in whole_year.table("by_institution").rows}
    assert by_inst == {region["x"].name: [3, 2, 8], region["y"].name: [1, 1, 2]}


def test_rec_08_candidates_sat_passed_and_rate(region):
    s = _section(region, "candidates")
    # 甲 03-10: 4 approved (2 pass, 1 fail, 1 absent both; a pending one is no candidate);
    # 甲 05-20: 2 (1 pass, 1 fail); 乙 04-15: 2 (1 pass, 1 absent). Sat 3+2+1, passed 2+1+1.
    assert _rows(s, "totals") == [["全部", 8, 6, 4, 66.7]]
    assert _rows(s, "by_level") == [
        ["三级/高级工", 2, 1, 1, 100.0],
        ["四级/中级工", 4, 3, 2, 66.7],
        ["五级/初级工", 2, 2, 1, 50.0],
    ]
    assert _rows(s, "by_occupation") == [["6-18-01-01", "车工", 8, 6, 4, 66.7]]
    by_inst = {r[0]: r[1:] for r in _rows(s, "by_institution")}
    assert by_inst == {region["x"].name: [6, 5, 3, 60.0], region["y"].name: [2, 1, 1, 100.0]}


def test_rec_08_candidates_filtered_by_institution_period_and_occupation(region):
    only_y = _section(region, "candidates", institution=str(region["y"].pk))
    assert only_y.table("totals").rows == [["全部", 2, 1, 1, 100.0]]
    spring = _section(region, "candidates", start="2026-04-01", end="2026-06-30")
    assert spring.table("totals").rows == [["全部", 4, 3, 2, 66.7]]  # 05-20 and 04-15
    other = _section(region, "candidates", occupation="6-18-01-02")
    assert other.table("totals").rows == [["全部", 0, 0, 0, None]]
    hubei = _section(region, "candidates", user=_hubei())
    assert hubei.table("totals").rows == [["全部", 3, 3, 3, 100.0]]  # 丙 only


def _hubei():
    from tests import factories as f

    return f.authority_user("420000")


def test_cert_08_certificates_issued_and_voided(region):
    s = _section(region, "certificates")
    # Issued in the period: 甲 04-01 ×2 (level 4), 甲 06-10 (level 5), 乙 05-05 (level 3);
    # voided in the period: one of 甲's 04-01 (06-20) and 甲's 2025 certificate (02-01).
    assert _rows(s, "totals") == [["全部", 4, 2]]
    assert _rows(s, "by_month") == [
        ["2026-02", 0, 1],
        ["2026-04", 2, 0],
        ["2026-05", 1, 0],
        ["2026-06", 1, 1],
    ]
    assert _rows(s, "by_level") == [
        ["三级/高级工", 1, 0],
        ["四级/中级工", 2, 2],
        ["五级/初级工", 1, 0],
    ]
    by_inst = {r[0]: r[1:] for r in _rows(s, "by_institution")}
    assert by_inst == {region["x"].name: [3, 2], region["y"].name: [1, 0]}
    june = _section(region, "certificates", start="2026-06-01", end="2026-06-30")
    assert june.table("totals").rows == [["全部", 1, 1]]


def test_rec_08_overdue_reports_and_deadlines(region):
    s = _section(region, "overdue")
    # Due in the period and passed by 06-30: yearly 2025 (01-10), Q4 2025 (01-10), Q1 2026
    # (04-10). 甲 sent the yearly in time, 乙 on 01-15 (late); Q4: 甲 sent, 乙 not; Q1: nobody.
    # INST-13: no plan for 03-10, 05-20, 04-15 (all due before 06-30). SCORE-04: notices of
    # 03-10 and 04-15 missing, 05-20's sent late. REC-06: 03-10's signed late, the others missing.
    assert _rows(s, "by_kind") == [
        ["年度报告（REC-08）", 0, 1],
        ["定期统计表（REC-08）", 3, 0],
        ["实施方案（INST-13）", 3, 0],
        ["成绩通知（SCORE-04）", 2, 1],
        ["质量督导报告（REC-06）", 2, 1],
    ]
    by_inst = {r[0]: r[1:] for r in _rows(s, "by_institution")}
    assert by_inst == {region["x"].name: [5, 2], region["y"].name: [5, 1]}


def test_rec_04_05_complaints_and_incidents(region):
    s = _section(region, "complaints")
    assert _rows(s, "complaints_by_status") == [
        ["已登记", 1],
        ["调查中", 0],
        ["不予调查", 0],
        ["已作出处理决定", 1],
        ["已归档", 0],
    ]
    assert _rows(s, "incidents_by_severity") == [["重大事件", 1, 0, 1], ["一般事件", 0, 0, 0]]
    by_inst = {r[0]: r[1:] for r in _rows(s, "by_institution")}
    assert by_inst == {region["x"].name: [1, 1, 1, 0], region["y"].name: [1, 0, 0, 0]}
    # 甲's complaint names its sitting (车工); 乙's names none, so an occupation drops it.
    lathe = _section(region, "complaints", occupation="6-18-01-01")
    assert lathe.table("complaints_by_status").rows[0] == ["已登记", 1]
    assert lathe.table("complaints_by_status").rows[3] == ["已作出处理决定", 0]


def test_inst_09_10_inspection_results(region):
    s = _section(region, "inspections")
    assert _rows(s, "findings_by_outcome") == [
        ["待检查", 0],
        ["未发现问题", 1],
        ["责令整改", 1],
        ["严重问题", 0],
    ]
    assert _rows(s, "annual") == [[2026, 2, 77.5, 70, 85]]  # 甲 85, 乙 70; 丙's 60 is Hubei's
    assert _rows(s, "credit_by_kind")[0] == ["检查发现问题", 1, 10]
    by_inst = {r[0]: r[1:] for r in _rows(s, "by_institution")}
    assert by_inst == {region["x"].name: [0, 0, 1, 0, 10], region["y"].name: [0, 1, 0, 0, 0]}


def test_rec_08_bad_filters_are_named_and_dropped(region):
    found, errors = selectors.filters_for(
        region["boss"],
        {"start": "2026-13-01", "institution": str(region["z"].pk), "occupation": "9-99"},
        today=TODAY,
    )
    assert set(errors.messages) == {"start", "institution", "occupation"}
    assert errors.messages["institution"] == "机构：本地区没有该机构"
    assert "2026-13-01" in errors.messages["start"]
    assert (found.start, found.institution_id, found.occupation) == (date(2026, 1, 1), None, "")
    _, errors = selectors.filters_for(
        region["boss"], {"start": "2026-06-01", "end": "2026-05-01"}, today=TODAY
    )
    assert errors.messages == {"end": "统计期止：统计期止不能早于统计期起"}
