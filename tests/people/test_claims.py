"""Issue 16 item 2 (PEOPLE-01): claim codes (认领码) link a person on file to an account.

An institution manager issues the code from the person's page or the API (hashed at rest,
valid claim_code_hours, single use, audited); the person enters it at sign-up or on their
home page. Wrong, used, voided and expired codes are refused, and refusals are audited.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.institutions.models import Membership
from skillcert.people import claims
from skillcert.people.models import ClaimCode, Person
from skillcert.plans.registration.signup import candidate_sign_up
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def candidate(sitting, enrol):
    """A candidate on file (a registration of `institution`), with no account."""
    return enrol(sitting, 1)[0].person


def issue(client, staff, person):
    client.force_login(staff)
    r = client.post(
        f"/api/institutions/{person.registrations.first().institution_id}"
        f"/people/{person.pk}/claim-codes"
    )
    client.logout()
    assert r.status_code == 201, r.content
    return r.json()["code"]


def test_item2_claim_code_links_once_and_only_once_audited_PEOPLE_01(client, staff, candidate):
    """Issue 16 item 2: the code links its person to the account that enters it; the same
    code then refuses a second account; issue, claim and refusal are in the audit chain and
    the clear code is stored nowhere."""
    code = issue(client, staff, candidate)
    assert not ClaimCode.objects.filter(code_hash__icontains=code.replace("-", "")).exists()
    owner = f.user("owner")
    client.force_login(owner)
    r = client.post(reverse("person_claim"), {"claim_code": code.lower()})
    assert r.status_code == 302
    assert Person.objects.get(pk=candidate.pk).user == owner
    thief = f.user("thief")
    with pytest.raises(DomainError) as used:
        claims.person_claim(user=thief, code=code)
    assert used.value.code == "claim_code_invalid" and "已使用" in used.value.message
    assert Person.objects.get(pk=candidate.pk).user == owner
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"person.claim_code_issue", "person.claim", "person.claim_refused"} <= actions
    claim = AuditEntry.objects.get(action="person.claim")
    assert claim.after["user"] == owner.pk and claim.object_id == str(candidate.pk)


def test_item2_expired_wrong_and_voided_codes_are_refused_PEOPLE_01(client, staff, candidate):
    """Issue 16 item 2: an expired code, a wrong code and a code voided by a newer one link
    nothing; the message says why, on the claim-code field."""
    user = f.user("late")
    old = issue(client, staff, candidate)
    new = issue(client, staff, candidate)  # voids `old`
    for code, words in ((old, "作废"), ("ABCDE-FGHJK", "不正确")):
        with pytest.raises(DomainError) as exc:
            claims.person_claim(user=user, code=code)
        assert words in exc.value.message and exc.value.field == "claim_code"
    ClaimCode.objects.filter(revoked=False).update(expires_at=timezone.now() - timedelta(1))
    with pytest.raises(DomainError) as expired:
        claims.person_claim(user=user, code=new)
    assert "过期" in expired.value.message
    assert Person.objects.get(pk=candidate.pk).user_id is None


def test_item2_wrong_codes_lock_the_accounts_claims_PEOPLE_01(candidate):
    """Issue 16 item 2: guessing is stopped: after claim_failures wrong codes the account
    may not claim for a while."""
    user = f.user("guesser")
    for _ in range(5):
        with pytest.raises(DomainError):
            claims.person_claim(user=user, code="AAAAA-AAAAA")
    with pytest.raises(DomainError) as locked:
        claims.person_claim(user=user, code="AAAAA-AAAAB")
    assert locked.value.code == "claim_locked"


def test_item2_sign_up_with_claim_code_links_the_person_PEOPLE_01(client, staff, candidate):
    """Issue 16 item 2: the code entered at sign-up links the new account."""
    code = issue(client, staff, candidate)
    user = candidate_sign_up(
        username="realone",
        password="pw-Secret-123",
        name=candidate.name,
        id_type="resident",
        id_number=candidate.id_number,
        claim_code=code,
    )
    assert Person.objects.get(pk=candidate.pk).user == user


def test_item2_a_claim_takes_the_person_back_from_a_self_sign_up_PEOPLE_01(client, staff, sitting):
    """Issue 16 item 2: someone signed up with a stranger's ID before any institution knew
    them (a new person, linked to the squatter); once the institution registers the real
    person and hands them a code, the claim moves the person and the audit shows from whom."""
    squatter = candidate_sign_up(
        username="squat",
        password="pw-Secret-123",
        name="真考生",
        id_type="resident",
        id_number=f.resident_id(seq=990),
    )
    person = squatter.person
    from skillcert.plans.models import Registration

    Registration.objects.create(
        institution=sitting.institution, sitting=sitting, person=person, school_level="secondary"
    )
    code = issue(client, staff, person)
    real = f.user("real")
    claims.person_claim(user=real, code=code)
    assert Person.objects.get(pk=person.pk).user == real
    entry = AuditEntry.objects.get(action="person.claim")
    assert entry.before == {"user": squatter.pk}


def test_item2_only_managers_of_the_persons_institution_issue_codes_PEOPLE_01(
    client, candidate, outsider, institution
):
    """Issue 16 item 2: another institution gets 404 (page and API), a non-manager member
    403, and a person the institution does not know 404."""
    url = f"/api/institutions/{institution.pk}/people/{candidate.pk}/claim-codes"
    page = reverse("person_page", args=[institution.pk, candidate.pk])
    client.force_login(outsider)
    assert client.post(url).status_code == 404
    assert client.get(page).status_code == 404
    reader = f.member(institution, role=Membership.SUPERVISOR)
    client.force_login(reader)
    assert client.post(url).status_code == 403
    assert client.post(page).status_code == 403
    manager = f.member(institution, role=Membership.DIRECTOR)
    stranger = Person.objects.create(name="外人", id_type="resident", id_hash="x" * 64)
    client.force_login(manager)
    assert (
        client.post(
            f"/api/institutions/{institution.pk}/people/{stranger.pk}/claim-codes"
        ).status_code
        == 404
    )
    r = client.post(page)
    assert r.status_code == 200 and "认领码" in r.content.decode()
    assert ClaimCode.objects.filter(person=candidate).count() == 1
    assert get_user_model().objects.count() >= 2
