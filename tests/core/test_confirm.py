"""Issue 16 item 29: every irreversible POST form (force submit, finish, issue, publish,
notify, void, replace, destroy, spoil, delete, confirm a violation) asks first, through the
one shared mechanism: data-confirm, handled by static/skillcert/confirm.js in base.html."""

import re
from pathlib import Path

import skillcert

SRC = Path(skillcert.__file__).parent
IRREVERSIBLE = [
    "'exam_force'",
    "'exam_finish'",
    "'issue_register_issue'",
    "'certificate_void'",
    "'certificate_replace'",
    "'announcement_publish'",
    "'results_publish'",
    "'results_notify'",
    "'room_delete'",
    "'venue_delete'",
    "'violation_confirm'",
    "'destroy'",
    "'spoil'",
]
FORM = re.compile(r"<form\b[^>]*>", re.S)


def _forms():
    for path in SRC.rglob("templates/**/*.html"):
        for tag in FORM.findall(path.read_text()):
            yield path.relative_to(SRC), tag


def test_every_irreversible_form_asks_for_confirmation_item29():
    found = {name: [] for name in IRREVERSIBLE}
    for path, tag in _forms():
        for name in IRREVERSIBLE:
            if f"{{% url {name}" in tag or (name in ("'destroy'", "'spoil'") and name in tag):
                found[name].append((path, "data-confirm=" in tag))
    assert all(found.values()), [n for n, hits in found.items() if not hits]  # still there
    missing = [(str(p), n) for n, hits in found.items() for p, ok in hits if not ok]
    assert missing == []


def test_base_template_loads_the_one_confirm_script_item29():
    base = (SRC / "templates" / "base.html").read_text()
    assert "skillcert/confirm.js" in base
    script = (SRC / "static" / "skillcert" / "confirm.js").read_text()
    assert "data-confirm" in script and "window.confirm" in script
