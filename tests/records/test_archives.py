"""REC-01..03: a sitting's archive from what skillcert holds, retention classes and earliest
destruction dates, paper items located, borrowing approved and logged, destruction only
after retention on an approved request with an inventory, permanent items never; the
package job (ZIP with an index PDF)."""

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from pypdf import PdfReader

from skillcert.certificates.sealing import open_stream
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.records.archives import services
from skillcert.records.archives.package import package_render
from skillcert.records.archives.selectors import inventory_pdf
from skillcert.records.archives.sources import SOURCES, Entry, archive_source
from skillcert.records.models import ArchiveAccess, ArchiveItem, ArchivePackage, DestructionRequest
from tests import factories as f
from tests.violations.helpers import ISSUED_ON, issued


@pytest.fixture
def archive(sitting, staff, pin_issue_day):
    pin_issue_day(ISSUED_ON)
    issued(sitting, 2, actor=staff)
    services.archive_assemble(actor=staff, sitting=sitting)
    return {i.source + ":" + i.ref: i for i in ArchiveItem.objects.filter(sitting=sitting)}


def _text(pdf: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_rec03_archive_holds_what_skillcert_has_for_the_sitting(archive, sitting):
    assert {"registrations:roster", "results:scores", "results:pass-list"} <= set(archive)
    assert any(k.startswith("certificates:register-") for k in archive)
    assert any(k.startswith("certificates:signatures-") for k in archive)
    assert AuditEntry.objects.filter(action="archive.assemble", object_id=str(sitting.pk)).exists()


def test_rec03_assembling_again_adds_only_what_is_new(archive, sitting, staff):
    assert services.archive_assemble(actor=staff, sitting=sitting) == 0


def test_rec03_other_parts_add_their_sources_through_the_registry(sitting, staff):
    @archive_source("test_room_records", "考场情况记录表")
    def _rooms(s):
        return [
            Entry("room-1", "第1考场情况记录表", ArchiveItem.PAPER, date(2026, 6, 1), paper=True)
        ]

    try:
        services.archive_assemble(actor=staff, sitting=sitting)
        item = ArchiveItem.objects.get(source="test_room_records")
        assert item.destroy_after == date(2029, 6, 1)  # REC-01: paper >= 3 years
    finally:
        SOURCES.pop("test_room_records")


def test_rec01_retention_classes_and_earliest_destruction_dates(archive):
    roster, scores = archive["registrations:roster"], archive["results:scores"]
    assert roster.retention_class == ArchiveItem.PERMANENT and roster.destroy_after is None
    assert scores.retention_class == ArchiveItem.ELECTRONIC
    assert scores.destroy_after == scores.dated_on.replace(year=scores.dated_on.year + 5)
    assert services.destroy_after(ArchiveItem.PROOF, date(2026, 6, 2)) == date(2027, 6, 2)
    assert services.destroy_after(ArchiveItem.EXAM_PAPER, date(2024, 2, 29)) == date(2026, 2, 28)


@override_settings(SKILLCERT_RULES={"retention_electronic_years": 6})
def test_rec01_retention_is_a_rule_setting():
    assert services.destroy_after(ArchiveItem.ELECTRONIC, date(2026, 1, 1)) == date(2032, 1, 1)


def test_rec03_paper_items_are_located_by_box_and_shelf(archive, staff):
    sig = next(v for k, v in archive.items() if k.startswith("certificates:signatures-"))
    services.archive_locate(actor=staff, item=sig, box="2026-01", shelf="A-3")
    sig.refresh_from_db()
    assert sig.location == "2026-01盒 / A-3架"
    with pytest.raises(DomainError) as exc:
        services.archive_locate(actor=staff, item=archive["results:scores"], box="1", shelf="1")
    assert exc.value.field == "box"


def test_rec02_borrowing_is_approved_by_another_person_and_logged(archive, staff):
    item = archive["results:pass-list"]
    access = services.access_request(
        actor=staff, item=item, kind="borrow", borrower="李四", purpose="督导检查"
    )
    with pytest.raises(DomainError) as exc:
        services.access_decide(actor=staff, access=access, approve=True)
    assert exc.value.rule == "REC-02"
    services.access_decide(actor=f.colleague(staff), access=access, approve=True)
    services.access_return(actor=staff, access=access)
    access.refresh_from_db()
    assert access.status == ArchiveAccess.RETURNED
    names = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"archive_access.request", "archive_access.approve", "archive_access.return"} <= names


def test_rec02_destruction_before_the_retention_date_is_refused(archive, sitting, staff):
    with pytest.raises(DomainError) as exc:
        services.destruction_request(
            actor=staff, sitting=sitting, items=[archive["results:scores"]], reason="到期"
        )
    assert exc.value.rule == "REC-02" and "最早销毁日期" in exc.value.message
    assert not DestructionRequest.objects.exists()


def test_rec01_permanent_items_are_never_destroyable(archive, sitting, staff):
    roster = archive["registrations:roster"]
    ArchiveItem.objects.filter(pk=roster.pk).update(destroy_after=date(2000, 1, 1))  # forged
    roster.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        services.destruction_request(actor=staff, sitting=sitting, items=[roster], reason="到期")
    assert exc.value.rule == "REC-01"


def test_rec02_destruction_after_retention_on_an_approved_request_with_inventory(
    archive, sitting, staff
):
    scores = archive["results:scores"]
    ArchiveItem.objects.filter(pk=scores.pk).update(destroy_after=date.today() - timedelta(days=1))
    scores.refresh_from_db()
    request = services.destruction_request(
        actor=staff, sitting=sitting, items=[scores], reason="保管期满"
    )
    with pytest.raises(DomainError):
        services.destruction_execute(actor=staff, request=request)  # not approved yet
    with pytest.raises(DomainError):
        services.destruction_decide(actor=staff, request=request, approve=True)  # four eyes
    services.destruction_decide(actor=f.colleague(staff), request=request, approve=True)
    services.destruction_execute(actor=staff, request=request)
    scores.refresh_from_db()
    assert scores.status == ArchiveItem.DESTROYED
    assert "档案销毁清册" in _text(inventory_pdf(request=request))
    assert AuditEntry.objects.filter(action="archive_destruction.execute").exists()


def test_rec03_package_is_a_zip_with_an_index_pdf(archive, sitting, staff):
    job = services.package_create(actor=staff, sitting=sitting)
    job = package_render(job_id=job.pk)
    assert job.status == ArchivePackage.DONE and job.percent == 100
    with default_storage.open(job.file.name, "rb") as fh:
        data = b"".join(open_stream(fh))
    zf = zipfile.ZipFile(io.BytesIO(data))
    index = _text(zf.read("index.pdf"))
    assert "认定批次档案目录" in index and "合格人员名单" in index
    assert "results/pass-list.pdf" in zf.namelist()
    assert any(n.startswith("certificates/signatures-") for n in zf.namelist())


def test_rec03_package_holds_the_uploaded_proofs(sitting, staff, pin_issue_day):
    """REC-03 "registrations with proofs": the candidate's uploaded proof is in the ZIP, byte
    for byte, as an electronic PROOF item (REC-01: one year), not a paper item to locate."""
    pin_issue_day(ISSUED_ON)
    issued(sitting, 2, actor=staff)
    registration = sitting.registrations.order_by("pk").first()
    registration.previous_certificate.save("旧证书.pdf", ContentFile(b"%PDF-1.4 proof"))
    services.archive_assemble(actor=staff, sitting=sitting)
    item = ArchiveItem.objects.get(sitting=sitting, ref=f"proof-{registration.pk}")
    assert item.retention_class == ArchiveItem.PROOF and not item.paper
    job = package_render(job_id=services.package_create(actor=staff, sitting=sitting).pk)
    with default_storage.open(job.file.name, "rb") as fh:
        zf = zipfile.ZipFile(io.BytesIO(b"".join(open_stream(fh))))
    assert zf.read(f"registrations/proof-{registration.pk}.pdf") == b"%PDF-1.4 proof"
