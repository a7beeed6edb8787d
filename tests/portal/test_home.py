"""The home page (`/`) per role: a member of one institution goes straight to it, authority
staff get the list of their region, everyone else the candidate's page."""

import pytest
from django.urls import reverse

from skillcert.institutions.models import Membership
from skillcert.institutions.services import membership_add
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_member_of_one_institution_goes_straight_to_it(client, institution, staff):
    client.force_login(staff)
    r = client.get(reverse("home"))
    assert r.status_code == 302
    assert r["Location"] == reverse("institution_home", args=[institution.pk])


def test_a_member_of_two_institutions_gets_the_list(client, institution, other_institution, staff):
    membership_add(institution=other_institution, user=staff, role=Membership.EXAM_AFFAIRS)
    client.force_login(staff)
    page = client.get(reverse("home")).content.decode()
    assert institution.name in page and other_institution.name in page


def test_authority_staff_get_their_region_even_with_one_institution(client, institution):
    client.force_login(f.authority_user("410000"))
    r = client.get(reverse("home"))
    assert r.status_code == 200 and institution.name in r.content.decode()


def test_anyone_else_gets_the_candidate_page(client, institution):
    client.force_login(f.user("cand_home"))
    r = client.get(reverse("home"))
    assert r.status_code == 200 and "portal/candidate.html" in [t.name for t in r.templates]


def test_anonymous_is_sent_to_login(client):
    assert client.get(reverse("home"))["Location"].startswith("/accounts/login/")
