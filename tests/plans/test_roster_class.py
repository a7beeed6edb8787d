import io

import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile

from skillcert.plans.models import Registration
from skillcert.plans.roster.format import COLUMNS
from skillcert.plans.roster.services import roster_import_create
from tests import factories as f


def test_class_column_is_kept_for_seating_and_recusal_ARR_08(staff, sitting):
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, COLUMNS)
    # tests/plans/conftest.py's sitting: level 3, exam mode, graduating year 2025 (PLAN-04)
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        {
            "姓名": "乙",
            "证件号码": f.resident_id(seq=778),
            "学历层次": "本科",
            "毕业年份": 2025,
            "申报级别": 3,
            "班级": "机电2201",
        }
    )
    sheet.write_row(1, 0, [row[c] for c in COLUMNS])
    book.close()
    imp = roster_import_create(
        actor=staff, sitting=sitting, uploaded_file=SimpleUploadedFile("r.xlsx", out.getvalue())
    )
    assert imp.ok_rows == 1, imp.errors
    assert Registration.objects.get(roster_import=imp).class_name == "机电2201"
