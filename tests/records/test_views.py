"""The records part B pages and API (REC-04/05/06/11): thin edges over the services, Chinese
messages, a broken rule shown not raised, outsiders 404, non-members of the group 403."""

import json
from datetime import date

import pytest
from django.test import Client
from freezegun import freeze_time

from skillcert.records.models import Complaint, Incident, SupervisionReport, VideoRecording
from skillcert.records.supervision_report.checklist import ITEMS
from tests import factories as f

from .helpers import at, room, supervisors


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@freeze_time("2026-06-01 01:45:00")
def test_rec_05_page_reports_late_and_list_shows_it_overdue(staff, institution, sitting):
    c = login(staff)
    base = f"/i/{institution.pk}/sittings/{sitting.pk}/incidents/"
    r = c.post(
        base + "new/",
        {
            "category": "g_power",
            "exam_form": "paper",
            "room": room(institution).pk,
            "occurred_at": "2026-06-01T09:20",
            "description": "第1考场停电",
        },
    )
    incident = Incident.objects.get()
    assert r.status_code == 302 and incident.report_late
    page = c.get(base).content.decode()
    assert "逾期：发现后25分钟" in page
    detail = c.get(f"/i/{institution.pk}/incidents/{incident.pk}/").content.decode()
    assert "超过10分钟" in detail
    bad = c.post(base + "new/", {"category": "", "exam_form": "paper"})
    assert bad.status_code == 400 and Incident.objects.count() == 1


@freeze_time("2026-06-01 02:00:00")
def test_rec_05_page_close_without_impact_is_a_message(staff, institution, sitting):
    c = login(staff)
    c.post(
        f"/i/{institution.pk}/sittings/{sitting.pk}/incidents/new/",
        {
            "category": "g_computer",
            "exam_form": "online",
            "occurred_at": "2026-06-01T09:55",
            "description": "机房网络故障",
        },
    )
    incident = Incident.objects.get()
    r = c.post(
        f"/i/{institution.pk}/incidents/{incident.pk}/close/",
        {"cause": "交换机故障", "handling": "更换", "result": "恢复"},
        follow=True,
    )
    assert "请填写影响" in r.content.decode()
    incident.refresh_from_db()
    assert incident.status == Incident.OPEN


@freeze_time("2026-06-03 02:00:00")
def test_rec_11_page_gap_shown_and_check_raises_incident(staff, institution, sitting):
    c = login(staff)
    r1 = room(institution)
    base = f"/i/{institution.pk}/sittings/{sitting.pk}/video/"
    c.post(
        base + "periods/",
        {"room": r1.pk, "starts_at": "2026-06-01T09:00", "ends_at": "2026-06-01T10:00"},
    )
    c.post(
        base + "add/",
        {
            "room": r1.pk,
            "starts_at": "2026-06-01T09:00",
            "ends_at": "2026-06-01T09:40",
            "reference": "nvr://192.168.1.10/ch1/0900",
        },
    )
    assert VideoRecording.objects.count() == 1
    page = c.get(base).content.decode()
    assert "20分钟" in page and "2031-06-01" in page
    r = c.post(base + "check/")
    incident = Incident.objects.get(source="video")
    assert r["Location"].endswith(f"/incidents/{incident.pk}/")


@freeze_time("2026-10-09")
def test_rec_04_page_register_accept_and_print_notice(staff, institution):
    c = login(staff)
    r = c.post(
        f"/i/{institution.pk}/complaints/new/",
        {
            "name": "王明",
            "unit": "某学院",
            "contact": "13800000000",
            "received_on": "2026-09-30",
            "content": "监考员提示答案",
        },
    )
    complaint = Complaint.objects.get()
    assert r.status_code == 302
    detail = c.get(f"/i/{institution.pk}/complaints/{complaint.pk}/").content.decode()
    assert "2026-10-10" in detail and "即将到期" in detail
    c.post(
        f"/i/{institution.pk}/complaints/{complaint.pk}/accept/",
        {"investigate": "yes", "reason": "需调查"},
    )
    notice = complaint.notices.get()
    page = c.get(f"/i/{institution.pk}/complaint-notices/{notice.pk}/").content.decode()
    assert "决定进行调查" in page and "data-print" in page
    assert c.get(f"/i/{institution.pk}/complaints/").status_code == 200


@freeze_time("2026-06-03 04:00:00")
def test_rec_06_page_group_member_saves_and_signs_others_403(staff, institution, sitting):
    group = supervisors(sitting)
    url = f"/i/{institution.pk}/sittings/{sitting.pk}/supervision-report/"
    data = {"plan": "督导计划", "findings": "良好"}
    data |= {f"ok_{code}": "yes" for code in ITEMS}
    assert login(staff).post(url, data).status_code == 403
    c = login(group[0])
    assert c.post(url, data).status_code == 302
    for u in group:
        login(u).post(url + "sign/")
    report = SupervisionReport.objects.get()
    assert report.status == SupervisionReport.SIGNED
    page = login(staff).get(url).content.decode()
    assert "按期提交" in page


@freeze_time("2026-06-01 01:45:00")
def test_rec_05_api_report_and_outsider_404(staff, institution, sitting, outsider):
    c = login(staff)
    url = f"/api/institutions/{institution.pk}/sittings/{sitting.pk}/incidents"
    body = {
        "category": "m_illness",
        "exam_form": "practical",
        "occurred_at": "2026-06-01T09:20:00+08:00",
        "description": "考生晕倒",
    }
    r = c.post(url, json.dumps(body), content_type="application/json")
    assert r.status_code == 201 and r.json()["report_late"] and r.json()["severity"] == "major"
    bad = c.post(url, json.dumps(body | {"category": "x"}), content_type="application/json")
    assert bad.status_code == 400 and bad.json()["detail"]["field"] == "category"
    assert login(outsider).get(url).status_code == 404


@freeze_time("2026-10-12")
def test_rec_04_api_runs_to_decision(staff, institution):
    c = login(staff)
    base = f"/api/institutions/{institution.pk}/complaints"

    def post(path, body):
        return c.post(base + path, json.dumps(body), content_type="application/json")

    created = post(
        "", {"name": "王明", "contact": "138", "content": "c", "received_on": "2026-09-30"}
    )
    assert created.status_code == 201 and created.json()["accept_due"] == "2026-10-10"
    cid = created.json()["id"]
    post(f"/{cid}/acceptance", {"investigate": True, "reason": "r", "on": "2026-10-09"})
    ext = post(f"/{cid}/extension", {"workdays": 2, "reason": "r"})
    assert ext.json()["decision_due"] == "2026-10-19"
    done = post(f"/{cid}/decision", {"decision": "d"})
    assert done.json()["status"] == "decided"
    assert c.post(base + f"/{cid}/archive").json()["status"] == "archived"


@freeze_time("2026-06-03 04:00:00")
def test_rec_06_api_only_the_group_writes(staff, institution, sitting):
    group = supervisors(sitting)
    url = f"/api/institutions/{institution.pk}/sittings/{sitting.pk}/supervision-report"
    body = {"plan": "p", "findings": "f", "checklist": {c: {"ok": True} for c in ITEMS}}
    put = login(staff).put(url, json.dumps(body), content_type="application/json")
    assert put.status_code == 403
    ok = login(group[0]).put(url, json.dumps(body), content_type="application/json")
    assert ok.status_code == 200 and ok.json()["due_on"] == str(date(2026, 6, 4))
    signed = login(group[1]).post(url + "/signatures")
    assert signed.json()["status"] == "signing"
    assert f.member(institution) and login(staff).get(url).status_code == 200


@pytest.mark.parametrize("path", ["incidents/", "video/", "supervision-report/"])
def test_sitting_pages_render_for_a_reader(institution, sitting, path):
    reader = f.member(institution, role="supervisor")
    assert login(reader).get(f"/i/{institution.pk}/sittings/{sitting.pk}/{path}").status_code == 200


def test_rec_11_page_removal_before_retention_refused_with_message(staff, institution, sitting):
    from skillcert.records.video import services as video

    r = video.video_recording_add(
        actor=staff,
        institution=institution,
        sitting=sitting,
        room=room(institution),
        starts_at=at(2026, 6, 1, 9),
        ends_at=at(2026, 6, 1, 10),
        reference="nvr://10.0.0.1/ch1",
    )
    c = login(staff)
    page = c.post(
        f"/i/{institution.pk}/video-recordings/{r.pk}/remove/", {"reason": "空间不足"}, follow=True
    ).content.decode()
    assert "须保存至2031-06-01" in page and VideoRecording.objects.filter(pk=r.pk).exists()


@freeze_time("2026-10-09")
def test_rec_04_written_notice_pdf_reads_back(staff, institution):
    import io

    from pypdf import PdfReader

    from skillcert.records.complaints import services as complaints

    c = complaints.complaint_register(
        actor=staff,
        institution=institution,
        name="王明",
        contact="13800000000",
        content="c",
        received_on=date(2026, 9, 30),
    )
    notice = complaints.complaint_accept(actor=staff, complaint=c, investigate=True, reason="r")
    r = login(staff).get(f"/i/{institution.pk}/complaint-notices/{notice.pk}/pdf/")
    assert r.status_code == 200 and r.content.startswith(b"%PDF-")
    pages = PdfReader(io.BytesIO(r.content)).pages
    text = "".join(p.extract_text() for p in pages).replace("\n", "")
    assert "王明" in text and "决定进行调查" in text and "2026年10月15日" in text


@freeze_time("2026-10-12")
def test_rec_04_api_refuses_a_received_date_before_the_system_with_its_field(staff, institution):
    """Fuzzed on PostgreSQL: 0001-01-01 overflowed the working-day arithmetic (a 500)."""
    from skillcert.records.models import Complaint

    body = {"name": "王明", "contact": "138", "content": "c", "received_on": "0001-01-01"}
    r = login(staff).post(
        f"/api/institutions/{institution.pk}/complaints",
        json.dumps(body),
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["detail"]["field"] == "received_on"
    assert not Complaint.objects.exists()
