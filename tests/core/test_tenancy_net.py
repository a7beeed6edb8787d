"""The tenancy safety net (core.tenancy, issue 10 item 7): a view that forgets to filter by
the resolved institution is caught: an error in the tests, 404 in production."""

import re
from pathlib import Path

import pytest
from django.http import JsonResponse
from django.urls import include, path
from ninja import NinjaAPI

from skillcert.core import tenancy
from skillcert.core.rulebook import rule_get
from skillcert.institutions.models import ScopeRow
from skillcert.institutions.selectors import institution_get_for_user
from tests import factories as f


def _forgetful(request, iid):
    # the bug the net is for: every institution's rows, not the resolved one's
    return JsonResponse({"rows": [r.pk for r in ScopeRow.objects.all()]})


def _careful(request, iid):
    institution = institution_get_for_user(request.user, iid)
    return JsonResponse({"rows": [r.pk for r in ScopeRow.objects.filter(institution=institution)]})


@tenancy.across_institutions("PEOPLE-06")
def _national_rows():
    return [r.pk for r in ScopeRow.objects.all()]


def _national(request, iid):
    return JsonResponse({"rows": _national_rows()})


def _by_related(request, iid):
    # a row reached by primary key, as a forgotten selector would
    return JsonResponse({"row": ScopeRow.objects.get(pk=int(request.GET["pk"])).pk})


api = NinjaAPI(urls_namespace="tenancy-net-test", docs_url=None)


@api.get("/institutions/{iid}/forgetful")
def _api_forgetful(request, iid: int):
    institution_get_for_user(request.user, iid)  # the API guard resolves the institution
    return {"rows": [r.pk for r in ScopeRow.objects.all()]}  # and the op forgets it


urlpatterns = [
    path("net-api/", api.urls),
    path("i/<int:iid>/net/forgetful/", _forgetful),
    path("i/<int:iid>/net/careful/", _careful),
    path("i/<int:iid>/net/national/", _national),
    path("i/<int:iid>/net/by-pk/", _by_related),
    path("", include("skillcert.urls")),
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture
def two(client):
    mine, other = f.filed_institution(), f.filed_institution()
    client.force_login(f.member(mine))
    return mine, other


def test_the_owned_models_are_those_with_an_institution_key():
    labels = {m._meta.label for m in tenancy.owned_models()}
    assert {"plans.Registration", "scoring.Result", "certificates.Certificate"} <= labels
    assert "institutions.Institution" not in labels and "core.AuditEntry" not in labels


def test_a_view_that_forgets_the_scope_fails_in_tests(client, two):
    mine, _other = two
    with pytest.raises(tenancy.TenancyLeakError, match="institutions.ScopeRow"):
        client.get(f"/i/{mine.pk}/net/forgetful/")


def test_an_api_op_that_forgets_the_scope_fails_in_tests_and_is_404_in_production(
    client, two, settings
):
    mine, _other = two
    with pytest.raises(tenancy.TenancyLeakError):
        client.get(f"/net-api/institutions/{mine.pk}/forgetful")
    settings.TENANCY_STRICT = False
    assert client.get(f"/net-api/institutions/{mine.pk}/forgetful").status_code == 404


def test_a_row_of_another_institution_by_pk_fails(client, two):
    mine, other = two
    theirs = ScopeRow.objects.filter(institution=other).first()
    with pytest.raises(tenancy.TenancyLeakError):
        client.get(f"/i/{mine.pk}/net/by-pk/", {"pk": theirs.pk})


def test_in_production_the_leak_answers_404(client, two, settings):
    settings.TENANCY_STRICT = False
    mine, _other = two
    assert client.get(f"/i/{mine.pk}/net/forgetful/").status_code == 404


def test_the_scoped_read_and_the_named_national_read_pass(client, two):
    mine, other = two
    rows = client.get(f"/i/{mine.pk}/net/careful/").json()["rows"]
    assert set(rows) == set(ScopeRow.objects.filter(institution=mine).values_list("pk", flat=True))
    everything = client.get(f"/i/{mine.pk}/net/national/").json()["rows"]
    assert len(everything) == ScopeRow.objects.count() > len(rows)


def test_outside_a_request_nothing_is_checked(two):
    # services, tasks and commands are not requests: their selectors take the institution
    assert ScopeRow.objects.count() == len(list(ScopeRow.objects.all()))


def test_the_national_read_must_name_its_rule():
    with pytest.raises(ValueError):
        tenancy.across_institutions(" ")


def test_every_national_read_names_a_rule_of_the_rulebook():
    src = Path(tenancy.__file__).resolve().parents[1]
    named = re.compile(r"across_institutions\(\"([^\"]+)\"\)")
    found = {
        (p.relative_to(src).as_posix(), rule)
        for p in src.rglob("*.py")
        if p.name != "tenancy.py"
        for rule in named.findall(p.read_text(encoding="utf-8"))
    }
    assert {rule for _, rule in found} >= {"PEOPLE-06", "ARR-06"}
    assert not [(where, rule) for where, rule in found if rule_get(rule) is None]
