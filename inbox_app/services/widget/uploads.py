"""Files in a widget chat: a visitor's upload becomes an incoming message with the file, and
the widget lists the files of the messages it may see (never those of comments).

Like agent uploads, nothing the browser says about a file is trusted (`attachments`).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, func, select

from inbox_app.models.dto import AttachmentView
from inbox_app.models.tables import Attachment, Conversation, Message
from inbox_app.services.attachments.records import (
    AttachmentError,
    DownloadInfo,
    attachments_of,
    clean_filename,
    detect_content_type,
    download_info,
)
from inbox_app.services.attachments.records import _name_for_type as name_for_type
from inbox_app.services.attachments.storage import MAX_ATTACHMENT_BYTES, TOO_LARGE_MESSAGE
from inbox_app.services.conversations import messages
from inbox_app.services.widget.visitors import VISIBLE_TO_VISITOR

# What one chat's visitor may upload in all: a file sharer's budget, not a support chat's.
CONVERSATION_QUOTA_BYTES = 100 * 1024 * 1024
QUOTA_MESSAGE = "This chat has reached its limit for files. Please send a link instead."


def check_upload_room(session: Session, *, conversation_id: int, size: int) -> None:
    """AttachmentError when `size` more bytes would take the chat's files past its quota."""
    used = session.exec(
        select(func.coalesce(func.sum(Attachment.size), 0)).where(
            Attachment.conversation_id == conversation_id
        )
    ).one()
    if used + size > CONVERSATION_QUOTA_BYTES:
        raise AttachmentError(QUOTA_MESSAGE)


def post_incoming_file(
    session: Session,
    *,
    conversation_id: int,
    filename: str,
    size: int,
    storage_key: str,
    head: bytes,
    now: datetime,
    idempotency_key: str | None = None,
) -> tuple[int, bool]:
    """(message id, stored): stored is False for a retried upload, whose file is not needed."""
    if size > MAX_ATTACHMENT_BYTES:
        raise AttachmentError(TOO_LARGE_MESSAGE)
    content_type = detect_content_type(head)
    name = name_for_type(clean_filename(filename), content_type)

    stored: list[Message] = []  # empty for a retried upload: its message has its file already

    def with_its_file(message: Message) -> None:
        stored.append(message)
        session.add(
            Attachment(
                conversation_id=conversation_id,
                message_id=message.id,
                filename=name,
                content_type=content_type,
                size=size,
                storage_key=storage_key,
                created_at=now,
            )
        )
        conversation = session.get(Conversation, conversation_id)
        if conversation is not None:
            conversation.preview = f"📎 {name}"[:200]
            session.add(conversation)

    message = messages.post_incoming(
        session,
        conversation_id=conversation_id,
        body="",
        now=now,
        idempotency_key=idempotency_key,
        with_files=True,
        with_it=with_its_file,
    )
    return message.id or 0, bool(stored)


def visible_files(session: Session, *, message_ids: list[int]) -> dict[int, list[AttachmentView]]:
    """The files of these messages, for a widget (callers pass only visible message ids)."""
    return attachments_of(session, message_ids=message_ids)


def visitor_download(
    session: Session, *, attachment_id: int, conversation_id: int
) -> DownloadInfo | None:
    """What the widget may download: a file of a visible message of its own conversation."""
    row = session.exec(
        select(Attachment)
        .join(Message, col(Message.id) == Attachment.message_id)
        .where(
            Attachment.id == attachment_id,
            Attachment.conversation_id == conversation_id,
            Message.conversation_id == conversation_id,
            col(Message.kind).in_(VISIBLE_TO_VISITOR),
        )
    ).first()
    return download_info(session, attachment_id=attachment_id) if row is not None else None
