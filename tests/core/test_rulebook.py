"""Issue 16 item 30: every rule ID a screen or message cites can be looked up on the site."""

import re
from pathlib import Path

import pytest

import skillcert
from skillcert.core.rulebook import RULE_ID, SOURCE, rule_get, rulebook

SRC = Path(skillcert.__file__).parent
# The specification beside the repository (../shared), where the repo is checked out there.
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "RULES.md"


def _cited() -> dict[str, str]:
    """Every rule ID in the code and templates users see, with one place citing it."""
    cited = {}
    for path in [*SRC.rglob("*.py"), *SRC.rglob("*.html")]:
        if "migrations" in path.parts:
            continue
        for rule_id in RULE_ID.findall(path.read_text(encoding="utf-8")):
            cited.setdefault(rule_id, str(path.relative_to(SRC)))
    return cited


def test_the_rulebook_holds_every_rule_of_rules_md():
    ids = re.findall(r"^- ([A-Z]+-\d{2}) ", SOURCE.read_text(encoding="utf-8"), re.M)
    listed = [r.id for s in rulebook() for r in s.rules]
    assert listed == ids and len(ids) > 90
    assert rule_get("plan-03").section.startswith("PLAN")


def test_every_cited_rule_id_exists():
    unknown = {i: where for i, where in _cited().items() if rule_get(i) is None}
    assert not unknown, f"cited rule IDs a user cannot look up: {unknown}"


@pytest.mark.skipif(not SHARED.exists(), reason="the specification folder is not beside the repo")
def test_the_shipped_rules_are_the_specification():
    assert SOURCE.read_text(encoding="utf-8") == SHARED.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_rules_page_and_api(client):
    page = client.get("/rules/").content.decode()
    assert 'id="PLAN-03"' in page and rule_get("PLAN-03").text[:20] in page
    one = client.get("/api/rules/EXAM-05").json()
    assert one["id"] == "EXAM-05" and one["text"] == rule_get("EXAM-05").text
    assert len(client.get("/api/rules").json()) == sum(len(s.rules) for s in rulebook())
    assert client.get("/api/rules/XYZ-99").status_code == 404
