"""Issue 11 (part A) in Debian's Chromium driven by Playwright: an institution registers
(INST-01), fills the 备案申请表 with an attachment and the commitment (INST-15) and submits;
the authority returns it once with reasons (INST-02), the institution sees them, fixes and
resubmits, and the authority passes the preliminary review (the evaluation step follows)."""

import pytest
from django.core.cache import cache

from skillcert.filings.models import FilingApplication
from tests import factories as f
from tests.e2e.helpers import login
from tests.filings.helpers import PDF

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _people(start: int, extra: str, n: int = 1) -> str:
    return "\n".join(
        f"人员{start + k} | {f.resident_id(seq=start + k)} | 高级讲师 | {extra}" for k in range(n)
    )


def test_filing_walk_register_submit_return_resubmit_pass(live_server, browser, tmp_path):
    cache.clear()  # the registration limit (INST-01) counts per address in the cache
    f.standard()  # 车工's national standard (LEVEL-04)
    authority = f.authority_user("410000", username="authority_e2e")
    base = live_server.url
    context = browser.new_context(accept_downloads=True, locale="zh-CN")
    context.on("dialog", lambda dialog: dialog.accept())
    page = context.new_page()
    page.set_default_timeout(15000)

    # INST-01: registration opens the account and the record; the registrant is its director.
    page.goto(f"{base}/register/institution/")
    for field, value in {
        "username": "filer_e2e",
        "password": "pw-Secret-123",
        "name": "走查技工学校",
        "credit_code": f.credit_code(777),
        "region_code": "410102",
        "supervising_dept": "河南省人社厅",
        "legal_rep": "林法人",
        "contact_person": "何联系",
        "phone": "0371-88888888",
        "address": "郑州市二七区1号",
    }.items():
        page.fill(f"#id_{field}", value)
    page.select_option("#id_kind", "college")
    page.click("form.card button[type=submit]")
    assert "/filings/" in page.url
    page.click("form.card button[type=submit]")  # 新建 a first filing (首次备案)
    detail = page.url
    assert "法定代表人尚未签署承诺书" in page.inner_text("#checklist")

    # The 申请表's sections, one row a line.
    page.select_option("#id_school_type", "technical")
    page.fill("#id_rules", "职业技能等级认定工作规则 | 2026-01-05 | 豫技〔2026〕1号")
    page.fill("#id_sites", "理论考场 | 1号楼 | 120 | 4 |\n操作考场 | 实训楼 | 300 | 2 | 车工")
    page.fill("#id_equipment", "车工 | 实训楼 | 数控车床 | CK6140 | 6 | 自有")
    page.fill("#id_staff", _people(100, "本科 | 评价工作"))
    page.fill("#id_experts", _people(200, "本科 | 车工 | 是", 2))
    page.fill("#id_examiners", _people(300, "车工 | KP2026 | 是", 3))
    page.fill("#id_supervisors", _people(400, "本科 | 机械 | 督导"))
    page.click("#sections-form button[type=submit]")
    assert "草稿已保存" in page.inner_text("main")
    page.fill("#id_occupation", "6-18-01-01")
    page.fill("#id_levels", "5、4、3")
    page.fill("#id_major", "数控技术")
    page.click("#scope-form button[type=submit]")
    assert "已增加申报职业" in page.inner_text("main")
    pdf = tmp_path / "申请函.pdf"
    pdf.write_bytes(PDF)
    for kind in ("letter", "evidence"):
        page.select_option("#attachment-form select[name=kind]", kind)
        page.set_input_files("#attachment-form input[type=file]", str(pdf))
        page.click("#attachment-form button[type=submit]")
        assert "材料已上传" in page.inner_text("main")
    page.fill("#id_signed_by", "林法人")
    page.click("#commitment-form button[type=submit]")
    assert "工作方案" in page.inner_text("#checklist")  # still missing: the work plan
    page.select_option("#attachment-form select[name=kind]", "work_plan")
    page.set_input_files("#attachment-form input[type=file]", str(pdf))
    page.click("#attachment-form button[type=submit]")
    assert "申请内容已齐全" in page.inner_text("#checklist")
    page.click("#submit-filing")
    assert "待初审" in page.inner_text("#filing-state")

    # The authority returns it once, with reasons.
    officer = login(browser, base, authority.username)
    officer.goto(f"{base}/authority/filings/")
    assert "走查技工学校" in officer.inner_text("#filing-queue")
    officer.click("#filing-queue a:text-is('办理')")
    assert "人力资源社会保障部门" in officer.inner_text("main")
    officer.select_option("#id_decision", "return")
    officer.fill("#id_reasons", "工作方案未写明考务流程")
    officer.click("#decision-form button[type=submit]")
    assert "已退回" in officer.inner_text("#filing-state")

    # The institution sees the reasons, fixes and resubmits.
    page.goto(detail)
    assert "工作方案未写明考务流程" in page.inner_text("#return-reasons")
    page.select_option("#attachment-form select[name=kind]", "work_plan")
    page.set_input_files("#attachment-form input[type=file]", str(pdf))
    page.click("#attachment-form button[type=submit]")
    page.click("#submit-filing")
    assert "待初审" in page.inner_text("#filing-state")

    # The authority passes the preliminary review: the technical evaluation follows.
    officer.reload()
    officer.select_option("#id_decision", "pass")
    officer.click("#decision-form button[type=submit]")
    assert "技术评估中" in officer.inner_text("#filing-state")
    steps = officer.inner_text("#filing-steps")
    assert steps.count("提交") == 2 and "退回" in steps
    assert FilingApplication.objects.get().state == FilingApplication.EVALUATION
