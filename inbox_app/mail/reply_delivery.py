"""A reply on its way to the contact by mail: in an email conversation always, in a chat when
the visitor's widget is gone (it waits in the outbox). The composer and the REST API send
replies the same way through here; the sender is woken, never waited for."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from inbox_app.mail import lifespan as mail_lifespan
from inbox_app.mail.config import get_mail_settings
from inbox_app.models.tables import utcnow
from inbox_app.services import outbox
from inbox_app.services.email import outgoing as email_outgoing
from inbox_app.services.email.delivery import CHAT_LABELS, EMAIL_LABELS

wake_sender = mail_lifespan.wake  # after the commit that holds the queued mail


def queue_in_transaction(
    session: Session, *, message_id: int, visitor_connected: Callable[[], bool]
) -> str | None:
    """Queued in the transaction that stores the reply: a crash between two commits cannot
    lose its mail. The caller commits, then calls `wake_sender`. visitor_connected is asked
    only for a chat reply (with Redis it is a round trip)."""
    domain = get_mail_settings().domain
    if email_outgoing.queue_email_reply(
        session, message_id=message_id, now=utcnow(), domain=domain, commit=False
    ):
        return EMAIL_LABELS["queued"]
    if outbox.queue_reply_if_away(
        session,
        message_id=message_id,
        now=utcnow(),
        visitor_connected=visitor_connected(),
        commit=False,
    ):
        return CHAT_LABELS["queued"]
    return None
