"""The one writer of a filing application's state (INST-02).

    draft/returned --submit--> submitted --pass (初审)--> evaluation --pass (技术评估)-->
    confirmation --pass (确认)--> receipt --pass (回执)--> published
    any authority step --return (with reasons)--> returned;  evaluation --reject--> rejected

The applicant (a manager of the institution) submits; every other move is the authority's
(staff of an authority whose region covers the institution). Each move writes a
`FilingStep` and an audit entry in the same transaction. Pages, API and the evaluation and
receipt services all move an application only through `application_move`.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError
from skillcert.institutions.authority import authority_covers
from skillcert.institutions.selectors import can_manage

from .models import FilingApplication as A
from .models import FilingStep

# (state, decision) -> next state
MOVES: dict[tuple[str, str], str] = {
    (A.DRAFT, FilingStep.SUBMIT): A.SUBMITTED,
    (A.RETURNED, FilingStep.SUBMIT): A.SUBMITTED,
    (A.SUBMITTED, FilingStep.PASS): A.EVALUATION,
    (A.EVALUATION, FilingStep.PASS): A.CONFIRMATION,
    (A.CONFIRMATION, FilingStep.PASS): A.RECEIPT,
    (A.RECEIPT, FilingStep.PASS): A.PUBLISHED,
    (A.EVALUATION, FilingStep.REJECT): A.REJECTED,
    **{(s, FilingStep.RETURN): A.RETURNED for s in (A.SUBMITTED, A.EVALUATION, A.CONFIRMATION)},
}
APPLICANT_DECISIONS = {FilingStep.SUBMIT}


def is_authority_for(user, application: A) -> bool:
    """Staff of an authority whose region covers the institution (or a superuser): the one
    rule of `institutions.authority.authority_covers`."""
    return authority_covers(user, application.institution)


def may_move(user, application: A, decision: str) -> bool:
    if decision in APPLICANT_DECISIONS:
        return can_manage(user, application.institution)
    return is_authority_for(user, application)


@transaction.atomic
def application_move(
    *, actor, application: A, decision: str, reasons: str = "", expected_state: str | None = None
) -> A:
    """Move the application one step; refuses a move the flow or the actor's role forbids."""
    application = A.objects.select_for_update().get(pk=application.pk)
    if expected_state is not None and application.state != expected_state:
        raise DomainError(
            "filing_state_changed",
            f"申请已处于“{application.get_state_display()}”环节，请刷新后重试",
            rule="INST-02",
        )
    target = MOVES.get((application.state, decision))
    if target is None:
        raise DomainError(
            "filing_move",
            f"“{application.get_state_display()}”环节不能执行“{dict(FilingStep.DECISIONS)[decision]}”",
            rule="INST-02",
        )
    if not may_move(actor, application, decision):
        raise DomainError("filing_forbidden", "您无权办理该环节", rule="INST-02")
    reasons = reasons.strip()
    if decision in (FilingStep.RETURN, FilingStep.REJECT) and not reasons:
        raise DomainError(
            "filing_reasons", "退回或不通过须写明理由", field="reasons", rule="INST-02"
        )
    before = application.state
    FilingStep.objects.create(
        application=application, state=before, decision=decision, reasons=reasons, by=actor
    )
    application.state = target
    now = timezone.now()
    if decision == FilingStep.SUBMIT:
        application.submitted_at = now
    if target in (A.PUBLISHED, A.REJECTED):
        application.decided_at = now
    application.save(update_fields=["state", "submitted_at", "decided_at"])
    audit_record(
        actor=actor,
        action=f"filing.{decision}",
        obj=application,
        before={"state": before},
        after={"state": target, "reasons": reasons},
        institution_id=application.institution_id,
    )
    return application
