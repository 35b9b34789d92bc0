"""Contacts as CSV: what the directory shows (its search), every field, a header row.

Cells a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage return)
get a leading apostrophe, so exported visitor text cannot act in the agent's spreadsheet.
"""

from __future__ import annotations

import csv
import io

from sqlmodel import Session, col, select

from inbox_app.models.tables import Contact
from inbox_app.services.contacts.directory import matching

HEADER = ("id", "name", "email", "phone", "company", "notes", "first_seen", "last_seen")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_ROWS = 100_000


def contacts_csv(session: Session, *, search: str) -> str:
    statement = select(Contact).order_by(col(Contact.id)).limit(MAX_ROWS)
    if (condition := matching(search)) is not None:
        statement = statement.where(condition)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for contact in session.exec(statement):
        writer.writerow([_safe(value) for value in _values(contact)])
    return out.getvalue()


def _values(contact: Contact) -> list[object]:
    return [
        contact.id,
        contact.name,
        contact.email,
        contact.phone,
        contact.company,
        contact.notes,
        contact.first_seen_at.isoformat(timespec="seconds"),
        contact.last_seen_at.isoformat(timespec="seconds"),
    ]


def _safe(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
