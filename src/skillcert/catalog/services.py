"""Writes of the catalogue: occupation imports (CAT-01, CAT-04) and job types/standards (CAT-02).

Imports are all-or-nothing: every row is checked first, every bad row is reported with its
row number, column and reason, and if any row is bad nothing is written. A file is read
with `read_table` (.csv in UTF-8 or GB18030, .xlsx through the bounded core.sheets reader).
"""

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from skillcert.core.audit import AuditDraft, audit_record_many
from skillcert.core.errors import DomainError
from skillcert.core.normalize import normalize_text
from skillcert.core.rules import rules
from skillcert.core.sheets import read_first_sheet, too_large

from . import hooks
from .models import JobType, Occupation, Standard, parse_levels

CODE_PATTERN = re.compile(r"^\d-\d{2}-\d{2}-\d{2}$")  # CAT-01: N-NN-NN-NN

# Accepted headers for each canonical column: the shipped English names and the Chinese
# ones offices use in their spreadsheets.
OCCUPATION_COLUMNS = {
    "level": ("level", "rank", "层级", "级次"),
    "code": ("code", "职业编码", "编码", "代码"),
    "name": ("name", "名称", "职业名称"),
    "kind": ("kind", "类别", "职业类别"),
    "green": ("green", "绿色职业", "绿色", "L"),
    "digital": ("digital", "数字职业", "数字", "S"),
}
JOB_TYPE_COLUMNS = {
    "code": ("code", "occupation_code", "职业编码", "编码"),
    "job_type": ("job_type", "工种", "工种/职业方向", "职业方向"),
    "levels": ("levels", "级别", "等级", "认定级别"),
    "standard": ("standard", "评价标准", "标准", "标准名称"),
    "standard_kind": ("standard_kind", "标准类型"),
    "experts": ("experts", "expert_count", "评审专家人数", "专家人数"),
}
COLUMN_LABELS = {
    "level": "层级",
    "code": "职业编码",
    "name": "名称",
    "kind": "类别",
    "green": "绿色职业",
    "digital": "数字职业",
    "job_type": "工种/职业方向",
    "levels": "级别",
    "standard": "评价标准",
    "standard_kind": "标准类型",
    "experts": "评审专家人数",
}
RANK_BY_TEXT = {
    "1": 1,
    "2": 2,
    "3": 3,
    "4": 4,
    "大类": 1,
    "中类": 2,
    "小类": 3,
    "职业": 4,
    "细类": 4,
}
KIND_BY_TEXT = {
    "水平评价类": Occupation.LEVEL_EVALUATION,
    "level": Occupation.LEVEL_EVALUATION,
    "准入类": Occupation.LICENSING,
    "licensing": Occupation.LICENSING,
}
STANDARD_KIND_BY_TEXT = {
    "国家职业技能标准": Standard.NATIONAL,
    "national": Standard.NATIONAL,
    "评价规范": Standard.SPECIFICATION,
    "specification": Standard.SPECIFICATION,
}
TRUE_TEXTS = {"1", "l", "s", "是", "y", "yes", "true", "√", "✓"}
FALSE_TEXTS = {"0", "", "否", "n", "no", "false"}
MIN_SPEC_EXPERTS = 5  # LEVEL-04: a specification is reviewed by at least 5 experts


@dataclass(frozen=True)
class Row:
    """One data row of a sheet; `number` is its row number as the office sees it (header = 1)."""

    number: int
    values: Mapping[str, Any]


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f"“{self.column}”列" if self.column else "")
        return f"{where}：{self.reason}"


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    reactivated: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        """The report in Chinese, for the command line and pages."""
        if self.errors:
            head = [f"发现{len(self.errors)}处错误，未做任何修改（全部正确后才会导入）："]
            return head + [f"  {e}" for e in self.errors]
        verb = "将" if self.dry_run else "已"
        out = [
            f"{verb}新增{len(self.created)}条，{verb}更新{len(self.updated)}条，"
            f"{verb}停用{len(self.deactivated)}条，{verb}恢复{len(self.reactivated)}条，"
            f"未变{self.unchanged}条。"
        ]
        if self.dry_run:
            out.append("试运行（--dry-run）：未写入数据库。")
        for label, codes in (
            ("新增", self.created),
            ("更新", self.updated),
            ("停用", self.deactivated),
            ("恢复", self.reactivated),
        ):
            if codes:
                shown = "、".join(codes[:20]) + ("等" if len(codes) > 20 else "")
                out.append(f"{label}：{shown}")
        return out + [f"注意：{w}" for w in self.warnings]


# ---------------------------------------------------------------- reading files


def read_table(path: str | Path) -> list[Row]:
    """The first sheet of a .csv/.xlsx file as rows keyed by header text.

    Blank rows are skipped but still counted, so row numbers match what the office sees.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        grid = _read_csv(path)
    elif suffix in {".xlsx", ".xlsm"}:  # .xls/.ods: no bounded reader for them (issue 16)
        grid = _read_workbook(path)
    else:
        raise DomainError(
            "import_file_type",
            f"不支持的文件类型“{suffix}”，请使用 .csv 或 .xlsx",
            field="file",
            rule="CAT-04",
        )
    if not grid:
        raise DomainError("import_empty", "文件为空，第1行应为表头", field="file", rule="CAT-04")
    _check_csv_size(grid)
    header = [_cell(c) for c in grid[0]]
    rows = []
    for index, cells in enumerate(grid[1:], start=2):
        texts = [_cell(c) for c in cells]
        if not any(texts):
            continue
        rows.append(
            Row(index, {h: (texts[i] if i < len(texts) else "") for i, h in enumerate(header) if h})
        )
    return rows


def _read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    # Excel in China saves CSV as GB18030 (GBK) unless told otherwise; try UTF-8 first.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise DomainError("import_encoding", "无法识别文件编码，请另存为UTF-8", field="file")
    return list(csv.reader(io.StringIO(text)))


def _check_csv_size(grid: list[list]) -> None:
    """A .csv is held whole anyway; the same caps as a workbook keep the answers alike."""
    limits = rules()
    if len(grid) > limits.sheet_max_rows:
        raise too_large(rows=True)
    if max(map(len, grid)) > limits.sheet_max_columns:
        raise too_large(rows=False)


def _read_workbook(path: Path) -> list[list[Any]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DomainError("import_unreadable", f"无法读取表格文件：{exc}", field="file") from None
    return read_first_sheet(data, unreadable=("import_unreadable", "无法读取表格文件"))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets store 4 as 4.0
    return normalize_text(str(value))  # full-width digits, surrounding spaces (issue 16)


def _as_rows(rows: Iterable[Row | Mapping[str, Any]]) -> list[Row]:
    return [r if isinstance(r, Row) else Row(i, r) for i, r in enumerate(rows, start=2)]


def _canonical(
    rows: list[Row],
    columns: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
    errors: list[RowError],
) -> list[tuple[int, dict[str, str]]]:
    """Map header aliases to canonical keys; a missing required column is a row-1 error."""
    lookup = {alias.lower(): key for key, aliases in columns.items() for alias in aliases}
    out, seen = [], set()
    for row in rows:
        values = {}
        for header, value in row.values.items():
            key = lookup.get(str(header).strip().lower())
            if key:
                values[key] = _cell(value)
        seen |= values.keys()
        out.append((row.number, values))
    if rows:
        for key in required:
            if key not in seen:
                aliases = "/".join(columns[key][:3])
                errors.append(
                    RowError(1, COLUMN_LABELS[key], f"缺少必需的列（表头应为 {aliases}）")
                )
    return out


# ---------------------------------------------------------------- occupations (CAT-01, CAT-04)


def code_rank_error(code: str, rank: int) -> str:
    """Why `code` cannot stand at `rank`, or "" (CAT-01: the code encodes the category tree).

    Rank 1 is N-00-00-00, rank 2 N-NN-00-00, rank 3 N-NN-NN-00. Rank 4 (occupation)
    normally ends in a non-00 unit; the 2022 catalogue also lists as occupations minor
    categories that have no occupations under them (1-02-01-00) and occupations straight
    under a middle category (1-01-00-01), so those are accepted too.
    """
    _, middle, minor, unit = code.split("-")
    ok = {
        1: middle == minor == unit == "00",
        2: middle != "00" and minor == unit == "00",
        3: middle != "00" and minor != "00" and unit == "00",
        4: middle != "00" and (unit != "00" or minor != "00"),
    }[rank]
    if ok:
        return ""
    shapes = {1: "N-00-00-00", 2: "N-NN-00-00", 3: "N-NN-NN-00", 4: "N-NN-NN-NN"}
    return f"编码{code}与层级{rank}（{dict(Occupation.RANKS)[rank]}）不符，应形如{shapes[rank]}"


def _flag(text: str) -> bool | None:
    lowered = text.lower()
    if lowered in TRUE_TEXTS:
        return True
    if lowered in FALSE_TEXTS:
        return False
    return None


def _check_occupation_row(number: int, v: dict[str, str], errors: list[RowError]) -> dict | None:
    before = len(errors)
    code, name = v.get("code", ""), v.get("name", "")
    rank = RANK_BY_TEXT.get(v.get("level", ""))
    if rank is None:
        errors.append(
            RowError(number, "层级", f"“{v.get('level', '')}”无效，应为1-4或大类/中类/小类/职业")
        )
    if not CODE_PATTERN.match(code):
        errors.append(RowError(number, "职业编码", f"“{code}”格式不正确，应形如6-18-01-01"))
    elif rank is not None and (why := code_rank_error(code, rank)):
        errors.append(RowError(number, "职业编码", why))
    if not name:
        errors.append(RowError(number, "名称", "不能为空"))
    elif len(name) > Occupation._meta.get_field("name").max_length:
        errors.append(
            RowError(number, "名称", f"超过{Occupation._meta.get_field('name').max_length}字")
        )
    parsed = {"code": code, "name": name, "rank": rank}
    if v.get("kind"):
        parsed["kind"] = KIND_BY_TEXT.get(v["kind"])
        if parsed["kind"] is None:
            errors.append(RowError(number, "类别", f"“{v['kind']}”无效，应为水平评价类或准入类"))
    for key in ("green", "digital"):
        if key in v:
            parsed[key] = _flag(v[key])
            if parsed[key] is None:
                errors.append(
                    RowError(number, COLUMN_LABELS[key], f"“{v[key]}”无效，应为1/0或是/否")
                )
    return parsed if len(errors) == before else None


def _merge_repeat(
    first: dict, again: dict, number: int, first_number: int, errors: list[RowError]
) -> dict:
    """A code may stand twice: a plain repeat, or a minor category that is itself an
    occupation (rank 3 and 4, as in the shipped 2022 data); the deepest rank wins."""
    if first["name"] != again["name"]:
        errors.append(
            RowError(
                number,
                "职业编码",
                f"{again['code']}与第{first_number}行重复但名称不同"
                f"（“{first['name']}”/“{again['name']}”）",
            )
        )
        return first
    if {first["rank"], again["rank"]} - {3, 4} and first["rank"] != again["rank"]:
        errors.append(
            RowError(number, "职业编码", f"{again['code']}与第{first_number}行重复且层级不同")
        )
        return first
    return again if again["rank"] > first["rank"] else first


@transaction.atomic
def occupations_import(
    *,
    actor,
    rows: Iterable[Row | Mapping[str, Any]],
    deactivate_missing: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Add new codes, update names and markers (CAT-01, CAT-04); all-or-nothing.

    With `deactivate_missing` the file is taken as the full catalogue: active codes not in
    it are marked inactive (never deleted: scopes and certificates refer to them).
    """
    report = ImportReport(dry_run=dry_run)
    canon = _canonical(_as_rows(rows), OCCUPATION_COLUMNS, ("level", "code", "name"), report.errors)
    if report.errors:
        return report
    if not canon:
        report.errors.append(RowError(1, "", "文件没有数据行"))
        return report
    wanted: dict[str, dict] = {}
    first_row: dict[str, int] = {}
    for number, values in canon:
        parsed = _check_occupation_row(number, values, report.errors)
        if parsed is None:
            continue
        code = parsed["code"]
        if code in wanted:
            wanted[code] = _merge_repeat(
                wanted[code], parsed, number, first_row[code], report.errors
            )
        else:
            wanted[code], first_row[code] = parsed, number
    if report.errors:
        return report

    existing = {o.code: o for o in Occupation.objects.select_for_update()}
    to_create, to_update = [], []
    for code, p in wanted.items():
        occ = existing.get(code)
        if occ is None:
            to_create.append(
                Occupation(
                    code=code,
                    name=p["name"],
                    rank=p["rank"],
                    kind=p.get("kind") or Occupation.LEVEL_EVALUATION,
                    green=bool(p.get("green")),
                    digital=bool(p.get("digital")),
                )
            )
            report.created.append(code)
            continue
        # Columns absent from the file keep their stored value (e.g. kind set by hand).
        changes = {
            k: p[k]
            for k in ("name", "rank", "kind", "green", "digital")
            if k in p and p[k] is not None and getattr(occ, k) != p[k]
        }
        if not occ.active:
            changes["active"] = True
            report.reactivated.append(code)
        elif changes:
            report.updated.append(code)
        else:
            report.unchanged += 1
        if changes:
            for k, value in changes.items():
                setattr(occ, k, value)
            to_update.append(occ)
    to_deactivate = []
    if deactivate_missing:
        to_deactivate = [o for c, o in existing.items() if c not in wanted and o.active]
        report.deactivated = [o.code for o in to_deactivate]
        in_scope = hooks.codes_in_scope(codes=report.deactivated)
        if in_scope:
            report.warnings.append(
                f"停用的职业中有{len(in_scope)}个在机构认定范围内："
                f"{'、'.join(in_scope[:10])}，请通知相关机构调整"
            )
    if dry_run:
        return report
    Occupation.objects.bulk_create(to_create, batch_size=500)
    Occupation.objects.bulk_update(
        to_update, ["name", "rank", "kind", "green", "digital", "active"], batch_size=500
    )
    for occ in to_deactivate:
        occ.active = False
    Occupation.objects.bulk_update(to_deactivate, ["active"], batch_size=500)
    _audit_import(actor, "catalog.occupations_import", report)
    return report


def _audit_import(actor, action: str, report: ImportReport) -> None:
    # REC-09: scopes and certificates name catalogue entries, so a catalogue change is traced.
    after = {
        "created": report.created,
        "updated": report.updated,
        "deactivated": report.deactivated,
        "reactivated": report.reactivated,
    }
    audit_record_many(
        actor=actor, drafts=[AuditDraft(action, "catalog.occupation", "import", None, None, after)]
    )


# ---------------------------------------------------------------- job types and standards


@transaction.atomic
def job_types_import(
    *, actor, rows: Iterable[Row | Mapping[str, Any]], dry_run: bool = False
) -> ImportReport:
    """Job types (CAT-02) and the standard each is assessed against with its levels
    (LEVEL-01, LEVEL-04, LEVEL-05), the material scope rows are built from; all-or-nothing.

    A row with no job type gives the occupation's own standard. A standard is found by
    occupation, job type and title; its levels and kind are updated from the row.
    """
    report = ImportReport(dry_run=dry_run)
    canon = _canonical(
        _as_rows(rows), JOB_TYPE_COLUMNS, ("code", "levels", "standard"), report.errors
    )
    if report.errors:
        return report
    codes = {v.get("code", "") for _, v in canon}
    occupations = {o.code: o for o in Occupation.objects.filter(code__in=codes)}
    planned, seen = [], {}
    for number, v in canon:
        before = len(report.errors)
        occ = occupations.get(v.get("code", ""))
        if occ is None:
            report.errors.append(
                RowError(number, "职业编码", f"“{v.get('code', '')}”不在职业目录中")
            )
        elif not occ.is_occupation:
            report.errors.append(
                RowError(number, "职业编码", f"“{occ.name}”是职业分类的类别，不是职业（CAT-02）")
            )
        elif not occ.active:
            report.errors.append(RowError(number, "职业编码", f"“{occ.name}”已停用"))
        try:
            levels = parse_levels(v.get("levels", ""))
        except ValueError as exc:
            report.errors.append(RowError(number, "级别", str(exc)))
        title = v.get("standard", "")
        if not title:
            report.errors.append(RowError(number, "评价标准", "不能为空"))
        kind = STANDARD_KIND_BY_TEXT.get(v.get("standard_kind") or "国家职业技能标准")
        if kind is None:
            report.errors.append(
                RowError(
                    number,
                    "标准类型",
                    f"“{v['standard_kind']}”无效，应为国家职业技能标准或评价规范",
                )
            )
        experts_text = v.get("experts") or "0"
        experts = int(experts_text) if experts_text.isdigit() else None
        if experts is None:
            report.errors.append(RowError(number, "评审专家人数", f"“{experts_text}”应为整数"))
        elif kind == Standard.SPECIFICATION and experts < MIN_SPEC_EXPERTS:
            report.errors.append(
                RowError(
                    number,
                    "评审专家人数",
                    f"评价规范须经至少{MIN_SPEC_EXPERTS}名专家评审，实为{experts}名（LEVEL-04）",
                )
            )
        if len(report.errors) > before:
            continue
        key = (occ.code, v.get("job_type", ""), title)
        if key in seen:
            report.errors.append(RowError(number, "工种/职业方向", f"与第{seen[key]}行重复"))
            continue
        seen[key] = number
        planned.append((occ, v.get("job_type", ""), title, kind, levels, experts))
    if report.errors:
        return report
    # A dry run writes in a savepoint and rolls it back, so it reports exactly what a
    # real run would create or update.
    with transaction.atomic():
        for occ, job_name, title, kind, levels, experts in planned:
            job = (
                JobType.objects.get_or_create(occupation=occ, name=job_name)[0]
                if job_name
                else None
            )
            std, created = Standard.objects.get_or_create(
                occupation=occ,
                job_type=job,
                title=title,
                defaults={"kind": kind, "levels": levels, "expert_count": experts},
            )
            label = f"{occ.code} {job_name or '（无工种）'} {title}"
            if created:
                report.created.append(label)
            elif (std.kind, std.levels, std.expert_count) != (kind, levels, experts):
                std.kind, std.levels, std.expert_count = kind, levels, experts
                std.save(update_fields=["kind", "levels", "expert_count"])
                report.updated.append(label)
            else:
                report.unchanged += 1
        if dry_run:
            transaction.set_rollback(True)
        else:
            _audit_import(actor, "catalog.job_types_import", report)
    return report
