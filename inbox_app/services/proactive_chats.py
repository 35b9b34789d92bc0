"""Chats agents start from the Visitors online page, and the names visitors go by.

A proactive chat is a conversation for an anonymous visitor (a contact without a name) that
opens with the agent's reply and is assigned to that agent, so the answer lands in their inbox.
A visitor who already chats gets the message in that conversation instead.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from inbox_app.models.dto import AgentView
from inbox_app.models.enums import Channel, MessageKind
from inbox_app.models.tables import Contact, Conversation
from inbox_app.services import messages
from inbox_app.services.conversation_actions import assign_agents
from inbox_app.services.conversations import start_conversation
from inbox_app.services.visitors import VisitorError, check_open

ANONYMOUS = "Visitor"


def visitor_name(session: Session, *, conversation_id: int) -> str:
    """The name agents know the visitor by, or "Visitor"."""
    conversation = session.get(Conversation, conversation_id)
    contact = session.get(Contact, conversation.contact_id) if conversation else None
    return (contact.name if contact else None) or ANONYMOUS


def _still_open(session: Session, conversation_id: int | None) -> bool:
    if not conversation_id:
        return False
    try:
        check_open(session, conversation_id=conversation_id)
    except VisitorError:
        return False
    return True


def start_proactive_chat(
    session: Session,
    *,
    actor: AgentView,
    body: str,
    language: str,
    page_url: str,
    first_seen: datetime,
    existing_conversation_id: int | None,
    now: datetime,
) -> tuple[int, bool]:
    """(conversation id, created): the agent's message as a reply, in a new chat if needed."""
    if not body.strip():
        raise messages.MessageError("Write a message first.")
    if _still_open(session, existing_conversation_id):
        conversation_id, created = existing_conversation_id or 0, False
    else:
        contact = Contact(language=language[:35] or None, first_page=page_url[:2000] or None,
                          first_seen_at=first_seen, last_seen_at=now)  # fmt: skip
        session.add(contact)
        session.flush()
        conversation = start_conversation(
            session, contact_id=contact.id or 0, channel=Channel.chat, now=now
        )
        conversation_id, created = conversation.id or 0, True  # fmt: skip
        assign_agents(session, actor=actor, conversation_id=conversation_id, agent_ids=[actor.id], now=now)  # fmt: skip
    messages.post_agent_message(session, agent_id=actor.id, conversation_id=conversation_id,
                                kind=MessageKind.reply, body=body, now=now)  # fmt: skip
    return conversation_id, created
