"""Issue 16 "Proof": the guards the URLconf walk (tests/test_page_tenancy.py) found missing."""

import pytest
from django.urls import reverse

from skillcert.institutions.models import Membership
from tests import factories as f


@pytest.mark.django_db
def test_outsider_gets_404_not_405_on_a_post_only_page(client, institution, sitting, outsider):
    """Issue 16 Proof (tenancy): an outsider's GET of a POST-only page of `institution`
    answered 405, telling him the page and the sitting exist; it is a 404 like every other."""
    client.force_login(outsider)
    for name in ("roster_upload", "results_publish"):
        url = reverse(name, args=[institution.pk, sitting.pk])
        assert client.get(url).status_code == 404, name


@pytest.mark.django_db
def test_anonymous_still_go_to_login_on_a_post_only_page(client, institution, sitting):
    """Issue 16 Proof: the tenancy guard leaves the anonymous to `login_required`."""
    response = client.post(reverse("roster_upload", args=[institution.pk, sitting.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_a_readers_post_to_a_page_that_only_shows_is_405(client, institution, sitting):
    """Issue 16 Proof (roles): a supervisor's POST to a page that only shows answered 200 as
    if it were a GET, so a POST by a reader could not be told from an allowed write; it is a
    405 now, and the page still shows on GET."""
    client.force_login(f.member(institution, role=Membership.SUPERVISOR))
    for url in (
        reverse("institution_home", args=[institution.pk]),
        reverse("sitting_detail", args=[institution.pk, sitting.pk]),
        reverse("certificate_list", args=[institution.pk]),
    ):
        assert client.post(url).status_code == 405, url
        assert client.get(url).status_code == 200, url
