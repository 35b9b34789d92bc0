"""@name in a comment notifies that agent; the composer suggests the names as you type."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from inbox_app.models.dto import AgentView
from inbox_app.models.tables import Agent
from inbox_app.services.notifications import MENTIONED_YOU, notify

_MENTION = re.compile(r"(?<![\w@])@([\w.-]{1,60})", re.UNICODE)


def mentioned_names(body: str) -> set[str]:
    return {name.lower().rstrip(".") for name in _MENTION.findall(body)}


def matches(agent_name: str, agent_email: str, mentioned: set[str]) -> bool:
    """@anna, @Anna.Schmidt or @anna.schmidt (the email's local part) all reach Anna Schmidt."""
    full = agent_name.lower().replace(" ", ".")
    first = agent_name.lower().split(" ")[0] if agent_name else ""
    local = agent_email.lower().split("@")[0]
    return bool({full, first, local} & mentioned)


@dataclass(frozen=True)
class MentionChoice:
    """An agent the composer offers after `@`: `handle` is what it inserts."""

    name: str
    handle: str


def mention_handle(agent_name: str, agent_email: str) -> str | None:
    """What to write after `@` to reach this agent: the full name with dots where it reads
    whole (Anna.Schmidt), else the email's local part, else the first name; None if none does."""
    full = agent_name.strip().replace(" ", ".")
    candidates = (full, agent_email.split("@")[0], agent_name.strip().split(" ")[0])
    for handle in candidates:
        read = mentioned_names(f"@{handle}")
        if handle and read == {handle.lower()} and matches(agent_name, agent_email, read):
            return handle
    return None


def mention_choices(session: Session) -> list[MentionChoice]:
    """Every active agent with a handle that reaches them, by name."""
    rows = session.exec(
        select(Agent.name, Agent.email).where(Agent.is_active).order_by(Agent.name)
    ).all()
    found = ((name, mention_handle(name, email)) for name, email in rows)
    return [MentionChoice(name=name, handle=handle) for name, handle in found if handle]


def notify_mentions(
    session: Session, *, actor: AgentView, conversation_id: int, body: str, now: datetime
) -> list[int]:
    """Notify each mentioned active agent (not the writer); returns who was notified."""
    mentioned = mentioned_names(body)
    if not mentioned:
        return []
    agents = session.exec(select(Agent.id, Agent.name, Agent.email).where(Agent.is_active)).all()
    wanted = {
        a_id
        for a_id, name, email in agents
        if a_id is not None and a_id != actor.id and matches(name, email, mentioned)
    }
    notified = notify(
        session,
        agent_ids=wanted,
        kind="mention",
        conversation_id=conversation_id,
        text=MENTIONED_YOU.format(actor=actor.name),
        now=now,
    )
    session.commit()
    return notified
