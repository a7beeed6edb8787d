"""INST-08: the authority's quarterly report of approved changes (.xlsx)."""

import io

from skillcert.core.xlsx import workbook

HEADER = ["机构名称", "备案号", "变更事项", "变更前", "变更后", "变更理由", "批准日期"]


def quarter_workbook(rows, *, title: str) -> bytes:
    buf = io.BytesIO()
    book = workbook(buf, {"in_memory": True})
    sheet = book.add_worksheet("变更情况")
    sheet.write_row(0, 0, [title])
    sheet.write_row(1, 0, HEADER)
    for n, c in enumerate(rows, start=2):
        sheet.write_row(
            n,
            0,
            [
                c.institution.name,
                c.institution.filing_number,
                c.get_kind_display(),
                c.old_value,
                c.new_value,
                c.reason,
                c.decided_at.date().isoformat(),
            ],
        )
    book.close()
    return buf.getvalue()
