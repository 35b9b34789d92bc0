"""Snooze: a conversation leaves the open views and counts until a time, then comes back by
itself (wake_due, called by the snooze clock), or earlier when the contact writes (see
messages.py). Its counters move like a close and a reopen."""

from __future__ import annotations

from datetime import UTC, datetime

from babel.dates import format_skeleton
from sqlalchemy import update
from sqlmodel import Session, col, select

from inbox_app.i18n import gettext, mark
from inbox_app.models.dto import Actor
from inbox_app.models.enums import ConversationState, MessageKind
from inbox_app.models.tables import Conversation, Message
from inbox_app.services import counters
from inbox_app.services.conversations import locking
from inbox_app.services.errors import DomainError
from inbox_app.services.rendering import IN_UTC, Reader

WAKE_BATCH = 100


class SnoozeError(DomainError):
    """The conversation cannot be snoozed; nothing changed."""


def snoozed_label(until: datetime | None, reader: Reader = IN_UTC) -> str:
    """'Snoozed until Tue 1 Dec, 09:00 UTC' in the reader's zone and language ('Zurückgestellt
    bis Di., 1. Dez., 10:00 CET'); empty when not snoozed."""
    if until is None:
        return ""
    return gettext(reader.language, mark("Snoozed until {when}")).format(when=_when(until, reader))


def _when(until: datetime, reader: Reader = IN_UTC) -> str:
    """The event line's words are stored, so they stay in UTC and English (IN_UTC)."""
    shown = (until if until.tzinfo else until.replace(tzinfo=UTC)).astimezone(reader.tz)
    if reader.language == "en":
        return f"{shown:%a} {shown.day} {shown:%b, %H:%M} {shown:%Z}"
    return f"{format_skeleton('MMMEd', shown, locale=reader.language)}, {shown:%H:%M %Z}"


def snooze(
    session: Session, *, actor: Actor, conversation_id: int, until: datetime, now: datetime
) -> None:
    conversation = locking.for_change(session, conversation_id)
    if conversation is None or conversation.deleted_at is not None:
        raise SnoozeError(mark("This conversation no longer exists."))
    if conversation.state is not ConversationState.open:
        raise SnoozeError(mark("Only an open conversation can be snoozed."))
    if until <= now:
        raise SnoozeError(mark("Snooze until a time still to come."))
    before = counters.keys_of(session, conversation)
    conversation.snoozed_until = until
    _event(
        session, conversation_id, f"{actor.name} snoozed this until {_when(until)}", actor.id, now
    )
    session.add(conversation)
    counters.move(session, before=before, after=counters.keys_of(session, conversation))
    session.commit()


def unsnooze(session: Session, *, actor: Actor, conversation_id: int, now: datetime) -> None:
    """Bring it back before its time (an agent's choice)."""
    conversation = locking.for_change(session, conversation_id)
    if conversation is None or conversation.deleted_at is not None:
        raise SnoozeError(mark("This conversation no longer exists."))
    if conversation.snoozed_until is None:
        return
    conversation.snoozed_until = None
    _event(session, conversation_id, f"{actor.name} ended the snooze", actor.id, now)
    session.add(conversation)
    counters.move(session, before=(), after=counters.keys_of(session, conversation))
    session.commit()


def wake_due(session: Session, *, now: datetime) -> list[int]:
    """Wake the conversations whose snooze ran out; their ids. Safe on several workers at once:
    each conversation is woken by the one UPDATE that still finds it snoozed."""
    due = session.exec(
        select(Conversation.id)
        .where(col(Conversation.snoozed_until) <= now)
        .order_by(col(Conversation.snoozed_until))
        .limit(WAKE_BATCH)
    ).all()
    woken = [cid for cid in due if cid is not None and _wake(session, cid, now=now)]
    session.commit()
    return woken


def _wake(session: Session, conversation_id: int, *, now: datetime) -> bool:
    claimed = session.exec(
        update(Conversation)
        .where(col(Conversation.id) == conversation_id, col(Conversation.snoozed_until) <= now)
        .values(snoozed_until=None)
    )
    if claimed.rowcount != 1:
        return False  # another worker woke it, or it was woken by a message meanwhile
    conversation = session.get(Conversation, conversation_id, populate_existing=True)
    if conversation is None:
        return False
    counters.move(session, before=(), after=counters.keys_of(session, conversation))
    _event(session, conversation_id, "The snooze ended", None, now)
    return True


def _event(
    session: Session, conversation_id: int, text: str, agent_id: int | None, now: datetime
) -> None:
    session.add(
        Message(
            conversation_id=conversation_id,
            kind=MessageKind.event,
            author_agent_id=agent_id,
            body=text,
            created_at=now,
        )
    )
