"""The dashboard's filters (REC-08): period, institution, occupation, read from a query
string and checked against the acting authority's region.

A bad value never fails the page: it is dropped from the filters and reported as a Chinese
message under its field (`FilterErrors`), so the dashboard still answers with the others."""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from skillcert.catalog.models import Occupation
from skillcert.core.api_types import db_id
from skillcert.institutions.authority import authority_scope
from skillcert.institutions.models import Institution

FIELDS = ("start", "end", "institution", "occupation")
LABELS = {"start": "统计期起", "end": "统计期止", "institution": "机构", "occupation": "职业"}
EARLIEST = date(2000, 1, 1)  # before any filing (2019 reform): a typo, not a period


@dataclass(frozen=True)
class Filters:
    """What every section is restricted to. `prefix` is the authority's region ("" all)."""

    prefix: str
    start: date
    end: date
    today: date
    institution_id: int | None = None
    occupation: str = ""  # the occupation's code (CAT-01)

    def query(self) -> dict[str, str]:
        """The filters as query parameters, for links to the drill and the export."""
        out = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        if self.institution_id:
            out["institution"] = str(self.institution_id)
        if self.occupation:
            out["occupation"] = self.occupation
        return out


@dataclass
class FilterErrors:
    messages: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.messages.setdefault(name, f"{LABELS[name]}：{message}")

    def __bool__(self) -> bool:
        return bool(self.messages)


def _date(raw: str, name: str, errors: FilterErrors) -> date | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        errors.add(name, f"“{raw[:20]}”不是有效日期，请按 2026-01-31 的格式填写")
        return None
    if day < EARLIEST or day.year > 2100:
        errors.add(name, f"日期须在{EARLIEST.year}年至2100年之间")
        return None
    return day


def default_period(today: date) -> tuple[date, date]:
    """This calendar year so far: the period the yearly report (REC-08) will cover."""
    return date(today.year, 1, 1), today


def _institution(raw: str, prefix: str, errors: FilterErrors) -> int | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    pk = db_id(raw)
    found = Institution.objects.filter(pk=pk, region_code__startswith=prefix) if pk else None
    if not found or not found.exists():
        errors.add("institution", "本地区没有该机构")
        return None
    return pk


def _occupation(raw: str, errors: FilterErrors) -> str:
    raw = (raw or "").strip()
    if not raw:
        return ""
    if len(raw) > 12 or "\x00" in raw or not Occupation.objects.filter(code=raw).exists():
        errors.add("occupation", f"职业编码“{raw[:20]}”不存在")
        return ""
    return raw


def filters_for(user, data, *, today: date | None = None) -> tuple[Filters, FilterErrors]:
    """The filters of `data` (a QueryDict or a dict) for `user`; NotFound for anyone who is
    not authority staff (institutions.authority.authority_scope: the page does not exist)."""
    prefix = authority_scope(user)
    today = today or timezone.localdate()
    errors = FilterErrors()
    first, last = default_period(today)
    start = _date(data.get("start", ""), "start", errors) or first
    end = _date(data.get("end", ""), "end", errors) or last
    if start > end:
        errors.add("end", "统计期止不能早于统计期起")
        start, end = first, last
    return (
        Filters(
            prefix=prefix,
            start=start,
            end=end,
            today=today,
            institution_id=_institution(data.get("institution", ""), prefix, errors),
            occupation=_occupation(data.get("occupation", ""), errors),
        ),
        errors,
    )


def institution_choices(filters: Filters) -> list[tuple[int, str]]:
    """The region's institutions for the filter's select."""
    qs = Institution.objects.all()
    if filters.prefix:
        qs = qs.filter(region_code__startswith=filters.prefix)
    return list(qs.order_by("name").values_list("pk", "name"))
