"""Where an incoming mail belongs: the conversation its In-Reply-To / References name (a mail we
stored or sent), and the contact its sender is (CONTRACT.md, Email)."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Integer, String, cast, literal, null, union_all
from sqlmodel import Session, col, select

from inbox_app.models.email_tables import EmailMessage
from inbox_app.models.tables import Contact, Conversation


class Known(NamedTuple):
    conversation_id: int
    message_id: int


class Place(NamedTuple):
    """The conversation the mail answers (None: a new one) and the contact it belongs to (None:
    a sender we do not know yet)."""

    conversation_id: int | None
    contact_id: int | None
    blocked: bool


def known(session: Session, *, rfc_message_id: str) -> Known | None:
    """The mail already stored (or sent) under this identity."""
    statement = select(EmailMessage.conversation_id, EmailMessage.message_id).where(
        EmailMessage.rfc_message_id == rfc_message_id
    )
    row = session.exec(statement).first()
    return Known(*row) if row else None


def place_for(session: Session, *, thread_ids: list[str], address: str) -> Place:
    """One query for both lookups (the hot path of a burst): the conversation of the first named
    mail we know, the most direct answer first, with its contact; else the contact with the
    sender's address. Deleted conversations do not count; a changed subject does not matter."""
    threads = (
        select(EmailMessage.rfc_message_id, Conversation.id, Contact.id, Contact.blocked)
        .join(Conversation, col(Conversation.id) == EmailMessage.conversation_id)
        .join(Contact, col(Contact.id) == Conversation.contact_id)
        .where(
            col(EmailMessage.rfc_message_id).in_(thread_ids), col(Conversation.deleted_at).is_(None)
        )
    )
    sender = select(
        cast(literal(""), String), cast(null(), Integer), Contact.id, Contact.blocked
    ).where(Contact.email == address)
    parts = [part for part, wanted in ((threads, thread_ids), (sender, address)) if wanted]
    if not parts:
        return Place(None, None, False)
    rows = session.exec(union_all(*parts)).all()  # type: ignore[call-overload]
    found = {row[0]: Place(row[1], row[2], bool(row[3])) for row in rows}
    answered = next((found[i] for i in thread_ids if i in found), None)
    return answered or found.get("", Place(None, None, False))


def new_contact(session: Session, *, address: str, name: str, now: datetime) -> int:
    """A new contact (flushed, not committed). A sender with no readable address becomes a
    contact without email: the mail is kept all the same."""
    contact = Contact(
        email=address or None,
        name=name[:200] or None,
        field_sources={"email": "email"} if address else {},
        first_seen_at=now,
        last_seen_at=now,
    )
    session.add(contact)
    session.flush()
    return contact.id or 0
