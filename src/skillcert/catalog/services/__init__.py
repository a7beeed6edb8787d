"""Writes of the catalogue: occupation imports (CAT-01, CAT-04) and job types/standards (CAT-02).

Imports are all-or-nothing: every row is checked first, every bad row is reported with its
row number, column and reason, and if any row is bad nothing is written. A file is read
with `read_table` (.csv in UTF-8 or GB18030, .xlsx through the bounded core.sheets reader).
"""

from .job_types import job_types_import
from .occupations import code_rank_error, occupations_import
from .tables import (
    CODE_PATTERN,
    COLUMN_LABELS,
    FALSE_TEXTS,
    JOB_TYPE_COLUMNS,
    KIND_BY_TEXT,
    MIN_SPEC_EXPERTS,
    OCCUPATION_COLUMNS,
    RANK_BY_TEXT,
    STANDARD_KIND_BY_TEXT,
    TRUE_TEXTS,
    ImportReport,
    Row,
    RowError,
    read_table,
)

__all__ = [
    "CODE_PATTERN",
    "COLUMN_LABELS",
    "FALSE_TEXTS",
    "ImportReport",
    "JOB_TYPE_COLUMNS",
    "KIND_BY_TEXT",
    "MIN_SPEC_EXPERTS",
    "OCCUPATION_COLUMNS",
    "RANK_BY_TEXT",
    "Row",
    "RowError",
    "STANDARD_KIND_BY_TEXT",
    "TRUE_TEXTS",
    "code_rank_error",
    "job_types_import",
    "occupations_import",
    "read_table",
]
