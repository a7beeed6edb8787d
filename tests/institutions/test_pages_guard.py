"""Issue 16 "Proof": the guards the URLconf walk (tests/test_page_tenancy.py) found missing."""

import pytest
from django.urls import reverse


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
