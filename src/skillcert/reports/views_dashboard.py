"""The authority's statistics dashboard (REC-08): the sections with charts, the rows behind a
figure, and each as .xlsx. Authority staff only (authority_scope: anyone else gets 404); the
reads go to the replica (core.replica) and span the region's institutions."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from skillcert.core.errors import DomainError, NotFound
from skillcert.core.replica import replica_reads
from skillcert.core.xlsx import xlsx_response

from . import selectors
from .xlsx_dashboard import drill_xlsx, section_xlsx

PAGE_SIZE = 50


def _section_key(section: str) -> str:
    if section not in selectors.SECTIONS:
        raise NotFound("未找到该统计项")
    return section


def _context(request, filters, errors) -> dict:
    choices = selectors.institution_choices(filters)
    return {
        "filters": filters,
        "errors": errors.messages,
        "choices": choices,
        "chosen_name": dict(choices).get(filters.institution_id, ""),
        "query": urlencode(filters.query()),
        "titles": selectors.SECTION_TITLES,
    }


def _linked(section, filters) -> dict:
    """The section with each row's drill link: the filters, then the row's group."""
    base = filters.query()
    tables = [
        {
            "table": t,
            "rows": [
                (cells, f"?{urlencode(base | group)}" if group else "")
                for cells, group in zip(t.rows, t.drill, strict=True)
            ],
        }
        for t in section.tables
    ]
    return {"key": section.key, "title": section.title, "note": section.note, "tables": tables}


@login_required
@require_safe
@replica_reads
def dashboard(request):
    filters, errors = selectors.filters_for(request.user, request.GET)
    sections = [selectors.section(key, filters) for key in selectors.SECTIONS]
    context = _context(request, filters, errors) | {
        "sections": [_linked(s, filters) for s in sections],
        "charts": [c | {"id": f"{s.key}-{c['key']}"} for s in sections for c in s.charts()],
    }
    return render(request, "reports/dashboard.html", context, status=400 if errors else 200)


def _group(request) -> tuple[dict, str]:
    try:
        return selectors.group_of(request.GET), ""
    except DomainError as exc:
        return {}, exc.message


@login_required
@require_safe
@replica_reads
def drill(request, section: str):
    filters, errors = selectors.filters_for(request.user, request.GET)
    key = _section_key(section)
    group, group_error = _group(request)
    context = _context(request, filters, errors) | {
        "section": key,
        "title": selectors.SECTION_TITLES[key],
        "group_error": group_error,
        # the clicked group rides along when the filters change
        "extra": [(k, request.GET[k]) for k in selectors.GROUP_KEYS if request.GET.get(k)],
    }
    if not group_error:
        found = selectors.drill_rows(key, filters, group)
        page = Paginator(found.pageable, PAGE_SIZE).get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        context |= {
            "columns": found.columns,
            "rows": selectors.page_cells(found, page.object_list),
            "page": page,
            "params": params.urlencode(),
        }
    status = 400 if errors or group_error else 200
    return render(request, "reports/dashboard_drill.html", context, status=status)


@login_required
@require_safe
@replica_reads
def export(request, section: str):
    """The section's tables; with `rows=1` (the drill's link) the rows behind the figure."""
    filters, _errors = selectors.filters_for(request.user, request.GET)
    key = _section_key(section)
    name = dict(selectors.institution_choices(filters)).get(filters.institution_id, "")
    title = selectors.SECTION_TITLES[key]
    if request.GET.get("rows") == "1":
        group, group_error = _group(request)
        if group_error:  # the drill page shows the message beside the filters, 400
            return drill(request, section)
        content = drill_xlsx(title, selectors.drill_rows(key, filters, group), filters, name)
        return xlsx_response(content, f"{key}-rows-{filters.start}-{filters.end}.xlsx")
    content = section_xlsx(selectors.section(key, filters), filters, name)
    return xlsx_response(content, f"{key}-{filters.start}-{filters.end}.xlsx")
