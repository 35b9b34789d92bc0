"""Collision detection: who has which conversation open, and who is typing in it.

Kept per browser token in memory (the Redis registry comes with several workers). Entries of
closed tabs go with their socket; typing ends five seconds after the last keystroke.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from inbox_app.realtime import hub, widget_typing

TYPING_SECONDS = 5.0


@dataclass
class Presence:
    agent_id: int
    agent_name: str
    conversation_id: int
    typing_until: float = 0.0


_by_token: dict[str, Presence] = {}


def viewing(*, token: str, agent_id: int, agent_name: str, conversation_id: int) -> bool:
    """Record what this tab shows; True when that changed (the others should hear of it)."""
    before = _by_token.get(token)
    if before is not None and before.conversation_id == conversation_id:
        return False
    _by_token[token] = Presence(agent_id, agent_name, conversation_id)
    return True


def typing(*, token: str) -> bool:
    """Record a keystroke; True when this tab just started typing."""
    entry = _by_token.get(token)
    if entry is None:
        return False
    started = entry.typing_until < time.monotonic()
    entry.typing_until = time.monotonic() + TYPING_SECONDS
    return started


def labels(*, viewer_agent_id: int) -> dict[str, str]:
    """'Anna is typing…' or 'Anna is viewing' per conversation id, other agents only."""
    connected, now = set(hub.connected_tokens()), time.monotonic()
    found: dict[int, dict[str, bool]] = {}
    for token, entry in list(_by_token.items()):
        if token not in connected:
            del _by_token[token]
        elif entry.agent_id != viewer_agent_id and entry.conversation_id:
            names = found.setdefault(entry.conversation_id, {})
            names[entry.agent_name] = names.get(entry.agent_name, False) or entry.typing_until > now
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
    """True once per tab whose typing just ran out (the clock tells the others)."""
    now, ended = time.monotonic(), False
    for entry in _by_token.values():
        if 0 < entry.typing_until <= now:
            entry.typing_until, ended = 0.0, True
    return ended


def prune() -> bool:
    """Forget tabs whose socket is gone; True when some were (the others should hear of it)."""
    connected = set(hub.connected_tokens())
    gone = [token for token in _by_token if token not in connected]
    for token in gone:
        del _by_token[token]
    return bool(gone)
