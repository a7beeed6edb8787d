"""CAT-01..04, LEVEL-01/04/05: importing the occupation catalogue, job types and standards."""

import csv
from importlib import resources

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from skillcert.catalog.models import JobType, Occupation, Standard
from skillcert.catalog.selectors import occupation_search, occupations_assessable
from skillcert.catalog.services import (
    Row,
    code_rank_error,
    job_types_import,
    occupations_import,
    read_table,
)
from skillcert.core.errors import DomainError
from skillcert.institutions import services as inst
from tests import factories as f

pytestmark = pytest.mark.django_db
HEADER_ZH = ["层级", "职业编码", "名称", "类别", "绿色职业", "数字职业"]
NEW_CODE = "4-14-01-99"  # a free code in a real minor category


def write_csv(path, header, rows, encoding="utf-8"):
    with open(path, "w", newline="", encoding=encoding) as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path, header, rows):
    wb = openpyxl.Workbook()
    wb.active.append(header)
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


def test_cat_01_shipped_catalogue_is_loaded():
    assert Occupation.objects.count() == 2047  # 2,051 rows, 4 codes stand twice
    assert Occupation.objects.get(code="6-18-01-01").name == "车工"
    assert Occupation.objects.get(code="2-03-01-00").rank == 4  # minor category and occupation


def test_cat_04_reimporting_the_shipped_file_changes_nothing():
    path = resources.files("skillcert.catalog").joinpath("data/occupations-2022.csv")
    report = occupations_import(actor=None, rows=read_table(path))
    assert report.ok, report.lines()
    assert (report.created, report.updated, report.deactivated) == ([], [], [])
    assert report.unchanged == 2047


def test_cat_04_csv_with_chinese_headers_adds_and_updates(tmp_path):
    """CAT-04: a spreadsheet adds new occupations and updates names of existing ones."""
    assert not Occupation.objects.filter(code=NEW_CODE).exists()
    path = write_csv(
        tmp_path / "occ.csv",
        HEADER_ZH,
        [
            ["4", NEW_CODE, "测试新职业", "水平评价类", "1", "0"],
            ["4", "6-18-01-01", "车工（新名）", "", "", ""],
        ],
    )
    report = occupations_import(actor=None, rows=read_table(path))
    assert report.ok, report.lines()
    assert report.created == [NEW_CODE] and report.updated == ["6-18-01-01"]
    new = Occupation.objects.get(code=NEW_CODE)
    assert (new.name, new.rank, new.green, new.kind) == ("测试新职业", 4, True, "level")
    assert Occupation.objects.get(code="6-18-01-01").name == "车工（新名）"
    assert "已新增1条，已更新1条" in report.lines()[0]


def test_cat_04_xlsx_numbers_as_floats_and_gb18030_csv_are_read(tmp_path):
    """CAT-04: the catalogue is importable from .xlsx and from a GB18030 .csv."""
    xlsx = write_xlsx(tmp_path / "occ.xlsx", ["level", "code", "name"], [[4, NEW_CODE, "表格职业"]])
    rows = read_table(xlsx)
    assert rows == [Row(2, {"level": "4", "code": NEW_CODE, "name": "表格职业"})]
    gbk = write_csv(
        tmp_path / "gbk.csv",
        ["层级", "职业编码", "名称"],
        [["4", NEW_CODE, "表格职业"]],
        encoding="gb18030",
    )
    assert read_table(gbk) == [Row(2, {"层级": "4", "职业编码": NEW_CODE, "名称": "表格职业"})]
    assert occupations_import(actor=None, rows=rows).created == [NEW_CODE]


def test_cat_04_blank_rows_are_skipped_but_counted(tmp_path):
    path = write_xlsx(
        tmp_path / "occ.xlsx",
        ["level", "code", "name"],
        [[4, NEW_CODE, "甲"], [], [4, "6-18-01-1", "乙"]],
    )
    report = occupations_import(actor=None, rows=read_table(path))
    assert [e.row for e in report.errors] == [4]


def test_cat_04_unsupported_file_type(tmp_path):
    path = tmp_path / "occ.txt"
    path.write_text("x")
    with pytest.raises(DomainError, match=r"\.txt"):
        read_table(path)


def test_cat_04_bad_rows_are_all_reported_and_nothing_changes(tmp_path):
    """All-or-nothing: one valid new code among bad rows is not written either."""
    path = write_csv(
        tmp_path / "occ.csv",
        HEADER_ZH,
        [
            ["4", NEW_CODE, "本应新增", "", "", ""],  # row 2, fine
            ["4", "6-18-1-01", "格式错", "", "", ""],  # row 3
            ["4", "6-18-00-00", "层级错", "", "", ""],  # row 4
            ["4", "6-18-01-02", "", "", "", ""],  # row 5
            ["7", "6-18-01-03", "层级无效", "", "", ""],  # row 6
            ["4", "6-18-01-04", "类别错", "评价类", "", ""],  # row 7
            ["4", "6-18-01-05", "标记错", "", "可能", ""],  # row 8
            ["4", "6-18-01-01", "车工甲", "", "", ""],  # row 9
            ["4", "6-18-01-01", "车工乙", "", "", ""],  # row 10, same code, other name
        ],
    )
    report = occupations_import(actor=None, rows=read_table(path))
    assert not report.ok
    got = {(e.row, e.column) for e in report.errors}
    assert got == {
        (3, "职业编码"),
        (4, "职业编码"),
        (5, "名称"),
        (6, "层级"),
        (7, "类别"),
        (8, "绿色职业"),
        (10, "职业编码"),
    }
    text = "\n".join(report.lines())
    assert "未做任何修改" in text and "第3行“职业编码”列" in text and "第9行" in text
    assert not Occupation.objects.filter(code=NEW_CODE).exists()
    assert Occupation.objects.get(code="6-18-01-01").name == "车工"


def test_cat_04_missing_required_column_is_a_row_1_error(tmp_path):
    path = write_csv(tmp_path / "occ.csv", ["职业编码", "名称"], [[NEW_CODE, "缺层级"]])
    report = occupations_import(actor=None, rows=read_table(path))
    assert [(e.row, e.column) for e in report.errors] == [(1, "层级")]


@pytest.mark.parametrize(
    "code, rank",
    [
        ("6-00-00-00", 1),
        ("6-18-00-00", 2),
        ("6-18-01-00", 3),
        ("6-18-01-01", 4),
        ("1-02-01-00", 4),  # a minor category that is itself an occupation (2022 data)
        ("1-01-00-01", 4),  # an occupation straight under a middle category (2022 data)
    ],
)
def test_cat_01_code_matches_rank(code, rank):
    assert code_rank_error(code, rank) == ""


@pytest.mark.parametrize(
    "code, rank",
    [
        ("6-18-00-00", 1),
        ("6-18-01-00", 2),
        ("6-18-01-01", 3),
        ("6-18-00-00", 4),
        ("6-00-01-01", 4),
    ],
)
def test_cat_01_code_not_matching_rank_is_rejected(code, rank):
    assert "不符" in code_rank_error(code, rank)


def test_cat_01_code_at_rank_3_and_4_is_accepted_deepest_wins():
    report = occupations_import(
        actor=None,
        rows=[
            {
                "level": "3",
                "code": NEW_CODE.replace("-99", "-00").replace("4-14-01", "4-14-98"),
                "name": "类别兼职业",
            },
            {"level": "4", "code": "4-14-98-00", "name": "类别兼职业"},
        ],
    )
    assert report.ok, report.lines()
    assert Occupation.objects.get(code="4-14-98-00").rank == 4


def test_cat_04_deactivate_missing_only_when_asked():
    """CAT-04: a dynamic list: codes left out are retired (never deleted) and come back."""
    rows = [{"level": "4", "code": "6-18-01-01", "name": "车工"}]
    report = occupations_import(actor=None, rows=rows)
    assert report.deactivated == [] and Occupation.objects.filter(active=True).count() == 2047

    f.filed_institution()  # its scope names 车工, which stays; nothing else is in a scope
    report = occupations_import(actor=None, rows=rows, deactivate_missing=True)
    assert len(report.deactivated) == 2046 and "6-18-01-01" not in report.deactivated
    assert Occupation.objects.filter(active=True).count() == 1
    assert Occupation.objects.count() == 2047  # never deleted: scopes refer to codes

    again = occupations_import(
        actor=None, rows=[{"level": "4", "code": "4-10-01-03", "name": "保育师"}]
    )
    assert again.reactivated == ["4-10-01-03"]
    assert Occupation.objects.get(code="4-10-01-03").active


def test_cat_04_deactivation_warns_about_codes_in_a_filed_scope():
    f.filed_institution()
    report = occupations_import(
        actor=None,
        rows=[{"level": "4", "code": "4-10-01-03", "name": "保育师"}],
        deactivate_missing=True,
        dry_run=True,
    )
    assert any("6-18-01-01" in w for w in report.warnings)


def test_cat_04_dry_run_reports_but_writes_nothing():
    report = occupations_import(
        actor=None,
        dry_run=True,
        deactivate_missing=True,
        rows=[{"level": "4", "code": NEW_CODE, "name": "试运行"}],
    )
    assert report.created == [NEW_CODE] and len(report.deactivated) == 2047
    assert "试运行" in "\n".join(report.lines())
    assert not Occupation.objects.filter(code=NEW_CODE).exists()
    assert Occupation.objects.filter(active=True).count() == 2047


def test_cat_03_kind_column_sets_licensing_and_assessable_excludes_it():
    """CAT-03: the 类别 column marks an occupation 准入类, which is then not assessable."""
    assert occupations_assessable().filter(code="4-10-01-03").exists()
    occupations_import(
        actor=None,
        rows=[{"层级": "4", "职业编码": "4-10-01-03", "名称": "保育师", "类别": "准入类"}],
    )
    assert Occupation.objects.get(code="4-10-01-03").kind == Occupation.LICENSING
    assert not occupations_assessable().filter(code="4-10-01-03").exists()


def test_cat_03_assessable_are_active_rank_4_level_evaluation_only():
    qs = occupations_assessable()
    assert not qs.exclude(rank=4).exists()
    assert not qs.filter(code="6-18-01-00").exists()  # 小类
    Occupation.objects.filter(code="6-18-01-01").update(active=False)
    assert not qs.filter(code="6-18-01-01").exists()


def test_cat_02_search_finds_occupations_by_name_or_code_not_categories():
    assert [o.code for o in occupation_search("车工")][:1] == ["6-18-01-01"]
    by_code = list(occupation_search("6-18-01"))
    assert "6-18-01-01" in [o.code for o in by_code] and all(o.rank == 4 for o in by_code)
    assert not occupation_search("机械冷加工人员").exists()  # a minor category
    assert occupation_search("机械冷加工人员", occupations_only=False).exists()


# ---------------------------------------------------------------- import_occupations command


def test_cat_04_command_prints_the_report(tmp_path, capsys):
    """CAT-04: `manage.py import_occupations` imports a file; --dry-run writes nothing."""
    path = write_csv(tmp_path / "occ.csv", ["level", "code", "name"], [["4", NEW_CODE, "命令新增"]])
    call_command("import_occupations", str(path), "--dry-run")
    assert "将新增1条" in capsys.readouterr().out
    assert not Occupation.objects.filter(code=NEW_CODE).exists()
    call_command("import_occupations", str(path))
    assert "已新增1条" in capsys.readouterr().out
    assert Occupation.objects.filter(code=NEW_CODE).exists()


def test_cat_04_command_fails_on_bad_rows_and_bad_files(tmp_path):
    path = write_csv(tmp_path / "occ.csv", ["level", "code", "name"], [["4", "6-18-1-01", "错"]])
    with pytest.raises(CommandError, match="第2行"):
        call_command("import_occupations", str(path))
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("import_occupations", str(tmp_path / "none.csv"))


# ---------------------------------------------------------------- job types and standards


JT_HEADER = ["职业编码", "工种/职业方向", "级别", "评价标准", "标准类型", "评审专家人数"]


def test_cat_02_job_types_and_standards_import_and_feed_the_scope(tmp_path):
    path = write_xlsx(
        tmp_path / "jt.xlsx",
        JT_HEADER,
        [
            ["6-18-01-01", "数控车床", "四级、三级、二级、一级", "车工国家职业技能标准", "", ""],
            ["6-18-01-01", "", "5", "车工国家职业技能标准（初级）", "", ""],
            ["4-10-01-03", "", "五级/初级工、四级/中级工", "保育师评价规范", "评价规范", 5],
        ],
    )
    report = job_types_import(actor=None, rows=read_table(path))
    assert report.ok, report.lines()
    assert len(report.created) == 3
    jt = JobType.objects.get(occupation__code="6-18-01-01", name="数控车床")
    std = Standard.objects.get(job_type=jt)
    assert std.levels == "4321" and std.kind == Standard.NATIONAL  # LEVEL-01 digits
    spec = Standard.objects.get(occupation__code="4-10-01-03")
    assert (spec.kind, spec.levels, spec.expert_count) == (Standard.SPECIFICATION, "54", 5)

    again = job_types_import(actor=None, rows=read_table(path))
    assert again.unchanged == 3 and not again.created

    # LEVEL-05: the scope may only name levels the imported standard defines.
    institution = inst.institution_create(
        actor=None,
        kind="college",
        name="测试学院",
        credit_code=f.credit_code(),
        region_code="410100",
    )
    with pytest.raises(DomainError) as exc:
        inst.scope_row_add(
            actor=None,
            institution=institution,
            occupation=jt.occupation,
            job_type=jt,
            levels="5",
            standard=std,
        )
    assert exc.value.rule == "LEVEL-05"


def test_level_04_job_type_rows_are_checked_all_or_nothing(tmp_path):
    path = write_csv(
        tmp_path / "jt.csv",
        JT_HEADER,
        [
            ["6-18-01-01", "普通车床", "4321", "车工国家职业技能标准", "", ""],  # row 2, fine
            ["9-99-99-99", "甲", "4", "某标准", "", ""],  # row 3: unknown code
            ["6-18-01-00", "乙", "4", "某标准", "", ""],  # row 4: a category (CAT-02)
            ["6-18-01-01", "丙", "6", "某标准", "", ""],  # row 5: level 6 (LEVEL-01)
            ["6-18-01-01", "丁", "4", "", "", ""],  # row 6: no standard
            ["6-18-01-01", "戊", "4", "某规范", "评价规范", "3"],  # row 7: 3 experts (LEVEL-04)
            ["6-18-01-01", "普通车床", "321", "车工国家职业技能标准", "", ""],  # row 8: repeat
        ],
    )
    report = job_types_import(actor=None, rows=read_table(path))
    assert {(e.row, e.column) for e in report.errors} == {
        (3, "职业编码"),
        (4, "职业编码"),
        (5, "级别"),
        (6, "评价标准"),
        (7, "评审专家人数"),
        (8, "工种/职业方向"),
    }
    assert "类别" in str(report.errors[1]) and "至少5名" in str(report.errors[4])
    assert not JobType.objects.filter(name="普通车床").exists()


def test_cat_02_job_types_dry_run_writes_nothing():
    rows = [{"code": "6-18-01-01", "job_type": "试运行工种", "levels": "4", "standard": "某标准"}]
    report = job_types_import(actor=None, rows=rows, dry_run=True)
    assert report.created and not JobType.objects.filter(name="试运行工种").exists()


def test_cat_04_command_imports_job_types(tmp_path, capsys):
    path = write_csv(
        tmp_path / "jt.csv", JT_HEADER[:4], [["6-18-01-01", "数控车床", "4", "某标准"]]
    )
    call_command("import_occupations", str(path), "--job-types")
    assert "已新增1条" in capsys.readouterr().out
    assert JobType.objects.filter(name="数控车床").exists()
