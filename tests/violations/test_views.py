"""Pages of violations: record form (by ticket number or name), list, detail with confirm,
evidence, corrections, the candidate's portal; roles and tenancy (404 for outsiders)."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from skillcert.violations.categories import PHONE_RANG_ONLY
from skillcert.violations.models import CorrectionNotice, Violation
from tests import factories as f

from .helpers import assign, issued, jpeg, record, result_of, scored, seat

pytestmark = pytest.mark.django_db


def _form(candidate, category, subject="theory", **extra):
    data = {
        "candidate": candidate,
        "category": category,
        "subject": subject,
        "occurred_at": "2025-06-01T09:40",
        "notes": "开考后40分钟发现，当场制止",
    }
    data.update(extra)
    return data


def test_record_by_ticket_number_with_evidence(client, sitting, examiner):
    """VIOL-02 recorded by an examiner, found by ticket number, with a photo."""
    reg = scored(sitting)[0]
    seat(reg, "250101001")
    client.force_login(examiner)
    url = reverse("violation_new", args=[sitting.institution_id, sitting.pk])
    page = client.get(url)
    assert "250101001" in page.content.decode() and "VIOL-06" in page.content.decode()
    clear = jpeg()
    photo = SimpleUploadedFile("现场.jpg", clear, content_type="image/jpeg")
    response = client.post(url, {**_form("250101001", "v02_copy"), "evidence": [photo]})
    v = Violation.objects.get()
    assert response.status_code == 302 and v.registration == reg and v.rule == "VIOL-02"
    assert v.evidence.count() == 1 and v.status == Violation.RECORDED
    detail = client.get(reverse("violation_detail", args=[sitting.institution_id, v.pk]))
    assert "确认处理" not in detail.content.decode()  # an examiner records, never confirms
    evidence = v.evidence.get()
    got = client.get(
        reverse("violation_evidence", args=[sitting.institution_id, v.pk, evidence.pk])
    )
    assert got.status_code == 200 and got.content == clear
    assert got["Content-Type"] == "image/jpeg"


def test_record_by_name_and_ring_only_refused_on_the_form(client, sitting, manager):
    """VIOL-06: the form offers 'only rang' and answers why it is not a violation."""
    reg = scored(sitting)[0]
    client.force_login(manager)
    url = reverse("violation_new", args=[sitting.institution_id, sitting.pk])
    refused = client.post(url, _form(reg.person.name, PHONE_RANG_ONLY))
    assert refused.status_code == 400
    assert "仅手机铃声音响（震动）不视为作弊" in refused.content.decode()
    assert not Violation.objects.exists()
    unknown = client.post(url, _form("查无此人", "v01_other"))
    assert "本批次没有" in unknown.content.decode() and not Violation.objects.exists()
    ok = client.post(url, _form(reg.person.name, "v06_phone_use"))
    assert ok.status_code == 302 and Violation.objects.get().rule == "VIOL-06"


def test_bad_evidence_on_the_form_names_the_file_and_stores_nothing(client, sitting, manager):
    """VIOL-01..06 evidence: a fake photo is named and nothing is stored."""
    reg = scored(sitting)[0]
    client.force_login(manager)
    url = reverse("violation_new", args=[sitting.institution_id, sitting.pk])
    fake = SimpleUploadedFile("假照片.jpg", b"<html>not a photo</html>")
    response = client.post(url, {**_form(reg.person.name, "v01_other"), "evidence": [fake]})
    assert response.status_code == 400
    assert "假照片.jpg" in response.content.decode()
    assert not Violation.objects.exists()


def test_manager_confirms_on_detail_page_and_list_shows_it(client, sitting, manager):
    """VIOL-03 confirmed by exam-affairs staff: all subjects cancelled."""
    reg = scored(sitting)[0]
    v = record(manager, reg, "v03_damage_paper")
    client.force_login(manager)
    iid = sitting.institution_id
    page = client.get(reverse("violation_detail", args=[iid, v.pk]))
    assert "确认处理" in page.content.decode()
    client.post(reverse("violation_confirm", args=[iid, v.pk]))
    assert Violation.objects.get().status == Violation.CONFIRMED
    assert result_of(reg).practical_score == Decimal("0.0")
    listing = client.get(reverse("violations", args=[iid, sitting.pk])).content.decode()
    assert reg.person.name in listing and "取消当次全部科目成绩" in listing


def test_examiner_may_not_confirm(client, sitting, manager, examiner):
    """VIOL-01..06: examiners record; only exam-affairs managers confirm the effect."""
    v = record(manager, scored(sitting)[0], "v01_other", "theory")
    client.force_login(examiner)
    response = client.post(reverse("violation_confirm", args=[sitting.institution_id, v.pk]))
    assert response.status_code == 403
    assert Violation.objects.get().status == Violation.RECORDED


def test_proctor_on_the_plan_records_other_supervisor_does_not(
    client, sitting, supervisor, institution
):
    """VIOL-01..06: proctors of the sitting (staffing plan) record; others may not."""
    reg = scored(sitting)[0]
    url = reverse("violation_new", args=[sitting.institution_id, sitting.pk])
    client.force_login(supervisor)
    assert client.get(url).status_code == 403
    assign(supervisor, sitting, "proctor")
    assert client.get(url).status_code == 200
    client.post(url, _form(reg.person.name, "v01_leave_seat"))
    assert Violation.objects.get().recorded_by == supervisor


def test_withdraw_from_detail_page(client, sitting, manager):
    """VIOL-01..06: a recorded violation is withdrawn before confirmation, unapplied."""
    v = record(manager, scored(sitting)[0], "v01_other", "theory")
    client.force_login(manager)
    client.post(
        reverse("violation_withdraw", args=[sitting.institution_id, v.pk]), {"reason": "误记"}
    )
    assert Violation.objects.get().status == Violation.WITHDRAWN


def test_other_institution_gets_404_everywhere(client, sitting, manager, outsider):
    """VIOL-01..06 tenancy: another institution's member gets 404 on every page."""
    v = record(manager, scored(sitting)[0], "v01_other", "theory", evidence=[("a.jpg", jpeg())])
    iid = sitting.institution_id
    client.force_login(outsider)
    urls = [
        reverse("violations", args=[iid, sitting.pk]),
        reverse("violation_new", args=[iid, sitting.pk]),
        reverse("violation_detail", args=[iid, v.pk]),
        reverse("violation_evidence", args=[iid, v.pk, v.evidence.get().pk]),
        reverse("violation_corrections", args=[iid]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for name in ("violation_confirm", "violation_withdraw", "violation_evidence_add"):
        assert client.post(reverse(name, args=[iid, v.pk])).status_code == 404, name
    assert Violation.objects.get().status == Violation.RECORDED
    # Their own institution id with our violation id is a 404 too.
    other = outsider.memberships.get().institution_id
    assert client.get(reverse("violation_detail", args=[other, v.pk])).status_code == 404


def test_candidate_portal_shows_decision_and_rule(client, sitting, manager):
    """VIOL-02: the candidate sees the decision and its rule once confirmed."""
    reg = scored(sitting)[0]
    user = f.user("cand_viol")
    reg.person.user = user
    reg.person.save(update_fields=["user"])
    v = record(manager, reg, "v02_identity", "practical")
    client.force_login(user)
    assert "VIOL-02" not in client.get(reverse("home")).content.decode()  # not yet confirmed
    from skillcert.violations.services import violation_confirm

    violation_confirm(actor=manager, violation=v)
    body = client.get(reverse("home")).content.decode()
    assert "违纪违规处理" in body
    assert "操作技能考核：该科目按作弊处理（0分）（VIOL-02）" in body


def test_corrections_page_lists_and_marks_sent(client, sitting, manager):
    """VIOL-05: the correction notice of a voided certificate is listed until sent."""
    cert = issued(sitting, 1)[0]
    from skillcert.violations.services import violation_confirm

    violation_confirm(actor=manager, violation=record(manager, cert.registration, "v03_other"))
    client.force_login(manager)
    url = reverse("violation_corrections", args=[sitting.institution_id])
    assert cert.number in client.get(url).content.decode()
    notice = CorrectionNotice.objects.get()
    client.post(url, {"ids": [str(notice.pk)]})
    notice.refresh_from_db()
    assert notice.sent


def test_region_authority_reads_correction_notices_read_only_VIOL_05_item26(
    client, sitting, manager
):
    """Issue 16 item 26 (VIOL-05): the authority of the region, the notices' reader, sees
    them (no mark button, a POST is 403); an authority of another region gets 404."""
    cert = issued(sitting, 1)[0]
    from skillcert.violations.services import violation_confirm

    violation_confirm(actor=manager, violation=record(manager, cert.registration, "v03_other"))
    institution = sitting.institution
    url = reverse("violation_corrections", args=[institution.pk])
    client.force_login(f.authority_user(institution.region_code[:2] + "0000"))
    r = client.get(url)
    body = r.content.decode()
    assert r.status_code == 200 and cert.number in body and "标记为已报送" not in body
    notice = CorrectionNotice.objects.get()
    assert client.post(url, {"ids": [str(notice.pk)]}).status_code == 403
    notice.refresh_from_db()
    assert not notice.sent
    client.force_login(f.authority_user("990000"))
    assert client.get(url).status_code == 404


def test_item9_cert08_authority_page_lists_non_violation_void(client, sitting, manager):
    """Issue 16 item 9 (CERT-08): a certificate voided without a violation (here on appeal
    basis, through certificate_void) is on the authority's correction page: number, holder,
    basis; the page at its URL keeps working for notices without a violation."""
    from skillcert.certificates.services import certificate_void

    cert = issued(sitting, 1)[0]
    certificate_void(
        actor=manager,
        certificate=cert,
        reason="理论知识成绩经复核更正，更正后不合格（成绩复核申请第7号，SCORE-05）",
        revoked=False,
        basis={"appeal": 7, "rule": "SCORE-05"},
    )
    institution = sitting.institution
    client.force_login(f.authority_user(institution.region_code[:2] + "0000"))
    r = client.get(reverse("violation_corrections", args=[institution.pk]))
    body = r.content.decode()
    assert r.status_code == 200 and cert.number in body
    assert cert.person.name in body and "成绩复核申请第7号（SCORE-05）" in body
