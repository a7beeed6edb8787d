"""CERT-08: issued-certificate data for the authority, as an .xlsx in the documented layout,
access-controlled and audited, with the "sent" record."""

import io
from datetime import date

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from skillcert.certificates import export, services
from skillcert.certificates.models import CertificateExport, Replacement
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from tests import factories as f
from tests.records.helpers import void_notice

from .conftest import issue


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def read_back(client, institution, exp) -> list[list]:
    r = client.get(reverse("export_download", args=[institution.pk, exp.pk]))
    assert r.status_code == 200 and r["Cache-Control"] == "private, no-store"
    data = b"".join(r.streaming_content)
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert book.sheet_names == [export.SHEET]
    return book.get_sheet_by_name(export.SHEET).to_python()


def test_cert08_export_columns_as_documented(client, institution, sitting, manager):
    certs = issue(sitting, 3, actor=manager)
    services.certificate_void(
        actor=manager, certificate=certs[1], reason="违纪", voided_on=date(2025, 9, 1)
    )
    void_notice(certs[2])  # CERT-10
    services.replacement_create(
        actor=manager,
        certificate=certs[2],
        reason=Replacement.LOST,
        applied_on=date(2025, 10, 8),
        replaced_on=date(2025, 10, 9),
        holder_name=certs[2].holder_name,
        id_number=certs[2].person.id_number,
    )
    exp = export.certificate_export_create(actor=manager, institution=institution, sitting=sitting)
    client.force_login(manager)
    rows = read_back(client, institution, exp)
    assert tuple(rows[0]) == export.COLUMNS
    assert len(rows) == 4 and exp.rows == 3
    first = dict(zip(rows[0], rows[1], strict=True))
    c = certs[0]
    assert first["序号"] == 1
    assert first["证书编号"] == c.number and first["姓名"] == c.holder_name
    assert first["证件类型"] == "居民身份证"
    assert first["证件号码"] == c.person.id_number  # full, documented choice
    assert first["职业编码"] == "6-18-01-01" and first["职业名称"] == c.occupation_name
    assert first["工种/职业方向"] == "数控车床"
    assert first["职业技能等级"] == c.level_label and first["等级代码"] == "4"
    assert first["发证日期"] == "2025-07-01" and first["发证机构"] == institution.name
    assert first["批次"] == sitting.name and first["证书状态"] == "有效"
    void = dict(zip(rows[0], rows[2], strict=True))
    assert (void["证书状态"], void["作废日期"], void["作废原因"]) == (
        "已作废",
        "2025-09-01",
        "违纪",
    )
    again = dict(zip(rows[0], rows[3], strict=True))
    assert again["补发记录"] == "2025-10-09 遗失"
    assert [r[1] for r in rows[1:]] == sorted(c.number for c in certs)


def test_cert08_export_by_period_and_audited(client, institution, manager, pin_issue_day):
    s1, s2 = f.sitting(institution), f.sitting(institution)
    issue(s1, 2, issued_on=date(2025, 7, 1))
    pin_issue_day(date(2025, 8, 15))  # item 24: issued on the system's date, a later day
    late = issue(s2, 1, issued_on=date(2025, 8, 15))
    exp = export.certificate_export_create(
        actor=manager,
        institution=institution,
        issued_from=date(2025, 8, 1),
        issued_to=date(2025, 8, 31),
    )
    client.force_login(manager)
    rows = read_back(client, institution, exp)
    assert [r[1] for r in rows[1:]] == [late[0].number]
    made = AuditEntry.objects.get(action="certificate.export")
    assert made.after["rows"] == 1 and made.after["full_id_numbers"] is True
    assert AuditEntry.objects.filter(action="certificate.export_download").count() == 1


def test_cert08_stored_file_is_sealed(institution, sitting, manager):
    (cert,) = issue(sitting, 1)
    exp = export.certificate_export_create(actor=manager, institution=institution, sitting=sitting)
    with exp.file.open("rb") as stored:
        raw = stored.read()
    assert raw.startswith(b"SKZ1") and b"PK" not in raw[:8]
    assert cert.person.id_number.encode() not in raw


def test_cert08_bad_scope_refused_and_nothing_written(institution, other_institution, manager):
    with pytest.raises(DomainError):
        export.certificate_export_create(actor=manager, institution=institution)
    with pytest.raises(DomainError):
        export.certificate_export_create(
            actor=manager,
            institution=institution,
            issued_from=date(2025, 9, 1),
            issued_to=date(2025, 8, 1),
        )
    with pytest.raises(DomainError):  # nothing issued in the period
        export.certificate_export_create(
            actor=manager, institution=institution, issued_from=date(2025, 1, 1)
        )
    theirs = f.sitting(other_institution)
    with pytest.raises(DomainError):
        export.certificate_export_create(actor=manager, institution=institution, sitting=theirs)
    assert not CertificateExport.objects.exists()


def test_cert08_sent_log(client, institution, sitting, manager):
    issue(sitting, 1)
    client.force_login(manager)
    r = client.post(
        reverse("export_create", args=[institution.pk]), {"sitting": sitting.pk}, follow=True
    )
    assert "已导出证书数据1条" in r.content.decode()
    exp = CertificateExport.objects.get()
    url = reverse("export_sent", args=[institution.pk, exp.pk])
    r = client.post(url, {"sent_on": "", "sent_to": "市职业技能鉴定指导中心"}, follow=True)
    assert "格式不正确" in r.content.decode()
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    r = client.post(url, {"sent_on": today, "sent_to": "市职业技能鉴定指导中心"}, follow=True)
    exp.refresh_from_db()
    assert exp.sent_to == "市职业技能鉴定指导中心" and exp.sent_by == manager
    assert "报送市职业技能鉴定指导中心" in r.content.decode()
    with pytest.raises(DomainError):
        export.certificate_export_mark_sent(
            actor=manager, export=exp, sent_on=exp.sent_on, sent_to="又一次"
        )
    assert AuditEntry.objects.get(action="certificate.export_sent").after["sent_to"] == (
        "市职业技能鉴定指导中心"
    )


def test_cert08_export_is_for_managers_and_tenants_only(
    client, institution, sitting, manager, reader, outsider
):
    issue(sitting, 1)
    exp = export.certificate_export_create(actor=manager, institution=institution, sitting=sitting)
    iid = institution.pk
    client.force_login(reader)  # a member who may read certificates, not take full IDs away
    assert client.get(reverse("export_download", args=[iid, exp.pk])).status_code == 403
    assert client.get(reverse("certificate_exports", args=[iid])).status_code == 403
    client.force_login(outsider)
    for url in (
        reverse("export_download", args=[iid, exp.pk]),
        reverse("certificate_exports", args=[iid]),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(reverse("export_create", args=[iid]), {"sitting": sitting.pk}).status_code
        == 404
    )
    assert not AuditEntry.objects.filter(action="certificate.export_download").exists()
