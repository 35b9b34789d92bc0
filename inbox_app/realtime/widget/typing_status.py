"""Typing between a widget and the agents: who types in which chat conversation, both ways.

Visitor typing shows on the agents' dashboards ("Vera is typing…"); agent typing (replies only,
never comments) shows in the visitor's widget. Kept in the registry every worker shares, like
`activity`; typing ends five seconds after the last keystroke unless it is stopped (sent,
emptied, switched).
"""

from __future__ import annotations

import time

from inbox_app.realtime.transport import registry

TYPING_SECONDS = 5.0
VISITORS, AGENTS = "visitor_typing", "agent_typing"  # conversation id; "id:agent name"


def visitor_typing(*, conversation_id: int, name: str) -> bool:
    """Record a visitor's keystroke; True when they just started (the agents should hear)."""
    started = registry.get(VISITORS, str(conversation_id)) is None
    until = time.time() + TYPING_SECONDS
    registry.put(VISITORS, str(conversation_id), {"name": name or "Visitor", "until": until})
    return started


def visitor_stopped(*, conversation_id: int) -> bool:
    """True when the visitor was shown typing until now."""
    return registry.take(VISITORS, str(conversation_id)) is not None


def visitor_labels() -> dict[str, str]:
    """'Vera is typing…' per conversation id (as text, like `activity.labels`)."""
    return {cid: f"{entry['name']} is typing…" for cid, entry in registry.entries(VISITORS).items()}


def agent_typing(*, conversation_id: int, agent_name: str) -> bool:
    """Record an agent's keystroke in a reply; True when this agent just started here."""
    key = f"{conversation_id}:{agent_name}"
    started = registry.get(AGENTS, key) is None
    registry.put(AGENTS, key, time.time() + TYPING_SECONDS)
    return started


def agent_stopped(*, conversation_id: int, agent_name: str) -> bool:
    """True when the agent was shown typing here until now."""
    return registry.take(AGENTS, f"{conversation_id}:{agent_name}") is not None


def agent_label(conversation_id: int) -> str:
    """What the widget shows: 'Anna is typing…', or '' when no agent types a reply."""
    prefix = f"{conversation_id}:"
    names = sorted(k.removeprefix(prefix) for k in registry.entries(AGENTS) if k.startswith(prefix))
    if not names:
        return ""
    return f"{' and '.join(names)} {'is' if len(names) == 1 else 'are'} typing…"


def expire() -> tuple[bool, list[int]]:
    """Drop typing that ran out: (visitor typing changed, conversations whose agent label did)."""
    now = time.time()
    gone = [k for k, entry in registry.entries(VISITORS).items() if entry["until"] <= now]
    registry.remove(VISITORS, gone)
    ended = [key for key, until in registry.entries(AGENTS).items() if until <= now]
    registry.remove(AGENTS, ended)
    return bool(gone), sorted({int(key.split(":", 1)[0]) for key in ended})


def reset() -> None:
    """Forget everything (tests)."""
    registry.clear(VISITORS)
    registry.clear(AGENTS)
