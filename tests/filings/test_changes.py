"""INST-08 change applications: reason and documents; the record changes only on approval;
the authority's quarterly change report."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.filings.changes import services
from skillcert.filings.models import ChangeApplication
from skillcert.institutions.models import Institution
from tests import factories as f

from .helpers import PDF, png


@pytest.fixture
def inst(db):
    institution = f.filed_institution()
    Institution.objects.filter(pk=institution.pk).update(legal_rep="张法人", address="旧址1号")
    institution.refresh_from_db()
    return institution


def _legal_rep(inst, user, **docs):
    return services.change_submit(
        actor=user,
        institution=inst,
        kind="legal_rep",
        new_value="王新任",
        reason="原法定代表人退休",
        documents=docs,
    )


def test_inst_08_legal_rep_needs_reason_id_copy_and_appointment_for_a_college(inst):
    user = f.member(inst)
    with pytest.raises(DomainError) as exc:
        _legal_rep(inst, user, id_copy=("id.png", png()))
    assert exc.value.field == "appointment" and exc.value.rule == "INST-08"
    with pytest.raises(DomainError) as exc:
        services.change_submit(
            actor=user,
            institution=inst,
            kind="legal_rep",
            new_value="王新任",
            reason=" ",
            documents={"id_copy": ("id.png", png()), "appointment": ("a.pdf", PDF)},
        )
    assert exc.value.field == "reason"
    with pytest.raises(DomainError) as exc:  # checked by content, not by name
        _legal_rep(inst, user, id_copy=("id.png", b"not an image"), appointment=("a.pdf", PDF))
    assert exc.value.field == "id_copy"
    change = _legal_rep(inst, user, id_copy=("id.png", png()), appointment=("a.pdf", PDF))
    assert change.state == ChangeApplication.SUBMITTED and change.old_value == "张法人"
    assert change.documents.count() == 2
    stored = change.documents.get(kind="id_copy")
    assert services.document_bytes(stored) == png()
    with stored.file.open("rb") as fh:
        assert fh.read() != png()  # sealed
    inst.refresh_from_db()
    assert inst.legal_rep == "张法人"  # nothing changes before the approval


def test_inst_08_social_organisation_legal_rep_needs_no_appointment_and_address_needs_basis(db):
    social = f.filed_institution()
    Institution.objects.filter(pk=social.pk).update(kind=Institution.SOCIAL)
    social.refresh_from_db()
    user = f.member(social)
    assert _legal_rep(social, user, id_copy=("id.png", png())).pk
    with pytest.raises(DomainError) as exc:
        services.change_submit(
            actor=user,
            institution=social,
            kind="address",
            new_value="新址",
            reason="搬迁",
            documents={},
        )
    assert exc.value.field == "basis"


def test_inst_08_record_changes_only_on_the_authority_approval_audited(inst):
    user = f.member(inst)
    authority = f.authority_user("410000")
    far = f.authority_user("420000")
    change = services.change_submit(
        actor=user,
        institution=inst,
        kind="address",
        new_value="郑州市新址8号",
        reason="整体搬迁",
        documents={"basis": ("b.pdf", PDF)},
    )
    with pytest.raises(DomainError):
        services.change_approve(actor=far, application=change)
    with pytest.raises(DomainError):
        services.change_approve(actor=user, application=change)
    services.change_approve(actor=authority, application=change, note="同意")
    inst.refresh_from_db()
    assert inst.address == "郑州市新址8号"
    entry = AuditEntry.objects.get(action="institution.record_change")
    assert entry.before == {"address": "旧址1号"}
    assert AuditEntry.objects.filter(action__in=["change.submit", "change.approve"]).count() == 2
    with pytest.raises(DomainError):
        services.change_reject(actor=authority, application=change, note="晚了")


def test_inst_08_rejection_needs_a_reason_and_keeps_the_record(inst):
    user = f.member(inst)
    authority = f.authority_user("410000")
    change = services.change_submit(
        actor=user,
        institution=inst,
        kind="name",
        new_value="新名称学院",
        reason="更名",
        documents={"basis": ("b.pdf", PDF)},
    )
    with pytest.raises(DomainError):
        services.change_reject(actor=authority, application=change, note="")
    services.change_reject(actor=authority, application=change, note="依据文件未盖章")
    inst.refresh_from_db()
    assert inst.name != "新名称学院"


def test_inst_08_pages_submit_decide_and_quarterly_report(client, inst):
    user = f.member(inst)
    client.force_login(user)
    url = reverse("record_changes", args=[inst.pk])
    bad = client.post(url, {"kind": "address", "new_value": "新址", "reason": "搬迁"})
    assert bad.status_code == 400 and "请上传变更依据文件" in bad.content.decode()
    ok = client.post(
        url,
        {
            "kind": "address",
            "new_value": "新址9号",
            "reason": "搬迁",
            "basis": SimpleUploadedFile("b.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert ok.status_code == 302
    change = ChangeApplication.objects.get()
    reader = f.member(inst, role="supervisor")
    client.force_login(reader)
    assert client.post(url, {"kind": "name"}).status_code == 403
    client.force_login(f.member(f.filed_institution("别家")))
    assert client.get(url).status_code == 404
    assert client.get(reverse("authority_changes")).status_code == 404
    client.force_login(f.authority_user("420000"))
    assert client.get(reverse("authority_change", args=[change.pk])).status_code == 404
    authority = f.authority_user("410000")
    client.force_login(authority)
    assert "新址9号" in client.get(reverse("authority_changes")).content.decode()
    doc = change.documents.get()
    got = client.get(reverse("authority_change_document", args=[change.pk, doc.pk]))
    assert got.content == PDF
    client.post(reverse("authority_change", args=[change.pk]), {"decision": "approve", "note": ""})
    inst.refresh_from_db()
    assert inst.address == "新址9号"
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    report = client.get(
        reverse("authority_changes_report"), {"year": today.year, "quarter": quarter}
    )
    assert report.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(report.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert inst.name in values and "新址9号" in values and "地址变更" in values
    assert client.get(reverse("authority_changes_report"), {"year": "x"}).status_code == 400


def test_inst_08_api_submit_and_approve(client, inst):
    client.force_login(f.member(inst))
    response = client.post(
        f"/api/i/{inst.pk}/record-changes",
        {
            "kind": "name",
            "new_value": "接口新名学院",
            "reason": "更名",
            "basis": SimpleUploadedFile("b.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 201, response.content
    cid = response.json()["id"]
    client.force_login(f.authority_user("410000"))
    done = client.post(
        f"/api/authority/changes/{cid}/approve", {"note": "同意"}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["state"] == "approved"
    report = client.get("/api/authority/changes/report", {"year": 2026, "quarter": 5})
    assert report.status_code == 422
    today = timezone.localdate()
    q = (today.month - 1) // 3 + 1
    report = client.get("/api/authority/changes/report", {"year": today.year, "quarter": q})
    assert report.status_code == 200 and report.content[:2] == b"PK"
    inst.refresh_from_db()
    assert inst.name == "接口新名学院"
