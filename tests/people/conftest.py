from datetime import date

import pytest

from skillcert.people.models import Examiner
from skillcert.people.services import examiner_add, person_get_or_create
from tests import factories as f

DAY = date(2026, 6, 1)


def person(name: str = "李考评", birth: str = "19800101"):
    return person_get_or_create(name=name, id_type="resident", id_number=f.resident_id(birth=birth))


def add_examiner(institution, *, who=None, grade=Examiner.EXAMINER, codes=("6-18-01-01",), **kw):
    """A valid 考评员 of 车工 (level 3 in 车工), card and contract from 2025-01-01."""
    values = {
        "skill_level": 3,
        "skill_occupation": f.occupation("6-18-01-01"),
        "title": "",
        "card_number": "KP-0001",
        "card_issued_on": date(2025, 1, 1),
        "training_hours": 48,
        "assessment_passed": True,
        "contract_start": date(2025, 1, 1),
        "first_assessed_on": date(2024, 1, 1),
    }
    values.update(kw)
    return examiner_add(
        actor=None,
        institution=institution,
        person=who or person(),
        grade=grade,
        occupations=[f.occupation(c) for c in codes],
        **values,
    )


@pytest.fixture
def examiner(institution):
    return add_examiner(institution)
