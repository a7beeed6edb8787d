"""The occupation catalogue import (CAT-01, CAT-04): codes, ranks and kinds checked row by
row, all-or-nothing; deactivating entries an institution's scope names warns."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from .. import hooks
from ..models import Occupation
from .tables import (
    CODE_PATTERN,
    COLUMN_LABELS,
    FALSE_TEXTS,
    KIND_BY_TEXT,
    OCCUPATION_COLUMNS,
    RANK_BY_TEXT,
    TRUE_TEXTS,
    ImportReport,
    Row,
    RowError,
    _as_rows,
    _audit_import,
    _canonical,
)


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
