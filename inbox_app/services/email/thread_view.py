"""What the thread shows of a mail beyond its new text: its headers, and the whole mail (quoted
history included) one click away."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from inbox_app.models.email_tables import EmailMessage
from inbox_app.models.tables import Message

_SHOWN = (("Subject", "subject"), ("From", "from"), ("To", "to"), ("Cc", "cc"))


def header_lines(meta: dict[str, Any] | None) -> str:
    """`Subject: ...` lines for the headers a message carries; "" for one that is no mail."""
    if not meta:
        return ""
    return "\n".join(f"{label}: {meta[key]}" for label, key in _SHOWN if meta.get(key))


def whole_mails(session: Session, *, message_ids: list[int]) -> dict[int, str]:
    """message id → the mail's full text, for incoming mails whose history was folded away."""
    ids = [i for i in message_ids if i]
    if not ids:
        return {}
    rows = session.exec(
        select(EmailMessage.message_id, EmailMessage.full_text, Message.body)
        .join(Message, col(Message.id) == EmailMessage.message_id)
        .where(col(EmailMessage.message_id).in_(ids))
    ).all()
    return {i: full for i, full, body in rows if full.strip() and full.strip() != body.strip()}
