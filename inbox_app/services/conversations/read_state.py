"""Per-agent read marks: opening a conversation marks it read for that agent only."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from inbox_app.models.tables import ReadMark


def mark_read(session: Session, *, agent_id: int, conversation_id: int, now: datetime) -> None:
    """Two opens at once (a second tab, a double click) may both find no mark: the one whose
    insert loses moves the winner's mark forward instead (the soak's log showed the failure)."""
    try:
        _mark(session, agent_id=agent_id, conversation_id=conversation_id, now=now)
    except IntegrityError:
        session.rollback()
        _mark(session, agent_id=agent_id, conversation_id=conversation_id, now=now)


def _mark(session: Session, *, agent_id: int, conversation_id: int, now: datetime) -> None:
    mark = session.get(ReadMark, (agent_id, conversation_id))
    if mark is None:
        mark = ReadMark(agent_id=agent_id, conversation_id=conversation_id, last_read_at=now)
    else:
        mark.last_read_at = max(mark.last_read_at, now)
    session.add(mark)
    session.commit()
