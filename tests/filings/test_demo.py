"""Issue 11 demo: the demo authority finds applications in draft, submitted and returned."""

import time

from skillcert.demo.filings import filings_ready
from skillcert.filings.models import FilingApplication as A
from skillcert.filings.selectors import authority_applications
from tests import factories as f


def test_demo_authority_has_applications_in_each_state_fast_and_idempotent(db):
    authority = f.authority_user("410000")
    started = time.perf_counter()
    filings_ready(authority)
    assert time.perf_counter() - started < 1.0
    filings_ready(authority)
    assert sorted(A.objects.values_list("state", flat=True)) == ["draft", "returned", "submitted"]
    queue = authority_applications(authority)
    assert sorted(a.state for a in queue) == ["returned", "submitted"]  # drafts are the applicant's
    assert A.objects.get(state=A.RETURNED).steps.last().reasons
