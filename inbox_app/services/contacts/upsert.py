"""Plugins fill contact details: find a contact by email, and create or update one by email.

Every value an integration sets records the source `plugin` (docs: the contact panel shows it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from inbox_app.i18n import mark
from inbox_app.models.enums import ValueSource
from inbox_app.models.tables import Contact, ContactAttribute, Conversation
from inbox_app.services.clean_text import clean_text
from inbox_app.services.contacts.editing import (
    MAX_KEY_CHARS,
    MAX_VALUE_CHARS,
    ContactError,
    clean_field,
    set_attribute,
    update_contact,
)
from inbox_app.services.errors import DomainError

MAX_ATTRIBUTES = 100


class ContactGone(DomainError):
    """No such contact."""


PLUGIN_FIELDS = ("name", "phone", "company")


@dataclass(frozen=True)
class ContactRecord:
    id: int
    name: str | None
    email: str | None
    phone: str | None
    company: str | None
    blocked: bool
    attributes: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # standard field -> source
    attribute_sources: dict[str, str] = field(default_factory=dict)


def find_contact(session: Session, *, email: str) -> ContactRecord | None:
    address = clean_field("email", email)
    if address is None:
        raise ContactError(mark("Give an email address."), field="email")
    contact = session.exec(select(Contact).where(Contact.email == address)).first()
    return record_of(session, contact) if contact is not None else None


def upsert_contact(
    session: Session,
    *,
    email: str,
    changes: dict[str, str],
    attributes: dict[str, str],
    now: datetime,
) -> tuple[ContactRecord, bool]:
    """The contact with this email, made if missing, with the given values (source plugin).
    A value left out stays; "" clears it. Returns the contact and whether it was made."""
    address = _checked(email=email, changes=changes, attributes=attributes)
    contact = session.exec(select(Contact).where(Contact.email == address)).first()
    created = contact is None
    if contact is None:
        contact = Contact(
            email=address,
            field_sources={"email": ValueSource.plugin.value},
            first_seen_at=now,
            last_seen_at=now,
        )
        session.add(contact)
        session.commit()
    return _fill(session, contact=contact, changes=changes, attributes=attributes), created


def patch_contact(
    session: Session, *, contact_id: int, changes: dict[str, str], attributes: dict[str, str]
) -> ContactRecord:
    """Sets the given values of one contact (source plugin); the email may change too."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise ContactGone(mark("No contact with this id."))
    _check_values(changes=changes, attributes=attributes, allowed=(*PLUGIN_FIELDS, "email"))
    return _fill(session, contact=contact, changes=changes, attributes=attributes)


def contact_by_id(session: Session, *, contact_id: int) -> ContactRecord:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise ContactGone(mark("No contact with this id."))
    return record_of(session, contact)


def _fill(
    session: Session, *, contact: Contact, changes: dict[str, str], attributes: dict[str, str]
) -> ContactRecord:
    contact_id = contact.id or 0
    update_contact(session, contact_id=contact_id, changes=changes, source=ValueSource.plugin)
    for key, value in attributes.items():
        set_attribute(
            session, contact_id=contact_id, key=key, value=value, source=ValueSource.plugin
        )
    session.refresh(contact)
    return record_of(session, contact)


def _checked(*, email: str, changes: dict[str, str], attributes: dict[str, str]) -> str:
    """The email address to store; every value is checked before any is written."""
    address = clean_field("email", email)
    if address is None:
        raise ContactError(mark("Give an email address."), field="email")
    _check_values(changes=changes, attributes=attributes, allowed=PLUGIN_FIELDS)
    return address


def _check_values(
    *, changes: dict[str, str], attributes: dict[str, str], allowed: Iterable[str]
) -> None:
    if unknown := set(changes) - set(allowed):
        raise ContactError(
            mark("Unknown contact field: {sorted_unknown_0}."),
            sorted_unknown_0=sorted(unknown)[0],
            field="",
        )
    for name, value in changes.items():
        clean_field(name, value)
    _check_attributes(attributes)


def _check_attributes(attributes: dict[str, str]) -> None:
    if len(attributes) > MAX_ATTRIBUTES:
        raise ContactError(
            mark("At most {max_attributes} attributes at once."),
            max_attributes=MAX_ATTRIBUTES,
            field="attributes",
        )
    for key, value in attributes.items():
        if not 1 <= len(clean_text(key).strip()) <= MAX_KEY_CHARS:
            raise ContactError(
                mark("An attribute name needs 1 to {max_key_chars} characters."),
                max_key_chars=MAX_KEY_CHARS,
                field="attributes",
            )
        if len(clean_text(value).strip()) > MAX_VALUE_CHARS:
            raise ContactError(
                mark("The value of {key!r} is too long (at most {max_value_chars})."),
                key=key,
                max_value_chars=MAX_VALUE_CHARS,
                field="attributes",
            )


def record_of(session: Session, contact: Contact) -> ContactRecord:
    rows = session.exec(
        select(ContactAttribute).where(ContactAttribute.contact_id == contact.id)
    ).all()
    return ContactRecord(
        id=contact.id or 0,
        name=contact.name,
        email=contact.email,
        phone=contact.phone,
        company=contact.company,
        blocked=contact.blocked,
        attributes={a.key: a.value for a in rows},
        sources=dict(contact.field_sources or {}),
        attribute_sources={a.key: a.source.value for a in rows},
    )


def open_conversation_ids(session: Session, *, contact_id: int, limit: int = 50) -> list[int]:
    """The contact's newest conversations: where a change to the contact shows."""
    return [
        conversation_id
        for conversation_id in session.exec(
            select(col(Conversation.id))
            .where(Conversation.contact_id == contact_id, col(Conversation.deleted_at).is_(None))
            .order_by(col(Conversation.last_activity_at).desc())
            .limit(limit)
        )
        if conversation_id is not None
    ]
