"""Issue 16 item 17: a strict Content-Security-Policy on every page (core/csp.py)."""

import re
from pathlib import Path

import pytest

from skillcert.core.csp import policy

SRC = Path(__file__).resolve().parents[2] / "src" / "skillcert"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.I)


def test_pages_carry_a_strict_policy_with_a_fresh_nonce(client, staff, institution):
    """Scripts, styles and connections from this server only; inline script only with the
    response's nonce, which django-htmx's script tag carries; no two responses share one."""
    client.force_login(staff)
    first = client.get(f"/i/{institution.pk}/")
    second = client.get(f"/i/{institution.pk}/")
    header = first.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", header).group(1)
    assert nonce not in second.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in header.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["style-src"] == "'self'" and directives["object-src"] == "'none'"
    assert "unsafe" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    html = first.content.decode()
    assert f'nonce="{nonce}"' in html and "htmx" in html


def test_the_admin_policy_still_confines_it_to_this_server():
    """django-unfold's Alpine.js needs eval: the admin gets it, but no other host."""
    admin = policy("/admin/", "n")
    assert "'unsafe-eval'" in admin and "http" not in admin
    assert "unsafe" not in policy("/i/1/", "n")


@pytest.mark.parametrize(
    "template", sorted(p for p in SRC.rglob("templates/**/*.html") if "/admin/" not in str(p))
)
def test_no_template_has_an_inline_script_or_style(template):
    """Every page template keeps scripts and styles in static files, so the policy can stay
    strict (a new template with an inline one fails here, and in the browser)."""
    text = template.read_text()
    assert not INLINE_SCRIPT.search(text), template
    assert not INLINE_STYLE.search(text), template
