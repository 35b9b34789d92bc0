"""Browsers can send any event: every Reflex event handler must check who calls first.

Read from the source with ast (no Reflex import): each @rx.event method must call one of the
checking helpers before anything else happens, unless it is one of the few public handlers.
"""

import ast
from pathlib import Path

STATE_DIR = Path(__file__).resolve().parents[2] / "inbox_app" / "state"
CHECKS = {"_authenticate", "_admin", "_act", "_each", "_call", "_run", "_change_filter"}
# Handlers a signed-out visitor must reach: signing in, and setting a password from a link.
PUBLIC = {"sign_in", "open_login", "set_password", "sign_out"}


def _event_handlers():
    for path in sorted(STATE_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
                ast.unparse(d).startswith("rx.event") for d in node.decorator_list
            ):
                yield path.name, node


def _calls(node) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute):
            names.add(call.func.attr)
    return names


def test_there_are_handlers_to_check():
    assert len(list(_event_handlers())) > 30


def test_every_handler_checks_the_caller():
    unchecked = [
        f"{file}:{node.name}"
        for file, node in _event_handlers()
        if node.name not in PUBLIC and not (_calls(node) & CHECKS)
    ]
    assert unchecked == []
