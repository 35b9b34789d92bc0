"""A reply on its way to the contact by mail: in an email conversation always, in a chat when
the visitor's widget is gone (it waits in the outbox). The composer and the REST API send
replies the same way through here; the sender is woken, never waited for."""

from __future__ import annotations

from sqlmodel import Session

from inbox_app.mail import lifespan as mail_lifespan
from inbox_app.mail.config import get_mail_settings
from inbox_app.models.tables import utcnow
from inbox_app.services import outbox
from inbox_app.services.email import outgoing as email_outgoing
from inbox_app.services.email.delivery import CHAT_LABELS, EMAIL_LABELS


def queue_reply_mail(session: Session, *, message_id: int, visitor_connected: bool) -> str | None:
    """The delivery label to show when the reply was queued for mail, else None."""
    domain = get_mail_settings().domain
    if email_outgoing.queue_email_reply(
        session, message_id=message_id, now=utcnow(), domain=domain
    ):
        label = EMAIL_LABELS["queued"]
    elif outbox.queue_reply_if_away(
        session, message_id=message_id, now=utcnow(), visitor_connected=visitor_connected
    ):
        label = CHAT_LABELS["queued"]
    else:
        return None
    mail_lifespan.wake()
    return label
