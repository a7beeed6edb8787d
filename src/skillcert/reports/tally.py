"""Per-sitting figures kept current (REC-08 at scale): every write to a sitting's
registrations or results bumps its tally's `changes` (model signals, and plans'
`registrations_changed` for the bulk writes that send none); a read counts again, in one
GROUP BY, only the sittings whose tally is missing or behind, then sums the tallies.

Counting reads `changes` first and writes `tallied` to that value: a write that lands while
the figures are counted leaves the tally behind, so it is counted again on the next read and
never kept stale (the same holds when the counting reads a lagging replica)."""

from collections.abc import Iterable

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from skillcert.plans.models import Registration
from skillcert.plans.signals import registrations_changed
from skillcert.scoring.models import Result

from .counting import FIGURES, counts
from .models import SittingTally

T = SittingTally


def mark(sitting_ids: Iterable[int]) -> None:
    """The sittings' figures changed: bump their tallies (a missing tally is counted anyway)."""
    ids = {i for i in sitting_ids if i}
    if ids:
        T.objects.filter(sitting_id__in=ids).update(changes=F("changes") + 1)


def _registration_saved(sender, instance, **kwargs):
    mark([instance.sitting_id])


def _result_saved(sender, instance, **kwargs):
    T.objects.filter(sitting__registrations=instance.registration_id).update(
        changes=F("changes") + 1
    )


def _bulk(sender, sitting_ids, **kwargs):
    mark(sitting_ids)


def connect() -> None:
    """From ReportsConfig.ready."""
    for signal in (post_save, post_delete):
        signal.connect(_registration_saved, sender=Registration, dispatch_uid="tally_reg")
        signal.connect(_result_saved, sender=Result, dispatch_uid="tally_result")
    registrations_changed.connect(_bulk, dispatch_uid="tally_bulk")


def recount(sitting_ids: Iterable[int]) -> None:
    """Count the sittings' figures again (one GROUP BY) and store them with the `changes`
    read before counting. Missing tallies are created first, so a write that lands while
    counting always finds a row to bump."""
    ids = sorted(set(sitting_ids))
    if not ids:
        return
    T.objects.bulk_create([T(sitting_id=i) for i in ids], ignore_conflicts=True, batch_size=2000)
    seen = dict(T.objects.filter(sitting_id__in=ids).values_list("sitting_id", "changes"))
    rows = (
        Registration.objects.filter(sitting_id__in=ids, status=Registration.APPROVED)
        .values("sitting_id")
        .annotate(**counts())
        .order_by()
    )
    found = {r.pop("sitting_id"): r for r in rows}
    now, zero = timezone.now(), dict.fromkeys(FIGURES, 0)
    tallies = [
        T(sitting_id=i, tallied=seen.get(i, -1), counted_at=now, **found.get(i, zero)) for i in ids
    ]
    T.objects.bulk_create(
        tallies,
        update_conflicts=True,
        unique_fields=["sitting"],
        update_fields=[*FIGURES, "tallied", "counted_at"],
        batch_size=2000,
    )


def tallies_of(sitting_ids: list[int]) -> dict[int, dict]:
    """The FIGURES of each sitting, counted again first where missing or behind."""
    ids = set(sitting_ids)
    current = {
        row["sitting_id"]: row
        for row in T.objects.filter(sitting_id__in=ids, tallied__gte=F("changes")).values(
            "sitting_id", *FIGURES
        )
    }
    behind = ids - set(current)
    if behind:
        recount(behind)
        current |= {
            row["sitting_id"]: row
            for row in T.objects.filter(sitting_id__in=behind).values("sitting_id", *FIGURES)
        }
    return current
