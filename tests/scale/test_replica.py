"""Read replica (issue 15): with a replica alias configured, the public verification and the
directory (page and API) read from it; writes, reads inside a transaction and every other
page stay on the primary. The replica here is the test database through a second,
read-only connection (tests/settings.py), on the local PostgreSQL server."""

import json

import pytest
from django.conf import settings as django_settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.utils import InternalError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skillcert.core.replica import replica_alias, replica_reads
from skillcert.institutions.models import Institution
from tests import factories as f

if "replica" not in django_settings.DATABASES:
    # tests/settings.py adds the alias on PostgreSQL; .ci/run's PostgreSQL pass runs these.
    pytest.skip("the replica alias exists on PostgreSQL only", allow_module_level=True)

# Committed rows (the replica is another connection); the catalogue migrations fill is put
# back after each test.
pytestmark = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", "replica"]
)


@pytest.fixture
def replica(postgres, settings):
    settings.SKILLCERT_READ_REPLICA = "replica"
    return connections["replica"]


def tables(ctx) -> str:
    return " ".join(q["sql"] for q in ctx.captured_queries)


def reads(alias):
    return CaptureQueriesContext(connections[alias])


def test_directory_page_and_api_read_from_the_replica(client, replica):
    institution = f.filed_institution()
    with reads("default") as primary, reads("replica") as copy:
        page = client.get(reverse("directory"))
        api = client.get("/api/directory")
    assert page.status_code == 200 and institution.name in page.content.decode()
    assert api.status_code == 200 and json.loads(api.content)[0]["name"] == institution.name
    assert "institutions_institution" in tables(copy)
    assert "institutions_institution" not in tables(primary)


def test_verification_reads_from_the_replica(client, replica):
    from skillcert.people.services import person_get_or_create

    institution = f.filed_institution()
    person = person_get_or_create(name="核验人", id_type="resident", id_number=f.resident_id(seq=5))
    cert = f.held_certificate(institution, person)
    with reads("default") as primary, reads("replica") as copy:
        page = client.post(reverse("verify"), {"number": cert.number, "name": "核验人"})
        api = client.get("/api/verify", {"number": cert.number, "name": "核验人"})
    assert page.status_code == 200 and cert.number in page.content.decode()
    assert api.status_code == 200 and json.loads(api.content)["number"] == cert.number
    assert "certificates_certificate" in tables(copy)
    assert "certificates_certificate" not in tables(primary)


def test_staff_pages_read_from_the_primary(client, replica):
    institution = f.filed_institution()
    client.force_login(f.member(institution))
    with reads("replica") as copy:
        r = client.get(reverse("certificate_list", args=[institution.pk]))
    assert r.status_code == 200
    assert copy.captured_queries == []


def test_writes_and_transactions_stay_on_the_primary(replica):
    institution = f.filed_institution()

    @replica_reads
    def view():
        outside = replica_alias()
        with transaction.atomic():
            inside = replica_alias()  # what this transaction may have written: primary only
            Institution.objects.filter(pk=institution.pk).update(phone="0371-1")
        return outside, inside

    assert view() == ("replica", None)
    assert replica_alias() is None  # only inside a wrapped view
    assert Institution.objects.using("replica").get(pk=institution.pk).phone == "0371-1"
    # The replica connection refuses writes, so a write routed there could not go unnoticed.
    with pytest.raises(InternalError), transaction.atomic(using="replica"):
        Institution.objects.using("replica").filter(pk=institution.pk).update(phone="x")


def test_without_a_replica_everything_reads_from_the_primary(client, postgres, settings):
    settings.SKILLCERT_READ_REPLICA = None
    f.filed_institution()
    with reads("replica") as copy, reads(DEFAULT_DB_ALIAS) as primary:
        assert client.get(reverse("directory")).status_code == 200
    assert copy.captured_queries == [] and "institutions_institution" in tables(primary)


def test_health_checks_the_replica_too(client, replica):
    body = json.loads(client.get("/healthz").content)
    assert body["ok"] and set(body["checks"]) == {"database", "replica", "cache", "storage"}
