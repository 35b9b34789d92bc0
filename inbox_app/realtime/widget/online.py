"""Visitors with the widget loaded right now, kept from their heartbeats.

Kept in the registry every worker shares (a dict in one process, Redis with several), so a
heartbeat on one worker shows on every worker's Visitors online page. A visitor drops out
DROP_AFTER after their last heartbeat.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta

from inbox_app.realtime.transport import registry

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


NAME = "visitors_online"
_TIMES = ("first_seen", "visit_started", "last_beat")


def _save(entry: OnlineVisitor) -> None:
    stored = asdict(entry) | {key: getattr(entry, key).isoformat() for key in _TIMES}
    registry.put(NAME, entry.visitor_id, stored)


def _load(stored: dict | None) -> OnlineVisitor | None:
    if stored is None:
        return None
    return OnlineVisitor(**stored | {key: datetime.fromisoformat(stored[key]) for key in _TIMES})


def _everyone() -> list[OnlineVisitor]:
    loaded = (_load(stored) for stored in registry.entries(NAME).values())
    return [visitor for visitor in loaded if visitor is not None]


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
    before = find(visitor_id)
    started = before.visit_started if before is not None else now
    entry = OnlineVisitor(
        visitor_id,
        page_url[:2000],
        page_title[:300],
        language[:35],
        first_seen,
        started,
        now,
        conversation_id or (before.conversation_id if before else None),
    )
    _save(entry)
    return before is None or replace(before, last_beat=now) != entry


def attach_conversation(*, visitor_id: str, conversation_id: int) -> None:
    entry = find(visitor_id)
    if entry is not None:
        _save(replace(entry, conversation_id=conversation_id))


def find(visitor_id: str) -> OnlineVisitor | None:
    return _load(registry.get(NAME, visitor_id))


def online(*, now: datetime) -> list[OnlineVisitor]:
    """Who is online, longest on the site first."""
    alive = [v for v in _everyone() if now - v.last_beat <= DROP_AFTER]
    return sorted(alive, key=lambda v: (v.visit_started, v.visitor_id))


def prune(*, now: datetime) -> bool:
    """Forget visitors without a heartbeat for DROP_AFTER; True when some were."""
    gone = [v.visitor_id for v in _everyone() if now - v.last_beat > DROP_AFTER]
    registry.remove(NAME, gone)
    return bool(gone)


def reset() -> None:
    """Forget everyone (tests)."""
    registry.clear(NAME)
