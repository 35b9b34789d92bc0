"""The Reflex app this worker serves, and the browser tabs whose sockets it holds.

Below the hub: the registries ask which tabs are connected here, the hub pushes to them, and
neither needs the other for that. The composition root attaches the app once.
"""

from __future__ import annotations

from typing import Any

_app: Any = None


def attach(app: Any) -> None:
    global _app
    _app = app


def app() -> Any:
    """The attached Reflex app, or None before the root attached it (tests, tools)."""
    return _app


def state_manager() -> Any:
    return None if _app is None else _app.state_manager


def event_namespace() -> Any:
    return None if _app is None else _app.event_namespace


def connected_tokens() -> list[str]:
    """Browser tabs whose socket this worker holds (others' sockets are their workers' to push)."""
    namespace = event_namespace()
    if namespace is None:
        return []
    manager = namespace._token_manager
    return [
        token
        for token, record in list(manager.token_to_socket.items())
        if record.instance_id == manager.instance_id
    ]
