"""Sending from the composer: text, files and mentions as one use-case."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from inbox_app.i18n import mark
from inbox_app.models.dto import AgentView
from inbox_app.models.enums import MessageKind
from inbox_app.services.attachments import records as attachments
from inbox_app.services.composer import drafts, mentions
from inbox_app.services.conversations import messages
from inbox_app.services.errors import DomainError


class SendError(DomainError):
    """Nothing was sent; the text is safe to show."""


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
) -> int:
    """Store the message with its files, notify @mentions in comments, forget the draft."""
    try:
        attachments.check_linkable(
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
            with_it=attachments.linking_uploads(
                session,
                agent_id=actor.id,
                conversation_id=conversation_id,
                attachment_ids=attachment_ids,
            ),
        )
    except (attachments.AttachmentError, messages.MessageError) as error:
        raise SendError(str(error)) from error
    if subject.strip() and kind is MessageKind.reply:  # email replies carry their subject
        message.email_meta = {"subject": " ".join(subject.split())[:300]}
        session.add(message)
        session.commit()
    if kind is MessageKind.comment:
        mentions.notify_mentions(
            session, actor=actor, conversation_id=conversation_id, body=body, now=now
        )
    drafts.discard_draft(session, agent_id=actor.id, conversation_id=conversation_id)
    return message.id or 0
