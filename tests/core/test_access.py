"""Login lockout (等保 2.0, django-axes) and tenancy: outsiders get 404 (house rule)."""

import pytest
from django.conf import settings

from tests import factories as f

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
PASSWORD = "pw-Secret-123"  # factories.user's password


def post_login(client, username, password):
    # axes needs the request, so log in through the form, not client.login().
    return client.post(LOGIN, {"username": username, "password": password})


def test_right_password_logs_in_after_fewer_failures_than_the_limit(client):
    f.user("alice")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert post_login(client, "alice", "wrong").status_code == 200
    response = post_login(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_after_five_failures_even_the_right_password_is_locked_out(client):
    f.user("alice")
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(5):
        post_login(client, "alice", "wrong")
    response = post_login(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_others_still_log_in(client):
    f.user("alice")
    f.user("bob")
    for _ in range(5):
        post_login(client, "alice", "wrong")
    assert post_login(client, "bob", PASSWORD).status_code == 302


# ---------------------------------------------------------------- tenancy


def test_member_sees_own_institution(client, institution, staff):
    client.force_login(staff)
    assert client.get(f"/i/{institution.pk}/").status_code == 200


def test_outsider_gets_404_not_403(client, institution, outsider):
    client.force_login(outsider)
    assert client.get(f"/i/{institution.pk}/").status_code == 404
    assert client.get("/i/999999/").status_code == 404


def test_authority_of_the_region_sees_it_another_region_does_not(client, institution):
    assert institution.region_code == "410100"
    client.force_login(f.authority_user("410000"))
    assert client.get(f"/i/{institution.pk}/").status_code == 200
    client.force_login(f.authority_user("420000"))
    assert client.get(f"/i/{institution.pk}/").status_code == 404


def test_city_authority_sees_its_city_only(client, institution):
    client.force_login(f.authority_user("410100"))
    assert client.get(f"/i/{institution.pk}/").status_code == 200
    client.force_login(f.authority_user("410200"))
    assert client.get(f"/i/{institution.pk}/").status_code == 404


def test_anonymous_is_sent_to_login(client, institution):
    response = client.get(f"/i/{institution.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=/i/{institution.pk}/")
