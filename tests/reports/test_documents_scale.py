"""Issue 13 Scale (REC-08): the yearly report answers from aggregate queries, so the number
of queries does not grow with the rows counted (the bench times 5,000 certificates and
7,500 registrations; this proves the shape on any database)."""

import time
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from skillcert.reports.documents import periodic, yearly
from tests import factories as f
from tests.reports.helpers import certificate, sitting_of

ON = date(2026, 12, 4)


def _queries(build) -> int:
    with CaptureQueriesContext(connection) as seen:
        build()
    return len(seen.captured_queries)


@pytest.mark.django_db
def test_rec08_yearly_queries_do_not_grow_with_rows(institution):
    a = sitting_of(institution, level=4, theory_on=date(2026, 6, 1))
    regs = f.registrations_with_results(a, 3)
    certificate(regs[0], issued_on=date(2026, 7, 1))
    small = _queries(lambda: yearly.yearly_xlsx(institution, 2026, on=ON))
    b = sitting_of(institution, level=3, theory_on=date(2026, 9, 1))
    for reg in f.registrations_with_results(b, 300)[:100]:
        certificate(reg, issued_on=date(2026, 10, 1))
    started = time.perf_counter()
    large = _queries(lambda: yearly.yearly_xlsx(institution, 2026, on=ON))
    took = time.perf_counter() - started
    assert large == small, "a query per row crept into the yearly report"
    assert small <= 15
    assert took < 2
    assert _queries(lambda: periodic.periodic_xlsx(institution, 2026, 3, on=ON)) <= 8
