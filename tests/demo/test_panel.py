"""Issue 16 item 30 (ARR-05, SCORE-03, EXAM-09): `make run` leaves a panel to try. The demo
examiner logs in with the demo password, finds the panel under 我的考评组, opens its scoring
grid with the candidates' work numbers (no names) and enters points; the managers follow it."""

from decimal import Decimal

from django.core.management import call_command

from skillcert.demo.data import PASSWORD, seed
from skillcert.demo.panel import SITTING
from skillcert.panels import services as ps
from skillcert.panels.models import Panel, ScoreVersion, WorkNumber


def _login(client, username: str) -> None:
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, f"{username} could not log in"


def test_demo_examiner_scores_the_demo_panel_item_30(db, client):
    """Issue 16 item 30 (ARR-05, SCORE-03): after seed, `examiner` reaches the panel's grid
    (200, its work numbers listed, no names before the summary, EXAM-09) and the panels
    service takes their points: the practical is today, the sitting not published."""
    seed()
    panel = Panel.objects.get(sitting__name=SITTING)
    assert panel.members.count() >= 3  # ARR-05
    assert panel.checker.user.username == "checker" and panel.checker != panel.leader
    works = list(WorkNumber.objects.filter(sitting=panel.sitting).select_related("registration"))
    assert len(works) == 5
    module = panel.modules.order_by("order").first()
    _login(client, "examiner")
    mine = client.get("/panels/mine/").content.decode()
    assert panel.sitting.name in mine
    grid = client.get(f"/i/{panel.institution_id}/panels/{panel.pk}/modules/{module.pk}/")
    assert grid.status_code == 200
    page = grid.content.decode()
    assert all(w.number in page for w in works)
    assert works[0].registration.person.name not in page
    examiner = client.session["_auth_user_id"]
    user = panel.members.get(person__user_id=examiner).person.user
    items = list(module.items.all())
    entries = [ps.ScoreEntry(works[0].number, item.pk, Decimal("10")) for item in items]
    ps.scores_enter(actor=user, panel=panel, module=module, entries=entries)
    assert ScoreVersion.objects.filter(panel=panel, registration=works[0].registration).exists()


def test_demo_managers_follow_the_panel_and_seed_stays_idempotent_item_30(db, client, capsys):
    """Issue 16 item 30: kaowu and director see the panel's status, tally and summary pages
    as its managers; the run prints the panel logins; a second run adds no second panel."""
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert all(name in out for name in ("examiner2", "examiner3", "checker", "/panels/mine/"))
    panel = Panel.objects.get(sitting__name=SITTING)
    base = f"/i/{panel.institution_id}/panels/{panel.pk}/"
    for username in ("kaowu", "director"):
        client.logout()
        _login(client, username)
        for page in (base, f"{base}tally/", f"{base}summary/"):
            assert client.get(page).status_code == 200, (username, page)
    call_command("seed_demo")
    assert Panel.objects.count() == 1
