"""CERT-02 under real concurrency (PostgreSQL): 8 workers issue 1,000 certificates at once at
one institution, year and level; the numbers are distinct and the serials exactly 1..1000."""

import threading
from datetime import date

import pytest
from django.db import connection

from skillcert.certificates import services
from skillcert.certificates.models import Certificate, SerialCounter
from skillcert.certificates.numbering import parse_number
from skillcert.core.audit import audit_verify
from tests import factories as f

WORKERS, PER_WORKER = 8, 125


# serialized_rollback: the flush after a transactional test would otherwise remove the
# catalogue and the audit head that migrations load, breaking the tests that follow.
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_cert02_concurrent_issue_takes_consecutive_serials_without_gaps(postgres):
    institution = f.filed_institution()
    registers = []
    for _ in range(WORKERS):
        sitting = f.sitting(institution, level=4)
        f.registrations_with_results(sitting, PER_WORKER)
        register = services.issue_register_create(actor=None, sitting=sitting)
        registers.append(services.issue_register_review(actor=None, register=register))

    barrier = threading.Barrier(WORKERS)
    errors: list[BaseException] = []
    results: list[list[str]] = []

    def work(register):
        try:
            barrier.wait(timeout=30)
            certs = services.issue_register_issue(
                actor=None, register=register, issued_on=date(2025, 7, 1)
            )
            results.append([c.number for c in certs])
        except BaseException as exc:  # reported below, with the thread's own traceback
            errors.append(exc)
        finally:
            connection.close()  # each thread opened its own connection

    threads = [threading.Thread(target=work, args=(r,)) for r in registers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    assert len(results) == WORKERS

    numbers = [n for batch in results for n in batch]
    assert len(numbers) == len(set(numbers)) == WORKERS * PER_WORKER
    serials = sorted(parse_number(n).serial for n in numbers)
    assert serials == list(range(1, WORKERS * PER_WORKER + 1))
    # Each register got one consecutive range.
    for batch in results:
        s = sorted(parse_number(n).serial for n in batch)
        assert s == list(range(s[0], s[0] + PER_WORKER))
    assert Certificate.objects.filter(institution=institution).count() == 1000
    assert SerialCounter.objects.get(institution=institution, year=25, level=4).last_serial == 1000
    assert audit_verify().ok
