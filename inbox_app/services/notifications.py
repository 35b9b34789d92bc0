"""In-app notifications: assignments and mentions, per agent."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import Session, col, func, select, update
from sqlmodel.sql.expression import Select

from inbox_app.i18n import mark
from inbox_app.models.tables import Agent, Conversation, Notification
from inbox_app.services import batch_reads
from inbox_app.services.conversations.dot_facts import assignees_of, members_of
from inbox_app.services.conversations.event_lines import reworded
from inbox_app.services.errors import DomainError
from inbox_app.services.rendering import IN_UTC, Reader, time_label

# Stored in English, said in each agent's language when read (as event lines are).
ASSIGNED_TO_YOU = mark("{actor} assigned a conversation to you")
MENTIONED_YOU = mark("{actor} mentioned you in a note")
NEW_CONVERSATION = mark("A new conversation is waiting")
CONTACT_WROTE = mark("A contact wrote in one of your conversations")
TEMPLATES = (ASSIGNED_TO_YOU, MENTIONED_YOU, NEW_CONVERSATION, CONTACT_WROTE)


class NotificationError(DomainError):
    """A notification setting refused; the message is safe to show."""


@dataclass(frozen=True)
class NotificationView:
    id: int
    text: str
    href: str
    time_label: str
    unread: bool


def unread_count(session: Session, *, agent_id: int) -> int:
    statement = (
        select(func.count())
        .select_from(Notification)
        .where(Notification.agent_id == agent_id, col(Notification.read_at).is_(None))
    )
    return session.exec(statement).one()


def said(text: str, *, language: str) -> str:
    """A stored notification text in the agent's language."""
    return reworded(text, templates=TEMPLATES, language=language)


def recent(
    session: Session, *, agent_id: int, now: datetime, limit: int = 20, reader: Reader = IN_UTC
) -> list[NotificationView]:
    rows = session.exec(
        select(Notification)
        .where(Notification.agent_id == agent_id)
        .order_by(col(Notification.created_at).desc(), col(Notification.id).desc())
        .limit(limit)
    ).all()
    return [
        NotificationView(
            id=n.id or 0,
            text=said(n.text, language=reader.language),
            time_label=time_label(n.created_at, now=now, reader=reader),
            href=f"/inbox/all/{n.conversation_id}" if n.conversation_id else "/inbox/mine",
            unread=n.read_at is None,
        )
        for n in rows
    ]


def mark_all_read(session: Session, *, agent_id: int, now: datetime) -> None:
    session.exec(
        update(Notification)
        .where(col(Notification.agent_id) == agent_id, col(Notification.read_at).is_(None))
        .values(read_at=now)
    )
    session.commit()


KINDS = {
    "new_conversation": mark("New conversations"),
    "new_message": mark("New messages in my conversations"),
    "assigned": mark("Assignments to me"),
    "mention": mark("Mentions"),
}
DELIVERY = {
    "toast": mark("Pop-up message"),
    "sound": mark("Sound"),
    "browser": mark("Browser notifications"),
    "title": mark("Count in the tab title"),
}


def _switches(chosen: Mapping[str, Any] | None) -> dict[str, bool]:
    """Every switch with its value; a switch never touched is on."""
    return {key: bool((chosen or {}).get(key, True)) for key in (*KINDS, *DELIVERY)}


def preferences(session: Session, *, agent_id: int) -> dict[str, bool]:
    agent = session.get(Agent, agent_id)
    return _switches(agent.notify_prefs if agent else None)


def set_preference(session: Session, *, agent_id: int, key: str, enabled: bool) -> dict[str, bool]:
    if key not in KINDS and key not in DELIVERY:
        raise NotificationError(mark("There is no such notification setting."))
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise NotificationError(mark("This agent no longer exists."))
    agent.notify_prefs = {**(agent.notify_prefs or {}), key: bool(enabled)}
    session.add(agent)
    session.commit()
    return preferences(session, agent_id=agent_id)


def notify(
    session: Session,
    *,
    agent_ids: set[int],
    kind: str,
    conversation_id: int,
    text: str,
    now: datetime,
) -> list[int]:
    """Add a notification for each agent who wants this kind; the caller commits."""
    if not agent_ids:  # most messages of an unassigned chat: spare the query
        return []
    rows = session.exec(_switches_of(), params={"ids": list(agent_ids)}).all()
    wanting = sorted(
        agent_id
        for agent_id, chosen in rows
        if agent_id is not None and _switches(chosen).get(kind, True)
    )
    for agent_id in wanting:
        session.add(
            Notification(
                agent_id=agent_id,
                kind=kind,
                conversation_id=conversation_id,
                text=text,
                created_at=now,
            )
        )
    return wanting


@cache
def _switches_of() -> Select[int, Mapping[Any, Any]] | Select[None, Mapping[Any, Any]]:
    """Built once: every message of an assigned conversation asks."""
    return select(Agent.id, Agent.notify_prefs).where(
        col(Agent.id).in_(bindparam("ids", expanding=True))
    )


def latest_unread_text(session: Session, *, agent_id: int, language: str = "en") -> str:
    statement = (
        select(Notification.text)
        .where(Notification.agent_id == agent_id, col(Notification.read_at).is_(None))
        .order_by(col(Notification.created_at).desc(), col(Notification.id).desc())
    )
    return said(session.exec(statement).first() or "", language=language)


def notify_incoming(
    session: Session, *, conversation_id: int, first: bool, now: datetime
) -> list[int]:
    """A contact wrote: a new conversation tells everyone; a later message tells its agents."""

    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        return []
    mine = assignees_of(session, [conversation_id]).get(conversation_id, set())
    if not mine and conversation.group_id:
        mine = members_of(session, {conversation.group_id})[conversation.group_id]
    if first and not mine:
        everyone = batch_reads.read_once(session, "active agents", lambda: _active(session))
        return notify(
            session,
            agent_ids=everyone,
            kind="new_conversation",
            conversation_id=conversation_id,
            text=NEW_CONVERSATION,
            now=now,
        )
    return notify(
        session,
        agent_ids=mine,
        kind="new_message",
        conversation_id=conversation_id,
        text=CONTACT_WROTE,
        now=now,
    )


def _active(session: Session) -> set[int]:
    return {
        agent_id
        for agent_id in session.exec(select(Agent.id).where(Agent.is_active))
        if agent_id is not None
    }
