"""Two keys held by two people (双人双锁, EXAM-04): a second key holder per paper, never the
custodian; taking a paper out needs the custodian's request and the key holder's own
confirmation, valid for that day only; every step in the custody log; outsiders 404."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction

from skillcert.core.errors import DomainError
from skillcert.core.models import AuditEntry
from skillcert.institutions.models import Membership
from skillcert.itembank import custody
from skillcert.itembank.models import Paper, PaperCustodyEvent, PaperHandover, PaperUnlock
from skillcert.itembank.selectors import paper_questions
from tests import factories as f

from .helpers import paper, pledged, second_key, unlock

pytestmark = pytest.mark.django_db
EXAM_DAY = date(2026, 6, 1)  # the `sitting` fixture's theory date
PRINT_DAY = EXAM_DAY - timedelta(days=2)


def on(monkeypatch, day):
    monkeypatch.setattr(custody, "_today", lambda: day)


@pytest.fixture
def sealed(institution, staff, sitting):
    return paper(institution, staff, sitting=sitting)


def _kinds(p):
    return list(PaperCustodyEvent.objects.filter(paper=p).values_list("kind", flat=True))


def test_second_key_holder_is_a_member_never_the_custodian_set_by_managers_EXAM_04(
    sealed, staff, institution, outsider
):
    director = f.member(institution, role=Membership.DIRECTOR)
    examiner = f.member(institution, role=Membership.EXAMINER)
    with pytest.raises(DomainError) as exc:
        custody.key_holder_set(actor=director, paper=sealed, user=staff)  # the custodian
    assert exc.value.rule == "EXAM-04" and exc.value.field == "user"
    assert "当前保管人" in exc.value.message
    with pytest.raises(DomainError) as exc:
        custody.key_holder_set(actor=director, paper=sealed, user=outsider)
    assert exc.value.field == "user" and "本机构" in exc.value.message
    with pytest.raises(DomainError):  # an examiner is no manager
        custody.key_holder_set(actor=examiner, paper=sealed, user=director)
    sealed.refresh_from_db()
    assert sealed.key_holder is None and "key_holder" not in _kinds(sealed)

    custody.key_holder_set(actor=director, paper=sealed, user=examiner)
    custody.key_holder_set(actor=staff, paper=sealed, user=director)  # exam affairs may too
    sealed.refresh_from_db()
    assert sealed.key_holder == director
    changes = PaperCustodyEvent.objects.filter(paper=sealed, kind="key_holder")
    assert [(e.actor, e.detail) for e in changes] == [
        (director, f"第二把钥匙保管人：未指定 → {examiner.username}"),
        (staff, f"第二把钥匙保管人：{examiner.username} → {director.username}"),
    ]
    audit = AuditEntry.objects.filter(action="paper.key_holder").order_by("id").last()
    assert audit.before == {"key_holder": examiner.pk}
    assert audit.after["key_holder"] == director.pk
    # The database holds the line too: the two keys never in one hand.
    with pytest.raises(IntegrityError), transaction.atomic():
        Paper.objects.filter(pk=sealed.pk).update(key_holder=staff)


def test_handover_to_the_second_key_holder_is_refused_EXAM_04(sealed, staff, institution):
    holder = second_key(sealed)
    with pytest.raises(DomainError) as exc:
        custody.handover_request(actor=staff, paper=sealed, to_user=holder)
    assert exc.value.rule == "EXAM-04" and exc.value.field == "to_user"
    assert "第二把钥匙保管人" in exc.value.message and "同一人" in exc.value.message
    assert not PaperHandover.objects.exists()
    # Named second key holder while a handover to them was pending: they cannot take custody.
    receiver = f.member(institution)
    handover = custody.handover_request(actor=staff, paper=sealed, to_user=receiver)
    second_key(sealed, receiver)
    with pytest.raises(DomainError) as exc:
        custody.handover_confirm(actor=receiver, handover=handover)
    assert exc.value.rule == "EXAM-04"
    sealed.refresh_from_db()
    handover.refresh_from_db()
    assert sealed.custodian == staff and handover.status == PaperHandover.PENDING


def test_print_and_open_refused_without_todays_confirmed_unlock_and_logged_EXAM_04(
    sealed, staff, monkeypatch
):
    on(monkeypatch, PRINT_DAY)
    with pytest.raises(DomainError) as exc:  # no second key holder at all
        custody.paper_for_print(actor=staff, paper=sealed)
    assert "尚未指定第二把钥匙保管人" in exc.value.message
    holder = second_key(sealed, name="张三")
    pledged(staff, sealed.institution)  # EXAM-12: both signed their pledge
    pledged(holder, sealed.institution)
    with pytest.raises(DomainError) as exc:
        custody.paper_for_print(actor=staff, paper=sealed)
    assert exc.value.rule == "EXAM-04"
    assert "试卷实行双人双锁保管：需第二把钥匙保管人 张三 确认" in exc.value.message
    pending = custody.unlock_request(actor=staff, paper=sealed, purpose="print")
    with pytest.raises(DomainError):  # asked but not yet confirmed
        custody.paper_for_print(actor=staff, paper=sealed)
    custody.unlock_confirm(actor=holder, unlock=pending)
    with pytest.raises(DomainError) as exc:  # an unlock is for its purpose only
        custody.paper_for_print(actor=staff, paper=sealed, answer_key=True)
    on(monkeypatch, EXAM_DAY)
    with pytest.raises(DomainError) as exc:
        paper_questions(actor=staff, paper=sealed)
    assert "张三" in exc.value.message and "在线考试读取" in exc.value.message
    refused = PaperCustodyEvent.objects.filter(paper=sealed, kind="refused")
    assert refused.count() == 5
    assert all(e.actor == staff for e in refused)
    assert "需第二把钥匙保管人 张三 确认" in refused.last().detail
    assert AuditEntry.objects.filter(action="paper.refused", object_id=str(sealed.pk)).count() == 5
    assert not PaperCustodyEvent.objects.filter(paper=sealed, kind__in=["print", "access"])


def test_the_custodian_cannot_confirm_their_own_unlock_request_EXAM_04(
    sealed, staff, institution, monkeypatch
):
    on(monkeypatch, PRINT_DAY)
    second_key(sealed)
    request = custody.unlock_request(actor=staff, paper=sealed, purpose="print")
    for someone in (staff, f.member(institution, role=Membership.DIRECTOR)):
        with pytest.raises(DomainError) as exc:
            custody.unlock_confirm(actor=someone, unlock=request)
        assert exc.value.rule == "EXAM-04" and "第二把钥匙保管人" in exc.value.message
    request.refresh_from_db()
    assert request.status == PaperUnlock.PENDING
    with pytest.raises(DomainError):
        custody.paper_for_print(actor=staff, paper=sealed)
    with pytest.raises(DomainError):  # only the custodian asks to unlock
        custody.unlock_request(actor=sealed.key_holder, paper=sealed, purpose="key_print")


def test_yesterdays_unlock_does_not_count_EXAM_04(sealed, staff, monkeypatch):
    on(monkeypatch, PRINT_DAY)
    unlock(sealed, "print")
    custody.paper_for_print(actor=staff, paper=sealed)
    on(monkeypatch, PRINT_DAY + timedelta(days=1))
    with pytest.raises(DomainError) as exc:
        custody.paper_for_print(actor=staff, paper=sealed)
    assert "确认今日“打印试卷”开锁" in exc.value.message
    stale = custody.unlock_request(actor=staff, paper=sealed, purpose="print")
    on(monkeypatch, EXAM_DAY)
    with pytest.raises(DomainError) as exc:  # a request of another day cannot be confirmed
        custody.unlock_confirm(actor=sealed.key_holder, unlock=stale)
    assert "仅当日有效" in exc.value.message
    unlock(sealed, "print")  # a new day, a new unlock
    custody.paper_for_print(actor=staff, paper=sealed)
    assert _kinds(sealed).count("print") == 2


def test_unlock_asked_only_inside_the_date_rules_and_once_a_day_EXAM_04(sealed, staff, monkeypatch):
    second_key(sealed)
    on(monkeypatch, PRINT_DAY - timedelta(days=1))
    with pytest.raises(DomainError) as exc:
        custody.unlock_request(actor=staff, paper=sealed, purpose="print")
    assert exc.value.field == "purpose" and "最早在 2026-05-30" in exc.value.message
    on(monkeypatch, PRINT_DAY)
    for purpose in ("key_print", "online"):  # these wait for the exam day
        with pytest.raises(DomainError):
            custody.unlock_request(actor=staff, paper=sealed, purpose=purpose)
    with pytest.raises(DomainError) as exc:
        custody.unlock_request(actor=staff, paper=sealed, purpose="everything")
    assert exc.value.field == "purpose"
    custody.unlock_request(actor=staff, paper=sealed, purpose="print")
    with pytest.raises(DomainError) as exc:
        custody.unlock_request(actor=staff, paper=sealed, purpose="print")
    assert "待确认" in exc.value.message
    assert PaperUnlock.objects.filter(paper=sealed).count() == 1


def test_a_new_key_holder_or_custodian_voids_todays_unlocks_EXAM_04(
    sealed, staff, institution, monkeypatch
):
    on(monkeypatch, EXAM_DAY)
    unlock(sealed, "print")
    pending = custody.unlock_request(actor=staff, paper=sealed, purpose="online")
    old_holder, new_holder = sealed.key_holder, f.member(institution)
    second_key(sealed, new_holder)
    with pytest.raises(DomainError) as exc:
        custody.paper_for_print(actor=staff, paper=sealed)
    assert new_holder.username in exc.value.message
    with pytest.raises(DomainError):
        custody.unlock_confirm(actor=old_holder, unlock=pending)
    assert set(PaperUnlock.objects.values_list("status", flat=True)) == {PaperUnlock.VOID}
    assert _kinds(sealed).count("unlock_void") == 2
    # Custody moves by handover: the new custodian's pair must open again.
    unlock(sealed, "print")
    receiver = f.member(institution)
    handover = custody.handover_request(actor=staff, paper=sealed, to_user=receiver)
    custody.handover_confirm(actor=receiver, handover=handover)
    sealed.refresh_from_db()
    with pytest.raises(DomainError):
        custody.paper_for_print(actor=receiver, paper=sealed)
    unlock(sealed, "print")
    assert custody.paper_for_print(actor=receiver, paper=sealed)["questions"]


def test_pages_confirm_then_print_and_the_log_shows_request_confirm_print_EXAM_04(
    client, sealed, staff, institution, monkeypatch
):
    on(monkeypatch, PRINT_DAY)
    base = f"/i/{institution.pk}/itembank/"
    url = base + f"papers/{sealed.pk}/"
    holder = f.member(institution, role=Membership.EXAMINER)
    pledged(staff, institution)  # EXAM-12: both signed their pledge
    pledged(holder, institution)
    client.force_login(staff)
    assert client.get(url + "paper.pdf", follow=True).status_code == 200  # refused: no holder
    bad = client.post(url + "key-holder/", {"user": staff.pk})
    assert bad.status_code == 400 and "当前保管人" in bad.content.decode()
    resp = client.post(url + "key-holder/", {"user": holder.pk}, follow=True)
    assert f"第二把钥匙保管人：{holder.username}" in resp.content.decode()
    resp = client.get(url + "paper.pdf", follow=True)
    assert f"需第二把钥匙保管人 {holder.username} 确认" in resp.content.decode()
    resp = client.post(url + "unlock/", {"purpose": "print"}, follow=True)
    page = resp.content.decode()
    assert "等待第二把钥匙保管人" in page and "确认开锁</button>" not in page
    request = PaperUnlock.objects.get()
    confirm = base + f"unlocks/{request.pk}/confirm/"
    client.post(confirm)  # the custodian's own login cannot confirm
    request.refresh_from_db()
    assert request.status == PaperUnlock.PENDING

    client.force_login(holder)
    page = client.get(url).content.decode()
    assert "确认开锁</button>" in page and 'id="key-holder-form"' not in page
    assert client.post(url + "key-holder/", {"user": holder.pk}).status_code == 403
    client.post(confirm)
    request.refresh_from_db()
    assert request.status == PaperUnlock.CONFIRMED and request.confirmed_at

    client.force_login(staff)
    pdf = client.get(url + "paper.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    kinds = _kinds(sealed)
    assert kinds[kinds.index("unlock_request") :] == ["unlock_request", "unlock_confirm", "print"]
    steps = PaperCustodyEvent.objects.filter(paper=sealed, kind__startswith="unlock")
    assert [(e.actor, e.unlock_id) for e in steps] == [(staff, request.pk), (holder, request.pk)]
    page = client.get(url).content.decode()
    log = page[page.index('id="custody"') :]
    for label in ("指定第二把钥匙保管人", "开锁申请（保管人）", "确认开锁（第二把钥匙保管人）"):
        assert label in log
    assert log.index("确认开锁（第二把钥匙保管人）") < log.rindex("打印试卷")
    assert "已开锁（双人确认）" in page


def test_outsiders_and_other_institutions_get_404_on_the_unlock_pages_EXAM_04(
    client, sealed, staff, institution, outsider, monkeypatch
):
    on(monkeypatch, PRINT_DAY)
    second_key(sealed)
    request = custody.unlock_request(actor=staff, paper=sealed, purpose="print")
    client.force_login(outsider)
    own = outsider.memberships.first().institution
    for iid in (institution.pk, own.pk):
        base = f"/i/{iid}/itembank/"
        assert client.get(base + f"papers/{sealed.pk}/").status_code == 404
        assert (
            client.post(base + f"papers/{sealed.pk}/unlock/", {"purpose": "print"}).status_code
            == 404
        )
        assert client.post(base + f"unlocks/{request.pk}/confirm/").status_code == 404
        assert client.post(base + f"unlocks/{request.pk}/cancel/").status_code == 404
    request.refresh_from_db()
    assert request.status == PaperUnlock.PENDING
    client.force_login(staff)
    assert (
        client.post(f"/i/{institution.pk}/itembank/unlocks/{request.pk}/drop/").status_code == 404
    )
    client.post(f"/i/{institution.pk}/itembank/unlocks/{request.pk}/cancel/")
    request.refresh_from_db()
    assert request.status == PaperUnlock.CANCELLED
    assert "unlock_cancel" in _kinds(sealed)
