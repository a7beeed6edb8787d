"""Issue 16 "Proof" (tenancy of every page): every `/i/<iid>/` route, read from the URLconf,
answers an outsider (a member of another institution) 404 on GET and POST, a reader
(supervisor, and an examiner where the route is not his) 403 on POST, and sends anonymous
users to the login page; nothing answers 500. Each path parameter is filled with a real
object of `institution` by the URL segment before it (tests/page_world.py), so a new route
is covered without being listed; a parameter the world cannot fill fails the test loudly."""

import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from skillcert.institutions.models import Membership
from skillcert.itembank.models import PaperHandover, PaperUnlock
from skillcert.violations.models import Violation
from tests import factories as f

PREFIX = "i/<int:iid>/"
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")

READERS = ("supervisor", "examiner")
REFUSED = {403, 405}  # 403: the role may not write here; 405: the page only shows (GET)

# Every route where a reader's empty POST is not simply refused with 403/405, and why:
# route (after `i/<int:iid>/`, a prefix) -> (roles, the answers it may give, reason).
EXCEPTIONS = {
    "panels/": (READERS, {404}, "SCORE-03: a panel is hidden from all but managers and members"),
    "sittings/<int:sid>/scores/": (
        ("examiner",),
        {200},
        "SCORE-01: examiners enter scores (SCORERS); the empty form is shown again",
    ),
    "sittings/<int:sid>/results/carry/": (
        ("examiner",),
        {302},
        "SCORE-02: a scorer brings in earlier single-subject passes",
    ),
    "sittings/<int:sid>/violations/new/": (
        ("examiner",),
        {200},
        "VIOL-01..06: the sitting's examiners record violations (can_record); form re-shown",
    ),
    "violations/<int:vid>/withdraw/": (
        ("examiner",),
        {302},
        "VIOL: a recorder may withdraw; the empty reason is refused with a message",
    ),
    "violations/<int:vid>/evidence/": (
        ("examiner",),
        {302},
        "VIOL: a recorder adds evidence; no file is refused with a message",
    ),
    "itembank/papers/<int:pid>/": (
        READERS,
        {400, 405},
        "EXAM-04: custody is personal (the custodian, the key holder), refused by the service",
    ),
    "itembank/unlocks/": (READERS, {302}, "EXAM-04: only the requester cancels an unlock"),
    "itembank/handovers/": (READERS, {302}, "EXAM-04: only the giver cancels a handover"),
    "records/pledges/": (
        READERS,
        {400},
        "EXAM-12: every member signs their own pledge (graders too); the empty form is re-shown",
    ),
}


def _routes(resolver=None, prefix: str = ""):
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        elif route.startswith(PREFIX):
            yield route


def _key(segments: list[str], index: int, name: str) -> str:
    """The world's key for a parameter: the literal segment before it, or for a parameter
    after another one (`certificate-stock/<bid>/<kind>`) that segment and the name."""
    before = segments[index - 1] if index else ""
    if PARAM.search(before):
        literal = next(s for s in reversed(segments[:index]) if not PARAM.search(s))
        return f"{literal}.{name}"
    return before


def fill_route(route: str, world: dict) -> str:
    segments = route.split("/")
    filled = []
    for index, segment in enumerate(segments):
        for _conv, name in PARAM.findall(segment):
            key = _key(segments, index, name)
            if key not in world:
                pytest.fail(f"{route}: no object for <{name}> after {key!r}: add it to page_world")
            segment = PARAM.sub(str(world[key]), segment, count=1)
        filled.append(segment)
    return "/" + "/".join(filled)


def _expected(route: str, role: str) -> set[int]:
    for part, (roles, codes, _why) in EXCEPTIONS.items():
        if route.startswith(PREFIX + part) and role in roles:
            return codes | REFUSED
    return REFUSED


def _client(user=None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def test_the_walk_finds_the_institution_routes():
    """The walk reads nested includes: the URLconf has well over 100 institution pages."""
    routes = list(_routes())
    assert len(routes) >= 100
    assert PREFIX + "sittings/<int:sid>/scores/" in routes


def test_a_parameter_without_an_object_fails_naming_the_route():
    """Issue 16 Proof: a new route whose id the world cannot fill is not skipped."""
    route = PREFIX + "gadgets/<int:gid>/"
    with pytest.raises(pytest.fail.Exception, match="gadgets/<int:gid>/.*<gid>"):
        fill_route(route, {"i": 1})
    assert fill_route(PREFIX + "certificate-stock/<int:bid>/<str:kind>/", _STOCK) == (
        "/i/1/certificate-stock/7/count/"
    )


_STOCK = {"i": 1, "certificate-stock": 7, "certificate-stock.kind": "count"}


def test_every_exception_names_a_route():
    """Issue 16 Proof: an exception left behind by a removed route is an error too."""
    routes = list(_routes())
    for part in EXCEPTIONS:
        assert any(r.startswith(PREFIX + part) for r in routes), part


@pytest.mark.django_db
def test_outsiders_404_readers_403_anonymous_login_on_every_page(page_world, institution, outsider):
    """Issue 16 Proof: the tenancy and role guard of every `/i/<iid>/` page."""
    world = page_world
    paths = [(route, fill_route(route, world)) for route in _routes()]
    anonymous = _client()
    clients = {
        "outsider": _client(outsider),
        "supervisor": _client(f.member(institution, role=Membership.SUPERVISOR)),
        "examiner": _client(f.member(institution, role=Membership.EXAMINER)),
        "staff": _client(f.member(institution)),
    }
    wrong = []
    for route, path in paths:
        for method in ("get", "post"):
            code = getattr(clients["outsider"], method)(path).status_code
            if code != 404:
                wrong.append(("outsider", method, path, code))
        response = anonymous.get(path)
        if response.status_code != 302 or "/accounts/login/" not in response["Location"]:
            wrong.append(("anonymous", "get", path, response.status_code))
        for role in ("supervisor", "examiner", "staff"):
            code = clients[role].get(path).status_code
            if code >= 500:
                wrong.append((role, "get", path, code))
        for role in READERS:
            code = clients[role].post(path).status_code
            if code not in _expected(route, role):
                wrong.append((role, "post", path, code))
    assert wrong == [], "\n".join(map(str, wrong))
    _nothing_changed(world)


def _nothing_changed(world):
    """The readers' refused POSTs wrote nothing: the pending custody steps are pending and
    the violation is still recorded."""
    assert PaperUnlock.objects.get(pk=world["unlocks"]).status == PaperUnlock.PENDING
    assert PaperHandover.objects.get(pk=world["handovers"]).status == PaperHandover.PENDING
    assert Violation.objects.get(pk=world["violations"]).status == Violation.RECORDED
