"""The rows of an incoming mail: the conversation it joins or opens, the message and the mail's
identity (receive.py decides; this writes)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, update
from sqlmodel import Session

from inbox_app.models.email_tables import EmailMessage
from inbox_app.models.enums import Channel, MessageKind
from inbox_app.models.mail import ParsedMail
from inbox_app.models.tables import Conversation, Message, table_of
from inbox_app.services import app_settings, counters
from inbox_app.services.clean_text import clean_text
from inbox_app.services.conversations import locking
from inbox_app.services.conversations.messages import MAX_BODY_CHARS, apply_message, is_resting
from inbox_app.services.email.threads import Place, new_contact, place_for
from inbox_app.services.integrations import webhook_payloads
from inbox_app.services.language_detection import detect
from inbox_app.services.statistics import facts

NO_SUBJECT = "(no subject)"


def new_message(session: Session, *, mail: ParsedMail, now: datetime) -> Message:
    """The message the mail becomes, not yet stored (its conversation is decided next)."""
    body = clean_text(mail.text).strip()[:MAX_BODY_CHARS]
    return Message(
        conversation_id=0,
        kind=MessageKind.incoming,
        body=body,
        created_at=now,
        email_meta=meta(mail),
        language=None
        if mail.auto_reply
        else detect(f"{mail.subject}\n{body}", enabled=app_settings.detected_languages(session)),
    )


def conversation(
    session: Session, *, mail: ParsedMail, place: Place, message: Message, now: datetime
) -> tuple[Conversation, bool] | None:
    """The conversation the mail answers, read under the write lock (the clock may flag it
    overdue meanwhile: locking.py); else a new one, with the message applied (True: new).
    None: the contact is blocked."""
    if place.blocked:
        return None
    if place.conversation_id is not None:
        answered = locking.for_change(session, place.conversation_id)
        if answered is not None and answered.deleted_at is None:
            return answered, False
        # deleted a moment ago: as if it never was, the sender's own contact
        place = place_for(session, thread_ids=[], address=mail.from_address)
        if place.blocked:
            return None
    contact_id = place.contact_id or new_contact(
        session, address=mail.from_address, name=mail.from_name, now=now
    )
    return _new_conversation(session, contact_id=contact_id, mail=mail, message=message), True


def _new_conversation(
    session: Session, *, contact_id: int, mail: ParsedMail, message: Message
) -> Conversation:
    """Inserted with the message already applied (its clock, preview, language): one INSERT
    and no UPDATE after it."""
    conversation = Conversation(
        contact_id=contact_id,
        channel=Channel.email,
        subject=mail.subject or NO_SUBJECT,
        created_at=message.created_at,
        last_activity_at=message.created_at,
    )
    if not mail.auto_reply:  # new: nothing to un-flag or reopen, so no reads here
        apply_message(session, conversation=conversation, message=message)
    session.add(conversation)
    session.flush()
    facts.started(session, conversation=conversation)
    counters.move(session, before=(), after=counters.keys_of(session, conversation))
    webhook_payloads.conversation_created(
        session, conversation=conversation, now=message.created_at
    )
    return conversation


def add_message(
    session: Session, *, conversation: Conversation, message: Message, new: bool, mail: ParsedMail
) -> None:
    """Stores the message (its id set). An auto-reply neither reopens nor moves the clock. The
    message is inserted on the connection (as the widget's are): no ORM object to flush."""
    if not mail.auto_reply and not new:  # read under the write lock (`conversation`)
        resting = is_resting(conversation)
        before = counters.keys_of(session, conversation) if resting else frozenset()
        apply_message(session, conversation=conversation, message=message)
        if resting:
            counters.move(session, before=before, after=counters.keys_of(session, conversation))
        session.add(conversation)
    message.conversation_id = conversation.id or 0
    columns = ("conversation_id", "kind", "body", "created_at", "email_meta", "language")
    messages = table_of(Message)
    message.id = (
        session.connection()
        .execute(
            insert(messages)
            .values({name: getattr(message, name) for name in columns})
            .returning(messages.c.id)
        )
        .scalar_one()
    )
    webhook_payloads.message_created(session, message=message, now=message.created_at)


def amend_message(session: Session, *, message: Message) -> None:
    """A message's body and email_meta changed after its insert (files left out or shown
    inline: rare)."""
    messages = table_of(Message)
    session.connection().execute(
        update(messages)
        .where(messages.c.id == message.id)
        .values(body=message.body, email_meta=message.email_meta)
    )


def meta(mail: ParsedMail) -> dict[str, str]:
    sender = f"{mail.from_name} <{mail.from_address}>" if mail.from_name else mail.from_address
    return {
        "subject": mail.subject,
        "from": sender,
        "to": ", ".join(mail.to),
        "cc": ", ".join(mail.cc),
    }


def add_identity(session: Session, *, mail: ParsedMail, message: Message) -> None:
    """The mail's identity row, inserted on the connection (no ORM object to flush: it is
    never changed after); the unique identity refuses a second copy at once."""
    row = {
        "message_id": message.id or 0,
        "conversation_id": message.conversation_id,
        "rfc_message_id": mail.identity[:300],
        "in_reply_to": mail.in_reply_to[0] if mail.in_reply_to else None,
        "reference_ids": mail.references,
        "full_text": mail.full_text,
        "html": mail.html or None,
        "auto_reply": mail.auto_reply,
        "created_at": message.created_at,
    }
    session.connection().execute(insert(table_of(EmailMessage)).values(**row))
