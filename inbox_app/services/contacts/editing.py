"""Contact details: editing the standard fields and custom attributes, and merging two contacts.

Every value remembers where it came from (manual edit, contact-form bot, plugin).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from inbox_app.i18n import mark
from inbox_app.models.dto import FieldView
from inbox_app.models.enums import ValueSource
from inbox_app.models.tables import Contact, ContactAttribute, Conversation, utcnow
from inbox_app.services.clean_text import clean_text
from inbox_app.services.errors import DomainError
from inbox_app.services.integrations import webhook_payloads

# Standard fields an agent (or the form bot, or a plugin) may set, with their label and limit.
EDITABLE_FIELDS: dict[str, tuple[str, int]] = {
    "name": ("Name", 200),
    "email": ("Email", 254),
    "phone": ("Phone", 50),
    "company": ("Company", 200),
    "notes": ("Notes", 5000),
}
# Visitor facts: not editable, but filled from the other contact on a merge.
_FACTS = ("language", "browser", "operating_system", "country", "first_page")
MAX_KEY_CHARS = 100
MAX_VALUE_CHARS = 2000
_BAD_EMAIL_CHARS = r"\s@<>()\[\],;:\"\\"
_EMAIL = re.compile(
    rf"[^{_BAD_EMAIL_CHARS}]{{1,64}}@[^{_BAD_EMAIL_CHARS}.]+(\.[^{_BAD_EMAIL_CHARS}.]+)+"
)
_PHONE = re.compile(r"\+?[0-9 ().\-/]+")


class ContactError(DomainError):
    """Bad input for a contact; the text is safe to show and nothing changed."""

    def __init__(self, message: str, *, field: str = "", **values: object) -> None:
        super().__init__(message, **values)
        self.field = field


def update_contact(
    session: Session,
    *,
    contact_id: int,
    changes: dict[str, str],
    source: ValueSource = ValueSource.manual,
) -> None:
    """Sets the given standard fields; "" clears one. All are checked before any is written."""
    contact = _contact(session, contact_id)
    cleaned = {field: clean_field(field, value) for field, value in changes.items()}
    sources = dict(contact.field_sources or {})
    changed = False
    for field, value in cleaned.items():
        if value == (getattr(contact, field) or None):
            continue
        setattr(contact, field, value)
        changed = True
        if value is None:
            sources.pop(field, None)
        else:
            sources[field] = source.value
    contact.field_sources = sources  # a new dict, so the JSON column is written
    session.add(contact)
    if changed:
        webhook_payloads.contact_updated(session, contact=contact, now=utcnow())
    session.commit()


def clean_field(field: str, value: str) -> str | None:
    """The value to store for a standard field (None clears it), or ContactError."""
    if field not in EDITABLE_FIELDS:
        raise ContactError(mark("Unknown contact field: {name}."), name=field, field=field)
    label, limit = EDITABLE_FIELDS[field]
    value = clean_text(value).strip()
    if not value:
        return None
    if field == "email":
        if len(value) > limit or not _EMAIL.fullmatch(value):
            raise ContactError(mark("Enter a valid email address."), field=field)
        return value.lower()
    if field == "phone":
        digits = sum(char.isascii() and char.isdigit() for char in value)
        if len(value) > limit or not _PHONE.fullmatch(value) or not 5 <= digits <= 20:
            raise ContactError(mark("Enter a valid phone number."), field=field)
    if len(value) > limit:
        raise ContactError(
            mark("{label} is too long (at most {limit} characters)."),
            label=label,
            limit=limit,
            field=field,
        )
    return value


def set_attribute(
    session: Session, *, contact_id: int, key: str, value: str, source: ValueSource
) -> None:
    """Adds or changes a custom attribute; an empty value removes it."""
    contact = _contact(session, contact_id)
    key, value = _check_key(clean_text(key)), clean_text(value).strip()
    if len(value) > MAX_VALUE_CHARS:
        raise ContactError(
            mark("The value is too long (at most {max_value_chars} characters)."),
            max_value_chars=MAX_VALUE_CHARS,
        )
    attribute = session.get(ContactAttribute, (contact_id, key))
    if (attribute.value if attribute else "") == value:
        session.commit()  # as before: the caller's pending changes are written
        return
    if attribute is None:
        session.add(ContactAttribute(contact_id=contact_id, key=key, value=value, source=source))
    elif not value:
        session.delete(attribute)
    else:
        attribute.value, attribute.source = value, source
        session.add(attribute)
    webhook_payloads.contact_updated(session, contact=contact, now=utcnow())
    session.commit()


def delete_attribute(session: Session, *, contact_id: int, key: str) -> None:
    """Removes a custom attribute; removing one that is not there does nothing."""
    attribute = session.get(ContactAttribute, (contact_id, key.strip()))
    if attribute is not None:
        session.delete(attribute)
        session.commit()


def attributes_of(session: Session, *, contact_id: int) -> list[FieldView]:
    rows = session.exec(
        select(ContactAttribute)
        .where(ContactAttribute.contact_id == contact_id)
        .order_by(ContactAttribute.key)
    ).all()
    return [FieldView(label=a.key, value=a.value, source=a.source.value) for a in rows]


def merge_contacts(session: Session, *, keep_id: int, merge_id: int) -> None:
    """Folds `merge_id` into `keep_id` (kept values win, gaps are filled), then deletes it."""
    if keep_id == merge_id:
        raise ContactError(mark("A contact cannot be merged into itself."))
    keep, other = _contact(session, keep_id), _contact(session, merge_id)
    session.exec(
        update(Conversation)
        .where(col(Conversation.contact_id) == merge_id)
        .values(contact_id=keep_id)
    )
    _fill_fields(keep, other)
    keep.first_seen_at = min(_aware(keep.first_seen_at), _aware(other.first_seen_at))
    keep.last_seen_at = max(_aware(keep.last_seen_at), _aware(other.last_seen_at))
    keep.blocked = keep.blocked or other.blocked
    _merge_attributes(session, keep_id=keep_id, merge_id=merge_id)
    # A website's signed-in user follows to the kept contact (the id is unique: freed first).
    user_id, other.external_user_id = other.external_user_id, None
    session.add(other)
    session.flush()
    keep.external_user_id = keep.external_user_id or user_id
    session.add(keep)
    session.flush()
    session.delete(other)
    session.commit()


def _fill_fields(keep: Contact, other: Contact) -> None:
    sources = dict(keep.field_sources or {})
    other_sources = other.field_sources or {}
    for field in EDITABLE_FIELDS:
        if not getattr(keep, field) and getattr(other, field):
            setattr(keep, field, getattr(other, field))
            sources[field] = other_sources.get(field, ValueSource.manual.value)
    for fact in _FACTS:
        if not getattr(keep, fact) and getattr(other, fact):
            setattr(keep, fact, getattr(other, fact))
    keep.field_sources = sources


def _merge_attributes(session: Session, *, keep_id: int, merge_id: int) -> None:
    kept = {
        a.key
        for a in session.exec(
            select(ContactAttribute).where(ContactAttribute.contact_id == keep_id)
        )
    }
    moving = session.exec(
        select(ContactAttribute).where(ContactAttribute.contact_id == merge_id)
    ).all()
    for attribute in moving:
        if attribute.key not in kept:
            session.add(
                ContactAttribute(
                    contact_id=keep_id,
                    key=attribute.key,
                    value=attribute.value,
                    source=attribute.source,
                )
            )
        session.delete(attribute)


def _contact(session: Session, contact_id: int) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise ContactError(mark("This contact no longer exists."))
    return contact


def _check_key(key: str) -> str:
    key = key.strip()
    if not 1 <= len(key) <= MAX_KEY_CHARS:
        raise ContactError(
            mark("An attribute name needs 1 to {max_key_chars} characters."),
            max_key_chars=MAX_KEY_CHARS,
        )
    return key


def _aware(moment: datetime) -> datetime:
    """SQLite hands datetimes back without a zone; they were stored as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def find_by_email(session: Session, *, email: str) -> int | None:
    """The id of the contact with this email (any case), if there is one."""
    statement = select(Contact.id).where(Contact.email == email.strip().lower())
    return session.exec(statement).first()


def set_blocked(session: Session, *, contact_id: int, blocked: bool) -> None:
    """A blocked contact's messages are refused (widget, email); agents still see the history."""
    contact = _contact(session, contact_id)
    contact.blocked = blocked
    session.add(contact)
    session.commit()
