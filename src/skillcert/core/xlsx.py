"""Every .xlsx the project writes starts here, so text is always written as text.

xlsxwriter's write()/write_row() turn a string beginning with "=" into a live formula and a
string that looks like a URL into a hyperlink: a candidate named "=HYPERLINK(...)" would run
in the office's Excel (formula injection, issue 16 item 13). These options make every such
string a plain text cell, whichever write call a writer uses; formulas stay possible only
through an explicit write_formula().
"""

import xlsxwriter
from django.http import HttpResponse

from .web import download

TEXT_AS_TEXT = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def workbook(target, options: dict | None = None) -> xlsxwriter.Workbook:
    """An xlsxwriter.Workbook on `target` (path or file object) that writes text as text."""
    return xlsxwriter.Workbook(target, {**(options or {}), **TEXT_AS_TEXT})


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A workbook as a download (views and API alike)."""
    return download(content, XLSX_CONTENT_TYPE, filename)
