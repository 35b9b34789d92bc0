"""Collision detection: who has which conversation open, and who is typing in it.

Kept per browser token in the registry every worker shares (see registry.py); typing ends
five seconds after the last keystroke. The clock's tick forgets tabs whose socket is gone,
so reading the labels needs no socket check.
"""

from __future__ import annotations

import time

from inbox_app.realtime.transport import registry
from inbox_app.realtime.widget import typing_status as widget_typing

NAME = "activity"
TYPING_SECONDS = 5.0


def viewing(*, token: str, agent_id: int, agent_name: str, conversation_id: int) -> bool:
    """Record what this tab shows; True when that changed (the others should hear of it)."""
    before = registry.get(NAME, token)
    if before is not None and before["conversation_id"] == conversation_id:
        return False
    entry = {"agent_id": agent_id, "agent_name": agent_name, "conversation_id": conversation_id}
    registry.put(NAME, token, {**entry, "typing_until": 0.0})
    return True


def left(*, token: str) -> bool:
    """The tab signed out or failed its check: it views and types nothing from now on."""
    if registry.get(NAME, token) is None:
        return False
    registry.remove(NAME, [token])
    return True


def showing(conversation_id: int) -> set[str]:
    """The tabs that have this conversation open."""
    entries = registry.entries(NAME).items()
    return {token for token, entry in entries if entry["conversation_id"] == conversation_id}


def typing(*, token: str) -> bool:
    """Record a keystroke; True when this tab just started typing."""
    entry = registry.get(NAME, token)
    if entry is None:
        return False
    now = time.time()
    started = entry["typing_until"] < now
    registry.put(NAME, token, {**entry, "typing_until": now + TYPING_SECONDS})
    return started


def labels(*, viewer_agent_id: int) -> dict[str, str]:
    """'Anna is typing…' or 'Anna is viewing' per conversation id, other agents only."""
    now = time.time()
    found: dict[int, dict[str, bool]] = {}
    for entry in registry.entries(NAME).values():
        if entry["agent_id"] != viewer_agent_id and entry["conversation_id"]:
            names = found.setdefault(entry["conversation_id"], {})
            name = entry["agent_name"]
            names[name] = names.get(name, False) or entry["typing_until"] > now
    return _with_visitors({str(cid): _sentence(names) for cid, names in found.items()})


def _with_visitors(labels: dict[str, str]) -> dict[str, str]:
    """A typing visitor comes first: 'Vera is typing… · Anna is viewing'."""
    for key, line in widget_typing.visitor_labels().items():
        labels[key] = f"{line} · {labels[key]}" if key in labels else line
    return labels


def _sentence(names: dict[str, bool]) -> str:
    typing_now = sorted(name for name, is_typing in names.items() if is_typing)
    if typing_now:
        return f"{' and '.join(typing_now)} {'is' if len(typing_now) == 1 else 'are'} typing…"
    viewers = sorted(names)
    return f"{' and '.join(viewers)} {'is' if len(viewers) == 1 else 'are'} viewing"


def typing_ended() -> bool:
    """True when some tab's typing just ran out (the clock tells the others)."""
    now, ended = time.time(), False
    for token, entry in registry.entries(NAME).items():
        if 0 < entry["typing_until"] <= now:
            registry.put(NAME, token, {**entry, "typing_until": 0.0})
            ended = True
    return ended


def prune() -> bool:
    """Forget tabs whose socket is gone; True when some were (the others should hear of it)."""
    tokens = list(registry.entries(NAME))
    gone = sorted(set(tokens) - registry.connected(tokens))
    registry.remove(NAME, gone)
    return bool(gone)
