"""A bounce marks the mail it returns as `Failed`, with the reason, and opens no conversation."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from inbox_app.models.email_tables import EmailMessage
from inbox_app.models.mail import Bounce
from inbox_app.models.outbox import OutboxEmail

FAILED = "failed"


def mark_bounced(session: Session, *, bounce: Bounce, now: datetime) -> list[int]:
    """The conversations whose outgoing mail was marked failed (none: a bounce of no mail of
    ours, which is dropped). The caller commits."""
    if not bounce.message_ids:
        return []
    rows = session.exec(
        select(OutboxEmail, EmailMessage.conversation_id)
        .join(EmailMessage, col(EmailMessage.message_id) == OutboxEmail.message_id)
        .where(col(EmailMessage.rfc_message_id).in_(bounce.message_ids))
    ).all()
    for mail, _ in rows:
        mail.status, mail.last_error, mail.next_attempt_at = FAILED, bounce.reason[:1000], None
        session.add(mail)
    return sorted({conversation_id for _, conversation_id in rows})
