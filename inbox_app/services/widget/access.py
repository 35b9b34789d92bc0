"""Whether a visitor token still opens its conversation: the key it carries must be the
conversation's, and the conversation must not be deleted (hidden, or purged for good)."""

from __future__ import annotations

import hmac

from sqlalchemy import select
from sqlmodel import Session

from inbox_app.models.tables import Conversation, table_of


def visitor_key(session: Session, *, conversation_id: int) -> str | None:
    """The key to put in a new token; None when the conversation is deleted or gone."""
    chats = table_of(Conversation)
    row = (
        session.connection()
        .execute(
            select(chats.c.visitor_key, chats.c.deleted_at).where(chats.c.id == conversation_id)
        )
        .first()
    )
    return row.visitor_key if row is not None and row.deleted_at is None else None


def key_opens(*, expected: str | None, given: str) -> bool:
    """Constant-time: a token's key is compared like a password."""
    return expected is not None and hmac.compare_digest(expected.encode(), given.encode())


def holds_key(session: Session, *, conversation_id: int, key: str) -> bool:
    return key_opens(expected=visitor_key(session, conversation_id=conversation_id), given=key)
