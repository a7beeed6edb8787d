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


def test_an_evaluation_expert_finds_his_evaluations_from_the_home_page(client):
    """INST-03: an expert named to an evaluation group, neither staff nor member, gets the
    candidate's page with a link to his evaluation sheets; other users get no such link."""
    from skillcert.filings.evaluation import services as ev
    from skillcert.filings.models import FilingApplication
    from tests.filings.helpers import applicant, application_at

    application = application_at(applicant(), FilingApplication.EVALUATION)
    experts = [f.user(f"home_expert{n}") for n in range(3)]
    ev.evaluation_group_name(
        actor=f.authority_user("410100"), application=application, experts=experts
    )
    client.force_login(experts[0])
    page = client.get(reverse("home")).content.decode()
    assert 'id="expert-evaluations"' in page and reverse("my_evaluations") in page
    client.force_login(f.user("home_nobody"))
    assert 'id="expert-evaluations"' not in client.get(reverse("home")).content.decode()
