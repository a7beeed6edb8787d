"""Issue 10: calls between apps go one way.

Generated from the source tree: every `import skillcert.<app>` in an app must name an app
below it in `core.hooks.LAYERS`, and no app hides a cross-app import inside a function
(the way cycles were hidden before). `apps.py` may import in `ready()` (Django's place for
connecting signals and hooks); `if TYPE_CHECKING:` blocks are type hints only.
"""

import ast
import pathlib

from skillcert.core.hooks import LAYERS

ROOT = pathlib.Path(__file__).resolve().parents[1] / "src" / "skillcert"
APPS = sorted(p.name for p in ROOT.iterdir() if (p / "__init__.py").exists())


def _imports(tree: ast.Module):
    """(module, line, at_top) for every absolute import; TYPE_CHECKING blocks left out."""
    top = {id(n) for n in tree.body}
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for n in ast.walk(node))
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module, node.lineno, id(node) in top
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno, id(node) in top


def _crossings():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if len(rel.parts) < 2 or "migrations" in rel.parts:
            continue
        app = rel.parts[0]
        for module, line, at_top in _imports(ast.parse(path.read_text())):
            parts = module.split(".")
            if parts[0] == "skillcert" and len(parts) > 1 and parts[1] in APPS and parts[1] != app:
                yield app, parts[1], f"{rel}:{line}", at_top


def test_every_app_has_a_layer():
    assert sorted(LAYERS) == APPS, "add the new app to core.hooks.LAYERS"


def test_apps_import_only_lower_apps():
    rank = {a: i for i, a in enumerate(LAYERS)}
    upward = [
        f"{where}: {app} imports {other} (above it)"
        for app, other, where, _ in _crossings()
        if rank[other] > rank[app]
    ]
    assert not upward, "\n".join(upward)


def test_no_cross_app_import_hidden_in_a_function():
    hidden = [
        f"{where}: {app} imports {other} inside a function"
        for app, other, where, at_top in _crossings()
        if not at_top and app != "demo" and not where.split(":")[0].endswith("apps.py")
    ]
    assert not hidden, "\n".join(hidden)
