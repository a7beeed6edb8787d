"""Issue 11 B in Debian's Chromium: the authority names the evaluation groups of two
applications, three experts score the 技术评估评分表 on their pages (one application fails on a
veto item whatever its points, the other passes at >= 65, INST-03), the authority concludes;
after the confirmation step the filing number is assigned (INST-04), the receipt .docx is
downloaded and read back with python-docx (number, name, scope rows), the receipt is
published and the directory shows the scope (INST-12)."""

from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from skillcert.filings.flow import application_move
from skillcert.filings.models import EvaluationItem, FilingApplication, FilingStep
from tests import factories as f
from tests.e2e.helpers import login
from tests.filings.helpers import applicant, application_at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_evaluation_walk_veto_fails_65_passes_receipt_and_directory(live_server, browser):
    vetoed = application_at(applicant("否决学院", n=931), FilingApplication.EVALUATION)
    passing = application_at(applicant("通过学院", n=932), FilingApplication.EVALUATION)
    authority = f.authority_user("410000", username="walk-authority")
    experts = [f.user(f"walk-expert{n}") for n in range(3)]
    items = list(EvaluationItem.objects.order_by("order"))
    base = live_server.url
    office = login(browser, base, authority.username)

    # 1. The authority names each group on its evaluation page.
    for application in (vetoed, passing):
        office.goto(f"{base}/authority/filings/{application.pk}/evaluation/")
        office.fill("#id_experts", "\n".join(u.username for u in experts))
        office.fill("#id_leader", experts[0].username)
        office.click("#name-group")
        office.wait_for_selector("text=已组建评估专家组")

    # 2. Each expert scores both sheets: full points (bonus 0) on the passing one at 70%;
    #    on the vetoed one full points, but two of three mark item 1 (资质) 不符合.
    def score(page, application, share, refuse_veto):
        page.goto(f"{base}/authority/filings/{application.pk}/evaluation/score/")
        for item in items:
            name = f"item_{item.order}"
            if item.kind == EvaluationItem.VETO:
                value = "不符合" if refuse_veto and item.order == 1 else "符合"
                page.check(f"input[name='{name}'][value='{value}']")
            elif item.kind == EvaluationItem.BONUS:
                page.fill(f"input[name='{name}']", "0")
            else:
                page.fill(
                    f"input[name='{name}']",
                    str((item.points * Decimal(share)).quantize(Decimal("0.1"))),
                )
        page.click("#submit-sheet")
        page.wait_for_selector("text=评分已提交")

    for n, expert in enumerate(experts):
        page = login(browser, base, expert.username)
        page.goto(f"{base}/authority/evaluations/")
        assert "否决学院" in page.content() and "通过学院" in page.content()
        score(page, vetoed, 1, refuse_veto=n < 2)
        score(page, passing, "0.7", refuse_veto=False)

    # 3. The authority concludes: the veto fails the first whatever its total, the second passes.
    for application, verdict in ((vetoed, "未通过"), (passing, "通过，进入确认环节")):
        office.goto(f"{base}/authority/filings/{application.pk}/evaluation/")
        office.click("#conclude")
        office.wait_for_selector(f"text=技术评估结论：{verdict}")
    assert FilingApplication.objects.get(pk=vetoed.pk).state == FilingApplication.REJECTED
    assert "否决项不符合" in FilingApplication.objects.get(pk=vetoed.pk).steps.last().reasons

    # 4. The confirmation pass (the confirmation page is the other part's), then the receipt.
    application_move(actor=authority, application=passing, decision=FilingStep.PASS)
    office.goto(f"{base}/authority/filings/{passing.pk}/receipt/")
    office.click("#assign-number")
    office.wait_for_selector("#filing-number")
    number = office.inner_text("#filing-number")
    assert number == "Y000041019001"
    with office.expect_download() as download:
        office.click("#receipt-docx")
    doc = Document(Path(download.value.path()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert number in text and "关于同意通过学院备案的函" in text
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    assert ["6-18-01-01", "车工", "数控车床", "4、3、2、1", "国标"] in rows
    assert ["6-18-01-01", "车工", "", "5", "国标"] in rows
    office.fill("#id_filed_on", "2026-12-01")
    office.click("#publish")
    office.wait_for_selector("text=已公布")

    # 5. The public directory lists the institution with its number and scope.
    office.goto(f"{base}/directory/?q=通过学院")
    section = office.inner_text("main")
    assert "通过学院" in section and number in section and "数控车床" in section
    assert "四级、三级、二级、一级" in section
