"""Job types (CAT-02) and the standards each is assessed against with its levels (LEVEL-01,
LEVEL-04, LEVEL-05); all-or-nothing."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from ..models import JobType, Occupation, Standard, parse_levels
from .tables import (
    JOB_TYPE_COLUMNS,
    MIN_SPEC_EXPERTS,
    STANDARD_KIND_BY_TEXT,
    ImportReport,
    Row,
    RowError,
    _as_rows,
    _audit_import,
    _canonical,
)


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
