"""JSON API of logins for people: opening an account (开通账号), claim and reset codes
(PEOPLE-01, issue 16 items 2 and 16) and claiming one's person; thin: tenancy, permission,
then a service."""

from datetime import datetime

from ninja import Router, Schema, Status
from pydantic import Field

from skillcert.core.api_types import DbId
from skillcert.institutions.guards import institution_api

from ..accounts import person_account_open
from ..claims import (
    claim_code_issue,
    member_of_institution,
    member_reset_code_issue,
    person_claim,
    person_of_institution,
)
from ..models import ClaimCode
from ..selectors import person_get

router = Router()


class AccountIn(Schema):
    username: str = Field(min_length=1, max_length=40)


class AccountOut(Schema):
    person_id: int
    username: str
    temporary_password: str
    role: str
    must_change_password: bool


@router.post("/institutions/{iid}/persons/{pid}/account", response={201: AccountOut})
def person_account(request, iid: DbId, pid: DbId, payload: AccountIn):
    """开通账号: a login with the examiner role; the temporary password is returned once and
    must be changed at the first login."""
    institution = institution_api(request, iid, manage=True)
    person = person_get(institution, pid)
    user, password = person_account_open(
        actor=request.user, institution=institution, person=person, username=payload.username
    )
    return Status(
        201,
        AccountOut(
            person_id=person.pk,
            username=user.username,
            temporary_password=password,
            role="examiner",
            must_change_password=True,
        ),
    )


class ClaimCodeOut(Schema):
    person_id: int
    code: str  # shown once: only its keyed hash is stored
    expires_at: datetime


@router.post("/institutions/{iid}/people/{pid}/claim-codes", response={201: ClaimCodeOut})
def claim_code_create(request, iid: DbId, pid: DbId):
    """PEOPLE-01 (issue 16 item 2): a one-time claim code for a person the institution knows;
    managers only; the previous unused code is voided; audited."""
    institution = institution_api(request, iid, manage=True)
    person = person_of_institution(institution, pid)
    claim, code = claim_code_issue(actor=request.user, institution=institution, person=person)
    return Status(201, ClaimCodeOut(person_id=person.pk, code=code, expires_at=claim.expires_at))


@router.post("/institutions/{iid}/people/{pid}/reset-codes", response={201: ClaimCodeOut})
def reset_code_create(request, iid: DbId, pid: DbId):
    """Issue 16 item 16: a one-time password-reset code for the account of a person the
    institution knows (users without e-mail); managers only; audited."""
    institution = institution_api(request, iid, manage=True)
    person = person_of_institution(institution, pid)
    claim, code = claim_code_issue(
        actor=request.user, institution=institution, person=person, purpose=ClaimCode.RESET
    )
    return Status(201, ClaimCodeOut(person_id=person.pk, code=code, expires_at=claim.expires_at))


class MemberResetCodeOut(Schema):
    user_id: int
    username: str
    code: str  # shown once: only its keyed hash is stored
    expires_at: datetime


@router.post("/institutions/{iid}/members/{uid}/reset-codes", response={201: MemberResetCodeOut})
def member_reset_code_create(request, iid: DbId, uid: DbId):
    """Issue 16 item 16: a one-time password-reset code for a member's login (staff accounts
    with no person on file); managers only; a director's account only by a director;
    another institution's member is 404; audited."""
    institution = institution_api(request, iid, manage=True)
    member = member_of_institution(institution, uid)
    claim, code = member_reset_code_issue(
        actor=request.user, institution=institution, member=member
    )
    return Status(
        201,
        MemberResetCodeOut(
            user_id=member.pk, username=member.username, code=code, expires_at=claim.expires_at
        ),
    )


class ClaimIn(Schema):
    claim_code: str = Field(min_length=1, max_length=20)


class ClaimOut(Schema):
    person_id: int
    name: str
    id_masked: str


@router.post("/me/claim", response=ClaimOut)
def claim(request, payload: ClaimIn):
    """PEOPLE-01: link the signed-in account to the person of a claim code (once)."""
    person = person_claim(user=request.user, code=payload.claim_code)
    return ClaimOut(person_id=person.pk, name=person.name, id_masked=person.id_masked)
