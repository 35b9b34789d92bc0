"""A contact an agent adds by hand (New contact): its values have the source "manual"."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from inbox_app.i18n import mark
from inbox_app.models.enums import ValueSource
from inbox_app.models.tables import Contact
from inbox_app.services.contacts.editing import ContactError, clean_field, find_by_email

FIELDS = ("name", "email", "phone", "company")


def create_contact(session: Session, *, values: dict[str, str], now: datetime) -> int:
    """The new contact's id. Needs a name or an email; an email belongs to one contact only."""
    cleaned = {field: clean_field(field, values.get(field, "")) for field in FIELDS}
    if not cleaned["name"] and not cleaned["email"]:
        raise ContactError(mark("Enter a name or an email address."), field="name")
    if cleaned["email"] and find_by_email(session, email=cleaned["email"]) is not None:
        raise ContactError(mark("A contact with this email address exists already."), field="email")
    contact = Contact(
        name=cleaned["name"],
        email=cleaned["email"],
        phone=cleaned["phone"],
        company=cleaned["company"],
        field_sources={field: ValueSource.manual.value for field, v in cleaned.items() if v},
        first_seen_at=now,
        last_seen_at=now,
    )
    session.add(contact)
    session.commit()
    return contact.id or 0
