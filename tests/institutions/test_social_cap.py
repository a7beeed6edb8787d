"""INST-07: a social training-and-assessment organisation files at most 5 occupations; more
job types of a filed occupation are fine; other kinds of institution have no cap."""

import pytest

from skillcert.catalog.selectors import occupations_assessable
from skillcert.core.errors import DomainError
from skillcert.institutions import services as inst
from skillcert.institutions.models import Institution, ScopeRow
from tests import factories as f

pytestmark = pytest.mark.django_db


def _institution(kind: str) -> Institution:
    return inst.institution_create(
        actor=None, kind=kind, name=f"{kind}评价机构", credit_code=f.credit_code(),
        region_code="410100",
    )  # fmt: skip


def _add(institution, code: str, job: str | None = None):
    return inst.scope_row_add(
        actor=None, institution=institution, occupation=f.occupation(code),
        job_type=f.job_type(job, code) if job else None, levels="5", standard=f.standard(code),
    )  # fmt: skip


@pytest.fixture
def codes():
    return list(occupations_assessable().order_by("code").values_list("code", flat=True)[:6])


def test_a_social_organisation_files_at_most_five_occupations_INST_07(codes):
    social = _institution(Institution.SOCIAL)
    for code in codes[:5]:
        _add(social, code)
    _add(social, codes[0], job="另一工种")  # a job type of a filed occupation: still 5
    with pytest.raises(DomainError) as e:
        _add(social, codes[5])
    assert e.value.rule == "INST-07" and e.value.field == "occupation"
    assert "不超过5个（已有5个）" in e.value.message
    assert ScopeRow.objects.filter(institution=social).count() == 6


def test_the_cap_follows_the_setting_and_spares_colleges_INST_07(codes, settings):
    settings.SKILLCERT_RULES = {"social_max_occupations": 2}
    social, college = _institution(Institution.SOCIAL), _institution(Institution.COLLEGE)
    _add(social, codes[0])
    _add(social, codes[1])
    with pytest.raises(DomainError):
        _add(social, codes[2])
    for code in codes:
        _add(college, code)
    assert ScopeRow.objects.filter(institution=college).count() == 6
