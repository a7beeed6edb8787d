"""CAT-03: a 职业技能等级证书 is only issued for a 水平评价类 occupation."""

import pytest

from skillcert.catalog.models import Occupation
from skillcert.certificates import services
from skillcert.certificates.models import Certificate, IssueRegister, SerialCounter
from skillcert.core.errors import DomainError
from tests import factories as f

from .conftest import ISSUED_ON


def test_no_skill_level_certificate_once_the_occupation_is_licensing_CAT_03(sitting, manager):
    """CAT-03 / CAT-04: the catalogue may reclassify an occupation as 准入类 after the scope
    was filed; a reviewed register of it then issues nothing and takes no serial."""
    f.registrations_with_results(sitting, 2)
    register = services.issue_register_create(actor=manager, sitting=sitting)
    services.issue_register_review(actor=f.colleague(manager), register=register)
    Occupation.objects.filter(pk=sitting.occupation_id).update(kind=Occupation.LICENSING)
    with pytest.raises(DomainError) as exc:
        services.issue_register_issue(actor=manager, register=register, issued_on=ISSUED_ON)
    assert exc.value.rule == "CAT-03" and "准入类" in exc.value.message
    assert not Certificate.objects.exists()
    assert not SerialCounter.objects.filter(last_serial__gt=0).exists()
    register.refresh_from_db()
    assert register.status == IssueRegister.REVIEWED
