"""Issue 16 item 22: the institution's home page links each role only to pages it may open.

Every link on /i/<id>/ is followed as each role (and as the region's authority): none answers
403 or 404. The links are read from the page, so a new link is covered without being listed."""

import re

import pytest

from skillcert.institutions.models import Membership
from tests import factories as f

pytestmark = pytest.mark.django_db

ROLES = [r for r, _ in Membership.ROLES]


def _links(html: str, iid: int) -> list[str]:
    return sorted(set(re.findall(rf'href="(/i/{iid}/[^"#?]*)', html)))


@pytest.mark.parametrize("role", [*ROLES, "authority"])
def test_home_links_open_for_the_role(client, institution, sitting, role):
    user = f.authority_user("410000") if role == "authority" else f.member(institution, role=role)
    client.force_login(user)
    home = client.get(f"/i/{institution.pk}/")
    assert home.status_code == 200
    links = _links(home.content.decode(), institution.pk)
    assert links, "the home page links to the institution's pages"
    refused = {
        url: code for url in links if (code := client.get(url).status_code) in (403, 404, 500)
    }
    assert not refused, f"{role} is shown links it may not open: {refused}"
