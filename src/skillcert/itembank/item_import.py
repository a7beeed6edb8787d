"""Item bank spreadsheets: the .xlsx template, the import (every bad row reported with its
row, column and reason, like the roster import) and the export of a filtered bank.

As with the roster, good rows are stored and bad rows reported; the import writes one
audit entry with the counts and a digest of what was stored. Columns are found by their
header names; unknown columns (试题编号 and 版本 of an export, 错误原因) are ignored, so an
exported file imports as new items. Row numbers are Excel's (header = row 1).
"""

import hashlib
import io
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from skillcert.catalog.models import LEVEL_LABELS, JobType, Occupation, parse_level
from skillcert.catalog.selectors import occupation_by_code
from skillcert.core.audit import AuditDraft, audit_record_many
from skillcert.core.errors import DomainError
from skillcert.core.normalize import normalize_text
from skillcert.core.sheets import read_first_sheet
from skillcert.core.xlsx import workbook

from .item_check import LETTERS, MAX_OPTIONS, answer_text, clean_content
from .kinds import FILL, JUDGE, KIND_LABELS, MULTIPLE, SINGLE
from .models import NATIONAL, OWN, SOURCE_LABELS, Item, ItemVersion
from .services import CONTENT_FIELDS, check_subject, check_writer, item_build

OCC, JOB, LEVEL, KIND, STEM = "职业编码", "工种", "级别", "题型", "题干"
OPTION_COLUMNS = [f"选项{c}" for c in LETTERS[:MAX_OPTIONS]]
ANSWER, KP, DIFF, SOURCE, AUTHOR, STATUS = "答案", "知识点", "难度", "来源", "命题人", "状态"
COLUMNS = [OCC, JOB, LEVEL, KIND, STEM, *OPTION_COLUMNS, ANSWER, KP, DIFF, SOURCE, AUTHOR, STATUS]
REQUIRED = [OCC, LEVEL, KIND, STEM, ANSWER, KP, DIFF, SOURCE]
EXPORT_EXTRA = ["试题编号", "版本"]
MAX_ROWS = 20000
FIELD_COLUMN = {
    "kind": KIND,
    "stem": STEM,
    "options": "选项",
    "answer": ANSWER,
    "knowledge_point": KP,
    "difficulty": DIFF,
    "source": SOURCE,
    "author": AUTHOR,
    "occupation": OCC,
    "job_type": JOB,
    "level": LEVEL,
}
KIND_WORDS = {"单选": SINGLE, "单选题": SINGLE, "多选": MULTIPLE, "多选题": MULTIPLE}
KIND_WORDS |= {"判断": JUDGE, "判断题": JUDGE, "填空": FILL, "填空题": FILL}
KIND_WORDS |= {k: k for k in KIND_LABELS}
SOURCE_WORDS = {"国家题库": NATIONAL, "国家": NATIONAL, "national": NATIONAL}
SOURCE_WORDS |= {"机构自建": OWN, "自建": OWN, "own": OWN}
STATUS_WORDS = {"": Item.DRAFT, "草稿": Item.DRAFT, "已审核": Item.REVIEWED}
TRUE_WORDS = {"正确", "对", "√", "T", "TRUE", "是", "Y"}
FALSE_WORDS = {"错误", "错", "×", "X", "F", "FALSE", "否", "N"}
_XLSX = b"PK\x03\x04"


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def bad_rows(self) -> int:
        return len({e.row for e in self.errors})


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return normalize_text(str(value))  # full-width digits, surrounding spaces (issue 16)


def _key(value) -> str:
    return _text(value).replace("*", "").replace(" ", "").replace("\u3000", "")


def read_sheet(data: bytes) -> list[tuple[int, dict[str, str]]]:
    if not data.startswith(_XLSX):
        raise DomainError(
            "items_unreadable", "文件不是Excel .xlsx 格式，请用题库模板", field="file"
        )
    table = read_first_sheet(data, unreadable=("items_unreadable", "文件无法读取，可能已损坏"))
    if not table:
        raise DomainError("items_empty", "文件的第一个工作表是空的", field="file")
    found: dict[str, int] = {}
    for i, cell in enumerate(table[0]):
        key = _key(cell)
        if key in COLUMNS:
            if key in found:
                raise DomainError("items_header", f"表头中“{key}”列重复", field="file")
            found[key] = i
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        raise DomainError(
            "items_header", f"表头缺少必需的列：{'、'.join(missing)}。请使用题库模板", field="file"
        )
    rows = []
    for number, raw in enumerate(table[1:], start=2):
        cells = {c: _text(raw[i]) if i < len(raw) else "" for c, i in found.items()}
        if any(cells.values()):
            rows.append((number, cells))
    if not rows:
        raise DomainError("items_empty", "没有数据行（第1行为表头，从第2行起填写）", field="file")
    if len(rows) > MAX_ROWS:
        raise DomainError("items_too_many", f"一次最多导入{MAX_ROWS}行，请分批导入", field="file")
    return rows


def answer_from_text(kind: str, text: str, n_options: int):
    """An answer as typed (in the sheet or the item form) made the stored value; ValueError
    says what is wrong with it."""
    t = text.strip()
    if kind == JUDGE:
        if t.upper() in TRUE_WORDS:
            return True
        if t.upper() in FALSE_WORDS:
            return False
        raise ValueError("判断题答案填“正确”或“错误”")
    if kind == FILL:
        return [a for a in re.split(r"[|｜;；]", t) if a.strip()]
    letters = re.sub(r"[\s,，、]", "", t).upper()
    if not letters or any(ch not in LETTERS for ch in letters):
        raise ValueError(f"选择题答案填选项字母，如 B 或 ACD（A–{LETTERS[n_options - 1]}）")
    return [LETTERS.index(ch) for ch in letters]


class _Subjects:
    """Occupations and job types looked up once per import, not once per row."""

    def __init__(self):
        self.occ: dict[str, Occupation | None] = {}
        self.job: dict[tuple[int, str], JobType | None] = {}

    def occupation(self, code: str):
        if code not in self.occ:
            self.occ[code] = occupation_by_code(code)
        return self.occ[code]

    def job_type(self, occ: Occupation, name: str):
        key = (occ.pk, name)
        if key not in self.job:
            self.job[key] = JobType.objects.filter(occupation=occ, name=name).first()
        return self.job[key]


def check_row(number: int, cells: dict[str, str], subjects: _Subjects, institution):
    """(Item, []) or (None, errors) — every error of the row, each with its column."""
    errors: list[RowError] = []

    def bad(column: str, reason: str):
        errors.append(RowError(number, column, reason))

    occ = subjects.occupation(cells.get(OCC, ""))
    if occ is None:
        bad(OCC, f"职业编码“{cells.get(OCC, '')}”不是国家职业分类中的职业")
    job = None
    if occ is not None and cells.get(JOB):
        job = subjects.job_type(occ, cells[JOB])
        if job is None:
            bad(JOB, f"{occ.name}没有工种“{cells[JOB]}”")
    level = None
    try:
        level = parse_level(cells.get(LEVEL, ""))
    except ValueError:
        bad(LEVEL, "级别填1–5或：" + "、".join(LEVEL_LABELS[n] for n in sorted(LEVEL_LABELS)))
    kind = KIND_WORDS.get(cells.get(KIND, ""))
    if kind is None:
        bad(KIND, "题型填：单选题、多选题、判断题、填空题")
    options = [cells.get(c, "") for c in OPTION_COLUMNS]
    answer = None
    if kind is not None:
        try:
            answer = answer_from_text(
                kind, cells.get(ANSWER, ""), max(2, sum(1 for o in options if o))
            )
        except ValueError as exc:
            bad(ANSWER, str(exc))
    try:
        difficulty = int(cells.get(DIFF, ""))
    except ValueError:
        difficulty = None
        bad(DIFF, "难度填1–5的整数")
    source = SOURCE_WORDS.get(cells.get(SOURCE, ""))
    if source is None:
        bad(SOURCE, "来源填“国家题库”或“机构自建”（EXAM-01）")
    status = STATUS_WORDS.get(cells.get(STATUS, ""))
    if status is None:
        bad(STATUS, "状态填“草稿”或“已审核”，不填为草稿")
    if errors:
        return None, errors
    try:
        check_subject(occ, job, level)
        content = clean_content(
            kind=kind,
            stem=cells.get(STEM, ""),
            options=options,
            answer=answer,
            knowledge_point=cells.get(KP, ""),
            difficulty=difficulty,
            source=source,
            author=cells.get(AUTHOR, ""),
        )
    except DomainError as exc:
        return None, [RowError(number, FIELD_COLUMN.get(exc.field, ""), exc.message)]
    item = item_build(
        institution=institution,
        occupation=occ,
        job_type=job,
        level=level,
        content=content,
        status=status,
    )
    return item, []


@transaction.atomic
def items_import(*, actor, institution, data: bytes, filename: str = "") -> ImportReport:
    """Store the good rows, report every bad one (row, column, reason); one audit entry."""
    check_writer(actor, institution.pk)  # EXAM-12
    if not (filename or "x.xlsx").lower().endswith(".xlsx"):
        raise DomainError("items_type", "只接受 .xlsx 文件", field="file")
    rows = read_sheet(data)
    report = ImportReport(rows=len(rows))
    subjects, good = _Subjects(), []
    for number, cells in rows:
        item, errors = check_row(number, cells, subjects, institution)
        report.errors.extend(errors)
        if item is not None:
            good.append(item)
    Item.objects.bulk_create(good, batch_size=1000)
    now = timezone.now()
    who = actor if getattr(actor, "is_authenticated", False) else None
    ItemVersion.objects.bulk_create(
        [
            ItemVersion(
                institution=institution,
                item=i,
                version=1,
                content={f: getattr(i, f) for f in CONTENT_FIELDS},
                created_by=who,
                created_at=now,
            )
            for i in good
        ],
        batch_size=1000,
    )
    report.created = len(good)
    digest = hashlib.sha256(",".join(str(i.pk) for i in good).encode()).hexdigest()
    audit_record_many(
        actor=actor,
        drafts=[
            AuditDraft(
                "item.import",
                "itembank.item",
                "batch",
                institution.pk,
                None,
                {
                    "file": (filename or "")[-200:],
                    "rows": report.rows,
                    "created": report.created,
                    "bad_rows": report.bad_rows,
                    "ids_sha256": digest,
                },
            )
        ],
    )
    return report


# --- template and export ----------------------------------------------------------------------

_NOTES = [
    (OCC, "必填；国家职业分类的职业编码，如 6-18-01-01"),
    (JOB, "选填；该职业的工种/职业方向名称，不填为通用题"),
    (LEVEL, "必填；1–5 或 五级/初级工 等"),
    (KIND, "必填；单选题、多选题、判断题、填空题"),
    (STEM, "必填；填空题的空用“____”表示"),
    ("选项A–H", "选择题至少填A、B两个选项，依次填写不留空；判断题、填空题不填"),
    (ANSWER, "单选填一个字母；多选填两个以上字母如ACD；判断填正确/错误；填空多个可接受答案用|分隔"),
    (KP, "必填；标准中的知识点编码或名称"),
    (DIFF, "必填；1（容易）–5（难）"),
    (SOURCE, "必填；国家题库 或 机构自建（EXAM-01）"),
    (AUTHOR, "机构自建题必填：命题专家"),
    (STATUS, "选填；草稿 或 已审核，不填为草稿；只有已审核的题目参与组卷"),
]
_EXAMPLE = {
    OCC: "6-18-01-01",
    LEVEL: "4",
    KIND: "单选题",
    STEM: "车削外圆时，切削速度的单位通常是（  ）。",
    "选项A": "m/min",
    "选项B": "mm/r",
    "选项C": "r/min",
    "选项D": "mm",
    ANSWER: "A",
    KP: "2.1.1 切削用量",
    DIFF: "2",
    SOURCE: "机构自建",
    AUTHOR: "张工",
    STATUS: "草稿",
}


def _book(buffer):
    return workbook(buffer, {"in_memory": True})


def template_xlsx() -> bytes:
    buffer = io.BytesIO()
    book = _book(buffer)
    bold, text = book.add_format({"bold": True}), book.add_format({"num_format": "@"})
    sheet = book.add_worksheet("题库")
    sheet.set_column(0, len(COLUMNS) - 1, 14, text)
    sheet.set_column(COLUMNS.index(STEM), COLUMNS.index(STEM), 40, text)
    sheet.write_row(0, 0, COLUMNS, bold)
    for c, name in enumerate(COLUMNS):
        if _EXAMPLE.get(name):
            sheet.write_string(1, c, _EXAMPLE[name], text)
    notes = book.add_worksheet("填写说明")
    notes.set_column(0, 0, 12)
    notes.set_column(1, 1, 90)
    notes.write_row(0, 0, ["列名", "填写要求"], bold)
    for i, row in enumerate(_NOTES, start=1):
        notes.write_row(i, 0, row)
    book.close()
    return buffer.getvalue()


def _cells(item: Item) -> list[str]:
    opts = list(item.options) + [""] * (MAX_OPTIONS - len(item.options))
    return [
        item.occupation.code,
        item.job_type.name if item.job_type_id else "",
        str(item.level),
        KIND_LABELS[item.kind],
        item.stem,
        *opts,
        answer_text(item.kind, item.answer),
        item.knowledge_point,
        str(item.difficulty),
        SOURCE_LABELS[item.source],
        item.author,
        {Item.DRAFT: "草稿", Item.REVIEWED: "已审核"}.get(item.status, "已停用"),
        str(item.pk),
        str(item.version),
    ]


def export_xlsx(items) -> bytes:
    """The items in the template's columns (+ 试题编号, 版本): re-importable as new items."""
    buffer = io.BytesIO()
    book = workbook(buffer, {"in_memory": True, "constant_memory": True})
    bold, text = book.add_format({"bold": True}), book.add_format({"num_format": "@"})
    sheet = book.add_worksheet("题库")
    sheet.set_column(0, len(COLUMNS) + 1, 14, text)
    sheet.write_row(0, 0, [*COLUMNS, *EXPORT_EXTRA], bold)
    for r, item in enumerate(items.select_related("occupation", "job_type").iterator(), start=1):
        for c, value in enumerate(_cells(item)):
            if value:
                sheet.write_string(r, c, value, text)
    book.close()
    return buffer.getvalue()


def errors_text(report: ImportReport, limit: int = 200) -> list[str]:
    return [f"第{e.row}行【{e.column or '—'}】{e.reason}" for e in report.errors[:limit]]
