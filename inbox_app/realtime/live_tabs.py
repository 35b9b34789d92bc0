"""Which agents have a live tab: browser tokens seen signed in that still hold a socket.

A closed tab drops its socket at once; a vanished network within the socket's ping interval
plus timeout (set to 20 s + 20 s in rxconfig.py), so an agent counts as offline within 60 s.
The registry is shared by every worker (see registry.py); each worker writes a token again
at most once a minute, and entries of tabs gone for five minutes are forgotten.
"""

from __future__ import annotations

import time

from inbox_app.realtime.transport import registry

NAME = "presence"
REWRITE_SECONDS = 60.0
FORGET_SECONDS = 300.0  # > REWRITE_SECONDS: a forgotten token is always written again
CACHE_SECONDS = 0.5  # every list load asks; the clock's tick asks once a second
_written: dict[str, tuple[int, float]] = {}
_cache: tuple[float, frozenset[int]] = (0.0, frozenset())


def seen(*, token: str, agent_id: int) -> None:
    global _cache
    now = time.time()
    last = _written.get(token)
    if not token or (last and last[0] == agent_id and now - last[1] < REWRITE_SECONDS):
        return
    registry.put(NAME, token, {"agent_id": agent_id, "at": now})
    _written[token], _cache = (agent_id, now), (0.0, frozenset())


def gone(*, token: str) -> None:
    """The tab signed out or failed its check: it no longer makes its agent available."""
    global _cache
    registry.remove(NAME, [token])
    _written.pop(token, None)
    _cache = (0.0, frozenset())


def write_again() -> None:
    """Redis may have come back empty: write each tab again the next time it is seen."""
    global _cache
    _written.clear()
    _cache = (0.0, frozenset())


def live_agent_ids() -> frozenset[int]:
    global _cache
    now = time.time()
    if now - _cache[0] < CACHE_SECONDS:
        return _cache[1]
    found = registry.entries(NAME)
    live = registry.connected(list(found))
    registry.remove(
        NAME, [t for t, v in found.items() if t not in live and now - v["at"] > FORGET_SECONDS]
    )
    _cache = (now, frozenset(v["agent_id"] for t, v in found.items() if t in live))
    return _cache[1]
