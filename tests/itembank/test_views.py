"""Pages and API of the bank (EXAM-01..04): staff use them, other institutions get 404,
PDFs read back, an impossible blueprint says why."""

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from skillcert.itembank import custody
from skillcert.itembank.models import Item, PaperCustodyEvent, PaperHandover
from tests import factories as f

from .helpers import blueprint, items, paper, unlock

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_bank_page_lists_items_and_warns_on_low_renewal(client, staff, institution, settings):
    items(institution, 3)
    client.force_login(staff)
    page = client.get(f"/i/{institution.pk}/itembank/").content.decode()
    assert "single题干1-0" in page and "题库更新率（EXAM-03）" in page
    assert "警告" not in page  # all 3 items are new this year: 100%
    settings.SKILLCERT_RULES = {"bank_renewal_share": "1.5"}
    page = client.get(f"/i/{institution.pk}/itembank/").content.decode()
    assert "警告" in page


def test_item_new_and_edit_pages_make_versions(client, staff, institution):
    client.force_login(staff)
    data = {
        "occupation": f.occupation().pk,
        "level": 4,
        "kind": "single",
        "stem": "车床型号CA6140中40表示（ ）。",
        "options": "最大回转直径400mm\n中心高400mm",
        "answer": "A",
        "knowledge_point": "1.1",
        "difficulty": 2,
        "source": "own",
        "author": "李工",
    }
    resp = client.post(f"/i/{institution.pk}/itembank/items/new/", data, follow=True)
    item = Item.objects.get()
    assert resp.status_code == 200 and item.answer == [0]
    resp = client.post(
        f"/i/{institution.pk}/itembank/items/{item.pk}/", data | {"answer": "B"}, follow=True
    )
    item.refresh_from_db()
    assert item.version == 2 and item.answer == [1]
    assert "当前为第2版" in resp.content.decode()
    bad = client.post(
        f"/i/{institution.pk}/itembank/items/new/", data | {"source": "own", "author": ""}
    )
    assert bad.status_code == 200 and "命题人" in bad.content.decode()


def test_import_page_reports_rows(client, staff, institution):
    from .test_import import GOOD, book

    client.force_login(staff)
    upload = io.BytesIO(book([GOOD, GOOD | {"难度": "x"}]))
    upload.name = "bank.xlsx"
    page = client.post(f"/i/{institution.pk}/itembank/import/", {"file": upload}).content.decode()
    assert "导入 1 道" in page and "第3行【难度】" in page
    assert client.get(f"/i/{institution.pk}/itembank/template.xlsx").content[:2] == b"PK"
    assert client.get(f"/i/{institution.pk}/itembank/export.xlsx").content[:2] == b"PK"


def test_blueprint_assemble_pages_show_overlap_table(client, staff, institution):
    items(institution, 60)
    client.force_login(staff)
    data = {
        "name": "四级理论A",
        "occupation": f.occupation().pk,
        "level": 4,
        "difficulty_tolerance": "5",
        "knowledge_points": "K0:1\nK1：2",
        "single_count": 20,
        "single_points": "1",
        "multiple_count": 0,
        "multiple_points": "1",
        "judge_count": 0,
        "judge_points": "1",
        "fill_count": 0,
        "fill_points": "1",
    }
    resp = client.post(f"/i/{institution.pk}/itembank/blueprints/", data, follow=True)
    assert "四级理论A" in resp.content.decode()
    bp_url = resp.redirect_chain[-1][0]
    resp = client.post(bp_url, {"n_forms": 3, "seed": 4}, follow=True)
    page = resp.content.decode()
    assert "3 套平行试卷" in page and 'id="overlap"' in page and "上限 3 道" in page
    resp = client.post(bp_url, {"n_forms": 10, "seed": 4})
    assert "无法组卷" in resp.content.decode() and "EXAM-02" in resp.content.decode()


def test_paper_page_handover_and_pdfs_read_back(client, staff, institution, sitting, monkeypatch):
    p = paper(institution, staff, sitting=sitting)
    receiver = f.member(institution)
    client.force_login(staff)
    url = f"/i/{institution.pk}/itembank/papers/{p.pk}/"
    monkeypatch.setattr(custody, "_today", lambda: date(2026, 6, 1) - timedelta(days=5))
    resp = client.get(url + "paper.pdf", follow=True)
    assert "最早在 2026-05-30" in resp.content.decode()
    monkeypatch.setattr(custody, "_today", lambda: date(2026, 6, 1))
    unlock(p, "print")
    unlock(p, "key_print")
    paper_pdf = client.get(url + "paper.pdf")
    assert paper_pdf["Content-Type"] == "application/pdf"
    text = pdf_text(paper_pdf.content)
    stem = Item.objects.filter(status="reviewed").first().stem
    first_stem = custody._unseal(p)["questions"][0]["stem"]
    assert stem and first_stem in text and "单选题" in text and "A卷" in text
    key = pdf_text(client.get(url + "key.pdf").content)
    assert "参考答案" in key and "1. B" in key
    resp = client.post(url, {"to_user": receiver.pk, "note": "送考点"}, follow=True)
    assert "等待接收人登录确认" in resp.content.decode()
    handover = PaperHandover.objects.get()
    confirm = f"/i/{institution.pk}/itembank/handovers/{handover.pk}/confirm/"
    client.post(confirm)  # the giver's login cannot confirm
    handover.refresh_from_db()
    assert handover.status == "pending"
    client.force_login(receiver)
    client.post(confirm)
    handover.refresh_from_db()
    assert handover.status == "confirmed"
    page = client.get(url).content.decode()
    assert "接收（接收人确认）" in page and "打印试卷" in page
    assert PaperCustodyEvent.objects.filter(paper=p, kind="print").count() == 1


def test_other_institutions_get_404(client, outsider, institution, staff, sitting, monkeypatch):
    p = paper(institution, staff, sitting=sitting)
    item = Item.objects.first()
    bp = p.blueprint
    handover = custody.handover_request(actor=staff, paper=p, to_user=f.member(institution))
    monkeypatch.setattr(custody, "_today", lambda: date(2026, 6, 1))
    opened = unlock(p, "print")
    client.force_login(outsider)
    base = f"/i/{institution.pk}/itembank/"
    for url in (
        base,
        base + f"items/{item.pk}/",
        base + "export.xlsx",
        base + "blueprints/",
        base + f"blueprints/{bp.pk}/",
        base + f"sets/{p.paper_set_id}/",
        base + f"papers/{p.pk}/",
        base + f"papers/{p.pk}/paper.pdf",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(base + f"handovers/{handover.pk}/confirm/").status_code == 404
    for url in (  # EXAM-04 双人双锁 steps
        base + f"papers/{p.pk}/key-holder/",
        base + f"papers/{p.pk}/unlock/",
        base + f"unlocks/{opened.pk}/confirm/",
        base + f"unlocks/{opened.pk}/cancel/",
    ):
        assert client.post(url, {"user": outsider.pk, "purpose": "print"}).status_code == 404, url
    assert client.get(f"/api/institutions/{institution.pk}/items").status_code == 404
    resp = client.post(
        f"/api/institutions/{institution.pk}/blueprints/{bp.pk}/assemble",
        {"forms": 1},
        content_type="application/json",
    )
    assert resp.status_code == 404
    # An id of another institution under one's own institution is a 404 too.
    own = outsider.memberships.first().institution
    assert client.get(f"/i/{own.pk}/itembank/papers/{p.pk}/").status_code == 404
    assert client.post(f"/i/{own.pk}/itembank/unlocks/{opened.pk}/confirm/").status_code == 404
    p.refresh_from_db()
    assert p.key_holder != outsider


def test_api_lists_items_and_assembles_or_says_why(client, staff, institution):
    items(institution, 30)
    bp = blueprint(institution, single=10)
    client.force_login(staff)
    listed = client.get(f"/api/institutions/{institution.pk}/items?kind=single&limit=5").json()
    assert listed["count"] == 30 and len(listed["items"]) == 5
    assert "answer" not in listed["items"][0]
    url = f"/api/institutions/{institution.pk}/blueprints/{bp.pk}/assemble"
    ok = client.post(url, {"forms": 2, "seed": 3}, content_type="application/json")
    assert ok.status_code == 201
    body = ok.json()
    assert body["max_overlap"] == 1 and len(body["papers"]) == 2
    assert body["overlap"][0][1] <= 1 and "stem" not in str(body)
    bad = client.post(url, {"forms": 10}, content_type="application/json")
    assert bad.status_code == 400
    detail = bad.json()["detail"]
    assert detail["rule"] == "EXAM-02" and "单选题 30 道" in detail["message"]
    blueprint(institution, single=40)
    bp40 = institution.blueprints.order_by("-pk").first()
    bad = client.post(
        f"/api/institutions/{institution.pk}/blueprints/{bp40.pk}/assemble",
        {"forms": 1},
        content_type="application/json",
    )
    assert "单选题已审核题目只有 30 道，蓝图需要 40 道" in bad.json()["detail"]["message"]


@pytest.mark.parametrize("path", ["items/new/", "blueprints/"])
def test_occupation_choices_are_the_filed_scope_item_22(client, staff, institution, path):
    """Issue 16 item 22: the item and blueprint forms offer the institution's filed scope,
    not the whole catalogue (a <select> of ~1,650 occupations took 1.1–1.6 s to render); an
    occupation outside the scope is refused."""
    client.force_login(staff)
    page = client.get(f"/i/{institution.pk}/itembank/{path}").content.decode()
    select = page.split('name="occupation"')[1].split("</select>")[0]
    assert select.count("<option") == 2  # the empty choice and 车工, the sample scope
    assert "车工" in select
    outside = f.occupation("4-12-01-01")
    resp = client.post(
        f"/i/{institution.pk}/itembank/{path}", {"occupation": outside.pk, "name": "x"}
    )
    assert resp.status_code == 200
    assert "occupation" in resp.context["form"].errors


def test_item_edit_keeps_its_own_occupation_choosable_item_22(client, staff, institution):
    items(institution, 1)
    # filed before its scope row went: still editable under its own occupation
    Item.objects.update(occupation=f.occupation("4-12-01-01"))
    item = Item.objects.get()
    client.force_login(staff)
    page = client.get(f"/i/{institution.pk}/itembank/items/{item.pk}/").content.decode()
    assert f'value="{item.occupation_id}" selected' in page


def test_paper_set_page_attaches_only_a_sitting_of_the_institution_EXAM_02(
    client, staff, institution, other_institution
):
    ps = paper(institution, staff).paper_set
    mine = f.sitting(institution)
    theirs = f.sitting(other_institution)
    client.force_login(staff)
    url = f"/i/{institution.pk}/itembank/sets/{ps.pk}/"
    for bad in ({}, {"sitting": "x"}, {"sitting": theirs.pk}):
        page = client.post(url, bad, follow=True).content.decode()
        assert "请选择本机构的认定批次" in page
    ps.refresh_from_db()
    assert ps.sitting_id is None
    page = client.post(url, {"sitting": mine.pk}, follow=True).content.decode()
    ps.refresh_from_db()
    assert ps.sitting_id == mine.pk and f"已指定批次“{mine.name}”" in page
