"""Writes of the receipt step (INST-04, INST-12): the filing number and the publication.

After confirmation the authority assigns the filing number `Y000041xx9xxx` (category,
0000, province, city from the institution's region code, site sequence 9001-9999 per city).
A `FilingNumberCounter` row per city, locked FOR UPDATE, hands out the next sequence that no
institution and no application holds; it only moves up, so a number is never reused, and a
city whose sequences are spent is refused. Publishing is the RECEIPT -> PUBLISHED move
(`flow.application_move`): the institution is filed (first filing) and its scope gets the
application's rows (a swap-out row is removed), all through institutions' services.
"""

import hashlib
from datetime import date

from django.db import transaction

from skillcert.catalog.models import JobType, Occupation, Standard, parse_levels
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.core.normalize import normalize_text
from skillcert.core.rules import rules
from skillcert.core.sheets import read_first_sheet
from skillcert.institutions import services as institutions
from skillcert.institutions.models import Institution

from ..flow import application_move, is_authority_for
from ..models import FilingApplication as A
from ..models import FilingNumberCounter, FilingScopeItem, FilingStep
from .documents import SCOPE_HEADER


def number_parts(number: str) -> dict[str, str]:
    """'Y000041019001' -> the five parts `institutions.services.institution_file` takes."""
    return {
        "category": number[0],
        "org_code": number[1:5],
        "province": number[5:7],
        "city": number[7:9],
        "sequence": number[9:13],
    }


def _region_parts(institution: Institution) -> tuple[str, str]:
    code = institution.region_code or ""
    if len(code) != 6 or not code.isdigit():
        raise DomainError(
            "filing_region", "机构所在地行政区划代码无效，不能编配备案号", rule="INST-04"
        )
    return code[:2], code[2:4]


def filing_number_next(*, institution: Institution) -> str:
    """The next free filing number of the institution's city (call inside a transaction)."""
    r = rules()
    province, city = _region_parts(institution)
    FilingNumberCounter.objects.get_or_create(province=province, city=city)
    counter = FilingNumberCounter.objects.select_for_update().get(province=province, city=city)
    prefix = f"{r.filing_category}{r.filing_org_code}{province}{city}"
    used = {
        int(s)
        for s in Institution.objects.filter(
            cert_category=r.filing_category,
            cert_org_code=r.filing_org_code,
            cert_province=province,
            cert_city=city,
        ).values_list("cert_sequence", flat=True)
        if s.isdigit()
    }
    used |= {
        int(n[9:])
        for n in A.objects.filter(filing_number__startswith=prefix).values_list(
            "filing_number", flat=True
        )
        if n[9:].isdigit()
    }
    sequence = max(counter.last_sequence + 1, r.filing_sequence_min)
    while sequence in used:
        sequence += 1
    if sequence > r.filing_sequence_max:
        raise DomainError(
            "filing_numbers_exhausted",
            f"{province}{city}地区的站点序列码{r.filing_sequence_min}-{r.filing_sequence_max}"
            "已用完，不能再编配备案号",
            rule="INST-04",
        )
    counter.last_sequence = sequence
    counter.save(update_fields=["last_sequence"])
    return f"{prefix}{sequence:04d}"


def _at_receipt(actor, application: A) -> None:
    if not is_authority_for(actor, application):
        raise DomainError("filing_forbidden", "您无权办理该环节", rule="INST-02")
    if application.state != A.RECEIPT:
        raise DomainError(
            "receipt_state",
            f"申请处于“{application.get_state_display()}”环节，不能出具回执",
            rule="INST-02",
        )


def number_of(application: A) -> str:
    """The filing number the receipt carries: the one assigned to this (first) application,
    else the number the institution already holds (an incremental filing keeps it; the
    application's own column stays empty, as it is unique to one application)."""
    institution = application.institution
    if application.filing_number:
        return application.filing_number
    if institution.status != Institution.DRAFT and institution.cert_sequence:
        return institution.filing_number
    return ""


@transaction.atomic
def filing_number_assign(*, actor, application: A) -> A:
    """INST-04: a first filing gets the next free number of its city; an incremental filing
    (or an institution already filed) keeps the institution's (`number_of`)."""
    application = A.objects.select_for_update().select_related("institution").get(pk=application.pk)
    _at_receipt(actor, application)
    if number_of(application):
        return application  # assigned already, or the institution keeps its number
    if application.kind == A.INCREMENTAL:
        raise DomainError("receipt_not_filed", "机构尚未首次备案，不能办理增量备案", rule="INST-05")
    number = filing_number_next(institution=application.institution)
    application.filing_number = number
    application.save(update_fields=["filing_number"])
    audit_record(
        actor=actor,
        action="filing.number_assign",
        obj=application,
        after={"filing_number": number},
        institution_id=application.institution_id,
    )
    return application


@transaction.atomic
def filing_publish(*, actor, application: A, filed_on: date) -> A:
    """RECEIPT -> PUBLISHED: the institution is filed and its scope gets the rows asked for."""
    application = A.objects.select_for_update().select_related("institution").get(pk=application.pk)
    _at_receipt(actor, application)
    number = number_of(application)
    if not number:
        raise DomainError("receipt_no_number", "请先编配备案号", rule="INST-04")
    items = list(
        application.scope_items.select_related("occupation", "job_type", "standard", "swap_out")
    )
    if not items:
        raise DomainError("receipt_no_scope", "申请没有认定范围，不能公布", rule="INST-12")
    for item in items:
        if item.standard_id is None:
            raise DomainError(
                "receipt_scope_standard",
                f"“{item.occupation.name}”未指明评价标准或评价规范",
                field="standard",
                rule="LEVEL-04",
            )
    institution = application.institution
    application = application_move(
        actor=actor, application=application, decision=FilingStep.PASS, expected_state=A.RECEIPT
    )
    if application.kind == A.INITIAL and institution.status == Institution.DRAFT:
        institution = institutions.institution_file(
            actor=actor,
            institution=institution,
            filed_on=filed_on,
            **number_parts(number),
        )
    for item in items:
        if item.swap_out_id is not None:
            if item.swap_out.institution_id != institution.pk:
                raise DomainError("receipt_swap_out", "替换的职业不属于该机构", rule="INST-07")
            row = item.swap_out
            item.swapped_out, item.swap_out = str(row), None
            item.save(update_fields=["swapped_out", "swap_out"])
            institutions.scope_row_remove(
                actor=actor, row=row, reason=f"增量备案以新换旧（申请{application.pk}）"
            )
    for item in items:
        institutions.scope_row_add(
            actor=actor,
            institution=institution,
            occupation=item.occupation,
            job_type=item.job_type,
            levels=item.levels,
            standard=item.standard,
        )
    return application


# --- the scope list from the authority's spreadsheet (认定范围清单) ------------------------------


class ScopeSheetError(DomainError):
    """Every bad row of an imported scope list, with its row number; nothing was stored."""

    def __init__(self, rows: list[tuple[int, str]]):
        self.rows = rows
        text = "；".join(f"第{n}行：{why}" for n, why in rows[:50])
        more = f"（另有{len(rows) - 50}行错误）" if len(rows) > 50 else ""
        super().__init__(
            "scope_sheet_rows", f"认定范围清单有{len(rows)}处错误：{text}{more}", field="file"
        )


IMPORT_STATES = (A.SUBMITTED, A.EVALUATION, A.CONFIRMATION, A.RECEIPT)


def _header_index(rows: list[list]) -> int:
    for n, row in enumerate(rows[:30]):
        cells = [str(c).strip() for c in row]
        if "职业编号" in cells and "级别" in cells:
            return n
    raise DomainError(
        "scope_sheet_header",
        "未找到表头行（职业编号、职业名称、工种/职业方向、级别、评价标准）",
        field="file",
        rule="INST-12",
    )


def _standard_for(occupation: Occupation, job_type, text: str) -> Standard | None:
    standards = Standard.objects.filter(occupation=occupation)
    if text in ("", "国标", "国家职业技能标准"):
        found = standards.filter(kind=Standard.NATIONAL)
        return found.filter(job_type=job_type).first() or found.filter(job_type=None).first()
    return standards.filter(title=text).first()


def scope_sheet_parse(data: bytes) -> list[dict]:
    """The rows of an uploaded 认定范围清单 (export layout: the header row, then one row per
    occupation and job type; an empty 职业编号 repeats the occupation above, as the manual's
    merged cells do). Raises ScopeSheetError naming every bad row."""
    rows = read_first_sheet(
        data, unreadable=("scope_sheet_unreadable", "文件不是可读取的 .xlsx 表格")
    )
    start = _header_index(rows)
    header = [str(c).strip() for c in rows[start]]
    col = {name: header.index(name) for name in SCOPE_HEADER if name in header}
    if len(col) < len(SCOPE_HEADER):
        missing = "、".join(n for n in SCOPE_HEADER if n not in col)
        raise DomainError(
            "scope_sheet_header", f"表头缺少：{missing}", field="file", rule="INST-12"
        )
    good, bad, occupation, seen = [], [], None, set()

    def cell(row, name):
        k = col[name]
        value = row[k] if k < len(row) else None
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a level typed as the number 5
        return normalize_text(str(value)) if value is not None else ""

    for n, row in enumerate(rows[start + 1 :], start=start + 2):
        code, name = cell(row, "职业编号"), cell(row, "职业名称")
        job, levels, std = cell(row, "工种/职业方向"), cell(row, "级别"), cell(row, "评价标准")
        if not any((code, name, job, levels, std)):
            continue
        if code:
            occupation = Occupation.objects.filter(code=code).first()
            if occupation is None:
                bad.append((n, f"职业编号“{code}”不在职业分类大典中"))
                continue
        elif occupation is None:
            bad.append((n, "缺少职业编号"))
            continue
        if name and name != occupation.name:
            bad.append((n, f"职业名称“{name}”与编号{occupation.code}（{occupation.name}）不符"))
            continue
        job_type = None
        if job:
            job_type = JobType.objects.filter(occupation=occupation, name=job).first()
            if job_type is None:
                bad.append((n, f"工种“{job}”不属于职业“{occupation.name}”"))
                continue
        try:
            levels = parse_levels(levels) if levels else ""
        except ValueError as exc:
            bad.append((n, f"级别：{exc}"))
            continue
        if not levels:
            bad.append((n, "缺少级别"))
            continue
        standard = _standard_for(occupation, job_type, std)
        if standard is None:
            bad.append((n, f"评价标准“{std or '国标'}”未登记（LEVEL-04）"))
            continue
        key = (occupation.pk, job_type.pk if job_type else None)
        if key in seen:
            bad.append((n, "与前面的行重复"))
            continue
        seen.add(key)
        good.append(
            {"occupation": occupation, "job_type": job_type, "levels": levels, "standard": standard}
        )
    if bad:
        raise ScopeSheetError(bad)
    if not good:
        raise DomainError("scope_sheet_empty", "清单中没有认定范围行", field="file", rule="INST-12")
    return good


@transaction.atomic
def scope_sheet_import(*, actor, application: A, data: bytes) -> list[FilingScopeItem]:
    """The authority replaces the application's scope with the list it uploads (before
    publication); every bad row is reported, and nothing changes unless all rows are good."""
    application = A.objects.select_for_update().get(pk=application.pk)
    if not is_authority_for(actor, application):
        raise DomainError("filing_forbidden", "您无权办理该环节", rule="INST-02")
    if application.state not in IMPORT_STATES:
        raise DomainError(
            "scope_sheet_state",
            f"申请处于“{application.get_state_display()}”环节，不能导入认定范围",
            rule="INST-12",
        )
    rows = scope_sheet_parse(data)
    before = list(
        application.scope_items.values_list("occupation__code", "job_type__name", "levels")
    )
    application.scope_items.all().delete()
    items = FilingScopeItem.objects.bulk_create(
        [FilingScopeItem(application=application, **row) for row in rows]
    )
    audit_record(
        actor=actor,
        action="filing.scope_import",
        obj=application,
        before={"rows": [list(r) for r in before]},
        after={
            "rows": [
                [r["occupation"].code, r["job_type"].name if r["job_type"] else "", r["levels"]]
                for r in rows
            ],
            "sha256": hashlib.sha256(data).hexdigest(),
        },
        institution_id=application.institution_id,
    )
    return items
