"""REC-08 / CERT-08: the documents an institution sends its authority, read back from the
files (openpyxl, python-docx) and checked against the hand-counted world of helpers.py."""

import io
from datetime import date

import openpyxl
import pytest
from docx import Document

from skillcert.reports.documents import application, notice, periodic, summary, yearly
from tests.reports.helpers import counted_world

ON = date(2026, 12, 4)


def sheet_rows(content: bytes, index: int = 0) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [list(r) for r in book.worksheets[index].iter_rows(values_only=True)]


def row_of(rows, first: str) -> list:
    return next(r for r in rows if r[0] == first or r[1] == first)


def docx_tables(content: bytes) -> list[list[list[str]]]:
    doc = Document(io.BytesIO(content))
    return [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


@pytest.fixture
def counted(institution, other_institution):
    return counted_world(institution, other_institution)


@pytest.mark.django_db
def test_rec08_yearly_xlsx_counts_by_occupation_and_level(institution, counted):
    """REC-08 / CERT-08: the yearly table of 2026, counted by hand (helpers.py)."""
    rows = sheet_rows(yearly.yearly_xlsx(institution, 2026, on=ON))
    header = rows.index(next(r for r in rows if r[0] == "职业编码"))
    body = rows[header + 1 : header + 4]
    # code, name, level, sittings, registered, sat, passed, rate, theory sat/passed,
    # practical sat/passed, issued, voided
    assert body[0] == ["6-18-01-01", "车工", "四级/中级工", 1, 6, 5, 2, "40.0%", 4, 3, 4, 3, 2, 1]
    assert body[1] == ["6-18-01-01", "车工", "三级/高级工", 1, 2, 2, 2, "100.0%", 2, 2, 2, 2, 0, 0]
    assert body[2][1:] == ["合计", "", 2, 8, 7, 4, "57.1%", 6, 5, 6, 5, 2, 1]
    assert rows[2][3] == "2027年1月10日"  # due: reports.deadlines.yearly_due (REC-08)


@pytest.mark.django_db
def test_rec08_yearly_xlsx_other_figures(institution, counted):
    """Violations confirmed 2 (withdrawn and unconfirmed ones are not), complaints received
    in 2026: 1, incidents 2 of which 1 major."""
    rows = sheet_rows(yearly.yearly_xlsx(institution, 2026, on=ON))
    figures = {r[0]: r[1] for r in rows if isinstance(r[1], int) and r[0]}
    assert figures["违纪违规（已确认，人次）"] == 2
    assert figures["  其中：VIOL-02 抄袭或者协助他人抄袭试卷"] == 2
    assert figures["投诉举报（件）"] == 1
    assert figures["突发事件（起）"] == 2
    assert figures["  其中：重大事件"] == 1


@pytest.mark.django_db
def test_rec08_yearly_of_2025_counts_only_2025(institution, counted):
    """Sitting C (2025): 1 registered, sat and passed; its certificate issued in 2025 and
    voided in 2026 (so 1 issued, 0 voided in 2025)."""
    rows = sheet_rows(yearly.yearly_xlsx(institution, 2025, on=ON))
    line = row_of(rows, "6-18-01-01")
    assert line[2:] == ["四级/中级工", 1, 1, 1, 1, "100.0%", 1, 1, 1, 1, 1, 0]
    assert row_of(rows, "合计")[3:7] == [1, 1, 1, 1]


@pytest.mark.django_db
def test_rec08_yearly_docx_has_the_same_figures(institution, counted):
    tables = docx_tables(yearly.yearly_docx(institution, 2026, on=ON))
    lines = tables[0]
    assert lines[0][:3] == ["职业编码", "职业（工种）", "级别"]
    assert lines[1] == ["6-18-01-01", "车工", "四级/中级工", "1", "6", "5", "2", "40.0%", "2", "1"]
    assert lines[-1][1:8] == ["合计", "", "2", "8", "7", "4", "57.1%"]
    others = dict((k, v) for k, v in tables[1][1:])
    assert others["违纪违规（已确认，人次）"] == "2"
    assert others["突发事件（起）"] == "2"
    assert "2026年度" in docx_text(yearly.yearly_docx(institution, 2026, on=ON))


@pytest.mark.django_db
def test_rec08_periodic_quarters(institution, counted):
    """Q2 2026 holds sitting A only; Q3 sitting B and A's two certificates (issued 1 July);
    Q1 only the void of C's certificate (1 March)."""
    q2 = sheet_rows(periodic.periodic_xlsx(institution, 2026, 2, on=ON))
    assert row_of(q2, "合计")[3:8] == [1, 6, 5, 2, "40.0%"]
    assert row_of(q2, "合计")[12:] == [0, 0]
    q3 = sheet_rows(periodic.periodic_xlsx(institution, 2026, 3, on=ON))
    assert row_of(q3, "合计")[3:8] == [1, 2, 2, 2, "100.0%"]
    assert row_of(q3, "合计")[12:] == [2, 0]
    q1 = sheet_rows(periodic.periodic_xlsx(institution, 2026, 1, on=ON))
    assert row_of(q1, "合计")[3:] == [0, 0, 0, 0, "—", 0, 0, 0, 0, 0, 1]
    assert q2[2][1] == "2026年4月1日至2026年6月30日" and q2[2][3] == "2026年7月10日"


@pytest.mark.django_db
def test_summary_xlsx_by_subject_violations_incidents(counted):
    """The 总结报告 of sitting A: theory 6/4/3, practical 6/4/3, overall 6/5/2."""
    rows = sheet_rows(summary.summary_xlsx(counted["a"], on=ON))
    assert row_of(rows, "理论知识") == ["四级/中级工", "理论知识", 6, 4, 3, "75.0%"]
    assert row_of(rows, "操作技能") == ["四级/中级工", "操作技能", 6, 4, 3, "75.0%"]
    assert row_of(rows, "总评") == ["四级/中级工", "总评", 6, 5, 2, "40.0%"]
    assert row_of(rows, "VIOL-02 抄袭或者协助他人抄袭试卷")[:2] == [
        "VIOL-02 抄袭或者协助他人抄袭试卷",
        2,
    ]
    assert row_of(rows, "违纪违规合计")[:2] == ["违纪违规合计", 2]
    assert row_of(rows, "突发事件合计")[:2] == ["突发事件合计", 2]
    severities = sorted(r[1] for r in rows if r[0] and str(r[0]).startswith("2026-06-01"))
    assert severities == ["一般事件", "重大事件"]


@pytest.mark.django_db
def test_summary_docx_figures_and_the_part_the_office_writes(counted):
    content = summary.summary_docx(counted["a"], on=ON)
    counts, violations, incidents = docx_tables(content)
    assert counts[3] == ["四级/中级工", "总评", "6", "5", "2", "40.0%"]
    assert violations[1] == ["VIOL-02 抄袭或者协助他人抄袭试卷", "2"]
    assert len(incidents) == 3  # header + 2
    text = docx_text(content)
    assert "四、工作总结" in text and summary.FREE_TEXT in text
    assert "违纪违规情况（合计2人次）" in text and "突发事件（合计2起）" in text


@pytest.mark.django_db
def test_application_roster_carries_full_id_numbers_upward(counted):
    """花名册: the 6 approved candidates of A (not the refused one), full ID numbers."""
    content = application.application_xlsx(counted["a"], on=ON)
    form = dict((r[0], r[1]) for r in sheet_rows(content, 0)[1:])
    assert form["申报人数"] == "6"
    assert form["级别"] == "四级/中级工" and form["工种/职业方向"] == "数控车床"
    assert form["理论知识考试日期"] == "2026年6月1日" and form["考点（地点）"] == "实训楼A201"
    roster = sheet_rows(content, 1)
    assert roster[0] == application.ROSTER_HEADER
    assert [r[0] for r in roster[1:]] == [1, 2, 3, 4, 5, 6]
    first = roster[1]
    r1 = counted["r1"]
    assert first[1] == r1.person.name and first[4] == r1.person.id_number
    assert len(first[4]) == 18 and "*" not in first[4]
    assert first[5] == "车工（数控车床）" and first[7] == "中职（2026届）"
    assert first[8].endswith("/数控2301")


@pytest.mark.django_db
def test_roster_on_screen_is_masked(counted):
    lines = application.roster_lines(counted["a"], full=False)
    assert lines[0].id_number == counted["r1"].person.id_masked
    assert lines[0].id_number != counted["r1"].person.id_number


@pytest.mark.django_db
def test_task_notice_names_numbers_and_staff(counted):
    from skillcert.arrangement.models import SittingStaffing, StaffAssignment
    from skillcert.people.services import person_get_or_create
    from tests import factories as f

    a = counted["a"]
    plan = SittingStaffing.objects.create(institution=a.institution, sitting=a, seed=1)
    for k, role in enumerate(["proctor", "proctor", "examiner"]):
        person = person_get_or_create(
            name=f"工作人员{k}", id_type="resident", id_number=f.resident_id(seq=900 + k)
        )
        StaffAssignment.objects.create(plan=plan, person=person, role=role, leader=k == 2)
    content = notice.notice_docx(a, on=ON)
    info, staff = docx_tables(content)
    fields = {row[0]: row[1] for row in info}
    assert fields["认定人数"] == "6" and fields["级别"] == "四级/中级工"
    assert fields["理论知识考试"] == "2026年6月1日" and fields["考点（地点）"] == "实训楼A201"
    roles = {row[0]: row[1:] for row in staff[1:]}
    assert roles["监考员"] == ["2", "工作人员0、工作人员1"]
    assert roles["考评员"] == ["1", "工作人员2（组长）"]
    assert "60分及以上为合格" in docx_text(content)
    assert "每个考场不超过30人" in docx_text(content)


@pytest.mark.django_db
def test_word_files_keep_markup_as_text(counted):
    """A name with Word/XML markup characters is written as text (docxtpl autoescape)."""
    a = counted["a"]
    a.name = "第1批<测试>&复核"
    a.save(update_fields=["name"])
    text = docx_text(summary.summary_docx(a, on=ON))
    assert "批次：第1批<测试>&复核" in text


@pytest.mark.django_db
def test_cert08_certificates_of_another_institution_are_not_counted(institution, counted):
    """CERT-08: the other institution's 2026 certificate and registrations (sitting D) are in
    none of our figures: 2 issued, 8 registered, as counted."""
    rows = sheet_rows(yearly.yearly_xlsx(institution, 2026, on=ON))
    total = row_of(rows, "合计")
    assert (total[4], total[12]) == (8, 2)
