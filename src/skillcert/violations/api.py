"""JSON API of violations (VIOL-01..06): list, record, confirm, withdraw; correction notices
(VIOL-05). Evidence files are uploaded on the pages. Inputs are bounded; a broken rule is a
400 with its rule, another institution a 404, a member without the role a 403."""

from datetime import date, datetime

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from skillcert.core.api_types import DbId
from skillcert.core.errors import DomainError, Forbidden
from skillcert.core.pagination import BoundedPagination
from skillcert.core.web import found_or_404
from skillcert.institutions.guards import institution_api
from skillcert.plans.web import sitting_get

from . import selectors, services
from .categories import CODE_MAX
from .models import Violation
from .services import NOTES_MAX, REASON_MAX

router = Router(tags=["违纪违规 violations"])


class ViolationOut(Schema):
    id: int
    registration_id: int
    name: str
    id_masked: str
    category: str
    category_label: str
    rule: str
    effect: str
    effect_label: str
    subject: str
    occurred_at: datetime
    found_after_sitting: bool
    notes: str
    status: str
    evidence_count: int
    ban_until: date | None


class ViolationIn(Schema):
    registration_id: DbId
    category: str = Field(max_length=CODE_MAX)
    subject: str = Field("", max_length=10)
    occurred_at: datetime
    notes: str = Field(max_length=NOTES_MAX)
    found_after_sitting: bool = False


class ConfirmIn(Schema):
    graduation_on: date | None = None


class WithdrawIn(Schema):
    reason: str = Field(max_length=REASON_MAX)


class CorrectionOut(Schema):
    id: int
    certificate_number: str
    violation_id: int | None  # None: voided on another basis (appeal, ...), CERT-08
    reason: str
    basis: dict
    created_at: datetime
    sent: bool
    sent_at: datetime | None


class MarkSentIn(Schema):
    ids: list[DbId] = Field(min_length=1, max_length=1000)


def _out(v: Violation) -> ViolationOut:
    return ViolationOut(
        id=v.pk,
        registration_id=v.registration_id,
        name=v.registration.person.name,
        id_masked=v.registration.person.id_masked,
        category=v.category,
        category_label=v.get_category_display(),
        rule=v.rule,
        effect=v.effect,
        effect_label=v.effect_label,
        subject=v.subject,
        occurred_at=v.occurred_at,
        found_after_sitting=v.found_after_sitting,
        notes=v.notes,
        status=v.status,
        evidence_count=v.evidence.count(),
        ban_until=v.ban.ends_on if v.ban_id else None,
    )


def _recorder(request, iid: int, sitting=None):
    institution = institution_api(request, iid)
    if not selectors.can_record(request.user, institution, sitting):
        raise Forbidden()
    return institution


@router.get("/institutions/{iid}/sittings/{sid}/violations", response=list[ViolationOut])
def violations_list(request, iid: DbId, sid: DbId):
    institution = institution_api(request, iid)
    sitting = sitting_get(institution, sid)
    _recorder(request, iid, sitting)
    return [_out(v) for v in selectors.violations_of_sitting(sitting)[:1000]]


@router.post("/institutions/{iid}/sittings/{sid}/violations", response={201: ViolationOut})
def violation_create(request, iid: DbId, sid: DbId, payload: ViolationIn):
    """Record a violation (VIOL-01..06); it takes effect when a manager confirms it."""
    institution = institution_api(request, iid)
    sitting = sitting_get(institution, sid)
    _recorder(request, iid, sitting)
    registration = selectors.registration_of_sitting(
        sitting=sitting, registration_id=payload.registration_id
    )
    if registration is None:
        raise DomainError("registration", "该考生不属于本批次", field="registration_id")
    violation = services.violation_record(
        actor=request.user,
        institution=institution,
        registration=registration,
        category=payload.category,
        subject=payload.subject,
        occurred_at=payload.occurred_at,
        notes=payload.notes,
        found_after_sitting=payload.found_after_sitting,
    )
    return Status(
        201,
        _out(
            found_or_404(
                selectors.violation_get(institution=institution, violation_id=violation.pk),
                "未找到该违纪记录",
            )
        ),
    )


@router.get("/institutions/{iid}/violations/{vid}", response=ViolationOut)
def violation_read(request, iid: DbId, vid: DbId):
    institution = institution_api(request, iid)
    violation = found_or_404(
        selectors.violation_get(institution=institution, violation_id=vid), "未找到该违纪记录"
    )
    _recorder(request, iid, violation.registration.sitting)
    return _out(violation)


@router.post("/institutions/{iid}/violations/{vid}/confirm", response=ViolationOut)
def violation_confirm(request, iid: DbId, vid: DbId, payload: ConfirmIn):
    """Apply the rule's effect: scores, certificate void and correction (VIOL-05), ban."""
    institution = institution_api(request, iid)
    if not selectors.can_confirm(request.user, institution):
        raise Forbidden()
    violation = found_or_404(
        selectors.violation_get(institution=institution, violation_id=vid), "未找到该违纪记录"
    )
    services.violation_confirm(
        actor=request.user, violation=violation, graduation_on=payload.graduation_on
    )
    return _out(
        found_or_404(
            selectors.violation_get(institution=institution, violation_id=vid), "未找到该违纪记录"
        )
    )


@router.post("/institutions/{iid}/violations/{vid}/withdraw", response=ViolationOut)
def violation_withdraw(request, iid: DbId, vid: DbId, payload: WithdrawIn):
    institution = institution_api(request, iid)
    violation = found_or_404(
        selectors.violation_get(institution=institution, violation_id=vid), "未找到该违纪记录"
    )
    _recorder(request, iid, violation.registration.sitting)
    services.violation_withdraw(actor=request.user, violation=violation, reason=payload.reason)
    return _out(
        found_or_404(
            selectors.violation_get(institution=institution, violation_id=vid), "未找到该违纪记录"
        )
    )


@router.get("/institutions/{iid}/violation-corrections", response=list[CorrectionOut])
@paginate(BoundedPagination)
def corrections_list(request, iid: DbId):
    """VIOL-05: certificate data to correct upward; a report picks up the unsent ones."""
    institution = institution_api(request, iid)
    if not selectors.can_confirm(request.user, institution):
        raise Forbidden()
    return selectors.corrections_of(institution)


@router.post("/institutions/{iid}/violation-corrections/sent", response=list[CorrectionOut])
def corrections_mark_sent(request, iid: DbId, payload: MarkSentIn):
    institution = institution_api(request, iid)
    if not selectors.can_confirm(request.user, institution):
        raise Forbidden()
    notices = services.correction_notices_mark_sent(
        actor=request.user, institution=institution, notice_ids=payload.ids
    )
    return list(selectors.corrections_by_ids(institution=institution, ids=[n.pk for n in notices]))
