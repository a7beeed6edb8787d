"""Roster import (名册导入): every bad row reported by row, column and reason; good rows stored.

Rules proved here: PEOPLE-01 (ID checks), PLAN-04/05 (eligibility), PLAN-07 (scope),
PLAN-08 (decision kept), REC-09 (one audit entry per import, chain verifies).
"""

import io

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from skillcert.core.audit import audit_verify
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.people.models import Person
from skillcert.people.services import person_fields, person_get_or_create
from skillcert.plans.models import Registration, RosterImport
from skillcert.plans.roster import services as roster
from skillcert.plans.roster import write as roster_write
from skillcert.plans.roster.check import RowChecker
from skillcert.plans.roster.format import COLUMNS, ERROR_COLUMN
from tests import factories as f

from .conftest import row, upload, xlsx_bytes


def bad_checksum(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


@pytest.fixture
def mixed_file(sitting):
    """Good rows and bad rows of every kind; returns (bytes, named IDs)."""
    registered = person_get_or_create(name="赵已报", id_type="resident", id_number=f.resident_id())
    Registration.objects.create(institution=sitting.institution, sitting=sitting, person=registered)
    known = person_get_or_create(name="钱原名", id_type="resident", id_number=f.resident_id())
    first, staff_id, checksum = f.resident_id(), f.resident_id(), f.resident_id()
    # PLAN-06: staff above level 5 need the previous certificate; this one holds it.
    teacher = person_get_or_create(name="李四", id_type="resident", id_number=staff_id)
    f.held_certificate(sitting.institution, teacher, level=4)
    rows = [
        row("张三", first, phone="13800138000"),  # 2 good
        row(
            "李四",
            staff_id,
            id_type="居民身份证",
            school="",
            year="",
            title="中级职称",
            title_years="2",
        ),  # 3 good (staff)
        row("", school="高职"),  # 4 no name
        row("王五", id_type="军官证"),  # 5 bad ID type
        row("孙六", bad_checksum(checksum)),  # 6 bad checksum
        row("周七", phone="1380013800"),  # 7 bad phone
        row("吴八", year="二〇二五"),  # 8 bad year
        row("郑九", first),  # 9 dup of row 2
        row("赵已报", registered.id_number),  # 10 registered
        row("钱新名", known.id_number),  # 11 other name
        row("冯十", level="5"),  # 12 outside scope
        row("陈十一", level="4"),  # 13 other level
        row("褚十二", school="中职"),  # 14 PLAN-04
        row("卫十三", school="", year="", title="初级职称", title_years="1"),  # 15 PLAN-05
        row("蒋十四", school="", year=""),  # 16 no school/title
        row("", phone="12345", school="大专"),  # 17 three errors
        [None] * len(COLUMNS),  # 18 empty: skipped
        row("沈护照", "E12345678", id_type="护照", school="高职"),  # 19 good passport
    ]
    return xlsx_bytes(rows), {"first": first, "staff": staff_id, "checksum": checksum}


def by_row(imp: RosterImport) -> dict[int, list[tuple[str, str, str]]]:
    out: dict[int, list] = {}
    for e in imp.errors:
        out.setdefault(e["row"], []).append((e["column"], e["reason"], e["rule"]))
    return out


def test_import_reports_every_bad_row_and_stores_only_good_ones(sitting, staff, mixed_file):
    """PEOPLE-01, PLAN-04, PLAN-05, PLAN-07: exact rows, columns and reasons; bad rows not kept."""
    data, ids = mixed_file
    imp = roster.roster_import_create(actor=staff, sitting=sitting, uploaded_file=upload(data))
    assert imp.status == RosterImport.DONE
    errors = by_row(imp)
    expected_check = ids["checksum"][17]
    assert errors == {
        4: [("姓名", "姓名不能为空", "")],
        5: [
            (
                "证件类型",
                "证件类型“军官证”无效，可填：居民身份证、护照、港澳居民来往内地通行证、"
                "台湾居民来往大陆通行证、港澳台居民居住证",
                "",
            )
        ],
        6: [("证件号码", f"身份证号码校验位错误（应为{expected_check}）", "PEOPLE-01")],
        7: [("手机号", "手机号应为以1开头的11位数字", "")],
        8: [("毕业年份", "毕业年份“二〇二五”应为四位年份，如2025", "")],
        9: [("证件号码", "证件号码与第2行重复", "")],
        10: [("证件号码", "该考生已报名本批次", "")],
        11: [("姓名", "该证件号码已登记为其他姓名，请核对姓名或证件号码", "")],
        12: [("申报级别", "车工（数控车床）五级/初级工不在本机构备案的认定范围内", "PLAN-07")],
        13: [
            (
                "申报级别",
                "申报级别四级/中级工与本批次级别三级/高级工不一致，请导入到对应级别的批次",
                "",
            )
        ],
        14: [
            (
                "学历层次",
                "中职毕业学年学生或毕业生（考试认定）最高可申报五级/初级工，不能申报三级/高级工",
                "PLAN-04",
            )
        ],
        15: [
            ("职称", "不符合申报条件：初级职称（任职1年），初级职称须任职满3年方可申报", "PLAN-05")
        ],
        16: [("学历层次", "学历层次与职称至少填写一项（学生填学历层次，教职工填职称）", "")],
        17: [
            ("姓名", "姓名不能为空", ""),
            ("手机号", "手机号应为以1开头的11位数字", ""),
            (
                "学历层次",
                "学历层次“大专”无效，可填：中职、技工院校中级班、技工院校高级班、"
                "技工院校预备技师班、高职、本科",
                "",
            ),
        ],
    }
    assert (imp.total_rows, imp.ok_rows, imp.error_rows) == (17, 3, 14)
    stored = Registration.objects.filter(roster_import=imp).select_related("person")
    assert sorted(r.person.name for r in stored) == ["张三", "李四", "沈护照"]
    assert {r.status for r in stored} == {Registration.APPROVED}
    assert {r.decision_reason for r in stored} == {"名册导入：资格审核通过"}  # PLAN-08
    lisi = stored.get(person__name="李四")
    assert (lisi.staff_title, lisi.title_years, lisi.school_level) == ("intermediate", 2, "")
    assert not Person.objects.filter(name__in=["王五", "周七", "郑九", "褚十二"]).exists()
    assert Person.objects.get(name="钱原名")  # the known person was not renamed


def test_error_values_never_show_an_id_in_clear(sitting, staff, mixed_file):
    """个人信息保护法: the report (pages, API) masks ID numbers."""
    data, ids = mixed_file
    imp = roster.roster_import_create(actor=staff, sitting=sitting, uploaded_file=upload(data))
    values = [e["value"] for e in imp.errors if e["column"] == "证件号码"]
    assert values and all("*" in v for v in values)
    assert ids["first"] not in str(imp.errors)


def test_import_writes_one_audit_entry_and_the_chain_verifies_REC_09(sitting, staff, mixed_file):
    """REC-09: one entry for the import, its digest matches the stored registrations."""
    data, _ = mixed_file
    imp = roster.roster_import_create(actor=staff, sitting=sitting, uploaded_file=upload(data))
    entry = AuditEntry.objects.get(action="registration.import")
    assert entry.object_id == str(imp.pk) and entry.actor_id == staff.pk
    assert entry.institution_id == sitting.institution_id
    assert entry.after == {
        "count": 3,
        "sitting": sitting.pk,
        "digest": roster.roster_import_digest(imp),
    }
    assert audit_verify().ok
    Registration.objects.filter(roster_import=imp).first().delete()  # tampering shows
    assert roster.roster_import_digest(imp) != entry.after["digest"]


def read_xlsx(data: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def test_error_file_has_the_bad_rows_and_reasons_and_can_be_fixed_and_reuploaded(
    sitting, staff, mixed_file
):
    data, ids = mixed_file
    imp = roster.roster_import_create(actor=staff, sitting=sitting, uploaded_file=upload(data))
    errors_file = roster.roster_errors_xlsx(imp)
    table = read_xlsx(errors_file)
    assert table[0] == [*COLUMNS, ERROR_COLUMN]
    assert len(table) == 1 + 14
    assert table[1][:3] == ["", "", table[1][2]] and table[1][4] == "高职"  # row 4, no name
    assert table[1][len(COLUMNS)] == "姓名：姓名不能为空"
    assert table[3][2] == bad_checksum(ids["checksum"])  # original cell kept for fixing
    assert table[14][len(COLUMNS)].count("；") == 2  # row 17: three reasons

    book = openpyxl.load_workbook(io.BytesIO(errors_file))
    sheet = book.active
    sheet["A2"] = "钱学森"  # row 4 fixed: a name
    sheet["C4"] = ids["checksum"]  # row 6 fixed: the right check digit
    sheet["D5"] = "13900139000"  # row 7 fixed: the phone
    fixed = io.BytesIO()
    book.save(fixed)
    again = roster.roster_import_create(
        actor=staff, sitting=sitting, uploaded_file=upload(fixed.getvalue(), "fixed.xlsx")
    )
    assert again.status == RosterImport.DONE
    assert again.ok_rows == 3 and again.error_rows == 11
    assert {r.person.name for r in again.registrations.select_related("person")} == {
        "钱学森",
        "孙六",
        "周七",
    }
    # The error file renumbers: its row 7 is the first file's row 9 (郑九 with 张三's ID),
    # and 张三 is now registered in this sitting under another name.
    assert by_row(again)[7] == [
        ("姓名", "该证件号码已登记为其他姓名，请核对姓名或证件号码", ""),
        ("证件号码", "该考生已报名本批次", ""),
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("名册.csv", b"a,b", "只接受 .xlsx 文件"),
        ("名册.xlsx", b"not a spreadsheet", "不是Excel .xlsx 格式"),
        ("名册.xlsx", b"PK\x03\x04broken zip", "文件无法读取"),
        (
            "名册.xlsx",
            xlsx_bytes([["张三", "110105194912310021"]], header=["名字", "身份证号"]),
            "表头缺少必需的列：姓名、证件号码、学历层次、职称；未识别的列：名字、身份证号",
        ),
        ("名册.xlsx", xlsx_bytes([]), "名册没有数据行"),
    ],
)
def test_unusable_file_is_refused_and_nothing_is_stored(sitting, staff, name, data, message):
    persons = Person.objects.count()
    with pytest.raises(DomainError) as exc:
        roster.roster_import_create(actor=staff, sitting=sitting, uploaded_file=upload(data, name))
    assert message in exc.value.message
    assert RosterImport.objects.count() == 0 and Person.objects.count() == persons


def test_columns_in_any_order_and_without_optional_ones(sitting, staff):
    header = ["职称", "学历层次", "证件号码", "姓名", "毕业年份"]
    number = f.resident_id()
    data = xlsx_bytes([["", "本科", number, "韩一", "2025"]], header=header)
    imp = roster.roster_import_create(actor=staff, sitting=sitting, uploaded_file=upload(data))
    assert (imp.ok_rows, imp.errors) == (1, [])


def test_an_id_typed_as_a_number_gets_a_specific_message_PEOPLE_01(sitting, staff):
    data = xlsx_bytes([["韩二", "", 110105194912310021, "", "本科", 2025]])
    imp = roster.roster_import_create(actor=staff, sitting=sitting, uploaded_file=upload(data))
    assert imp.errors[0]["row"] == 2 and "科学计数法" in imp.errors[0]["reason"]


def test_a_crash_while_writing_stores_nothing(sitting, staff, monkeypatch):
    """Never half an import: a failure after persons were written rolls everything back."""
    persons = Person.objects.count()

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(roster_write, "_insert_registrations", boom)
    data = xlsx_bytes([row("韩三"), row("韩四")])
    imp = roster.roster_import_create(actor=staff, sitting=sitting, uploaded_file=upload(data))
    assert imp.status == RosterImport.FAILED
    assert imp.errors == [
        {
            "row": None,
            "column": "",
            "value": "",
            "rule": "",
            "reason": "导入时发生内部错误，本次未保存任何数据，请稍后重试或联系管理员",
        }
    ]
    imp.refresh_from_db()
    assert imp.status == RosterImport.FAILED and imp.ok_rows == 0
    assert Person.objects.count() == persons
    assert not Registration.objects.filter(roster_import=imp).exists()
    assert not AuditEntry.objects.filter(action="registration.import").exists()


def test_a_conflicting_parallel_write_fails_the_whole_import(sitting, staff, monkeypatch):
    """A registration stored after validation (a parallel import) trips the unique
    constraint: the import fails with a clear message and stores nothing."""
    taken = person_get_or_create(name="韩六", id_type="resident", id_number=f.resident_id())
    Registration.objects.create(institution=sitting.institution, sitting=sitting, person=taken)
    monkeypatch.setattr(
        RowChecker, "check_chunk", lambda self, goods: ([*_with_person(goods, taken)], [])
    )
    data = xlsx_bytes([row("韩七"), row("韩六", taken.id_number)])
    imp = roster.roster_import_create(actor=staff, sitting=sitting, uploaded_file=upload(data))
    assert imp.status == RosterImport.FAILED
    assert "冲突" in imp.errors[0]["reason"]
    assert not Person.objects.filter(name="韩七").exists()


def _with_person(goods, taken):
    """What check_chunk returns when it could not yet see `taken`'s registration."""
    for g in goods:
        if g.name == taken.name:
            g.person_id = taken.pk
        else:
            g.person = person_fields(name=g.name, parsed=g.parsed)
        yield g


def test_a_repeated_run_changes_nothing(sitting, staff):
    data = xlsx_bytes([row("韩五")])
    imp = roster.roster_import_create(actor=staff, sitting=sitting, uploaded_file=upload(data))
    again = roster.roster_import_run(import_id=imp.pk)
    assert again.status == RosterImport.DONE
    assert Registration.objects.filter(sitting=sitting).count() == 1


def test_a_closed_sitting_takes_no_roster(sitting, staff):
    sitting.status = sitting.CLOSED
    sitting.save()
    with pytest.raises(DomainError, match="已结束"):
        roster.roster_import_create(
            actor=staff, sitting=sitting, uploaded_file=upload(xlsx_bytes([row()]))
        )


def test_a_large_file_runs_as_a_task_and_finishes(
    sitting, staff, settings, django_capture_on_commit_callbacks
):
    """Above rules().import_background_rows the import is queued and run by the task backend."""
    settings.SKILLCERT_RULES = {"import_background_rows": 5}
    data = xlsx_bytes([row(f"学生{i}") for i in range(8)])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        imp = roster.roster_import_create(actor=staff, sitting=sitting, uploaded_file=upload(data))
        assert imp.status == RosterImport.QUEUED
    assert len(callbacks) == 1
    imp.refresh_from_db()
    assert (imp.status, imp.total_rows, imp.processed_rows, imp.ok_rows) == (
        RosterImport.DONE,
        8,
        8,
        8,
    )


def test_template_has_the_columns_an_example_and_the_allowed_values():
    data = roster.roster_template_xlsx()
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert book.sheet_names == ["名册", "填写说明"]
    sheet = book.get_sheet_by_index(0).to_python()
    assert sheet[0] == COLUMNS and sheet[1][0] == "张三"
    notes = "".join(str(c) for r in book.get_sheet_by_name("填写说明").to_python() for c in r)
    for label in ("居民身份证", "港澳居民来往内地通行证", "技工院校预备技师班", "中级职称", "高级"):
        assert label in notes
    assert "不填即为居民身份证" in notes


def test_the_template_example_row_imports(sitting, staff):
    """The example row is valid (its ID passes PEOPLE-01 and it is eligible for level 3)."""
    imp = roster.roster_import_create(
        actor=staff, sitting=sitting, uploaded_file=upload(roster.roster_template_xlsx())
    )
    assert (imp.ok_rows, imp.errors) == (1, [])
