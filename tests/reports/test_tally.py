"""REC-08 at scale: the dashboard sums per-sitting tallies (reports.tally) instead of joining
every registration with its result; the tallies follow every write, and a write that lands
while a tally is counted leaves it behind, to be counted again (the hand-counted region of
tests/reports/world.py)."""

from decimal import Decimal

import pytest

from skillcert.plans.models import Registration
from skillcert.plans.registration.services import registrations_decide
from skillcert.reports import selectors, tally
from skillcert.reports.models import SittingTally
from skillcert.scoring.models import Result

from .world import TODAY, region_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(db):
    return region_world()


def _totals(region):
    found, errors = selectors.filters_for(region["boss"], {}, today=TODAY)
    assert not errors
    return selectors.section("candidates", found).table("totals").rows


def test_rec_08_tallies_are_counted_once_and_follow_result_writes(region):
    assert _totals(region) == [["全部", 8, 6, 4, 66.7]]
    s1 = region["sittings"][1]
    assert SittingTally.objects.get(sitting=s1).registered == 4  # counted on first read
    # 甲 03-10's failed candidate is re-scored 80/80 (an appeal, say): passed 4 → 5.
    failed = Result.objects.get(registration__sitting=s1, passed=False, theory_absent=False)
    failed.theory_score = failed.practical_score = Decimal(80)
    failed.passed = True
    failed.save()
    tallied = SittingTally.objects.get(sitting=s1)
    assert tallied.tallied < tallied.changes  # behind until read
    assert _totals(region) == [["全部", 8, 6, 5, 83.3]]


def test_rec_08_tallies_follow_review_decisions_written_in_bulk(region):
    """registrations_decide writes with bulk_update (no model signal): plans'
    registrations_changed marks the sitting, so the pending candidate counts once approved:
    her 40/40 (world.py) makes her one more registered and sat, not passed (9, 7, 4)."""
    assert _totals(region) == [["全部", 8, 6, 4, 66.7]]
    s1 = region["sittings"][1]
    pending = Registration.objects.get(sitting=s1, status=Registration.PENDING)
    registrations_decide(
        actor=None, institution=s1.institution, registration_ids=[pending.pk], approve=True
    )
    assert _totals(region) == [["全部", 9, 7, 4, 57.1]]


def test_rec_08_a_write_while_counting_leaves_the_tally_behind(region, monkeypatch):
    """The figures are stored with the `changes` read before counting: a write landing after
    that read keeps the tally behind, so the next read counts it again, never keeping it stale."""
    s1 = region["sittings"][1]
    counts = tally.counts

    def counts_then_a_write():
        tally.mark([s1.pk])  # another request writes while this one counts
        return counts()

    monkeypatch.setattr(tally, "counts", counts_then_a_write)
    tally.recount([s1.pk])
    monkeypatch.setattr(tally, "counts", counts)
    row = SittingTally.objects.get(sitting=s1)
    assert row.tallied < row.changes
    Result.objects.filter(registration__sitting=s1, passed=False, theory_absent=False).update(
        passed=True
    )  # (a write no signal saw, standing in for the one that raced)
    assert tally.tallies_of([s1.pk])[s1.pk]["passed"] == 3
