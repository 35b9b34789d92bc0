"""Missed conversations as facts: one turned red because its contact message stayed
unanswered past the threshold (docs/RULES.md, status dots). Red only because everyone was
offline is not recorded: it depends on who looks and may turn back by itself.

The clock records the moment it sees the threshold pass; a reply that comes late records it
too, so a miss while the server was down is not lost. Both say the same time (the contact
message's time plus the threshold), and a miss already recorded is not recorded again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from inbox_app.models.statistics_tables import ConversationFact, FactKind
from inbox_app.models.tables import Conversation
from inbox_app.services import app_settings
from inbox_app.services.statistics import facts
from inbox_app.settings import get_settings


def threshold(session: Session) -> timedelta:
    """How long a contact message may wait before the conversation counts as missed."""
    default = get_settings().missed_after_seconds
    return timedelta(seconds=app_settings.missed_after_seconds(session, default=default))


def _known(session: Session, *, conversation_id: int, at: datetime) -> bool:
    statement = select(ConversationFact.id).where(
        ConversationFact.conversation_id == conversation_id,
        ConversationFact.kind == FactKind.missed.value,
        ConversationFact.at == at,
    )
    return session.exec(statement.limit(1)).first() is not None


def _unanswered_since(conversation: Conversation) -> datetime | None:
    incoming, reply = conversation.last_incoming_at, conversation.last_reply_at
    if incoming is None or (reply is not None and reply >= incoming):
        return None
    return incoming


def record_if_late(
    session: Session, *, conversation: Conversation, now: datetime, threshold: timedelta
) -> None:
    """Before a reply (or the clock) changes it: record the miss if the wait passed the
    threshold. Does not commit."""
    since = _unanswered_since(conversation)
    if since is None or now - since < threshold:
        return
    at = since + threshold
    if _known(session, conversation_id=conversation.id or 0, at=at):
        return
    agent_id = facts.holder(session, conversation_id=conversation.id or 0)
    facts.add(session, conversation=conversation, kind=FactKind.missed, at=at, agent_id=agent_id)


def record_crossed(
    session: Session, *, conversation_ids: Sequence[int], now: datetime, threshold: timedelta
) -> None:
    """The clock's conversations that just turned overdue. Commits."""
    if not conversation_ids:
        return
    found = session.exec(select(Conversation).where(col(Conversation.id).in_(conversation_ids)))
    for conversation in found:
        record_if_late(session, conversation=conversation, now=now, threshold=threshold)
    session.commit()
