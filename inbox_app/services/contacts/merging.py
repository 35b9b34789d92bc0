"""Choosing the contact to merge into another: found by name, email, phone or company, or by
the number an anonymous visitor is shown with ("Visitor #123"); the newest seen come first, so
today's anonymous visitors are there before anything is typed. The merge itself is
editing.merge_contacts."""

from __future__ import annotations

import re
from datetime import datetime

from sqlmodel import Session

from inbox_app.models.dto import ContactRow
from inbox_app.models.tables import Contact
from inbox_app.services.contacts.directory import contact_row, list_contacts

CANDIDATES = 8
_VISITOR_NUMBER = re.compile(r"(?:visitor\s*)?#?\s*(\d{1,12})", re.IGNORECASE)


def merge_candidates(
    session: Session, *, search: str, exclude_id: int, now: datetime
) -> list[ContactRow]:
    """Contacts to merge into `exclude_id` (never itself), the one named by number first."""
    rows = list_contacts(
        session, search=search, sort="last_seen", descending=True, limit=CANDIDATES + 1, now=now
    )
    if (numbered := _numbered(session, search)) is not None:
        rows = [contact_row(numbered, 0, now=now)] + [r for r in rows if r.id != numbered.id]
    return [row for row in rows if row.id != exclude_id][:CANDIDATES]


def _numbered(session: Session, search: str) -> Contact | None:
    found = _VISITOR_NUMBER.fullmatch(search.strip())
    return session.get(Contact, int(found.group(1))) if found else None
