"""INST-04 under real concurrency (PostgreSQL): 6 authority workers assign filing numbers to
6 applications of one city at once; the counter row's lock gives each a distinct number,
9001..9006, none skipped or given twice."""

import threading

import pytest
from django.db import connection

from skillcert.filings.models import FilingApplication, FilingNumberCounter
from skillcert.filings.receipt import services
from tests import factories as f
from tests.filings.helpers import applicant, application_at

WORKERS = 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_inst_04_concurrent_assignments_take_distinct_numbers(postgres):
    authority = f.authority_user("410000")
    applications = [
        application_at(applicant(f"并发学院{n}", n=960 + n), FilingApplication.RECEIPT)
        for n in range(WORKERS)
    ]
    barrier = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def work(application):
        try:
            barrier.wait(timeout=30)
            services.filing_number_assign(actor=authority, application=application)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(a,)) for a in applications]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    numbers = sorted(
        FilingApplication.objects.filter(pk__in=[a.pk for a in applications]).values_list(
            "filing_number", flat=True
        )
    )
    assert numbers == [f"Y00004101{9001 + n}" for n in range(WORKERS)]
    assert FilingNumberCounter.objects.get(province="41", city="01").last_sequence == 9006
