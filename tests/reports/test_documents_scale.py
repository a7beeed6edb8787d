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


@pytest.mark.postgres
@pytest.mark.django_db
def test_rec08_yearly_of_5000_certificates_and_7500_registrations_under_2s(postgres, institution):
    """Issue 13 Scale: the yearly report of one institution with 7,500 registrations (three
    sittings of 2,500) and 5,000 certificates answers within 2 s on PostgreSQL."""
    from skillcert.certificates.models import Certificate, IssueRegister

    regs = []
    for level, day in ((4, date(2026, 3, 1)), (4, date(2026, 6, 1)), (3, date(2026, 9, 1))):
        regs += f.registrations_with_results(
            sitting_of(institution, level=level, theory_on=day), 2500
        )
    register = IssueRegister.objects.create(institution=institution, sitting=regs[0].sitting)
    Certificate.objects.bulk_create(
        Certificate(
            number=f"Y00004101900126{r.sitting.level}{k:06d}",
            institution=institution,
            register=register,
            registration=r,
            person_id=r.person_id,
            holder_name="考生",
            id_type="resident",
            id_masked="410102********0000",
            occupation_code="6-18-01-01",
            occupation_name="车工",
            level=r.sitting.level,
            issuer_name=institution.name,
            issued_on=date(2026, 10, 1),
        )
        for k, r in enumerate(regs[:5000], start=1)
    )
    started = time.perf_counter()
    content = yearly.yearly_xlsx(institution, 2026, on=ON)
    took = time.perf_counter() - started
    print(f"yearly report: {took * 1000:.0f} ms")
    assert took < 2
    import io

    import openpyxl

    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.values)
    total = next(r for r in rows if r[1] == "合计")
    assert list(total[3:7]) == [3, 7500, 7500, 7500] and total[12] == 5000
