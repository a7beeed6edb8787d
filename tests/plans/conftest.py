import io
from datetime import date

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile

from skillcert.plans.models import EXAM
from skillcert.plans.roster.format import COLUMNS
from skillcert.plans.services import sitting_create
from tests import factories as f


def xlsx_bytes(rows: list[list], header: list[str] = COLUMNS) -> bytes:
    """A real .xlsx: header in row 1, then `rows` (None leaves a cell empty; "" too)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("名册")
    sheet.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, str) and value:
                sheet.write_string(r, c, value)
            elif value not in (None, ""):
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def upload(data: bytes, name: str = "名册.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def row(
    name="张三",
    id_number=None,
    *,
    id_type="",
    phone="",
    school="本科",
    year="2025",
    onex="",
    title="",
    title_years="",
    level="",
) -> list[str]:
    """A roster row in template order; a fresh valid resident ID unless given."""
    number = f.resident_id() if id_number is None else id_number
    return [name, id_type, number, phone, school, year, onex, title, title_years, level]


def make_sitting(institution, *, job_type="数控车床", level=3, mode=EXAM, name="2025年第一批"):
    return sitting_create(
        actor=None,
        institution=institution,
        name=name,
        occupation=f.occupation(),
        job_type=f.job_type(job_type) if job_type else None,
        level=level,
        mode=mode,
        theory_on=date(2025, 6, 20),
    )


@pytest.fixture
def sitting(institution):
    """车工（数控车床）三级, exam mode, theory exam in 2025 (graduating year 2025)."""
    return make_sitting(institution)
