"""What the thread shows of a mail beyond its new text: its headers, and the whole mail (quoted
history included) one click away."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import Session, col, select

from inbox_app.models.email_tables import EmailMessage
from inbox_app.models.tables import Attachment, Message
from inbox_app.services.email.html_display import INLINE_KEY, display_html

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


def html_mails(
    session: Session, *, message_ids: list[int], attachment_url: Callable[[int], str]
) -> dict[int, tuple[str, str]]:
    """message id → (the HTML shown, the whole HTML or "") for mails that had HTML. A `cid:`
    image becomes the URL of a file kept from that same mail, never another message's."""
    ids = [i for i in message_ids if i]
    if not ids:
        return {}
    rows = session.exec(
        select(EmailMessage.message_id, EmailMessage.html, Message.email_meta)
        .join(Message, col(Message.id) == EmailMessage.message_id)
        .where(col(EmailMessage.message_id).in_(ids), col(EmailMessage.html).is_not(None))
    ).all()
    files = _files_by_key(session, message_ids=[i for i, _, _ in rows])
    shown: dict[int, tuple[str, str]] = {}
    for message_id, html, meta in rows:
        named = dict((meta or {}).get(INLINE_KEY) or {})
        own = files.get(message_id, {})
        urls = {cid: attachment_url(own[key]) for cid, key in named.items() if key in own}
        shown[message_id] = display_html(html or "", image_urls=urls)
    return shown


def _files_by_key(session: Session, *, message_ids: list[int]) -> dict[int, dict[str, int]]:
    """message id → {storage key: attachment id} of that message's own files."""
    found: dict[int, dict[str, int]] = {}
    if not message_ids:
        return found
    rows = session.exec(
        select(Attachment.message_id, Attachment.storage_key, Attachment.id).where(
            col(Attachment.message_id).in_(message_ids)
        )
    ).all()
    for message_id, key, attachment_id in rows:
        if message_id is not None and attachment_id is not None:
            found.setdefault(message_id, {})[key] = attachment_id
    return found
