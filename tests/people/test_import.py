import io

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from skillcert.core.errors import DomainError
from skillcert.people.models import Examiner, Person
from skillcert.people.registers import COLUMNS, examiner_template_xlsx, examiners_import
from tests import factories as f


def xlsx(rows: list[list], header: list[str] = COLUMNS) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("考评员")
    sheet.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value not in (None, ""):
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def row(name="李四", id_number=None, **over) -> list:
    values = {
        "姓名": name,
        "证件类型": "",
        "证件号码": id_number or f.resident_id(birth="19800101"),
        "考评员类别": "考评员",
        "技能等级": "三级",
        "技能等级职业编码": "6-18-01-01",
        "职称": "",
        "考评职业编码": "6-18-01-01",
        "考评员证号": "KP1",
        "发证日期": "2025-01-01",
        "培训学时": 48,
        "考核合格": "是",
        "聘任起始日期": "2025/1/1",
        "首次考评日期": "",
    }
    values.update(over)
    return [values[c] for c in COLUMNS]


def test_template_has_the_columns_and_an_example():
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(examiner_template_xlsx()))
    table = sheet.get_sheet_by_index(0).to_python()
    assert table[0] == COLUMNS and table[1][0] == "李四"


def test_good_rows_are_imported(institution):
    report = examiners_import(
        actor=None,
        institution=institution,
        data=xlsx([row(), row("王五", 职称="高级职称", 考评员类别="高级考评员", 技能等级="")]),
    )
    assert report.ok and report.created == 2
    assert Examiner.objects.filter(institution=institution, grade="senior").count() == 1


def test_every_bad_row_is_reported_and_nothing_saved(institution):
    """All-or-nothing: one good row and four bad ones save nothing; each bad row is named."""
    good_id = f.resident_id(birth="19800101")
    data = xlsx(
        [
            row(id_number=good_id),
            row("甲", 技能等级="四级"),  # PEOPLE-02
            row("乙", 考评职业编码="6-18-01-01、6-18-02-04"),  # PEOPLE-04
            row("丙", 培训学时=40),  # PEOPLE-05
            row("丁", id_number="410102198001010000"),  # bad checksum (PEOPLE-01)
            row("戊", 发证日期="2025-13-01"),
            row("己", 考评职业编码="9-99-99-99"),
        ]
    )
    report = examiners_import(actor=None, institution=institution, data=data)
    assert report.created == 0 and not report.ok
    got = [(e["row"], e["column"], e["rule"]) for e in report.errors]
    assert got == [
        (3, "技能等级", "PEOPLE-02"),
        (4, "考评职业编码", "PEOPLE-04"),
        (5, "培训学时", "PEOPLE-05"),
        (6, "证件号码", "PEOPLE-01"),
        (7, "发证日期", ""),
        (8, "考评职业编码", "CAT-01"),
    ]
    assert all(e["reason"] for e in report.errors)
    assert report.errors[3]["value"] == "4101**********0000"  # masked in the report
    assert not Examiner.objects.exists()
    assert not Person.objects.exists()


def test_same_person_twice_in_a_file_is_reported(institution):
    number = f.resident_id(birth="19800101")
    report = examiners_import(
        actor=None, institution=institution, data=xlsx([row(id_number=number)] * 2)
    )
    assert [(e["row"], e["column"]) for e in report.errors] == [(3, "证件号码")]


def test_bad_header_and_non_xlsx_are_refused(institution):
    with pytest.raises(DomainError) as exc:
        examiners_import(actor=None, institution=institution, data=xlsx([row()], COLUMNS[:3]))
    assert "考评员类别" in exc.value.message
    with pytest.raises(DomainError):
        examiners_import(actor=None, institution=institution, data=b"name,id\n")
