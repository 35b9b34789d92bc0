"""Where an incoming mail belongs: the conversation its In-Reply-To / References name (a mail we
stored or sent), and the contact its sender is (CONTRACT.md, Email)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from inbox_app.models.email_tables import EmailMessage
from inbox_app.models.tables import Contact, Conversation
from inbox_app.services.contacts.editing import find_by_email


def known(session: Session, *, rfc_message_id: str) -> EmailMessage | None:
    """The mail already stored (or sent) under this identity."""
    statement = select(EmailMessage).where(EmailMessage.rfc_message_id == rfc_message_id)
    return session.exec(statement).first()


def conversation_for(session: Session, *, thread_ids: list[str]) -> Conversation | None:
    """The conversation of the first named mail we know, the most direct answer first;
    deleted conversations do not count. A changed subject does not matter."""
    if not thread_ids:
        return None
    rows = session.exec(
        select(EmailMessage.rfc_message_id, Conversation)
        .join(Conversation, col(Conversation.id) == EmailMessage.conversation_id)
        .where(
            col(EmailMessage.rfc_message_id).in_(thread_ids), col(Conversation.deleted_at).is_(None)
        )
    ).all()
    found = dict(rows)
    return next((found[i] for i in thread_ids if i in found), None)


def contact_for(session: Session, *, address: str, name: str, now: datetime) -> Contact:
    """The contact with this address, else a new one (flushed, not committed). A sender with
    no readable address becomes a contact without email: the mail is kept all the same."""
    if address and (contact_id := find_by_email(session, email=address)):
        return session.get(Contact, contact_id)  # type: ignore[return-value]
    contact = Contact(
        email=address or None,
        name=name[:200] or None,
        field_sources={"email": "email"} if address else {},
        first_seen_at=now,
        last_seen_at=now,
    )
    session.add(contact)
    session.flush()
    return contact
