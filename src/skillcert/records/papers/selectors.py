"""Reads of paper-exam records (EXAM-11, EXAM-12), scoped to a resolved institution; the
pledge question itembank asks before a paper is handled (its hook `pledge_missing`)."""

from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from skillcert.institutions.models import Institution
from skillcert.itembank.hooks import WRITE
from skillcert.itembank.models import PaperUnlock
from skillcert.plans.models import Sitting

from ..models import DutyLog, ItemErrorReport, Pledge, ReturnRegister

KIND_LABELS = dict(Pledge.KINDS)
# EXAM-12: who handles a paper (or writes items) for what: the paper makers (制卷) print and
# read papers, a grader (阅卷) may instead hold the confidentiality agreement for the key.
ACCEPTED = {
    PaperUnlock.PRINT: (Pledge.MAKER,),
    PaperUnlock.ONLINE: (Pledge.MAKER,),
    PaperUnlock.KEY_PRINT: (Pledge.MAKER, Pledge.GRADER),
    WRITE: (Pledge.WRITER,),  # item writers (命题人员) before writing or importing items
}


def pledge_valid(*, user, institution_id: int, kinds, on: date | None = None) -> Pledge | None:
    on = on or timezone.localdate()
    return (
        Pledge.objects.filter(
            institution_id=institution_id, user=user, kind__in=kinds, valid_until__gte=on
        )
        .order_by("-signed_at")
        .first()
    )


def pledge_missing(*, user, institution_id: int, purpose: str) -> str:
    """The answer to itembank's hook (EXAM-12): "" when `user` signed the pledge `purpose`
    needs, else the refusal. The system itself (no actor: the online exam's own read) is no
    person and signs nothing."""
    if user is None:
        return ""
    kinds = ACCEPTED.get(purpose, (Pledge.MAKER,))
    if getattr(user, "is_authenticated", False) and pledge_valid(
        user=user, institution_id=institution_id, kinds=kinds
    ):
        return ""
    names = "或".join(KIND_LABELS[k] for k in kinds)
    return f"接触试卷前须签署{names}（EXAM-12），请先在“保密承诺”页面签署"


def pledges_of(*, institution: Institution, user=None):
    rows = Pledge.objects.filter(institution=institution).select_related("user")
    return rows.filter(user=user) if user is not None else rows


def return_registers_of(*, sitting: Sitting):
    return ReturnRegister.objects.filter(
        institution_id=sitting.institution_id, sitting=sitting
    ).select_related("room", "returned_by", "received_by")


def return_register_find(*, sitting: Sitting, register_id) -> ReturnRegister | None:
    return return_registers_of(sitting=sitting).filter(pk=register_id).first()


def item_errors_of(*, sitting: Sitting):
    return ItemErrorReport.objects.filter(
        institution_id=sitting.institution_id, sitting=sitting
    ).select_related("room", "reported_by", "handled_by")


def item_error_find(*, sitting: Sitting, report_id) -> ItemErrorReport | None:
    return item_errors_of(sitting=sitting).filter(pk=report_id).first()


def duty_logs_of(*, institution: Institution):
    return DutyLog.objects.filter(institution=institution).select_related("first", "second")


def duty_log_find(*, institution: Institution, log_id) -> DutyLog | None:
    return duty_logs_of(institution=institution).filter(pk=log_id).first()


def duty_candidates(*, institution: Institution) -> list:
    """Members of the institution who may be named second person on duty."""
    return list(
        get_user_model()
        .objects.filter(memberships__institution=institution)
        .distinct()
        .order_by("username")
    )
