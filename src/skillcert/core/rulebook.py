"""The rules the system enforces (RULES.md, shipped with the package), by ID, for the page
that screens link their cited rule IDs to (issue 16 item 30) and for the API."""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SOURCE = Path(__file__).parent / "data" / "RULES.md"
# The ID families of RULES.md; a screen's "（PLAN-03）" becomes a link to the rule.
RULE_ID = re.compile(r"\b(?:LEVEL|CAT|INST|PEOPLE|PLAN|ARR|EXAM|SCORE|VIOL|CERT|REC)-\d{2}\b")
_ITEM = re.compile(r"^- (?P<id>[A-Z]+-\d{2}) (?P<text>.+)$")
_SECTION = re.compile(r"^## (?P<title>.+)$")


@dataclass(frozen=True)
class Rule:
    id: str
    text: str
    section: str


@dataclass(frozen=True)
class Section:
    title: str
    rules: tuple[Rule, ...]


@lru_cache(maxsize=1)
def rulebook() -> tuple[Section, ...]:
    """The sections of RULES.md that hold rules, in their order."""
    sections: list[Section] = []
    title, rules = "", []
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        if m := _SECTION.match(line):
            if rules:
                sections.append(Section(title, tuple(rules)))
            title, rules = m["title"], []
        elif m := _ITEM.match(line):
            rules.append(Rule(m["id"], m["text"], title))
    if rules:
        sections.append(Section(title, tuple(rules)))
    return tuple(sections)


def rule_get(rule_id: str) -> Rule | None:
    wanted = (rule_id or "").strip().upper()
    return next((r for s in rulebook() for r in s.rules if r.id == wanted), None)
