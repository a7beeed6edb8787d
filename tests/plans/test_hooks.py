"""Issue 10: plans asks certificates and scoring through plans.hooks (it imports neither);
the apps above answer from their AppConfig.ready. PLAN-06 (previous certificate)."""

import pytest

from skillcert.certificates.selectors import certificate_holders as holders_answer
from skillcert.plans import hooks
from skillcert.scoring.selectors import sitting_summary as summary_answer
from tests import factories as f

from .test_registration_support import candidate


def test_plans_hooks_are_answered_by_the_apps_above():
    assert hooks.certificate_holders._answer is holders_answer
    assert hooks.sitting_summary._answer is summary_answer


@pytest.mark.django_db
def test_plan06_certificate_holders_in_one_query(institution, django_assert_num_queries):
    holder, _ = candidate(940, with_photo=False)
    other, _ = candidate(941, with_photo=False)
    f.held_certificate(institution, holder, level=4)
    with django_assert_num_queries(1):
        found = hooks.certificate_holders(
            person_ids=[holder.pk, other.pk], occupation_code="6-18-01-01", level_at_most=4
        )
    assert found == {holder.pk}
    assert not hooks.certificate_holders(
        person_ids=[holder.pk], occupation_code="6-18-01-01", level_at_most=3
    )
