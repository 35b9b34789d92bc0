"""Browsers can send any event: every Reflex event handler must check who calls first.

Read from the source with ast (no Reflex import): each public State method carries the guard
(`@agent_event` or `@admin_event`, state/guards.py), unless it is one of the few public handlers.
"""

import ast
from pathlib import Path

APP_DIR = Path(__file__).resolve().parents[2] / "inbox_app"
STATE_DIR = APP_DIR / "state"
GUARDS = {"agent_event", "admin_event"}  # state/guards.py: rx.event plus the check
# Handlers a signed-out visitor must reach: signing in, and setting a password from a link.
PUBLIC = {"sign_in", "open_login", "set_password", "sign_out"}
# Pages only admins open: their handlers must check for an admin, not just anyone signed in.
ADMIN_FILES = {"settings.py", "widget_settings.py"}
# What the hub calls on its own (no browser event): each must check the tab's sign-in too.
# _take_agent takes the agent `read_agent` checked for the tab's token, outside the lock; the
# refresh reads again when the token changed since (`_shows`).
LIVE_CHECKS = {"_authenticate", "_token_still_valid", "_take_agent"}


def _state_methods():
    for path in sorted(STATE_DIR.glob("*.py")):
        for cls in ast.parse(path.read_text()).body:
            if isinstance(cls, ast.ClassDef):
                for node in cls.body:
                    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                        yield path.name, node


def _decorators(node) -> set[str]:
    return {ast.unparse(d).split("(")[0] for d in node.decorator_list}


def _calls(node) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute):
            names.add(call.func.attr)
    return names


def test_there_are_handlers_to_check():
    assert len([1 for _file, node in _state_methods() if _decorators(node) & GUARDS]) > 40


def test_every_public_method_is_a_guarded_event_or_a_computed_var():
    """Reflex makes every public State method an event, decorated or not: each one carries
    the guard, apart from the few a signed-out browser must reach (plain rx.event)."""
    unguarded = [
        f"{file}:{node.name}"
        for file, node in _state_methods()
        if not node.name.startswith("_")
        and not _decorators(node) & (GUARDS | {"rx.var"})
        and not (node.name in PUBLIC and _decorators(node) == {"rx.event"})
    ]
    assert unguarded == []


def test_the_guard_is_the_only_decorator_of_a_handler():
    """Stacking rx.event on top would register the handler twice, once without its check."""
    stacked = [
        f"{file}:{node.name}"
        for file, node in _state_methods()
        if _decorators(node) & GUARDS and len(node.decorator_list) > 1
    ]
    assert stacked == []


def test_admin_pages_check_for_an_admin():
    unchecked = [
        f"{file}:{node.name}"
        for file, node in _state_methods()
        if file in ADMIN_FILES
        and not node.name.startswith("_")
        and node.name not in PUBLIC
        and _decorators(node) != {"admin_event"}
    ]
    assert unchecked == []


def _called(expression):
    """The call an expression statement makes, awaited or not."""
    return expression.value if isinstance(expression, ast.Await) else expression


def test_no_check_is_called_for_nothing():
    """`await self._authenticate()` on a line of its own checks, then lets the handler go on."""
    ignored = [
        f"{file}:{node.name}"
        for file, node in _state_methods()
        for statement in ast.walk(node)
        if isinstance(statement, ast.Expr)
        and isinstance(call := _called(statement.value), ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr in LIVE_CHECKS
    ]
    assert ignored == []


def _hub_callbacks() -> set[str]:
    """Method names wired with `hub.on_change(State, State._method, ...)` in the root."""
    tree = ast.parse((APP_DIR / "inbox_app.py").read_text())
    return {
        call.args[1].attr
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
        and ast.unparse(call.func) == "hub.on_change"
        and isinstance(call.args[1], ast.Attribute)
    }


def test_every_hub_callback_checks_the_tab():
    wired = _hub_callbacks()
    assert len(wired) >= 4
    callbacks = [(file, node) for file, node in _state_methods() if node.name in wired]
    assert {node.name for _file, node in callbacks} == wired
    unchecked = [
        f"{file}:{node.name}" for file, node in callbacks if not (_calls(node) & LIVE_CHECKS)
    ]
    assert unchecked == []
