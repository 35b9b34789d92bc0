"""A visitor's facts that follow them: when the widget was last in use, and on what browser
and operating system (the latest visit's, so a visitor who switched device shows the new one).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, select

from inbox_app.models.tables import Contact, Conversation
from inbox_app.services.contacts.user_agents import describe_user_agent

# The widget calls every few seconds; last seen to the minute is all an agent needs.
SEEN_EVERY = timedelta(minutes=1)


def record_visit(session: Session, *, conversation_id: int, user_agent: str, now: datetime) -> bool:
    """Moves the contact's last seen to now (at most once a minute) with the browser and system
    of this visit. Whether it wrote; a conversation that is gone is no visit."""
    contact = session.exec(
        select(Contact)
        .join(Conversation, col(Conversation.contact_id) == col(Contact.id))
        .where(Conversation.id == conversation_id)
    ).first()
    if contact is None or now - _aware(contact.last_seen_at) < SEEN_EVERY:
        return False
    note_software(contact, user_agent=user_agent)
    contact.last_seen_at = now
    session.add(contact)
    session.commit()
    return True


def note_software(contact: Contact, *, user_agent: str) -> None:
    """Sets browser and operating system from a User-Agent header; an unknown part stays."""
    software = describe_user_agent(user_agent)
    contact.browser = software.browser or contact.browser
    contact.operating_system = software.operating_system or contact.operating_system


def _aware(moment: datetime) -> datetime:
    """SQLite hands datetimes back without a zone; they were stored as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
