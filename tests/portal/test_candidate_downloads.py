"""Issue 16 item 29 (ARR-02, CERT-03): a candidate downloads their own admission ticket and
certificate from the home page; another candidate's is a 404."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from skillcert.arrangement.models import Seat
from tests import factories as f
from tests.arrangement.helpers import arrange_approved, theory_rooms, venue
from tests.certificates.conftest import ISSUED_ON, issue

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def _own(person, name):
    person.user = f.user(name)
    person.save(update_fields=["user"])
    return person.user


def test_candidate_downloads_own_ticket_not_anothers_ARR_02_item29(
    client, institution, sitting, enrol
):
    mine, theirs = enrol(sitting, 2)
    arrange_approved(sitting, theory_rooms(venue(institution), 1), seed=1)
    client.force_login(_own(mine.person, "cand_t1"))
    _own(theirs.person, "cand_t2")
    home = client.get(reverse("home")).content.decode()
    url = reverse("my_ticket_pdf", args=[mine.pk])
    assert url in home and "下载准考证" in home
    r = client.get(url)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = _text(r.content)
    assert Seat.objects.get(registration=mine).ticket_number in text
    assert Seat.objects.get(registration=theirs).ticket_number not in text
    assert client.get(reverse("my_ticket_pdf", args=[theirs.pk])).status_code == 404


def test_candidate_downloads_own_certificate_not_anothers_CERT_03_item29(
    client, institution, pin_issue_day
):
    pin_issue_day(ISSUED_ON)  # the helper issues on its day, the system's (item 24)
    sitting = f.sitting(institution, level=4)
    mine, theirs = issue(sitting, 2)
    client.force_login(_own(mine.person, "cand_c1"))
    _own(theirs.person, "cand_c2")
    home = client.get(reverse("home")).content.decode()
    url = reverse("my_certificate_pdf", args=[mine.registration_id])
    assert url in home and "下载证书PDF" in home
    r = client.get(url)
    assert r.status_code == 200 and mine.number in _text(r.content)
    other = reverse("my_certificate_pdf", args=[theirs.registration_id])
    assert client.get(other).status_code == 404
    # Staff without a person record get 404 too (it is the holders' page).
    client.force_login(f.member(institution))
    assert client.get(url).status_code == 404
