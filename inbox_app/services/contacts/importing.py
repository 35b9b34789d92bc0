"""Import CSV: the checked rows of a file stored as contacts, all of them or none.

An upsert by email: a row whose email is known updates that contact, any other makes one. A
value in the file replaces the stored one, an empty cell keeps it. Values set this way have
the source "manual": an agent chose to put them there, as when typing them in the panel.
Everything is written in one transaction, so an error leaves no half-imported file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from inbox_app.models.enums import ValueSource
from inbox_app.models.tables import Contact, ContactAttribute
from inbox_app.services.contacts.csv_rows import ImportRow

CHUNK = 500  # emails per IN (...): well under every database's limit on parameters
SOURCE = ValueSource.manual


@dataclass(frozen=True)
class ImportCounts:
    created: int
    updated: int


def import_contacts(session: Session, *, rows: list[ImportRow], now: datetime) -> ImportCounts:
    try:
        known = _known(session, [row.email for row in rows])
        contacts = [_upserted(session, known.get(row.email), row, now=now) for row in rows]
        session.flush()  # the new contacts get their ids
        _set_attributes(session, list(zip(contacts, rows, strict=True)))
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return ImportCounts(created=len(rows) - len(known), updated=len(known))


def _known(session: Session, emails: list[str]) -> dict[str, Contact]:
    found: dict[str, Contact] = {}
    for chunk in _chunks(emails):
        for contact in session.exec(select(Contact).where(col(Contact.email).in_(chunk))):
            found[contact.email or ""] = contact
    return found


def _upserted(
    session: Session, contact: Contact | None, row: ImportRow, *, now: datetime
) -> Contact:
    if contact is None:
        contact = Contact(email=row.email, field_sources={"email": SOURCE.value})
        contact.first_seen_at = contact.last_seen_at = now
    sources = dict(contact.field_sources or {})
    for name, value in row.fields.items():
        if getattr(contact, name) != value:
            setattr(contact, name, value)
            sources[name] = SOURCE.value
    contact.field_sources = sources  # a new dict, so the JSON column is written
    session.add(contact)
    return contact


def _set_attributes(session: Session, pairs: list[tuple[Contact, ImportRow]]) -> None:
    ids = [contact.id or 0 for contact, row in pairs if row.attributes]
    stored: dict[tuple[int, str], ContactAttribute] = {}
    for chunk in _chunks(ids):
        for attribute in session.exec(
            select(ContactAttribute).where(col(ContactAttribute.contact_id).in_(chunk))
        ):
            stored[(attribute.contact_id, attribute.key)] = attribute
    for contact, row in pairs:
        for key, value in row.attributes.items():
            attribute = stored.get((contact.id or 0, key)) or ContactAttribute(
                contact_id=contact.id or 0, key=key, value=value
            )
            attribute.value, attribute.source = value, SOURCE
            session.add(attribute)


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
