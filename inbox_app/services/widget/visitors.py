"""The visitor side of a chat: what the widget shows, and what the visitor's page tells us.

The widget never sees comments or event lines: only the contact's own messages and replies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from inbox_app.models.enums import MessageKind, ValueSource
from inbox_app.models.tables import (
    Agent,
    Contact,
    ContactAttribute,
    Conversation,
    Message,
)
from inbox_app.services.contacts.editing import ContactError, set_attribute, update_contact
from inbox_app.services.errors import DomainError
from inbox_app.services.rendering import markdown_to_html, time_label

VISIBLE_TO_VISITOR = (MessageKind.incoming, MessageKind.reply)
NEUTRAL_REFUSAL = "This chat is not available right now."


class VisitorError(DomainError):
    """The visitor's request is refused; the text is safe (and neutral) to show."""


@dataclass(frozen=True)
class VisitorMessage:
    id: int
    mine: bool
    author: str
    body_html: str
    time_label: str


def set_visitor_data(
    session: Session, *, conversation_id: int, fields: dict[str, str], attributes: dict[str, str]
) -> None:
    """What the site's page tells us (JS API): shown in the contact panel with source "plugin".
    What an agent entered wins: a page (anyone's browser) never overwrites it."""
    conversation = session.get(Conversation, conversation_id)
    contact = session.get(Contact, conversation.contact_id) if conversation else None
    if conversation is None or contact is None:
        raise VisitorError(NEUTRAL_REFUSAL)
    by_agent = {key for key, source in (contact.field_sources or {}).items() if source == "manual"}
    wanted = {
        key: value
        for key, value in fields.items()
        if key in ("name", "email") and value and key not in by_agent
    }
    try:
        if wanted:
            update_contact(
                session,
                contact_id=conversation.contact_id,
                changes=wanted,
                source=ValueSource.plugin,
            )
        for key, value in _not_set_by_agents(session, contact.id or 0, attributes):
            set_attribute(
                session, contact_id=contact.id or 0, key=key, value=value, source=ValueSource.plugin
            )
    except ContactError as error:
        raise VisitorError(str(error)) from error


def _not_set_by_agents(
    session: Session, contact_id: int, attributes: dict[str, str]
) -> list[tuple[str, str]]:
    manual = set(
        session.exec(
            select(ContactAttribute.key).where(
                ContactAttribute.contact_id == contact_id,
                ContactAttribute.source == ValueSource.manual,
            )
        )
    )
    given = [(str(key), str(value)) for key, value in list(attributes.items())[:50]]
    return [(key, value) for key, value in given if key not in manual]


def check_open(session: Session, *, conversation_id: int) -> None:
    """Refuse blocked contacts and deleted conversations with the same neutral words."""
    conversation = session.get(Conversation, conversation_id)
    contact = session.get(Contact, conversation.contact_id) if conversation else None
    if (
        conversation is None
        or conversation.deleted_at is not None
        or contact is None
        or contact.blocked
    ):
        raise VisitorError(NEUTRAL_REFUSAL)


def visitor_thread(
    session: Session, *, conversation_id: int, now: datetime, limit: int = 100
) -> list[VisitorMessage]:
    rows = session.exec(
        select(Message, Agent.name)
        .outerjoin(Agent, col(Agent.id) == Message.author_agent_id)
        .where(
            Message.conversation_id == conversation_id, col(Message.kind).in_(VISIBLE_TO_VISITOR)
        )
        .order_by(col(Message.created_at).desc(), col(Message.id).desc())
        .limit(limit)
    ).all()
    return [
        VisitorMessage(
            id=m.id or 0,
            mine=m.kind is MessageKind.incoming,
            author="You" if m.kind is MessageKind.incoming else (agent_name or "Support"),
            body_html=markdown_to_html(m.body, by_agent=m.kind is not MessageKind.incoming),
            time_label=time_label(m.created_at, now=now),
        )
        for m, agent_name in reversed(rows)
    ]


ANONYMOUS = "Visitor"


def visitor_name(session: Session, *, conversation_id: int) -> str:
    """The name agents know the visitor by, or "Visitor"."""
    conversation = session.get(Conversation, conversation_id)
    contact = session.get(Contact, conversation.contact_id) if conversation else None
    return (contact.name if contact else None) or ANONYMOUS
