"""Two keys, two people (双人双锁, EXAM-04) on the paper page in Debian's Chromium, each
person in their own browser session: a manager names the second key holder; the custodian's
PDF download is refused with the two-key message until they ask to unlock for printing and
the key holder confirms with their own login; then the PDF downloads and reads back with the
paper's title and first question, and the custody log lists every step including the refusal."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from skillcert.institutions.models import Membership
from skillcert.itembank import custody
from skillcert.itembank.models import PaperCustodyEvent as Event
from skillcert.itembank.models import PaperUnlock
from tests import factories as f
from tests.e2e.helpers import login
from tests.itembank.helpers import paper as sealed_paper
from tests.itembank.helpers import pledged

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

KIND = dict(Event.KINDS)
PRINT = dict(PaperUnlock.PURPOSES)[PaperUnlock.PRINT]
PDF_LINK = "a:text-is('打印试卷（PDF）')"


def pdf_text(data: bytes) -> str:
    """The PDF's text without whitespace: line breaks in a long title do not matter."""
    text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    return "".join(text.split())


def custody_rows(page) -> list[tuple[str, str, str]]:
    """(事项, 操作人, 说明) of each row of the custody log on the page, oldest first."""
    cells = page.locator("#custody tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.cells, c => c.innerText.trim()))"
    )
    return [(kind, actor, detail) for _at, kind, actor, detail in cells]


def test_paper_pdf_needs_both_keys_and_the_custody_log_shows_each_step_EXAM_04(
    live_server, browser
):
    institution = f.filed_institution()
    tomorrow = timezone.localdate() + timedelta(days=1)  # printing opens 2 days before
    sitting = f.sitting(institution, name="双锁批次", theory_on=tomorrow)
    custodian = f.member(institution, username="baoguan_a")  # exam affairs, assembles
    holder = f.member(institution, role=Membership.EXAMINER, username="yaoshi_b")
    manager = f.member(institution, role=Membership.DIRECTOR, username="fuze_m")
    paper = sealed_paper(institution, custodian, sitting=sitting)
    assert paper.custodian == custodian and paper.key_holder is None
    pledged(custodian, institution)  # EXAM-12: both keepers signed their pledge
    pledged(holder, institution)
    url = f"{live_server.url}/i/{institution.pk}/itembank/papers/{paper.pk}/"
    holder_name = custody.person_name(holder)

    # 1. The manager names B the second key holder on the paper page.
    boss = login(browser, live_server.url, manager.username)
    boss.goto(url)
    boss.select_option("#key-holder-form #id_user", str(holder.pk))
    boss.click("#key-holder-form button[type=submit]")
    boss.wait_for_selector(f"text=第二把钥匙保管人：{holder_name}")
    assert holder.username in boss.inner_text("#keys")

    # 2. A, the custodian, inside the print window but without an unlock: refused, and told.
    a = login(browser, live_server.url, custodian.username)
    a.goto(url)
    a.click(PDF_LINK)
    a.wait_for_selector(".msg.error")
    refusal = a.inner_text(".msg.error")
    assert custody.TWO_KEYS in refusal and holder_name in refusal and PRINT in refusal

    # 3. A asks to unlock for printing; A's own login cannot confirm it.
    a.select_option("#id_purpose", PaperUnlock.PRINT)
    a.click("#unlock-form button[type=submit]")
    a.wait_for_selector("text=已申请开锁")
    unlocks = a.inner_text("#unlocks")
    assert PRINT in unlocks and dict(PaperUnlock.STATUSES)[PaperUnlock.PENDING] in unlocks
    assert a.locator("#unlocks button:text-is('确认开锁')").count() == 0

    # 4. B confirms with their own login, in their own session.
    b = login(browser, live_server.url, holder.username)
    b.goto(url)
    b.click("#unlocks button:text-is('确认开锁')")
    b.wait_for_selector(f"text=已确认开锁：今日可{PRINT}")

    # The custody log so far: key holder, refusal, request, confirmation, each by its person.
    a.goto(url)
    rows = custody_rows(a)
    assert [(kind, actor) for kind, actor, _detail in rows[-4:]] == [
        (KIND[Event.KEY_HOLDER], manager.username),
        (KIND[Event.REFUSED], custodian.username),
        (KIND[Event.UNLOCK_REQUEST], custodian.username),
        (KIND[Event.UNLOCK_CONFIRM], holder.username),
    ]
    key_change, refused = rows[-4][2], rows[-3][2]
    assert holder_name in key_change and custody.TWO_KEYS in refused
    assert dict(PaperUnlock.STATUSES)[PaperUnlock.CONFIRMED] in a.inner_text("#unlocks")

    # 5. A downloads the PDF: it carries the paper's title and its first question.
    # (Before core.web.download the Chinese file name made the header RFC 2047-encoded and
    # Chromium showed the PDF in place: no download, no name.)
    with a.expect_download() as download:
        a.click(PDF_LINK)
    assert download.value.suggested_filename == f"试卷{paper.pk}.pdf"
    text = pdf_text(download.value.path().read_bytes())
    title = f"{sitting.subject_label} 理论知识考试试卷（{paper.form_label}卷）"
    first_stem = custody._unseal(paper)["questions"][0]["stem"]
    assert "".join(title.split()) in text
    assert "".join(first_stem.split()) in text

    # 6. The print is the log's newest row, by A.
    a.goto(url)
    kind, actor, _detail = custody_rows(a)[-1]
    assert (kind, actor) == (KIND[Event.PRINT], custodian.username)
