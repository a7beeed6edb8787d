"""Issue 16 item 23: four eyes. The maker of a record that decides a result never approves
it; the message says who may (core.four_eyes.require_other_person)."""

import pytest

from skillcert.certificates import services as certs
from skillcert.certificates.models import IssueRegister
from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.violations import services as viol
from skillcert.violations.models import Violation
from tests import factories as f
from tests.violations.helpers import scored, when

pytestmark = pytest.mark.django_db


def test_item23_cert04_compiler_cannot_review_own_issue_register(sitting):
    """Issue 16 item 23 (CERT-04): the clerk who compiled the issue register cannot approve
    it; another manager of the institution can."""
    clerk = f.member(sitting.institution)
    f.registrations_with_results(sitting, 2)
    register = certs.issue_register_create(actor=clerk, sitting=sitting)
    audits = AuditEntry.objects.count()
    with pytest.raises(DomainError) as err:
        certs.issue_register_review(actor=clerk, register=register)
    assert err.value.rule == "CERT-04" and err.value.code == "four_eyes"
    assert "编制人不能自行审核" in err.value.message and "另一名" in err.value.message
    register.refresh_from_db()
    assert register.status == IssueRegister.DRAFT and register.reviewed_by is None
    assert AuditEntry.objects.count() == audits  # nothing changed
    other = f.colleague(clerk)
    certs.issue_register_review(actor=other, register=register)
    register.refresh_from_db()
    assert register.status == IssueRegister.REVIEWED and register.reviewed_by == other


def test_item23_viol05_recorder_cannot_confirm_own_violation(sitting):
    """Issue 16 item 23 (VIOL-05): the proctor who recorded a violation cannot confirm it
    (confirmation changes scores and voids certificates); another manager can."""
    proctor = f.member(sitting.institution)
    reg = scored(sitting)[0]
    v = viol.violation_record(
        actor=proctor,
        institution=sitting.institution,
        registration=reg,
        category="v03_device",
        subject="",
        occurred_at=when(),
        notes="监控回放发现使用手机",
    )
    with pytest.raises(DomainError) as err:
        viol.violation_confirm(actor=proctor, violation=v)
    assert err.value.rule == "VIOL-05" and err.value.code == "four_eyes"
    assert "记录人不能自行确认" in err.value.message
    v.refresh_from_db()
    assert v.status == Violation.RECORDED
    reg.result.refresh_from_db()
    assert reg.result.passed is True  # the scores were not touched
    viol.violation_confirm(actor=f.colleague(proctor), violation=v)
    v.refresh_from_db()
    assert v.status == Violation.CONFIRMED


def test_item23_recorder_sees_who_may_confirm_instead_of_the_button(client, sitting):
    """Issue 16 item 23 (VIOL-05): the detail page tells the recorder who may confirm and
    offers them no confirm button; a colleague gets the button."""
    from django.urls import reverse

    proctor = f.member(sitting.institution)
    v = viol.violation_record(
        actor=proctor,
        institution=sitting.institution,
        registration=scored(sitting)[0],
        category="v01_other",
        subject="theory",
        occurred_at=when(),
        notes="警告后仍携带物品",
    )
    url = reverse("violation_detail", args=[sitting.institution_id, v.pk])
    client.force_login(proctor)
    page = client.get(url).content.decode()
    assert "记录人不能自行确认" in page and 'id="confirm-form"' not in page
    client.force_login(f.colleague(proctor))
    assert 'id="confirm-form"' in client.get(url).content.decode()
