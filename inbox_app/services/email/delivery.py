"""How a mailed message's delivery state reads in the thread (CONTRACT.md: `Queued`, `Sent`,
`Failed`), with the relay's answer (or why it waits) for the hover."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from inbox_app.i18n import mark
from inbox_app.models.enums import Channel
from inbox_app.models.outbox import OutboxEmail

# In English in the thread's data (the contract's words; Retry shows on "Failed"), said in the
# agent's language on screen (components/chat_window.py).
EMAIL_LABELS = {"queued": mark("Queued"), "sent": mark("Sent"), "failed": mark("Failed")}
# A chat reply mailed to a visitor who left: the chat says it went by email.
CHAT_LABELS = {
    "queued": mark("Queued for email"),
    "sent": mark("Sent by email"),
    "failed": mark("Email failed"),
}


def delivery_label(status: str, *, channel: Channel) -> str:
    return (EMAIL_LABELS if channel is Channel.email else CHAT_LABELS).get(status, "")


def delivery_states(session: Session, *, message_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """message id → (status, the relay's last answer or why it waits)."""
    ids = [i for i in message_ids if i]
    if not ids:
        return {}
    rows = session.exec(
        select(OutboxEmail.message_id, OutboxEmail.status, OutboxEmail.last_error).where(
            col(OutboxEmail.message_id).in_(ids)
        )
    ).all()
    return {
        message_id: (status, note or "")
        for message_id, status, note in rows
        if message_id is not None
    }
