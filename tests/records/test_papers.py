"""EXAM-11 (return register, item-error report) and EXAM-12 (pledges, duty log)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.institutions.models import Membership
from skillcert.itembank import custody
from skillcert.itembank.models import PaperCustodyEvent
from skillcert.records.models import DutyLog, Pledge, ReturnRegister
from skillcert.records.papers import services
from tests import factories as f
from tests.itembank import helpers as bank

from .helpers import seated

pytestmark = pytest.mark.django_db

COUNTS = {
    "papers_issued": 32,
    "papers_used": 28,
    "papers_spare": 2,
    "papers_blank": 2,
    "cards_issued": 32,
    "cards_used": 28,
    "cards_spare": 2,
    "cards_blank": 2,
}


def test_exam_11_return_register_counts_add_up_sealed_and_signed_by_two(
    institution, sitting, enrol
):
    seats, proctor = seated(institution, sitting, enrol, 2)
    room = seats[0].room
    with pytest.raises(DomainError) as err:
        services.return_register_file(
            actor=proctor,
            sitting=sitting,
            room=room,
            seal_number="S-1",
            **(COUNTS | {"papers_blank": 1}),
        )
    assert err.value.rule == "EXAM-11" and "31份" in err.value.message
    with pytest.raises(DomainError) as err:
        services.return_register_file(
            actor=proctor, sitting=sitting, room=room, seal_number=" ", **COUNTS
        )
    assert err.value.field == "seal_number"
    assert not ReturnRegister.objects.exists()
    register = services.return_register_file(
        actor=proctor, sitting=sitting, room=room, seal_number="S-1", **COUNTS
    )
    director = f.member(institution, role=Membership.DIRECTOR)
    received = services.return_register_receive(actor=director, register=register)
    assert received.status == ReturnRegister.RECEIVED and received.received_by == director
    assert AuditEntry.objects.filter(action__startswith="return_register.").count() == 2


def test_exam_11_the_returner_does_not_receive_his_own_papers(institution, sitting, enrol):
    seats, _ = seated(institution, sitting, enrol, 1)
    director = f.member(institution, role=Membership.DIRECTOR)
    register = services.return_register_file(
        actor=director, sitting=sitting, room=seats[0].room, seal_number="S-2", **COUNTS
    )
    with pytest.raises(DomainError) as err:
        services.return_register_receive(actor=director, register=register)
    assert err.value.rule == "EXAM-11"
    assert ReturnRegister.objects.get().status == ReturnRegister.RETURNED


def test_exam_11_item_error_report_and_its_handling(institution, sitting, enrol):
    seats, proctor = seated(institution, sitting, enrol, 1)
    with pytest.raises(DomainError):
        services.item_error_report(actor=proctor, sitting=sitting, question_no=3, description="")
    report = services.item_error_report(
        actor=proctor,
        sitting=sitting,
        room=seats[0].room,
        question_no=3,
        description="第3题选项C与D相同",
    )
    done = services.item_error_handle(
        actor=f.member(institution), report=report, handling="该题按全体考生得分处理"
    )
    assert done.status == "handled" and AuditEntry.objects.filter(action="item_error.handle")


def test_exam_12_paper_access_is_refused_without_a_signed_pledge(institution, staff, sitting):
    """EXAM-12: itembank asks records (hook) before a paper is printed; refused and logged."""
    sitting.theory_on = timezone.localdate()
    sitting.save(update_fields=["theory_on"])
    paper = bank.paper(institution, staff, sitting)
    holder = bank.second_key(paper)
    unlock = custody.unlock_request(actor=staff, paper=paper, purpose="print")
    with pytest.raises(DomainError) as err:  # the key holder has not signed
        custody.unlock_confirm(actor=holder, unlock=unlock)
    assert err.value.rule == "EXAM-12"
    services.pledge_sign(actor=holder, institution=institution, kind=Pledge.MAKER)
    custody.unlock_confirm(actor=holder, unlock=unlock)
    with pytest.raises(DomainError) as err:  # the custodian has not signed
        custody.paper_for_print(actor=staff, paper=paper)
    assert err.value.rule == "EXAM-12" and "制卷人员责任书" in err.value.message
    assert PaperCustodyEvent.objects.filter(paper=paper, kind="refused").exists()
    services.pledge_sign(actor=staff, institution=institution, kind=Pledge.MAKER)
    assert custody.paper_for_print(actor=staff, paper=paper)["questions"]


def test_exam_12_a_pledge_expires_and_a_grader_agreement_covers_only_the_key(
    institution, staff, sitting
):
    from skillcert.records.papers.selectors import pledge_missing

    grader = f.member(institution, role=Membership.EXAMINER)
    p = services.pledge_sign(actor=grader, institution=institution, kind=Pledge.GRADER)
    assert pledge_missing(user=grader, institution_id=institution.pk, purpose="key_print") == ""
    assert "制卷人员责任书" in pledge_missing(
        user=grader, institution_id=institution.pk, purpose="print"
    )
    Pledge.objects.filter(pk=p.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    assert pledge_missing(user=grader, institution_id=institution.pk, purpose="key_print")
    with pytest.raises(DomainError):
        services.pledge_sign(actor=grader, institution=institution, kind="boss")


def test_exam_12_duty_log_two_different_people_both_sign(institution):
    first = f.member(institution, role=Membership.DIRECTOR)
    second = f.member(institution)
    today = timezone.localdate()
    with pytest.raises(DomainError) as err:
        services.duty_log_open(
            actor=first,
            institution=institution,
            day=today,
            shift="全天",
            second=first,
            notes="正常",
        )
    assert err.value.rule == "EXAM-12" and err.value.field == "second"
    log = services.duty_log_open(
        actor=first,
        institution=institution,
        day=today,
        shift="全天",
        second=second,
        notes="门窗封条完好",
    )
    assert not log.signed
    with pytest.raises(DomainError) as err:  # only the second person signs
        services.duty_log_sign(actor=first, log=log)
    assert err.value.rule == "EXAM-12"
    assert services.duty_log_sign(actor=second, log=log).signed
    assert DutyLog.objects.get().second_signed_at is not None


def test_exam_12_an_item_writer_signs_the_pledge_before_writing_items(institution):
    from skillcert.itembank import services as bank
    from skillcert.itembank.models import Item

    writer = f.member(institution)
    values = {
        "institution": institution,
        "occupation": f.occupation(),
        "job_type": None,
        "level": 4,
        "kind": "judge",
        "stem": "车床主轴可以反转。",
        "options": [],
        "answer": True,
        "knowledge_point": "K1",
        "difficulty": 2,
        "source": "own",
        "author": "王专家",
    }
    with pytest.raises(DomainError) as err:
        bank.item_create(actor=writer, **values)
    assert err.value.rule == "EXAM-12" and "命题人员责任书" in err.value.message
    assert not Item.objects.exists()
    services.pledge_sign(actor=writer, institution=institution, kind=Pledge.WRITER)
    assert bank.item_create(actor=writer, **values).pk
