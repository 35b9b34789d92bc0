"""What a delivery's `data` holds for each event: plain JSON, ids an integration can fetch more
with through the REST API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from inbox_app.models.enums import MessageKind
from inbox_app.models.tables import Contact, Conversation, Message
from inbox_app.services.integrations import webhooks


def _at(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def of_message(message: Message) -> dict[str, Any]:
    return {
        "message": {
            "id": message.id,
            "conversation_id": message.conversation_id,
            "kind": message.kind.value,
            "body": message.body,
            "author_agent_id": message.author_agent_id,
            "author_api_key_id": message.author_api_key_id,
            "created_at": _at(message.created_at),
        }
    }


def of_conversation(conversation: Conversation, **extra: Any) -> dict[str, Any]:
    return {
        "conversation": {
            "id": conversation.id,
            "channel": conversation.channel.value,
            "state": conversation.state.value,
            "subject": conversation.subject,
            "contact_id": conversation.contact_id,
            "group_id": conversation.group_id,
            "created_at": _at(conversation.created_at),
            **extra,
        }
    }


def of_contact(contact: Contact) -> dict[str, Any]:
    fields = ("email", "name", "phone", "company")
    return {"contact": {"id": contact.id, **{f: getattr(contact, f, None) for f in fields}}}


def message_created(session: Session, *, message: Message, now: datetime) -> None:
    """The hook where a message is stored (after a flush gave it its id)."""
    if message.kind is not MessageKind.event:  # event lines ("X closed this") have their own events
        webhooks.enqueue(session, event="message.created", payload=of_message(message), now=now)


def conversation_created(session: Session, *, conversation: Conversation, now: datetime) -> None:
    payload = of_conversation(conversation)
    webhooks.enqueue(session, event="conversation.created", payload=payload, now=now)


def conversation_closed(session: Session, *, conversation: Conversation, now: datetime) -> None:
    payload = of_conversation(conversation, closed_at=_at(conversation.closed_at))
    webhooks.enqueue(session, event="conversation.closed", payload=payload, now=now)


def conversation_assigned(
    session: Session, *, conversation: Conversation, agent_ids: list[int], now: datetime
) -> None:
    payload = of_conversation(conversation, agent_ids=sorted(agent_ids))
    webhooks.enqueue(session, event="conversation.assigned", payload=payload, now=now)


def contact_updated(session: Session, *, contact: Contact, now: datetime) -> None:
    webhooks.enqueue(session, event="contact.updated", payload=of_contact(contact), now=now)
