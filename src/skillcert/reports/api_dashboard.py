"""GET /api/authority/reports/{section}: the dashboard's figures as JSON (REC-08), with the
same filters as the page. Authority staff of the region only (others: 404); a bad filter is
a 400 naming the field (core.errors.DomainError); the reads go to the replica."""

from datetime import date

from ninja import Field, Query, Router, Schema

from skillcert.core.api_types import NO_NUL, DbId
from skillcert.core.errors import DomainError, NotFound
from skillcert.core.replica import replica_reads

from . import selectors

router = Router(tags=["统计报表 dashboard"])

Cell = str | int | float | None


class DashboardFilter(Schema):
    start: str = Field("", max_length=10, pattern=NO_NUL, description="统计期起 YYYY-MM-DD")
    end: str = Field("", max_length=10, pattern=NO_NUL, description="统计期止 YYYY-MM-DD")
    institution: DbId | None = Field(None, description="本地区机构编号")
    occupation: str = Field("", max_length=12, pattern=NO_NUL, description="职业编码")


class TableOut(Schema):
    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    drill: list[dict[str, str]]  # per row: the query parameters of its drill-down


class SectionOut(Schema):
    section: str
    title: str
    note: str
    start: date
    end: date
    institution: int | None
    occupation: str
    tables: list[TableOut]


@router.get("/authority/reports/{section}", response=SectionOut)
@replica_reads
def dashboard_section(request, section: str, filters: Query[DashboardFilter]):
    """One section of the region's statistics (institutions, sittings, candidates,
    certificates, overdue, complaints, inspections)."""
    data = {k: ("" if v is None else str(v)) for k, v in filters.dict().items()}
    found, errors = selectors.filters_for(request.user, data)
    if section not in selectors.SECTIONS:
        raise NotFound("未找到该统计项")
    if errors:
        name, message = next(iter(errors.messages.items()))
        raise DomainError("bad_filter", message, field=name, rule="REC-08")
    result = selectors.section(section, found)
    return {
        "section": result.key,
        "title": result.title,
        "note": result.note,
        "start": found.start,
        "end": found.end,
        "institution": found.institution_id,
        "occupation": found.occupation,
        "tables": [
            {"key": t.key, "title": t.title, "columns": t.columns, "rows": t.rows, "drill": t.drill}
            for t in result.tables
        ],
    }
