"""An incoming mail stored as a message: in the conversation it answers, else in a new email
conversation (issue 11, threading). One transaction: a mail is stored whole or not at all,
and a mail delivered twice is stored once (the unique mail identity decides a race).
`store_mail` leaves the commit to its caller: receive_batch.py stores a burst in one."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from inbox_app.models.mail import ParsedMail, Received
from inbox_app.models.tables import Conversation, Message
from inbox_app.services import notifications
from inbox_app.services.attachments.storage import delete_stored_files
from inbox_app.services.conversations.messages import MAX_BODY_CHARS
from inbox_app.services.email import incoming_rows
from inbox_app.services.email.bounces import mark_bounced
from inbox_app.services.email.html_display import INLINE_KEY
from inbox_app.services.email.mail_files import store_files
from inbox_app.services.email.threads import known, place_for
from inbox_app.services.team.routing import route_new_conversation

log = logging.getLogger(__name__)


def receive_mail(
    session: Session, *, mail: ParsedMail, own_address: str, upload_dir: Path, now: datetime
) -> Received:
    """One mail, committed. own_address: INBOX_MAIL_FROM's address; mail from it is ours and
    ignored (no loops)."""
    later: list[Callable[[], None]] = []
    keys: list[str] = []
    try:
        received = store_mail(
            session,
            mail=mail,
            own_address=own_address,
            upload_dir=upload_dir,
            now=now,
            written=Written(keys, later),
        )
        session.commit()
    except IntegrityError:  # the same mail, stored by another worker a moment ago
        session.rollback()
        delete_stored_files(upload_dir=upload_dir, storage_keys=keys)
        if (found := known(session, rfc_message_id=mail.identity)) is None:
            raise
        return Received("duplicate", [found.conversation_id], found.message_id)
    except BaseException:
        session.rollback()
        delete_stored_files(upload_dir=upload_dir, storage_keys=keys)
        raise
    run_after_commit(later)
    return received


@dataclass(frozen=True)
class Written:
    """What storing a mail leaves to its caller: the files written (to delete on a rollback)
    and what runs after the commit (routing a new conversation)."""

    keys: list[str]
    after_commit: list[Callable[[], None]]


def store_mail(
    session: Session,
    *,
    mail: ParsedMail,
    own_address: str,
    upload_dir: Path,
    now: datetime,
    written: Written,
) -> Received:
    """The mail's rows, not committed (a batch shares one commit). A mail already stored, also
    earlier in the same transaction, is found and stored no second time."""
    if own_address and mail.from_address == own_address.lower():
        return Received("ignored")
    if mail.bounce is not None:
        return Received("bounce", mark_bounced(session, bounce=mail.bounce, now=now))
    if found := known(session, rfc_message_id=mail.identity):
        return Received("duplicate", [found.conversation_id], found.message_id)
    place = place_for(session, thread_ids=mail.thread_ids, address=mail.from_address)
    message = incoming_rows.new_message(session, mail=mail, now=now)
    joined = incoming_rows.conversation(session, mail=mail, place=place, message=message, now=now)
    if joined is None:  # a blocked contact: accepted by SMTP (no back-scatter), dropped
        return Received("blocked")
    conversation, new = joined
    first = new or conversation.last_incoming_at is None
    incoming_rows.add_message(
        session, conversation=conversation, message=message, new=new, mail=mail
    )
    return _store(
        session,
        mail=mail,
        conversation=conversation,
        message=message,
        first=first,
        upload_dir=upload_dir,
        written=written,
    )


def _store(
    session: Session,
    *,
    mail: ParsedMail,
    conversation: Conversation,
    message: Message,
    first: bool,
    upload_dir: Path,
    written: Written,
) -> Received:
    """The identity, the files and who is told, once the message is stored."""
    now = message.created_at
    incoming_rows.add_identity(session, mail=mail, message=message)
    keys, notes, inline = store_files(
        session,
        files=mail.files,
        conversation_id=conversation.id or 0,
        message_id=message.id or 0,
        upload_dir=upload_dir,
        now=now,
    )
    written.keys.extend(keys)
    if inline:  # which of this mail's files its HTML shows by `cid:` (html_display.py)
        message.email_meta = {**(message.email_meta or {}), INLINE_KEY: inline}
    if notes:
        message.body = "\n\n".join([message.body, *notes]).strip()[:MAX_BODY_CHARS]
    if inline or notes:
        incoming_rows.amend_message(session, message=message)
    if not mail.auto_reply:  # an auto-reply is kept, and tells no one
        notifications.notify_incoming(
            session, conversation_id=conversation.id or 0, first=first, now=now
        )
    if first and not mail.auto_reply:
        written.after_commit.append(
            partial(
                route_new_conversation,
                session,
                conversation_id=conversation.id or 0,
                language=message.language,
                now=now,
            )
        )
    return Received("stored", [conversation.id or 0], message.id or 0)


def run_after_commit(steps: list[Callable[[], None]]) -> None:
    """Routing the new conversations: they are stored, so a failure here only leaves one where
    it is (as a refusal does) and must not make the sender deliver the mail again."""
    for step in steps:
        try:
            step()
        except Exception:
            log.exception("a new email conversation could not be routed")
