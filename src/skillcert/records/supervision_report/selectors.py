"""Reads of the supervision report (REC-06)."""

from skillcert.plans.models import Sitting

from ..models.supervision_report import SupervisionReport


def report_of(*, sitting: Sitting) -> SupervisionReport | None:
    return (
        SupervisionReport.objects.filter(sitting=sitting)
        .prefetch_related("signatures__person")
        .first()
    )
