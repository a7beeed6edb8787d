"""What the catalogue imports share: the accepted columns, rows and their errors, the import
report and its audit entry (REC-09), and reading a .csv/.xlsx file (`read_table`)."""

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skillcert.core.audit import AuditDraft, audit_record_many
from skillcert.core.errors import DomainError
from skillcert.core.normalize import normalize_text
from skillcert.core.rules import rules
from skillcert.core.sheets import read_first_sheet, too_large

from ..models import Occupation, Standard

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
