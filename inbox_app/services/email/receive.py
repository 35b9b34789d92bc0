"""An incoming mail stored as a message: in the conversation it answers, else in a new email
conversation (issue 11, threading). One transaction: a mail is stored whole or not at all,
and a mail delivered twice is stored once (the unique mail identity decides a race)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from inbox_app.models.email_tables import EmailMessage
from inbox_app.models.enums import Channel, MessageKind
from inbox_app.models.mail import ParsedMail, Received
from inbox_app.models.tables import Contact, Conversation, Message
from inbox_app.services import app_settings, counters, notifications
from inbox_app.services.attachments.storage import delete_stored_files
from inbox_app.services.clean_text import clean_text
from inbox_app.services.conversations import locking
from inbox_app.services.conversations.messages import MAX_BODY_CHARS, apply_message, is_resting
from inbox_app.services.email.bounces import mark_bounced
from inbox_app.services.email.html_display import INLINE_KEY
from inbox_app.services.email.mail_files import store_files
from inbox_app.services.email.threads import contact_for, conversation_for, known
from inbox_app.services.integrations import webhook_payloads
from inbox_app.services.language_detection import detect
from inbox_app.services.statistics import facts
from inbox_app.services.team.routing import route_new_conversation

NO_SUBJECT = "(no subject)"


def receive_mail(
    session: Session, *, mail: ParsedMail, own_address: str, upload_dir: Path, now: datetime
) -> Received:
    """own_address: INBOX_MAIL_FROM's address; mail from it is ours and ignored (no loops)."""
    if own_address and mail.from_address == own_address.lower():
        return Received("ignored")
    if mail.bounce is not None:
        return Received("bounce", mark_bounced(session, bounce=mail.bounce, now=now))
    if found := known(session, rfc_message_id=mail.identity):
        return Received("duplicate", [found.conversation_id], found.message_id)
    conversation = conversation_for(session, thread_ids=mail.thread_ids)
    if conversation is not None:
        contact = session.get(Contact, conversation.contact_id)
    else:
        contact = contact_for(session, address=mail.from_address, name=mail.from_name, now=now)
    if contact is None or contact.blocked:  # accepted by SMTP (no back-scatter), then dropped
        session.rollback()
        return Received("blocked")
    keys: list[str] = []
    try:
        return _store(
            session,
            mail=mail,
            conversation=conversation,
            contact=contact,
            upload_dir=upload_dir,
            now=now,
            keys=keys,
        )
    except IntegrityError:  # the same mail, stored by another worker a moment ago
        session.rollback()
        delete_stored_files(upload_dir=upload_dir, storage_keys=keys)
        if (found := known(session, rfc_message_id=mail.identity)) is None:
            raise
        return Received("duplicate", [found.conversation_id], found.message_id)


def _store(
    session: Session,
    *,
    mail: ParsedMail,
    conversation: Conversation | None,
    contact: Contact,
    upload_dir: Path,
    now: datetime,
    keys: list[str],
) -> Received:
    first = conversation is None or conversation.last_incoming_at is None
    if conversation is None:
        conversation = _new_conversation(session, contact=contact, mail=mail, now=now)
    message = _add_message(session, conversation=conversation, mail=mail, now=now)
    session.add(_identity(mail, message))
    written, notes, inline = store_files(
        session,
        files=mail.files,
        conversation_id=conversation.id or 0,
        message_id=message.id or 0,
        upload_dir=upload_dir,
        now=now,
    )
    keys += written
    if inline:  # which of this mail's files its HTML shows by `cid:` (html_display.py)
        message.email_meta = {**(message.email_meta or {}), INLINE_KEY: inline}
    if notes:
        message.body = "\n\n".join([message.body, *notes]).strip()[:MAX_BODY_CHARS]
        session.add(message)
    if not mail.auto_reply:  # an auto-reply is kept, and tells no one
        notifications.notify_incoming(
            session, conversation_id=conversation.id or 0, first=first, now=now
        )
    session.commit()
    if first and not mail.auto_reply:
        route_new_conversation(
            session, conversation_id=conversation.id or 0, language=message.language, now=now
        )
    return Received("stored", [conversation.id or 0], message.id or 0)


def _new_conversation(
    session: Session, *, contact: Contact, mail: ParsedMail, now: datetime
) -> Conversation:
    conversation = Conversation(
        contact_id=contact.id or 0,
        channel=Channel.email,
        subject=mail.subject or NO_SUBJECT,
        created_at=now,
        last_activity_at=now,
    )
    session.add(conversation)
    session.flush()
    facts.started(session, conversation=conversation)
    counters.move(session, before=(), after=counters.keys_of(session, conversation))
    webhook_payloads.conversation_created(session, conversation=conversation, now=now)
    return conversation


def _add_message(
    session: Session, *, conversation: Conversation, mail: ParsedMail, now: datetime
) -> Message:
    """The new text is the message; an auto-reply neither reopens nor moves the clock."""
    body = clean_text(mail.text).strip()[:MAX_BODY_CHARS]
    message = Message(
        conversation_id=conversation.id or 0,
        kind=MessageKind.incoming,
        body=body,
        created_at=now,
        email_meta=_meta(mail),
        language=None
        if mail.auto_reply
        else detect(f"{mail.subject}\n{body}", enabled=app_settings.detected_languages(session)),
    )
    if not mail.auto_reply:
        if conversation.id is not None:  # fresh and locked: the clock may flag it meanwhile
            locking.for_change(session, conversation.id)
        before = counters.keys_of(session, conversation)
        resting = is_resting(conversation)
        apply_message(session, conversation=conversation, message=message)
        if resting:
            counters.move(session, before=before, after=counters.keys_of(session, conversation))
    session.add(message)
    session.add(conversation)
    session.flush()
    webhook_payloads.message_created(session, message=message, now=now)
    return message


def _meta(mail: ParsedMail) -> dict[str, str]:
    sender = f"{mail.from_name} <{mail.from_address}>" if mail.from_name else mail.from_address
    return {
        "subject": mail.subject,
        "from": sender,
        "to": ", ".join(mail.to),
        "cc": ", ".join(mail.cc),
    }


def _identity(mail: ParsedMail, message: Message) -> EmailMessage:
    return EmailMessage(
        message_id=message.id or 0,
        conversation_id=message.conversation_id,
        rfc_message_id=mail.identity[:300],
        in_reply_to=mail.in_reply_to[0] if mail.in_reply_to else None,
        reference_ids=mail.references,
        full_text=mail.full_text,
        html=mail.html or None,
        auto_reply=mail.auto_reply,
        created_at=message.created_at,
    )
