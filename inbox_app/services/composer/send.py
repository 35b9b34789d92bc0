"""Sending from the composer: text, files and mentions as one use-case."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from inbox_app.i18n import mark
from inbox_app.models.dto import AgentView
from inbox_app.models.enums import MessageKind
from inbox_app.models.tables import Message
from inbox_app.services.attachments import records as attachments
from inbox_app.services.composer import drafts, mentions
from inbox_app.services.conversations import messages
from inbox_app.services.errors import DomainError


class SendError(DomainError):
    """Nothing was sent; the text is safe to show."""


QueueMail = Callable[[Session, int], str | None]  # the reply's delivery label when queued


@dataclass(frozen=True)
class Sent:
    message_id: int
    mail_label: str | None  # "Queued for email"-like, when the reply goes out by mail


def parse_ids(raw: str) -> list[int]:
    """'3,4' from the composer's hidden field; anything else is refused."""
    parts = [part for part in raw.split(",") if part.strip()]
    if len(parts) > 20 or not all(part.strip().isdigit() for part in parts):
        raise SendError(mark("Those attachments cannot be sent."))
    return [int(part) for part in parts]


def send(
    session: Session,
    *,
    actor: AgentView,
    conversation_id: int,
    kind: MessageKind,
    body: str,
    attachment_ids: list[int],
    now: datetime,
    subject: str = "",
    queue_mail: QueueMail | None = None,
) -> Sent:
    """Store the message with its files, its subject and its mail in one commit (a crash after
    it cannot lose the mail, and no reader sees the message without its files), then notify
    @mentions in comments and forget the draft. queue_mail: asked for replies only."""
    mail_label: str | None = None

    def with_it(message: Message) -> None:
        nonlocal mail_label
        if link_files is not None:
            link_files(message)
        if kind is not MessageKind.reply:
            return
        if subject.strip():  # email replies carry their subject
            message.email_meta = {"subject": " ".join(subject.split())[:300]}
            session.add(message)
        if queue_mail is not None:
            mail_label = queue_mail(session, message.id or 0)

    try:
        attachments.check_linkable(
            session,
            agent_id=actor.id,
            conversation_id=conversation_id,
            attachment_ids=attachment_ids,
        )
        link_files = attachments.linking_uploads(
            session,
            agent_id=actor.id,
            conversation_id=conversation_id,
            attachment_ids=attachment_ids,
        )
        message = messages.post_agent_message(
            session,
            agent_id=actor.id,
            conversation_id=conversation_id,
            kind=kind,
            body=body,
            now=now,
            with_files=bool(attachment_ids),
            with_it=with_it,
        )
    except (attachments.AttachmentError, messages.MessageError) as error:
        raise SendError(str(error)) from error
    if kind is MessageKind.comment:
        mentions.notify_mentions(
            session, actor=actor, conversation_id=conversation_id, body=body, now=now
        )
    drafts.discard_draft(session, agent_id=actor.id, conversation_id=conversation_id)
    return Sent(message_id=message.id or 0, mail_label=mail_label)
