"""Issue 16 items 24 and 25 at the panel: no panel score before the practical's day, and
after publication (公示) the panel re-scores only a candidate whose practical appeal is
pending (SCORE-05/06); that re-score still reaches Result only through the signed summary."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from skillcert.core.errors import DomainError
from skillcert.panels import services as ps
from skillcert.people.models import Person
from skillcert.plans.models import Sitting
from skillcert.scoring.models import Result
from skillcert.scoring.services import (
    ScoreInput,
    appeal_create,
    results_notify,
    results_publish,
    results_set,
)
from tests import factories as f

from . import helpers as h


@pytest.fixture
def s(sitting, enrol):
    return h.build(sitting, enrol)


def sign_summary(s):
    ps.tally_confirm(actor=s.checker.user, panel=s.panel, password=h.PASSWORD)
    ps.summary_sign(actor=s.users[0], panel=s.panel, password=h.PASSWORD)


def test_item24_no_panel_score_before_the_practical_day(s):
    day = timezone.localdate() + timedelta(days=7)
    Sitting.objects.filter(pk=s.panel.sitting_id).update(practical_on=day)
    s.panel.sitting.refresh_from_db()
    with pytest.raises(DomainError) as err:
        h.enter(s, 0, s.modules[0], {s.regs[0]: (36, 18)})
    assert err.value.code == "panel_before_exam" and f"{day:%Y-%m-%d}" in err.value.message


def test_item25_after_publication_the_panel_rescores_only_for_a_pending_appeal(s):
    a, b = s.regs
    h.score_everything(s)
    sign_summary(s)
    sitting = s.panel.sitting
    results_set(
        actor=None,
        sitting=sitting,
        items=[ScoreInput(r.pk, Decimal(80), Decimal("86.0")) for r in (a, b)],
    )
    now = timezone.now()
    results_notify(actor=None, sitting=sitting, now=now)
    results_publish(actor=None, sitting=sitting, now=now)
    with pytest.raises(DomainError) as err:
        h.enter(s, 0, s.modules[0], {a: (30, 18)}, reason="复核")
    assert err.value.code == "panel_published" and err.value.rule == "SCORE-06"
    # 甲's candidate appeals the practical: the panel may re-score a, and only a.
    user = f.user(f"cand{a.person_id}")
    Person.objects.filter(pk=a.person_id).update(user=user)
    appeal_create(actor=user, registration=a, subject="practical", reason="评分有误")
    with pytest.raises(DomainError):
        h.enter(s, 0, s.modules[0], {b: (30, 18)}, reason="复核")
    for i in range(3):
        h.enter(s, i, s.modules[0], {a: (30, 18)}, reason="复核")
    h.sign_all(s, s.modules[0])
    sign_summary(s)
    # 48/60 × 60 + 8/10 × 40 = 80
    assert Result.objects.get(registration=a).practical_score == Decimal("80.0")
    assert Result.objects.get(registration=b).practical_score == Decimal("86.0")
