"""PEOPLE-06 is national: a dismissal at any institution is found from another
institution's request, through the named escape hatch of the tenancy net (core.tenancy)."""

import pytest

from skillcert.core import tenancy
from skillcert.people.models import Examiner
from skillcert.people.services import person_dismissal
from tests import factories as f

from .conftest import add_examiner, person

pytestmark = pytest.mark.django_db


def test_a_dismissal_elsewhere_is_found_inside_a_request_PEOPLE_06():
    here, elsewhere = f.filed_institution(), f.filed_institution()
    who = person("国家解聘")
    dismissed = add_examiner(elsewhere, who=who)
    Examiner.objects.filter(pk=dismissed.pk).update(status=Examiner.DISMISSED)
    with tenancy.request_scope():
        tenancy.resolved(here.pk)
        assert person_dismissal(who) == dismissed  # national by rule: allowed
        with pytest.raises(tenancy.TenancyLeakError):  # the same row read plainly is a leak
            Examiner.objects.get(pk=dismissed.pk)
