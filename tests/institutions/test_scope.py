"""CAT-03: a filed scope (认定范围) never names a 准入类 occupation."""

import pytest

from skillcert.catalog.models import Occupation
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.institutions import services as inst
from skillcert.institutions.models import Institution, ScopeRow
from tests import factories as f

pytestmark = pytest.mark.django_db

CHILDCARE = "4-10-01-03"  # 保育师


@pytest.fixture
def college():
    return inst.institution_create(
        actor=None,
        kind=Institution.COLLEGE,
        name="范围测试学院",
        credit_code=f.credit_code(),
        region_code="410100",
    )


def _add(institution):
    return inst.scope_row_add(
        actor=None,
        institution=institution,
        occupation=f.occupation(CHILDCARE),
        job_type=None,
        levels="5",
        standard=f.standard(CHILDCARE),
    )


def test_scope_refuses_a_licensing_occupation_CAT_03(college):
    """CAT-03: skill-level evaluation only for 水平评价类; a 准入类 occupation is refused on
    the occupation field, and neither a row nor an audit entry is written."""
    Occupation.objects.filter(code=CHILDCARE).update(kind=Occupation.LICENSING)
    with pytest.raises(DomainError) as exc:
        _add(college)
    assert (exc.value.rule, exc.value.field) == ("CAT-03", "occupation")
    assert "保育师" in exc.value.message and "准入类" in exc.value.message
    assert not ScopeRow.objects.filter(institution=college).exists()
    assert not AuditEntry.objects.filter(action="institution.scope_add").exists()


def test_scope_accepts_the_same_occupation_as_level_evaluation_CAT_03(college):
    """CAT-03: the refusal above is due to the kind alone: as 水平评价类 the row is filed."""
    assert f.occupation(CHILDCARE).kind == Occupation.LEVEL_EVALUATION
    row = _add(college)
    assert row.occupation.code == CHILDCARE and row.levels == "5"
