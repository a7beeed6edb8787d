"""The archive of a sitting (REC-01..03) in Debian's Chromium driven by Playwright: exam
affairs assemble the archive, the package job is started and its progress bar shown and
polled (htmx) until the download appears; the ZIP is downloaded, opened and its index PDF
read back; a destruction request before the retention date is refused (REC-02)."""

import io
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from skillcert.records.archives import package, tasks
from skillcert.records.models import ArchiveItem, ArchivePackage, DestructionRequest
from tests import factories as f
from tests.e2e.helpers import login
from tests.violations.helpers import ISSUED_ON, issued

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_archive_built_with_progress_downloaded_and_early_destruction_refused(
    live_server, browser, sitting, pin_issue_day, monkeypatch
):
    staff = f.member(sitting.institution, username="kaowu_archive")
    pin_issue_day(ISSUED_ON)
    issued(sitting, 2, actor=staff)
    # The job waits in the queue (no worker here) so the page shows its progress bar; the
    # test then runs the worker's part itself and the page's polling finds it done.
    monkeypatch.setattr(tasks, "build_archive_package", SimpleNamespace(enqueue=lambda **kw: None))
    base, iid = live_server.url, sitting.institution_id
    page = login(browser, base, staff.username)

    page.goto(f"{base}/i/{iid}/records/archives/{sitting.pk}/")
    page.click("text=归集档案")
    page.wait_for_load_state()
    assert "合格人员名单" in page.inner_text("main")
    page.click("#archive-build")
    page.wait_for_load_state()
    bar = page.locator("progress[aria-label=档案包生成进度]")
    assert bar.is_visible()
    job = ArchivePackage.objects.get()
    package.package_render(job_id=job.pk)
    link = page.locator("#archive-download")
    link.wait_for(timeout=10000)  # htmx polls every second
    with page.expect_download() as info:
        link.click()
    data = Path(info.value.path()).read_bytes()
    zf = zipfile.ZipFile(io.BytesIO(data))
    index = "".join(p.extract_text() for p in PdfReader(io.BytesIO(zf.read("index.pdf"))).pages)
    assert "认定批次档案目录" in index and "成绩登记表" in index and "永久" in index

    # REC-02: the scores (electronic, 5 years) may not be destroyed yet.
    scores = ArchiveItem.objects.get(source="results", ref="scores")
    page.select_option("#id_items", value=str(scores.pk))
    page.fill("#id_reason", "清理过期档案")
    page.click("#destruction-form button[type=submit]")
    page.wait_for_load_state()
    assert "保管期限未满" in page.inner_text("#destruction-form")
    assert not DestructionRequest.objects.exists()
