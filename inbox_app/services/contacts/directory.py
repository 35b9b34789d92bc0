"""The contact directory: every contact, searched by name, email, phone or company, sorted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, func
from sqlmodel import Session, col, or_, select

from inbox_app.models.dto import ContactRow
from inbox_app.models.tables import Contact, Conversation
from inbox_app.services.rendering import contact_display_name, time_label

PAGE_SIZE = 50
SORTS = ("name", "email", "company", "last_seen", "conversations")


def list_contacts(
    session: Session,
    *,
    search: str,
    sort: str,
    descending: bool,
    limit: int,
    now: datetime,
) -> list[ContactRow]:
    """One page of the directory; an unknown sort is by name."""
    counted = (
        select(Conversation.contact_id, func.count().label("conversations"))
        .where(col(Conversation.deleted_at).is_(None))
        .group_by(col(Conversation.contact_id))
        .subquery()
    )
    conversations = func.coalesce(counted.c.conversations, 0)
    statement = select(Contact, conversations).outerjoin(
        counted, counted.c.contact_id == col(Contact.id)
    )
    if (condition := matching(search)) is not None:
        statement = statement.where(condition)
    order = _order(sort, conversations)
    statement = statement.order_by(
        order.desc() if descending else order.asc(), col(Contact.id).desc()
    ).limit(max(1, min(limit, 1000)))
    return [
        contact_row(contact, count, now=now) for contact, count in session.exec(statement).all()
    ]


def matching(search: str) -> ColumnElement[bool] | None:
    """Every word typed is in one of the fields (case-insensitive, % and _ taken literally)."""
    words = search.split()[:5]
    if not words:
        return None
    fields = (Contact.name, Contact.email, Contact.phone, Contact.company)
    return and_(
        *[
            or_(*[col(field).ilike(f"%{_escaped(word)}%", escape="\\") for field in fields])
            for word in words
        ]
    )


def _escaped(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _order(sort: str, conversations: ColumnElement[int]) -> SQLColumnExpression[Any]:
    columns = {
        "email": col(Contact.email),
        "company": col(Contact.company),
        "last_seen": col(Contact.last_seen_at),
        "conversations": conversations,
    }
    return columns.get(sort, func.lower(func.coalesce(col(Contact.name), col(Contact.email), "")))


def contact_row(contact: Contact, conversations: int, *, now: datetime) -> ContactRow:
    return ContactRow(
        id=contact.id or 0,
        name=contact_display_name(
            name=contact.name, email=contact.email, contact_id=contact.id or 0
        ),
        email=contact.email or "",
        company=contact.company or "",
        last_seen=time_label(contact.last_seen_at, now=now),
        conversations=int(conversations),
        href=f"/contacts/{contact.id}",
    )
