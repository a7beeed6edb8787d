"""Builders for the results-and-appeals tests (SCORE-02, -04, -05, -06)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from skillcert.people.services import person_get_or_create
from skillcert.plans.models import Registration
from skillcert.plans.services import sitting_create
from tests import factories as f

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hour=10) -> datetime:
    """An aware moment in the project's time zone."""
    return datetime(y, m, d, hour, tzinfo=SHANGHAI)


@pytest.fixture
def make_sitting(institution):
    def _make(
        theory_on: date,
        practical_on: date | None = None,
        *,
        job: str | None = "数控车床",
        level: int = 4,
        occupation=None,
        inst=None,
    ):
        return sitting_create(
            actor=None,
            institution=inst or institution,
            name=f"批次{theory_on}-{job}-{level}",
            occupation=occupation or f.occupation(),
            job_type=f.job_type(job, (occupation or f.occupation()).code) if job else None,
            level=level,
            mode="exam",
            theory_on=theory_on,
            practical_on=practical_on,
        )

    return _make


@pytest.fixture
def person():
    def _person(name="张小三", seq=501):
        return person_get_or_create(name=name, id_type="resident", id_number=f.resident_id(seq=seq))

    return _person


def register(sitting, person) -> Registration:
    return Registration.objects.create(
        institution=sitting.institution, sitting=sitting, person=person, school_level="secondary"
    )


@pytest.fixture
def candidate_of():
    """candidate_of(person) -> a user account linked to the person (the candidate portal)."""

    def _candidate(person):
        user = f.user(f"cand{person.pk}")
        person.user = user
        person.save(update_fields=["user"])
        return user

    return _candidate
