"""Paper custody (EXAM-04): sealed at rest, opened only when the sitting opens, printing at
most 2 days before, handovers confirmed by both people, every access logged and audited."""

from datetime import date, timedelta

import pytest
from django.db import connection

from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.itembank import custody
from skillcert.itembank.models import Item, PaperCustodyEvent, PaperHandover
from skillcert.itembank.selectors import QUESTION_KEYS, paper_questions
from tests import factories as f

from .helpers import paper, second_key, unlock

pytestmark = pytest.mark.django_db
EXAM_DAY = date(2026, 6, 1)  # the `sitting` fixture's theory date


def on(monkeypatch, day):
    monkeypatch.setattr(custody, "_today", lambda: day)


@pytest.fixture
def sealed(institution, staff, sitting):
    return paper(institution, staff, sitting=sitting)


def _raw_rows(table):
    with connection.cursor() as cur:
        cur.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
        return [
            bytes(v).decode("latin-1") if isinstance(v, bytes | memoryview) else str(v)
            for row in cur.fetchall()
            for v in row
        ]


def test_exam_04_paper_rows_hold_no_item_text_or_ids_in_clear(sealed):
    stems = list(Item.objects.values_list("stem", flat=True))
    fragment = "车床主轴转速"  # in every stem
    assert all(fragment in s for s in stems)
    for table in ("itembank_paper", "itembank_paperset", "itembank_papercustodyevent"):
        cells = _raw_rows(table)
        assert cells
        assert not any(fragment in c or fragment.encode().decode("latin-1") in c for c in cells)
    assert bytes(sealed.sealed).startswith(b"SKC1")


def test_exam_04_access_before_the_sitting_opens_is_refused_and_logged(sealed, staff, monkeypatch):
    on(monkeypatch, EXAM_DAY - timedelta(days=1))
    with pytest.raises(DomainError) as exc:
        paper_questions(actor=staff, paper=sealed)
    assert exc.value.rule == "EXAM-04"
    refused = PaperCustodyEvent.objects.filter(paper=sealed, kind="refused")
    assert refused.count() == 1 and refused.get().actor == staff
    assert AuditEntry.objects.filter(action="paper.refused", object_id=str(sealed.pk)).exists()


def test_exam_04_on_the_exam_day_questions_open_and_every_access_is_logged(
    sealed, staff, monkeypatch
):
    on(monkeypatch, EXAM_DAY)
    unlock(sealed, "online")
    questions = paper_questions(actor=staff, paper=sealed)
    paper_questions(actor=None, paper=sealed)
    assert len(questions) == sealed.item_count == 10
    assert all(tuple(q) == QUESTION_KEYS for q in questions)
    q = questions[0]
    item = Item.objects.get(pk=q["item_id"])
    assert (q["kind"], q["stem"], q["options"], q["answer"]) == (
        item.kind,
        item.stem,
        item.options,
        item.answer,
    )
    assert q["points"] == "2"
    accesses = PaperCustodyEvent.objects.filter(paper=sealed, kind="access")
    assert [e.actor_label for e in accesses] == [staff.get_username(), "system"]
    assert AuditEntry.objects.filter(action="paper.access", object_id=str(sealed.pk)).count() == 2


def test_exam_04_a_paper_without_a_sitting_never_opens(institution, staff, monkeypatch):
    bank_paper = paper(institution, staff)
    on(monkeypatch, date(2030, 1, 1))
    with pytest.raises(DomainError):
        paper_questions(actor=staff, paper=bank_paper)


def test_exam_04_printing_at_most_2_days_before_by_the_custodian_only(
    sealed, staff, institution, monkeypatch
):
    other = f.member(institution)
    second_key(sealed)
    on(monkeypatch, EXAM_DAY - timedelta(days=3))
    with pytest.raises(DomainError):
        custody.paper_for_print(actor=staff, paper=sealed)
    on(monkeypatch, EXAM_DAY - timedelta(days=2))
    with pytest.raises(DomainError) as exc:
        custody.paper_for_print(actor=other, paper=sealed)
    assert "保管人" in exc.value.message
    unlock(sealed, "print")
    content = custody.paper_for_print(actor=staff, paper=sealed)
    assert len(content["questions"]) == 10
    with pytest.raises(DomainError):  # the answer key waits for the exam day
        custody.paper_for_print(actor=staff, paper=sealed, answer_key=True)
    on(monkeypatch, EXAM_DAY)
    unlock(sealed, "key_print")
    custody.paper_for_print(actor=staff, paper=sealed, answer_key=True)
    kinds = list(PaperCustodyEvent.objects.filter(paper=sealed).values_list("kind", flat=True))
    unlocked = ["unlock_request", "unlock_confirm"]
    assert kinds == [
        "assemble",
        "key_holder",
        "refused",
        "refused",
        *unlocked,
        "print",
        "refused",
        *unlocked,
        "key_print",
    ]


def test_exam_04_store_days_come_from_rule_settings(sealed, staff, monkeypatch, settings):
    settings.SKILLCERT_RULES = {"paper_store_days": 1}
    on(monkeypatch, EXAM_DAY - timedelta(days=2))
    with pytest.raises(DomainError):
        custody.paper_for_print(actor=staff, paper=sealed)


def test_exam_04_a_handover_needs_both_people(sealed, staff, institution, monkeypatch):
    receiver, bystander = f.member(institution), f.member(institution)
    handover = custody.handover_request(actor=staff, paper=sealed, to_user=receiver, note="送考点")
    sealed.refresh_from_db()
    assert handover.status == PaperHandover.PENDING and sealed.custodian == staff
    with pytest.raises(DomainError):
        custody.handover_confirm(actor=bystander, handover=handover)
    with pytest.raises(DomainError):  # the giver cannot confirm for the receiver
        custody.handover_confirm(actor=staff, handover=handover)
    with pytest.raises(DomainError):  # one pending handover at a time
        custody.handover_request(actor=staff, paper=sealed, to_user=bystander)
    custody.handover_confirm(actor=receiver, handover=handover)
    sealed.refresh_from_db()
    handover.refresh_from_db()
    assert sealed.custodian == receiver and handover.confirmed_at is not None
    events = PaperCustodyEvent.objects.filter(paper=sealed, handover=handover)
    assert [(e.kind, e.actor) for e in events] == [
        ("handover_out", staff),
        ("handover_in", receiver),
    ]
    assert AuditEntry.objects.filter(action="paper.handover_in").exists()
    # Custody moved: the former holder may no longer hand over or print.
    with pytest.raises(DomainError):
        custody.handover_request(actor=staff, paper=sealed, to_user=bystander)
    on(monkeypatch, EXAM_DAY)
    with pytest.raises(DomainError):
        custody.paper_for_print(actor=staff, paper=sealed)


def test_exam_04_handover_only_to_a_member_of_the_institution(sealed, staff, outsider):
    with pytest.raises(DomainError) as exc:
        custody.handover_request(actor=staff, paper=sealed, to_user=outsider)
    assert exc.value.field == "to_user"
    assert not PaperHandover.objects.exists()


def test_exam_04_a_paper_without_custodian_is_handed_over_by_a_manager(
    institution, sitting, client
):
    unheld = paper(institution, None, sitting=sitting)  # assembled by the system
    assert unheld.custodian is None
    member = f.member(institution, role="examiner")
    receiver = f.member(institution, role="examiner")
    with pytest.raises(DomainError) as e:
        custody.handover_request(actor=member, paper=unheld, to_user=receiver)
    assert e.value.code == "handover_not_custodian"
    director = f.member(institution, role="director")
    client.force_login(director)
    page = client.get(f"/i/{institution.pk}/itembank/papers/{unheld.pk}/").content.decode()
    assert "该试卷尚无保管人" in page and 'id="handover-form"' in page
    handover = custody.handover_request(actor=director, paper=unheld, to_user=receiver)
    custody.handover_confirm(actor=receiver, handover=handover)
    unheld.refresh_from_db()
    assert unheld.custodian == receiver
    kinds = list(unheld.custody_events.order_by("id").values_list("kind", "actor"))
    assert kinds[-2:] == [
        (PaperCustodyEvent.HANDOVER_OUT, director.pk),
        (PaperCustodyEvent.HANDOVER_IN, receiver.pk),
    ]
