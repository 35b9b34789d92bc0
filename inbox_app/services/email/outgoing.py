"""A reply in an email conversation (and the first message of `New email`) queued in the
outbox, with its own Message-ID and the In-Reply-To / References of the mail it answers
(CONTRACT.md, Email). Comments are never mailed: only replies are queued."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from email.utils import make_msgid
from functools import cache
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from inbox_app.models.email_tables import EmailMessage
from inbox_app.models.enums import Channel, MessageKind
from inbox_app.models.outbox import OutboxEmail
from inbox_app.models.tables import Conversation, Message
from inbox_app.services import outbox

QUEUED = "queued"
MAX_REFERENCES = 20


def queue_email_reply(
    session: Session, *, message_id: int, domain: str, now: datetime, commit: bool = True
) -> bool:
    """True when the reply is in the outbox (now or already); False: not an email reply.
    commit=False: queued in the caller's transaction, the one that stores the reply."""
    message = session.get(Message, message_id)
    if message is None or message.kind is not MessageKind.reply:
        return False
    conversation = session.get(Conversation, message.conversation_id)
    if conversation is None or conversation.channel is not Channel.email:
        return False
    to_address = outbox.contact_email(session, contact_id=conversation.contact_id)
    if not to_address:
        return False
    if outbox.holds(session, message_id=message_id):
        return True
    answered = _last_mail(session, conversation_id=conversation.id or 0, before=message)
    session.add(identity_for(message, answered=answered, domain=domain))
    answered_subject = _subject_of(session, answered) or conversation.subject or ""
    subject = reply_subject(message, answered_subject=answered_subject, answers=bool(answered))
    session.add(
        OutboxEmail(
            message_id=message_id,
            status=QUEUED,
            to_address=to_address,
            subject=subject,
            body=message.body,
            created_at=now,
        )
    )
    if commit:
        session.commit()
    return True


def queue_first_mail(session: Session, *, conversation_id: int, domain: str, now: datetime) -> bool:
    """`New email`: the conversation's first reply goes out as a new mail."""
    first = session.exec(
        select(Message.id)
        .where(Message.conversation_id == conversation_id, Message.kind == MessageKind.reply)
        .order_by(col(Message.id))
    ).first()
    return first is not None and queue_email_reply(
        session, message_id=first, domain=domain, now=now
    )


def identity_for(message: Message, *, answered: EmailMessage | None, domain: str) -> EmailMessage:
    """A new Message-ID; In-Reply-To and References name the mail answered and its thread."""
    references = [*answered.reference_ids, answered.rfc_message_id] if answered else []
    return EmailMessage(
        message_id=message.id or 0,
        conversation_id=message.conversation_id,
        rfc_message_id=make_msgid(domain=domain),
        in_reply_to=answered.rfc_message_id if answered else None,
        reference_ids=references[-MAX_REFERENCES:],
        full_text=message.body,
        created_at=message.created_at,
    )


def _last_mail(session: Session, *, conversation_id: int, before: Message) -> EmailMessage | None:
    """The newest mail of the conversation before this reply: the one it answers."""
    found = session.exec(
        _last_mail_of(), params={"conversation_id": conversation_id, "before": before.id}
    )
    return found.first()


@cache
def _last_mail_of() -> SelectOfScalar[EmailMessage]:
    """Built once: every email reply asks."""
    return (
        select(EmailMessage)
        .where(
            EmailMessage.conversation_id == bindparam("conversation_id"),
            EmailMessage.message_id != bindparam("before"),
        )
        .order_by(col(EmailMessage.created_at).desc(), col(EmailMessage.id).desc())
    )


def reply_subject(message: Message, *, answered_subject: str, answers: bool) -> str:
    """A new mail keeps the subject the agent gave; an answer is `Re: ` and the subject of the
    mail it answers (or the subject the agent typed), never `Re: Re: `."""
    given = " ".join(((message.email_meta or {}).get("subject") or "").split())
    base = given or answered_subject or "(no subject)"
    if not answers or base.lower().startswith("re:"):
        return base[:300]
    return f"Re: {base}"[:300]


def _subject_of(session: Session, mail: EmailMessage | None) -> str:
    if mail is None:
        return ""
    meta = session.exec(_meta_of(), params={"message_id": mail.message_id}).first()
    return str((meta or {}).get("subject") or "")


@cache
def _meta_of() -> SelectOfScalar[Mapping[Any, Any]] | SelectOfScalar[None]:
    """Built once: every email reply asks."""
    return select(Message.email_meta).where(Message.id == bindparam("message_id"))
