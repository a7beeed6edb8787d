"""An online exam made from an item-bank paper: custody until the exam day and both keys
(双人双锁) unlocked that day (EXAM-04), the bank's fill items scored with their accepted
alternatives (EXAM-07), tenancy on the page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from skillcert.core.errors import DomainError
from skillcert.exams.from_paper import exam_create_from_paper
from skillcert.exams.models import Exam
from skillcert.exams.scoring import item_correct
from skillcert.exams.services import exam_questions
from skillcert.itembank.models import PaperCustodyEvent
from skillcert.itembank.selectors import paper_questions
from tests import factories as f
from tests.itembank import helpers as bank

pytestmark = pytest.mark.django_db


def _paper(institution, staff, days_ahead: int):
    sitting = f.sitting(institution, theory_on=timezone.localdate() + timedelta(days=days_ahead))
    bank.items(institution, 8, kind="fill", seed=3)
    f.plan_approved(sitting)  # INST-13: the exam only after the plan's approval
    return bank.paper(institution, staff, sitting=sitting), sitting


def test_exam_04_no_exam_from_a_paper_before_its_exam_day(institution, staff):
    paper, _ = _paper(institution, staff, days_ahead=3)
    with pytest.raises(DomainError) as err:
        exam_create_from_paper(
            actor=staff, paper=paper, starts_at=timezone.now(), duration_minutes=90
        )
    assert err.value.rule == "EXAM-04"
    assert not Exam.objects.exists()
    assert PaperCustodyEvent.objects.filter(paper=paper, kind="refused").exists()


def test_exam_04_on_the_day_without_both_keys_no_exam_and_the_refusal_is_logged(institution, staff):
    paper, _ = _paper(institution, staff, days_ahead=0)
    bank.second_key(paper, name="张三")
    with pytest.raises(DomainError) as err:
        exam_create_from_paper(
            actor=staff, paper=paper, starts_at=timezone.now(), duration_minutes=90
        )
    assert err.value.rule == "EXAM-04" and "第二把钥匙保管人 张三 确认" in err.value.message
    assert not Exam.objects.exists()
    refused = PaperCustodyEvent.objects.get(paper=paper, kind="refused")
    assert "张三" in refused.detail and refused.actor == staff


def test_exam_04_on_the_day_the_exam_holds_the_papers_questions_in_order(institution, staff):
    paper, sitting = _paper(institution, staff, days_ahead=0)
    bank.unlock(paper, "online")
    exam = exam_create_from_paper(
        actor=staff, paper=paper, starts_at=timezone.now(), duration_minutes=90
    )
    source = paper_questions(actor=staff, paper=paper)
    assert exam.sitting == sitting and exam.paper_ref == f"itembank.paper:{paper.pk}"
    assert exam.item_ids == [q["item_id"] for q in source]
    stems = [q["stem"] for q in exam_questions(exam)]
    assert stems == [q["stem"] for q in source]
    assert source[0]["stem"].encode() not in bytes(exam.sealed_questions)


def test_exam_07_a_bank_fill_item_accepts_any_of_its_alternatives():
    question = {"kind": "fill", "answer": [["M10", "米制螺纹M10"]]}
    assert item_correct(question, ["米制螺纹M10"]) and item_correct(question, ["M10"])
    assert not item_correct(question, ["M12"])


def test_page_creates_an_exam_and_outsiders_get_404(client, institution, staff, outsider):
    paper, sitting = _paper(institution, staff, days_ahead=0)
    bank.unlock(paper, "online")
    url = reverse("exam_list", args=[institution.pk, sitting.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(staff)
    bad = client.post(url, {"paper": paper.pk, "starts_at": "明天", "duration_minutes": 90})
    assert bad.status_code == 400 and "开考时间" in bad.content.decode()
    assert not Exam.objects.exists()
    start = timezone.localtime() + timedelta(hours=1)
    response = client.post(
        url,
        {"paper": paper.pk, "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "duration_minutes": 90},
    )
    exam = Exam.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/exams/{exam.pk}/")
    assert exam.duration_minutes == 90 and exam.title.startswith(sitting.name)
