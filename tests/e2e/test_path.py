"""The first path a user walks, in Debian's Chromium driven by Playwright: log in, import a
roster with bad rows, fix them from the error report, enter scores, issue certificates, open
the PDF, decode its QR code and follow it to a valid verification (PLAN-04, PLAN-07, SCORE-01,
CERT-01..04, PEOPLE-01)."""

import io
import re
import subprocess

import openpyxl
import pytest
import xlsxwriter

from skillcert.people.services import person_get_or_create
from tests import factories as f

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADER = [
    "姓名",
    "证件类型",
    "证件号码",
    "手机号",
    "学历层次",
    "毕业年份",
    "1+X证书等级",
    "职称",
    "职称年限",
    "申报级别",
]


def roster(rows) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    book.close()
    return out.getvalue()


def test_roster_to_verified_certificate(
    live_server, browser_page, sitting, settings, tmp_path, tool
):
    pdftoppm, zbarimg = tool("pdftoppm"), tool("zbarimg")
    settings.SITE_URL = live_server.url
    user = f.member(sitting.institution, username="kaowu_e2e")
    f.on_plan(sitting, user)  # issue 16 item 28: score entry by the people the plan names
    page, iid = browser_page, sitting.institution_id
    good = [
        [
            f"学生{i}",
            "居民身份证",
            f.resident_id(seq=500 + i),
            "13800000000",
            "中职",
            2026,
            "",
            "",
            "",
            4,
        ]
        for i in range(3)
    ]
    bad_id = f.resident_id(seq=600)
    broken = bad_id[:-1] + ("0" if bad_id[-1] != "0" else "1")
    teacher_id = f.resident_id(seq=601)
    bad = [
        ["错号", "居民身份证", broken, "", "中职", 2026, "", "", "", 4],
        ["教工", "居民身份证", teacher_id, "", "", "", "", "初级职称", 1, 4],
    ]
    # PLAN-06 (issue 16 item 4): staff above level 5 need the previous certificate on record;
    # this teacher holds a 五级 one from another institution.
    teacher = person_get_or_create(name="教工", id_type="resident", id_number=teacher_id)
    f.held_certificate(f.filed_institution("另一所学校"), teacher, level=5)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-Secret-123")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/i/{iid}/sittings/{sitting.pk}/")

    # 1. A roster with two bad rows: good rows stored, bad ones reported by row and reason.
    src = tmp_path / "roster.xlsx"
    src.write_bytes(roster(good + bad))
    page.set_input_files("#id_file", str(src))
    page.click("text=上传并校验")
    page.wait_for_selector("#import-summary")
    assert "成功导入 3 行，错误 2 行" in page.inner_text("#import-summary")
    errors = page.inner_text("#import-errors")
    assert "校验位" in errors and "PLAN-05" in errors

    # 2. Fix them in the downloaded error report and upload it again.
    with page.expect_download() as dl:
        page.click("text=下载错误报告")
    book = openpyxl.load_workbook(io.BytesIO(dl.value.path().read_bytes()))
    sheet = book.active
    head = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        cells = dict(zip(head, row, strict=False))
        if cells["姓名"].value == "错号":
            cells["证件号码"].value = bad_id
        else:
            cells["职称年限"].value = 5  # initial title held 5 years: eligible up to level 2
    fixed = tmp_path / "fixed.xlsx"
    book.save(fixed)
    page.goto(f"{live_server.url}/i/{iid}/sittings/{sitting.pk}/")
    page.set_input_files("#id_file", str(fixed))
    page.click("text=上传并校验")
    page.wait_for_selector("#import-summary")
    assert "成功导入 2 行，错误 0 行" in page.inner_text("#import-summary")

    # 3. Scores: one candidate fails the practical (SCORE-01).
    page.goto(f"{live_server.url}/i/{iid}/sittings/{sitting.pk}/scores/")
    names = ["学生0", "学生1", "学生2", "错号", "教工"]
    for name in names:
        page.fill(f"input[aria-label='{name} 理论成绩']", "80")
        page.fill(f"input[aria-label='{name} 技能成绩']", "55" if name == "学生2" else "75")
    page.click("text=保存成绩")
    page.wait_for_selector("#count-passed")
    assert page.inner_text("#count-passed").strip() == "4"

    # 4. Issue register: create, review, issue (CERT-04).
    page.goto(f"{live_server.url}/i/{iid}/sittings/{sitting.pk}/issue/")
    page.click("text=生成核发名册")
    # Four eyes (CERT-04, issue 16 item 23): another member reviews what the clerk compiled.
    reviewer = f.member(sitting.institution, username="shenhe_e2e")
    second = page.context.browser.new_context(locale="zh-CN").new_page()
    second.goto(f"{live_server.url}/accounts/login/")
    second.fill("#id_username", reviewer.username)
    second.fill("#id_password", "pw-Secret-123")
    second.click("button[type=submit]")
    second.goto(f"{live_server.url}/i/{iid}/sittings/{sitting.pk}/issue/")
    second.click("text=审核通过")
    page.reload()
    page.click("text=核发证书")
    page.goto(f"{live_server.url}/i/{iid}/certificates/")
    table = page.inner_text("table")
    numbers = re.findall(r"[A-Z]\d{21}", table)
    assert len(numbers) == 4 and "学生2" not in table

    # 5. The PDF behind the link, its QR code, and the verification it leads to.
    href = page.get_attribute("a:text-is('PDF')", "href")
    pdf = page.request.get(f"{live_server.url}{href}")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    (tmp_path / "c.pdf").write_bytes(pdf.body())
    subprocess.run(
        [
            pdftoppm,
            "-png",
            "-r",
            "200",
            "-f",
            "1",
            "-l",
            "1",
            str(tmp_path / "c.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    png = next(tmp_path.glob("page*.png"))
    url = subprocess.run(
        [zbarimg, "--raw", "-q", str(png)], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert url.startswith(f"{live_server.url}/verify/q/")
    page.goto(url)
    body = page.inner_text("main")
    assert "有效" in body and any(n in body for n in numbers)
    assert bad_id not in body  # PEOPLE-01: the ID number is masked on screen
