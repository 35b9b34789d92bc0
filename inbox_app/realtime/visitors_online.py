"""Visitors with the widget loaded right now, kept from their heartbeats.

A small interface over an in-process dict (one worker); with several workers it moves to Redis
behind the same functions. A visitor drops out DROP_AFTER seconds after their last heartbeat.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

DROP_AFTER = timedelta(seconds=60)
RETURNING_AFTER = timedelta(minutes=30)  # first seen this long before the visit: returning


@dataclass(frozen=True)
class OnlineVisitor:
    visitor_id: str  # the random part of the signed id: never the token itself
    page_url: str
    page_title: str
    language: str
    first_seen: datetime
    visit_started: datetime
    last_beat: datetime
    conversation_id: int | None = None

    @property
    def returning(self) -> bool:
        return self.visit_started - self.first_seen >= RETURNING_AFTER


_online: dict[str, OnlineVisitor] = {}


def beat(
    *,
    visitor_id: str,
    page_url: str,
    page_title: str,
    language: str,
    first_seen: datetime,
    conversation_id: int | None,
    now: datetime,
) -> bool:
    """Record a heartbeat; True when what agents see changed (new visitor, page, chat)."""
    before = _online.get(visitor_id)
    started = before.visit_started if before is not None else now
    entry = OnlineVisitor(visitor_id, page_url[:2000], page_title[:300], language[:35],
                          first_seen, started, now, conversation_id or (before and before.conversation_id))  # fmt: skip
    _online[visitor_id] = entry
    return before is None or replace(before, last_beat=now) != entry


def attach_conversation(*, visitor_id: str, conversation_id: int) -> None:
    entry = _online.get(visitor_id)
    if entry is not None:
        _online[visitor_id] = replace(entry, conversation_id=conversation_id)


def find(visitor_id: str) -> OnlineVisitor | None:
    return _online.get(visitor_id)


def online(*, now: datetime) -> list[OnlineVisitor]:
    """Who is online, longest on the site first."""
    alive = [v for v in _online.values() if now - v.last_beat <= DROP_AFTER]
    return sorted(alive, key=lambda v: (v.visit_started, v.visitor_id))


def prune(*, now: datetime) -> bool:
    """Forget visitors without a heartbeat for DROP_AFTER; True when some were."""
    gone = [key for key, v in _online.items() if now - v.last_beat > DROP_AFTER]
    for key in gone:
        del _online[key]
    return bool(gone)


def reset() -> None:
    """Forget everyone (tests)."""
    _online.clear()
