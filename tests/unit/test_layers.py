"""The layer contract, read from the source with ast: a package imports only from its own layer
or the ones below it, and the core (models, services) never imports a framework.

    models, settings, i18n  <  security, db, widget_signing, migrations, logging_setup  <  services
    <  realtime, operations, maintenance, demo, mail, webhooks  <  api, state  <  components, pages  <  the root
"""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "inbox_app"
LAYERS = [
    {"models", "settings", "i18n"},
    {"security", "db", "widget_signing", "migrations", "logging_setup"},
    {"services"},
    {"realtime", "operations", "maintenance", "demo", "mail", "webhooks"},
    {"api", "state"},
    {"components", "pages"},
    {"inbox_app", "cli", "__main__", "__init__"},
]
LEVEL = {name: level for level, names in enumerate(LAYERS) for name in names}
FRAMEWORKS = ("reflex", "fastapi", "starlette")
CORE = {"models", "services"}


def _package_of(path: Path) -> str:
    parts = path.relative_to(APP).with_suffix("").parts
    return "inbox_app" if parts == ("inbox_app",) else parts[0]


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _modules():
    for path in sorted(APP.rglob("*.py")):
        yield path, _package_of(path), _imports(path)


def test_every_package_has_a_layer():
    assert {package for _path, package, _imports in _modules()} <= set(LEVEL)


def test_nothing_imports_upward():
    upward = [
        f"{path.relative_to(APP)} imports {module}"
        for path, package, imports in _modules()
        for module in imports
        if module.startswith("inbox_app.") and LEVEL.get(module.split(".")[1], 0) > LEVEL[package]
    ]
    assert upward == []


def test_the_core_imports_no_framework_and_no_database_engine():
    """Services take a session from their caller; models and services never see a request."""
    leaks = [
        f"{path.relative_to(APP)} imports {module}"
        for path, package, imports in _modules()
        if package in CORE
        for module in imports
        if module.split(".")[0] in FRAMEWORKS or module == "inbox_app.db"
    ]
    assert leaks == []


def test_only_the_named_events_call_the_hub():
    """Every live event has a name (realtime/events.py); nothing publishes a bare kind."""
    callers = [
        str(path.relative_to(APP))
        for path in sorted(APP.rglob("*.py"))
        if path.name not in ("events.py", "hub.py") and "hub.publish(" in path.read_text()
    ]
    assert callers == []


def test_realtime_transport_sits_below_the_hub():
    """realtime/transport (bus, Redis, registries, this worker's sockets) imports nothing else of
    realtime: the hub and the named events build on it, never the other way."""
    transport = APP / "realtime" / "transport"
    upward = [
        f"{path.relative_to(APP)} imports {module}"
        for path in sorted(transport.rglob("*.py"))
        for module in _imports(path)
        if module.startswith("inbox_app.realtime")
        and not module.startswith("inbox_app.realtime.transport")
    ]
    assert upward == []
