"""EXAM-11 / EXAM-12 pages: the proctor returns papers on the sitting's records page, a
manager receives them; a member signs a pledge; the duty log's second person signs."""

import pytest
from django.urls import reverse
from django.utils import timezone

from skillcert.institutions.models import Membership
from skillcert.records.models import DutyLog, Pledge, ReturnRegister
from tests import factories as f

from .helpers import seated

pytestmark = pytest.mark.django_db


def test_exam_11_return_register_page_refuses_a_bad_count_then_files_and_receives(
    client, institution, sitting, enrol
):
    seats, proctor = seated(institution, sitting, enrol, 1)
    client.force_login(proctor)
    url = reverse("records_return_file", args=[institution.pk, sitting.pk])
    counts = {f"{k}_{n}": 1 for k in ("papers", "cards") for n in ("used", "spare", "blank")}
    body = {"room": seats[0].room_id, "seal_number": "S1", "papers_issued": 3} | counts
    r = client.post(url, body | {"cards_issued": 5}, follow=True)
    assert "与领取的5份不符" in r.content.decode() and not ReturnRegister.objects.exists()
    client.post(url, body | {"cards_issued": 3})
    register = ReturnRegister.objects.get()
    receive = reverse("records_return_receive", args=[institution.pk, sitting.pk, register.pk])
    assert client.post(receive).status_code == 403  # the proctor is no paper-store keeper
    client.force_login(f.member(institution, role=Membership.DIRECTOR))
    client.post(receive)
    assert ReturnRegister.objects.get().status == ReturnRegister.RECEIVED


def test_exam_12_pledge_and_duty_pages(client, institution):
    grader = f.member(institution, role=Membership.EXAMINER)
    client.force_login(grader)
    url = reverse("records_pledges", args=[institution.pk])
    assert "阅卷人员保密协议" in client.get(url).content.decode()
    assert client.post(url, {"kind": "grader"}).status_code == 400  # not agreed
    client.post(url, {"kind": "grader", "agree": "on"})
    assert Pledge.objects.get().user == grader
    director = f.member(institution, role=Membership.DIRECTOR)
    client.force_login(director)
    duty = reverse("records_duty", args=[institution.pk])
    today = f"{timezone.localdate():%Y-%m-%d}"
    body = {"day": today, "shift": "全天", "second": director.pk, "notes": "门窗完好"}
    assert "不能是您本人" in client.post(duty, body).content.decode()
    client.post(duty, body | {"second": grader.pk})
    log = DutyLog.objects.get()
    sign = reverse("records_duty_sign", args=[institution.pk, log.pk])
    assert client.post(sign).status_code == 403
    client.force_login(grader)
    client.post(sign)
    assert DutyLog.objects.get().signed
