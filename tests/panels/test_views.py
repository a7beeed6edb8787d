"""Panel pages and API: tenancy (404 for other institutions, candidates and strangers; ARR-09),
EXAM-09 (work numbers, not names, until the summary locks the scores), the sign form
(SCORE-03: wrong password refused in Chinese), manager set-up with clear errors."""

import pytest
from django.urls import reverse

from skillcert.institutions.models import Membership
from skillcert.panels import services as ps
from skillcert.panels.models import AssessmentModule, Panel, Signature
from skillcert.scoring.models import Result
from tests import factories as f
from tests.panels import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(sitting, enrol):
    return h.build(sitting, enrol)


def urls(s):
    p, iid = s.panel, s.panel.institution_id
    return [
        reverse("panel_setup", args=[iid, p.sitting_id]),
        reverse("panel_status", args=[iid, p.pk]),
        reverse("panel_grid", args=[iid, p.pk, s.modules[0].pk]),
        reverse("panel_tally", args=[iid, p.pk]),
        reverse("panel_summary", args=[iid, p.pk]),
        f"/api/institutions/{iid}/panels/{p.pk}/status",
    ]


def scores_url(s):
    p = s.panel
    return f"/api/institutions/{p.institution_id}/panels/{p.pk}/modules/{s.modules[0].pk}/scores"


def test_tenancy_other_institution_gets_404_everywhere(client, s, outsider):
    client.force_login(outsider)
    for url in urls(s):
        assert client.get(url).status_code == 404, url
    body = {"scores": [], "reason": ""}
    assert client.put(scores_url(s), body, content_type="application/json").status_code == 404


def test_arr_09_a_candidate_never_reaches_the_panel_or_its_examiners(client, s):
    candidate = s.regs[0].person
    candidate.user = f.user("candidate1")
    candidate.save(update_fields=["user"])
    client.force_login(candidate.user)
    for url in urls(s)[1:]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert s.examiners[0].name not in response.content.decode()


def test_arr_09_an_examiner_of_the_institution_not_on_the_panel_gets_404(client, s):
    other = f.member(s.panel.institution, role=Membership.EXAMINER)
    client.force_login(other)
    for url in urls(s)[1:]:
        assert client.get(url).status_code == 404, url


def test_exam_09_examiners_see_work_numbers_not_names_until_the_summary(client, s):
    client.force_login(s.users[1])
    grid = reverse("panel_grid", args=[s.panel.institution_id, s.panel.pk, s.modules[0].pk])
    status = reverse("panel_status", args=[s.panel.institution_id, s.panel.pk])
    api = f"/api/institutions/{s.panel.institution_id}/panels/{s.panel.pk}/status"
    for url in (grid, status):
        html = client.get(url).content.decode()
        assert s.work(s.regs[0]) in html and s.work(s.regs[1]) in html
        assert s.regs[0].person.name not in html and s.regs[0].person.id_masked not in html
    assert all(r["name"] is None for r in client.get(api).json()["rows"])

    h.score_everything(s)
    ps.tally_confirm(actor=s.checker.user, panel=s.panel, password=h.PASSWORD)
    ps.summary_sign(actor=s.users[0], panel=s.panel, password=h.PASSWORD)
    for url in (grid, status):
        html = client.get(url).content.decode()
        assert s.regs[0].person.name in html and s.work(s.regs[0]) in html
    names = {r["work_number"]: r["name"] for r in client.get(api).json()["rows"]}
    assert names[s.work(s.regs[0])] == s.regs[0].person.name


def test_score_03_grid_saves_points_and_the_sign_form_refuses_a_wrong_password(client, s):
    a, b = s.regs
    items = list(s.modules[0].items.all())
    grid = reverse("panel_grid", args=[s.panel.institution_id, s.panel.pk, s.modules[0].pk])
    for i in (1, 2):
        h.enter(s, i, s.modules[0], {a: (36, 18), b: (36, 18)})
    client.force_login(s.users[0])
    data = {"action": "save"}
    for reg in (a, b):
        data[f"p_{s.work(reg)}_{items[0].pk}"] = "36"
        data[f"p_{s.work(reg)}_{items[1].pk}"] = "18"
    response = client.post(grid, data, follow=True)
    assert "已保存2名考生的评分" in response.content.decode()
    response = client.post(grid, {"action": "sign", "password": "wrong"}, follow=True)
    assert "密码不正确" in response.content.decode()
    assert not Signature.objects.exists()
    response = client.post(grid, {"action": "sign", "password": h.PASSWORD}, follow=True)
    html = response.content.decode()
    assert "已签名确认2名考生的成绩" in html and "待全体签名，未生效" in html
    assert Signature.objects.filter(member=s.examiners[0]).count() == 2


def test_score_03_grid_refuses_points_above_the_maximum_and_keeps_what_was_typed(client, s):
    a, _ = s.regs
    item = s.modules[0].items.first()
    grid = reverse("panel_grid", args=[s.panel.institution_id, s.panel.pk, s.modules[0].pk])
    client.force_login(s.users[0])
    key = f"p_{s.work(a)}_{item.pk}"
    response = client.post(grid, {"action": "save", key: "45"})
    html = response.content.decode()
    assert response.status_code == 200 and "超出范围" in html and 'value="45"' in html
    assert not s.panel.versions.exists()


def test_score_03_status_page_shows_pending_changes_as_not_in_force(client, s, staff):
    a, _ = s.regs
    h.score_everything(s)
    h.enter(s, 2, s.modules[0], {a: (30, 18)}, reason="复查")
    client.force_login(staff)  # a manager sees the progress
    status = reverse("panel_status", args=[s.panel.institution_id, s.panel.pk])
    html = client.get(status).content.decode()
    assert "待全体签名，未生效" in html and "有效：54.00" in html and "拟：52.00" in html
    partial = client.get(status, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="board"')
    # managers see progress but do not score
    grid = reverse("panel_grid", args=[s.panel.institution_id, s.panel.pk, s.modules[0].pk])
    assert client.get(grid).status_code == 404


def test_score_03_checker_and_leader_pages_sign_with_the_password(client, s):
    h.score_everything(s)
    tally = reverse("panel_tally", args=[s.panel.institution_id, s.panel.pk])
    summary = reverse("panel_summary", args=[s.panel.institution_id, s.panel.pk])
    client.force_login(s.users[0])  # the leader cannot check the tally
    response = client.post(tally, {"password": h.PASSWORD}, follow=True)
    assert "只有指定的成绩核对人可以核对" in response.content.decode()
    client.force_login(s.checker.user)
    assert client.get(tally).status_code == 200
    response = client.post(tally, {"password": "x"}, follow=True)
    assert "密码不正确" in response.content.decode()
    response = client.post(tally, {"password": h.PASSWORD}, follow=True)
    assert "已核对成绩" in response.content.decode()
    client.force_login(s.users[0])
    response = client.post(summary, {"password": h.PASSWORD}, follow=True)
    html = response.content.decode()
    assert "已签署成绩汇总表" in html and s.regs[0].person.name in html
    assert Result.objects.get(registration=s.regs[0]).practical_score == 86


def test_manager_sets_up_a_panel_and_modules_with_clear_errors(client, sitting, enrol, staff):
    examiners = [h.examiner(sitting.institution, f"考评员{i}", f"ux{i}") for i in range(3)]
    checker = h.person("核分员", username="chk2")
    h.staff_plan(sitting, examiners, extra=[checker])
    enrol(sitting, 2)
    client.force_login(staff)
    setup = reverse("panel_setup", args=[sitting.institution_id, sitting.pk])
    assert "设置考评组" in client.get(setup).content.decode()
    response = client.post(
        setup, {"action": "create_panel", "checker": str(examiners[0].pk)}, follow=True
    )
    assert "不能是同一人" in response.content.decode() and not Panel.objects.exists()
    client.post(setup, {"action": "create_panel", "checker": str(checker.pk)})
    panel = Panel.objects.get(sitting=sitting)
    bad = {"action": "add_module", "name": "加工", "weight": "60", "items": "尺寸精度 40"}
    response = client.post(setup, bad)
    assert "第1行" in response.content.decode() and not AssessmentModule.objects.exists()
    good = dict(bad, items="尺寸精度|40\n表面质量｜20")
    response = client.post(setup, good, follow=True)
    assert "已添加考核模块" in response.content.decode()
    module = AssessmentModule.objects.get(panel=panel)
    assert [(i.description, i.max_points) for i in module.items.all()] == [
        ("尺寸精度", 40),
        ("表面质量", 20),
    ]
    over = dict(good, name="附加", weight="50")
    response = client.post(setup, over, follow=True)
    assert "合计不超过100" in response.content.decode()
    # an examiner member of the institution cannot set up panels
    client.force_login(f.member(sitting.institution, role=Membership.EXAMINER))
    assert client.post(setup, good).status_code == 403


def test_api_member_enters_scores_by_work_number(client, s, staff):
    a, _ = s.regs
    items = list(s.modules[0].items.all())
    url = scores_url(s)
    body = {
        "scores": [
            {"work_number": s.work(a), "item_id": items[0].pk, "points": "36"},
            {"work_number": s.work(a), "item_id": items[1].pk, "points": "18"},
        ]
    }
    client.force_login(s.users[0])
    response = client.put(url, body, content_type="application/json")
    assert response.status_code == 200
    row = next(r for r in response.json()["rows"] if r["work_number"] == s.work(a))
    assert row["cells"][0]["latest_version"] == 1 and row["cells"][0]["pending"] is True
    body["scores"][0]["points"] = "41"
    response = client.put(url, body, content_type="application/json")
    assert response.status_code == 400 and "0到40" in response.json()["detail"]["message"]
    client.force_login(staff)
    assert client.put(url, body, content_type="application/json").status_code == 403


def test_my_panels_lists_the_panels_of_the_logged_in_examiner(client, s):
    client.force_login(s.checker.user)
    html = client.get(reverse("my_panels")).content.decode()
    assert s.panel.sitting.name in html
    client.force_login(f.user("nobody"))
    assert s.panel.sitting.name not in client.get(reverse("my_panels")).content.decode()
