"""Reads of sittings and registrations, scoped to an institution already resolved for the
user (institutions.selectors.institution_get_for_user). A record the caller may not see is
None; the edges (plans.web, core.web.found_or_404) turn that into a 404."""

from django.db.models import QuerySet

from skillcert.institutions.models import Institution, ScopeRow
from skillcert.institutions.selectors import scope_rows_for

from .models import Registration, Sitting


def pk_or_none(value) -> int | None:
    """An id from a URL or a form as an int; anything else names no record."""
    try:
        return int(value)
    except (ValueError, TypeError):
        return None


def sittings_of(*, institution: Institution) -> QuerySet[Sitting]:
    return Sitting.objects.filter(institution=institution).select_related("occupation", "job_type")


def sitting_find(*, institution: Institution, sitting_id) -> Sitting | None:
    pk = pk_or_none(sitting_id)
    return None if pk is None else sittings_of(institution=institution).filter(pk=pk).first()


def registrations_of(sitting: Sitting):
    return (
        Registration.objects.filter(sitting=sitting)
        .select_related("person", "result")
        .order_by("id")
    )


def registrations_of_user(user):
    """A candidate's own registrations with results and certificates; nobody else's."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return Registration.objects.none()
    return (
        Registration.objects.filter(person=person)
        .select_related(
            "sitting__occupation",
            "sitting__job_type",
            "institution",
            "result",
            "certificate",
            "seat",  # the home page links the admission ticket (ARR-02)
        )
        .order_by("-created_at")
    )


def date_order_warning(sitting: Sitting) -> str:
    """Issue 16 item 24: a practical dated before the theory is shown, not refused. The seeds
    fix no order (004 allows 同步考试 in process mode), but the usual order is theory first
    and SCORE-04 counts the results notice from the practical, so a typo here moves it."""
    theory, practical = sitting.theory_on, sitting.practical_on
    if theory is None or practical is None or practical >= theory:
        return ""
    return (
        f"技能考核日期（{practical:%Y-%m-%d}）早于理论考试日期（{theory:%Y-%m-%d}），请核对；"
        "成绩通知期限按技能考核日期起算（SCORE-04）"
    )


def scope_subject(*, institution: Institution, choice: str) -> tuple[ScopeRow, int]:
    """The scope row and level a `forms.scope_choices` choice ("<row id>:<level>") names; the
    form offered only the institution's rows, so it exists."""
    row_id, level = choice.split(":")
    return scope_rows_for(institution).get(pk=row_id), int(level)
