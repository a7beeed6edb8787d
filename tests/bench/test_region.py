"""The statistics bench's generator (bench/region.py) at a tiny scale, so `make bench` cannot rot:
20 institutions, 2 sittings each, 200 registrations, 50 certificates. Counts are the ones the
generator's rules give, counted by hand below; the rows must be valid for the rules the
services keep (PEOPLE-01 ID numbers, CERT-01 numbers, CERT-02 serials, CERT-04 passed only,
VIOL-05 a correction notice per voided certificate)."""

import re
from collections import Counter
from datetime import date

import pytest

from bench.region import Scale, build_region
from skillcert.certificates.models import Certificate, SerialCounter
from skillcert.core import crypto
from skillcert.core.idnumbers import parse_id
from skillcert.institutions.models import Institution
from skillcert.people.models import Person
from skillcert.plans.models import Registration, Sitting
from skillcert.records.models import Complaint, Incident
from skillcert.reports.models import ReportDelivery
from skillcert.scoring.models import Result
from skillcert.violations.models import CorrectionNotice, Violation

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 4)
TINY = Scale(institutions=20, sittings_per_institution=2, registrations=200, certificates=50)


@pytest.fixture
def region():
    return build_region(TINY, today=TODAY, progress=lambda line: None)


def test_institutions_of_every_kind_and_state(region):
    mine = Institution.objects.filter(authority=region.authority)
    # i % 10 < 5 college, < 8 employer, else social; i = 19 draft, i = 18 suspended
    assert Counter(mine.values_list("kind", flat=True)) == {
        "college": 10, "employer": 6, "social": 4,
    }  # fmt: skip
    assert Counter(mine.values_list("status", flat=True)) == {
        "filed": 18, "suspended": 1, "draft": 1,
    }  # fmt: skip
    assert not Sitting.objects.filter(institution__status="draft").exists()
    assert Sitting.objects.count() == 19 * 2


def test_exact_totals(region):
    assert Registration.objects.count() == 200
    # one person in five registers twice: 200 - 40 persons, none in the same sitting twice
    assert Person.objects.count() == 160
    assert Certificate.objects.count() == 50
    assert Result.objects.filter(passed=True).count() == 50
    assert Certificate.objects.filter(status="void").count() == 1  # k % 50 == 37: k = 37
    assert region.counts["certificates"] == 50 and region.counts["registrations"] == 200
    assert region.counts["persons"] == 160 and region.counts["void certificates"] == 1
    assert region.counts["results"] == Result.objects.count()


def test_certificates_only_for_passed_approved_registrations(region):
    for c in Certificate.objects.select_related("registration__result", "registration__sitting"):
        assert c.registration.status == Registration.APPROVED
        assert c.registration.result.passed is True
        assert c.registration.sitting.theory_on < TODAY
        assert c.person_id == c.registration.person_id
        assert c.holder_name == c.person.name and c.id_masked == c.person.id_masked
    assert not Result.objects.filter(registration__sitting__theory_on__gte=TODAY).exists()


def test_certificate_numbers_and_serials(region):
    numbers = []
    for c in Certificate.objects.select_related("institution"):
        assert re.fullmatch(r"Y000041\d{2}\d{4}\d{2}[1-5]\d{6}", c.number), c.number
        assert c.number[:13] == c.institution.cert_prefix
        assert c.number[13:15] == f"{c.issued_on.year % 100:02d}"
        assert c.number[15] == str(c.level)
        numbers.append(c.number)
    assert len(set(numbers)) == 50
    by_key = Counter((n[:13], n[13:16]) for n in numbers)
    counters = {
        (c.institution.cert_prefix, f"{c.year:02d}{c.level}"): c.last_serial
        for c in SerialCounter.objects.select_related("institution")
    }
    assert counters == dict(by_key)  # serials 1..n per institution, year and level (CERT-02)
    assert sum(counters.values()) == 50


def test_id_numbers_encrypted_hashed_masked(region):
    for p in Person.objects.all():
        parsed = parse_id("resident", p.id_number)  # a valid, decryptable resident ID
        assert p.id_hash == crypto.id_hash("resident", parsed.number)
        assert p.id_masked == crypto.mask_id(parsed.number)
        assert p.birth_date == parsed.birth_date and p.sex == parsed.sex


def test_records_counted_by_hand(region):
    # complaints: held sittings k % 25 == 0 -> k = 0, 25; incidents k % 15 == 4 -> 4, 19, 34
    assert Complaint.objects.count() == 2
    assert Incident.objects.count() == 3
    void = Certificate.objects.get(status="void")
    notice = CorrectionNotice.objects.get()
    assert notice.certificate == void and notice.certificate_number == void.number
    assert Violation.objects.filter(found_after_sitting=True).get() == notice.violation
    assert ReportDelivery.objects.filter(kind="yearly").exists()
