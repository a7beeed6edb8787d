"""Issue 10 item 4: reads live in selectors, and selectors know nothing of HTTP.

Generated from the source tree, so a new app or module is covered without listing it."""

import ast
import re

from tests.test_layers import ROOT, _imports

EDGE_MODULES = ("views", "api", "forms")
# `Model.objects.none()` is a form field's empty starting queryset, not a read.
ORM_READ = re.compile(r"\b[A-Z]\w*\.objects\.(?!none\(\))")


def _edge_modules():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if len(rel.parts) < 2 or rel.parts[0] == "demo" or "migrations" in rel.parts:
            continue
        if rel.stem.split("_")[0] in EDGE_MODULES or set(rel.parts[:-1]) & set(EDGE_MODULES):
            yield rel, path.read_text()


def test_views_api_and_forms_read_through_selectors():
    reads = [
        f"{rel}:{n}: {line.strip()}"
        for rel, text in _edge_modules()
        for n, line in enumerate(text.splitlines(), 1)
        if ORM_READ.search(line)
    ]
    assert not reads, "move these reads into the app's selectors:\n" + "\n".join(reads)


def _selector_modules():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if "selectors" in rel.parts or rel.name == "selectors.py":
            yield rel, ast.parse(path.read_text())


def test_selectors_know_nothing_of_http():
    """Issue 10 item 4: a selector returns None or raises a domain refusal
    (core.errors.NotFound); the edge (view, API) decides the answer. No selector imports
    django.http or django.shortcuts (Http404, get_object_or_404)."""
    http = [
        f"{rel}:{line}: {module}"
        for rel, tree in _selector_modules()
        for module, line, _ in _imports(tree)
        if module.startswith(("django.http", "django.shortcuts"))
    ]
    assert not http, "\n".join(http)
