"""Which chat widgets are connected: a widget polls at least every 25 s while its page is open.

A conversation counts as connected for AWAY_AFTER seconds after its widget's last poll, and not
at all once the page says it left (the widget sends a beacon when the page goes away). Kept in
the shared registry, so a reply on one worker knows about a widget polling another.
"""

from __future__ import annotations

import time

from inbox_app.realtime.transport import registry

NAME = "visitor_polls"
AWAY_AFTER = 60.0
REWRITE_SECONDS = 10.0  # a widget polling on and on is written at most this often per worker
PRUNE_SECONDS = 600.0
_written: dict[int, float] = {}
_pruned = [time.time()]


def polled(conversation_id: int) -> None:
    now = time.time()
    if now - _written.get(conversation_id, 0.0) < REWRITE_SECONDS:
        return
    registry.put(NAME, str(conversation_id), now)
    _written[conversation_id] = now
    if now - _pruned[0] > PRUNE_SECONDS:  # forget the long gone, so the registry stays small
        _pruned[0] = now
        found = registry.entries(NAME)
        registry.remove(NAME, [key for key, at in found.items() if now - at > AWAY_AFTER])
        for key in [k for k, at in _written.items() if now - at > AWAY_AFTER]:
            _written.pop(key, None)


def left(conversation_id: int) -> None:
    registry.remove(NAME, [str(conversation_id)])
    _written.pop(conversation_id, None)


def connected(conversation_id: int) -> bool:
    at = registry.get(NAME, str(conversation_id))
    return at is not None and time.time() - at < AWAY_AFTER
