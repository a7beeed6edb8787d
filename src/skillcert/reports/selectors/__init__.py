"""Reads of the authority's statistics dashboard (REC-08, CERT-08): its filters, its seven
sections (keys fixed: the statistics bench times them by these names) and the rows behind
each figure. Every read is of the acting authority's region only (filters.filters_for)."""

from .activity import candidates_section, sittings_section
from .dashboard import (
    certificates_section,
    complaints_section,
    inspections_section,
    institutions_section,
)
from .drill import GROUP_KEYS, Drill, drill_rows, group_of, page_cells
from .filters import FilterErrors, Filters, filters_for, institution_choices
from .overdue import overdue_section
from .tables import Section, Table

SECTIONS = {
    "institutions": institutions_section,
    "sittings": sittings_section,
    "candidates": candidates_section,
    "certificates": certificates_section,
    "overdue": overdue_section,
    "complaints": complaints_section,
    "inspections": inspections_section,
}
SECTION_TITLES = {
    "institutions": "评价机构",
    "sittings": "认定批次",
    "candidates": "考生与合格率",
    "certificates": "证书核发与作废",
    "overdue": "逾期报送",
    "complaints": "投诉与突发事件",
    "inspections": "监督检查结果",
}


def section(key: str, filters: Filters) -> Section:
    """One section's tables; KeyError for a key that is not a section (the edge's 404)."""
    return SECTIONS[key](filters)


__all__ = [
    "GROUP_KEYS",
    "SECTIONS",
    "SECTION_TITLES",
    "Drill",
    "FilterErrors",
    "Filters",
    "Section",
    "Table",
    "drill_rows",
    "filters_for",
    "group_of",
    "institution_choices",
    "page_cells",
    "section",
]
