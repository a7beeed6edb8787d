"""Every audit action name is registered in core.audit_actions and reads `entity.verb`.

Generated from the source: every AuditDraft is found, and its action traced back through
the helpers that forward an `action` parameter (audit_record, each app's `_draft`, ...) to
the literal names their callers pass, so a new name that is not registered fails here
before it fails at run time (core.audit refuses an unknown name)."""

import ast
import fnmatch
import itertools
from pathlib import Path

import pytest

from skillcert.core import audit_actions
from skillcert.core.audit import AuditDraft, UnknownAuditAction, audit_record_many

SRC = Path(audit_actions.__file__).resolve().parents[1]


class _Module:
    def __init__(self, path: Path):
        self.path = path
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.parent: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parent[child] = node

    def enclosing(self, node: ast.AST):
        while node in self.parent:
            node = self.parent[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                return node
        return None


MODULES = [_Module(p) for p in sorted(SRC.rglob("*.py")) if "migrations" not in p.parts]


def _callee(call: ast.Call) -> str | None:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _calls(name: str, home: _Module):
    """Call sites of a function: anywhere if public, in its own module if private."""
    for module in MODULES if not name.startswith("_") else [home]:
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Call) and _callee(node) == name:
                yield module, node


def _argument(call: ast.Call, func: ast.FunctionDef, param: str):
    for kw in call.keywords:
        if kw.arg == param:
            return kw.value
    names = [a.arg for a in func.args.posonlyargs + func.args.args]
    if names and names[0] in ("self", "cls"):
        names = names[1:]
    if param in names and names.index(param) < len(call.args):
        return call.args[names.index(param)]
    return _default(func, param)


def _default(func: ast.FunctionDef, param: str):
    positional = func.args.posonlyargs + func.args.args
    with_default = positional[len(positional) - len(func.args.defaults) :]
    for arg, default in zip(with_default, func.args.defaults, strict=True):
        if arg.arg == param:
            return default
    for arg, default in zip(func.args.kwonlyargs, func.args.kw_defaults, strict=True):
        if arg.arg == param:
            return default
    return None


def _params(func) -> set[str]:
    a = func.args
    return {x.arg for x in a.posonlyargs + a.args + a.kwonlyargs}


def resolve(expr, module: _Module, depth: int = 0) -> list[tuple[str, str]]:
    """The names an expression can take, as (pattern, where); `*` marks a part not traced."""
    where = f"{module.path.relative_to(SRC.parent)}:{getattr(expr, 'lineno', '?')}"
    if depth > 8 or expr is None:
        return [("*", where)]
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return [(expr.value, where)]
    if isinstance(expr, ast.IfExp):
        return resolve(expr.body, module, depth) + resolve(expr.orelse, module, depth)
    if isinstance(expr, ast.JoinedStr):
        parts = []
        for value in expr.values:
            if isinstance(value, ast.Constant):
                parts.append([(value.value, where)])
            else:
                inner = resolve(value.value, module, depth + 1)
                parts.append([(p if "." not in p else "*", w) for p, w in inner])
        return [("".join(p for p, _ in combo), where) for combo in itertools.product(*parts)]
    if isinstance(expr, ast.Name):
        func = module.enclosing(expr)
        if func is not None and expr.id in _params(func):
            found = []
            for site_module, call in _calls(func.name, module):
                if site_module.enclosing(call) is func:
                    continue  # recursion
                found += resolve(_argument(call, func, expr.id), site_module, depth + 1)
            return found
        if func is not None:  # a local: every value assigned to it
            found = []
            for node in ast.walk(func):
                if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == expr.id for t in node.targets
                ):
                    found += resolve(node.value, module, depth + 1)
            if found:
                return found
    return [("*", where)]


def _drafts():
    for module in MODULES:
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Call) and _callee(node) == "AuditDraft":
                expr = node.args[0] if node.args else None
                for kw in node.keywords:
                    if kw.arg == "action":
                        expr = kw.value
                yield from resolve(expr, module)


FOUND = sorted(set(_drafts()))


def test_the_scan_finds_the_known_callers():
    names = {name for name, _ in FOUND}
    # one through audit_record, one through a forwarding helper, one through an f-string prefix
    assert {"certificate.void", "staffing.assign", "sitting_change.approve"} <= names


@pytest.mark.parametrize(("pattern", "where"), FOUND, ids=[f"{p}@{w}" for p, w in FOUND])
def test_action_is_registered_and_reads_entity_verb(pattern, where):
    assert pattern.strip("*"), f"{where}: the action name cannot be traced to a literal"
    if "*" in pattern:  # a part comes from data (a movement kind, a code purpose)
        matches = fnmatch.filter(audit_actions.ACTIONS, pattern)
        assert matches, f"{where}: no registered action matches {pattern!r}"
        assert all(audit_actions.NAME.fullmatch(m) for m in matches)
        return
    assert pattern in audit_actions.ACTIONS, f"{where}: {pattern!r} is not in core.audit_actions"
    assert audit_actions.NAME.fullmatch(pattern), f"{where}: {pattern!r} is not entity.verb"


def test_registry_names_read_entity_verb_and_have_a_label():
    for name, label in audit_actions.ACTIONS.items():
        assert audit_actions.NAME.fullmatch(name), name
        assert label.strip(), name
    for old, new in audit_actions.RENAMED.items():
        assert old not in audit_actions.ACTIONS and new in audit_actions.ACTIONS, old


def test_old_names_keep_their_label():
    # REC-09: stored entries are never rewritten (the hash covers the name): old names map.
    assert audit_actions.label("examiner_add") == audit_actions.label("examiner.add")
    assert audit_actions.label("no.such_action") == "no.such_action"


@pytest.mark.django_db
def test_append_refuses_an_unknown_action():
    from django.db import transaction

    with pytest.raises(UnknownAuditAction), transaction.atomic():
        audit_record_many(actor=None, drafts=[AuditDraft("nothing.done", "core.x", "1")])
