"""Chat replies for visitors who left: queued for email (the email channel will send them).

A reply is queued when the chat's contact gave an email and their widget is not connected; the
caller says whether it is (the realtime layer knows), so this module stays free of it.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache, partial

from sqlalchemy import Select, bindparam
from sqlalchemy import select as sa_select
from sqlmodel import Session, select
from sqlmodel.sql.expression import SelectOfScalar

from inbox_app.i18n import LANGUAGES, gettext, mark
from inbox_app.models.enums import Channel, MessageKind
from inbox_app.models.outbox import OutboxEmail
from inbox_app.models.tables import Agent, Contact, Conversation, Message, table_of

QUEUED = "queued"
SUBJECT = mark("New reply to your chat")
BY_AGENT = mark("{name} replied to your chat:")
BY_TEAM = mark("We replied to your chat:")


def queue_reply_if_away(
    session: Session,
    *,
    message_id: int,
    visitor_connected: bool,
    now: datetime,
    commit: bool = True,
) -> bool:
    """True when the reply was queued (or already was); False when email is not needed.
    commit=False: queued in the caller's transaction, the one that stores the reply."""
    message = session.get(Message, message_id)
    if message is None or message.kind is not MessageKind.reply or visitor_connected:
        return False
    conversation = session.get(Conversation, message.conversation_id)
    if conversation is None or conversation.channel is not Channel.chat:
        return False
    to_address = contact_email(session, contact_id=conversation.contact_id)
    if not to_address:
        return False
    if holds(session, message_id=message_id):
        return True
    agent = session.get(Agent, message.author_agent_id) if message.author_agent_id else None
    # in the language the visitor writes in, when the inbox speaks it
    said = partial(gettext, conversation.language if conversation.language in LANGUAGES else "en")
    greeting = said(BY_AGENT).format(name=agent.name) if agent else said(BY_TEAM)
    session.add(
        OutboxEmail(
            message_id=message_id,
            status=QUEUED,
            to_address=to_address,
            subject=conversation.subject or said(SUBJECT),
            created_at=now,
            body=f"{greeting}\n\n{message.body}",
        )
    )
    if commit:
        session.commit()
    return True


def holds(session: Session, *, message_id: int) -> bool:
    """The message's mail is queued already (a retried send)."""
    return session.execute(_mail_of(), {"message_id": message_id}).first() is not None


@cache
def _mail_of() -> Select[int]:
    """Built once: every reply asks."""
    outbox = table_of(OutboxEmail)
    return sa_select(outbox.c.id).where(outbox.c.message_id == bindparam("message_id"))


def contact_email(session: Session, *, contact_id: int) -> str | None:
    """Where a reply's mail goes: the contact's address, without loading the whole row."""
    return session.exec(_email_of(), params={"contact_id": contact_id}).first()


@cache
def _email_of() -> SelectOfScalar[str] | SelectOfScalar[None]:
    """Built once; ORM-enabled, so what this transaction changed is flushed first."""
    return select(Contact.email).where(Contact.id == bindparam("contact_id"))
