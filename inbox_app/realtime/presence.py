"""Which agents have a live tab: browser tokens seen signed in that still hold a socket.

A closed tab drops its socket at once; a vanished network within the socket's ping interval
plus timeout (set to 20 s + 20 s in rxconfig.py), so an agent counts as offline within 60 s.
"""

from __future__ import annotations

from inbox_app.realtime import hub

_agent_of_token: dict[str, int] = {}


def seen(*, token: str, agent_id: int) -> None:
    if token:
        _agent_of_token[token] = agent_id


def live_agent_ids() -> frozenset[int]:
    connected = set(hub.connected_tokens())
    for token in [t for t in _agent_of_token if t not in connected]:
        del _agent_of_token[token]  # it comes back on its next signed-in event
    return frozenset(_agent_of_token.values())
