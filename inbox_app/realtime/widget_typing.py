"""Typing between a widget and the agents: who types in which chat conversation, both ways.

Visitor typing shows on the agents' dashboards ("Vera is typing…"); agent typing (replies only,
never comments) shows in the visitor's widget. In memory, one worker, like `activity`; typing
ends five seconds after the last keystroke unless it is stopped (sent, emptied, switched).
"""

from __future__ import annotations

import time

TYPING_SECONDS = 5.0

_visitors: dict[int, tuple[str, float]] = {}  # conversation id -> (display name, until)
_agents: dict[int, dict[str, float]] = {}  # conversation id -> {agent name: until}


def visitor_typing(*, conversation_id: int, name: str) -> bool:
    """Record a visitor's keystroke; True when they just started (the agents should hear)."""
    started = conversation_id not in _visitors
    _visitors[conversation_id] = (name or "Visitor", time.monotonic() + TYPING_SECONDS)
    return started


def visitor_stopped(*, conversation_id: int) -> bool:
    """True when the visitor was shown typing until now."""
    return _visitors.pop(conversation_id, None) is not None


def visitor_labels() -> dict[str, str]:
    """'Vera is typing…' per conversation id (as text, like `activity.labels`)."""
    return {str(cid): f"{name} is typing…" for cid, (name, _until) in list(_visitors.items())}


def agent_typing(*, conversation_id: int, agent_name: str) -> bool:
    """Record an agent's keystroke in a reply; True when this agent just started here."""
    names = _agents.setdefault(conversation_id, {})
    started = agent_name not in names
    names[agent_name] = time.monotonic() + TYPING_SECONDS
    return started


def agent_stopped(*, conversation_id: int, agent_name: str) -> bool:
    """True when the agent was shown typing here until now."""
    names = _agents.get(conversation_id, {})
    stopped = names.pop(agent_name, None) is not None
    if not names:
        _agents.pop(conversation_id, None)
    return stopped


def agent_label(conversation_id: int) -> str:
    """What the widget shows: 'Anna is typing…', or '' when no agent types a reply."""
    names = sorted(_agents.get(conversation_id, {}))
    if not names:
        return ""
    return f"{' and '.join(names)} {'is' if len(names) == 1 else 'are'} typing…"


def expire() -> tuple[bool, list[int]]:
    """Drop typing that ran out: (visitor typing changed, conversations whose agent label did)."""
    now = time.monotonic()
    gone = [cid for cid, (_name, until) in _visitors.items() if until <= now]
    for cid in gone:
        del _visitors[cid]
    changed = []
    for cid, names in list(_agents.items()):
        for name in [n for n, until in names.items() if until <= now]:
            del names[name]
            changed.append(cid)
        if not names:
            del _agents[cid]
    return bool(gone), sorted(set(changed))


def reset() -> None:
    """Forget everything (tests)."""
    _visitors.clear()
    _agents.clear()
