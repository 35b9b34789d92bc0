"""Attachment records: what was uploaded, by whom, for which conversation and message.

Nothing the client says about a file is trusted: its name is cleaned and its type is taken
from its first bytes, so only PNG, JPEG, GIF and WebP are ever shown inline.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import PurePosixPath
from typing import NamedTuple

from sqlmodel import Session, col, select

from inbox_app.i18n import mark
from inbox_app.models.dto import AttachmentView
from inbox_app.models.tables import Attachment, Conversation, Message
from inbox_app.services.attachments.storage import MAX_ATTACHMENT_BYTES, TOO_LARGE_MESSAGE
from inbox_app.services.errors import DomainError

OCTET_STREAM = "application/octet-stream"
IMAGE_TYPES = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
}
_IMAGE_SUFFIXES = {"image/jpeg": (".jpg", ".jpeg")}
MAX_FILENAME_CHARS = 255
_DROPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}  # controls, bidi, invisible


class AttachmentError(DomainError):
    """An attachment operation was refused; the text is safe to show and nothing changed."""


class DownloadInfo(NamedTuple):
    filename: str
    content_type: str
    storage_key: str
    is_image: bool


def clean_filename(raw: str) -> str:
    """A display-safe name: no directories, controls, bidi overrides or leading dots."""
    name = unicodedata.normalize("NFC", raw).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in _DROPPED_CATEGORIES)
    name = name.strip().lstrip(".").strip().rstrip(". ")
    if len(name) > MAX_FILENAME_CHARS:
        suffix = PurePosixPath(name).suffix
        suffix = suffix if len(suffix) <= 16 else ""
        name = name[: MAX_FILENAME_CHARS - len(suffix)] + suffix
    return name or "file"


def detect_content_type(head: bytes) -> str:
    """The inline-safe image type the bytes start with; anything else is a download."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return OCTET_STREAM


def _name_for_type(filename: str, content_type: str) -> str:
    """An image keeps a matching extension, so saving it never yields e.g. `photo.html`."""
    if content_type not in IMAGE_TYPES:
        return filename
    suffixes = _IMAGE_SUFFIXES.get(content_type, (IMAGE_TYPES[content_type],))
    if PurePosixPath(filename).suffix.lower() in suffixes:
        return filename
    return clean_filename(filename + IMAGE_TYPES[content_type])


def _view(row: Attachment) -> AttachmentView:
    return AttachmentView(
        id=row.id or 0,
        filename=row.filename,
        size=row.size,
        is_image=row.content_type in IMAGE_TYPES,
    )


def ensure_uploadable(session: Session, *, conversation_id: int) -> None:
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or conversation.deleted_at is not None:
        raise AttachmentError(mark("This conversation does not exist."))


def record_upload(
    session: Session,
    *,
    agent_id: int | None,
    conversation_id: int,
    filename: str,
    size: int,
    storage_key: str,
    head: bytes,
    now: datetime,
) -> AttachmentView:
    """Record a stored file as an unsent upload of `agent_id` in the conversation (None: of
    the REST API, whose keys all act for the team, so any key may send it)."""
    ensure_uploadable(session, conversation_id=conversation_id)
    if size > MAX_ATTACHMENT_BYTES:
        raise AttachmentError(TOO_LARGE_MESSAGE)
    content_type = detect_content_type(head)
    row = Attachment(
        conversation_id=conversation_id,
        uploader_agent_id=agent_id,
        filename=_name_for_type(clean_filename(filename), content_type),
        content_type=content_type,
        size=size,
        storage_key=storage_key,
        created_at=now,
    )
    session.add(row)
    session.commit()
    return _view(row)


def _unsent(
    session: Session, *, agent_id: int | None, conversation_id: int, attachment_ids: list[int]
) -> list[Attachment]:
    wanted = set(attachment_ids)
    if not wanted:  # most messages carry no files: no query
        return []
    rows = list(session.exec(select(Attachment).where(col(Attachment.id).in_(wanted))))
    usable = [
        row
        for row in rows
        if row.message_id is None
        and row.uploader_agent_id == agent_id
        and row.conversation_id == conversation_id
    ]
    if len(usable) != len(wanted):
        raise AttachmentError(mark("An attachment is no longer available: upload it again."))
    return usable


def check_linkable(
    session: Session, *, agent_id: int | None, conversation_id: int, attachment_ids: list[int]
) -> None:
    """Raise AttachmentError unless all are this agent's unsent uploads here (call before sending)."""
    _unsent(
        session, agent_id=agent_id, conversation_id=conversation_id, attachment_ids=attachment_ids
    )


def link_to_message(
    session: Session,
    *,
    agent_id: int | None,
    conversation_id: int,
    attachment_ids: list[int],
    message_id: int,
) -> None:
    """Attach the agent's unsent uploads to their message; all or nothing."""
    if not attachment_ids:
        return
    message = session.get(Message, message_id)
    if (
        message is None
        or message.conversation_id != conversation_id
        or message.author_agent_id != agent_id
    ):
        raise AttachmentError(mark("Attachments can only be added to your own message."))
    _link(
        session, message_id, agent_id=agent_id, conversation_id=conversation_id, ids=attachment_ids
    )
    session.commit()


def linking_uploads(
    session: Session, *, agent_id: int | None, conversation_id: int, attachment_ids: list[int]
) -> Callable[[Message], None] | None:
    """What `post_agent_message(with_it=...)` takes: the uploads become the new message's files
    in its own transaction, so no reader (a widget's poll) ever sees it without them. None
    without files."""
    if not attachment_ids:
        return None
    return lambda message: _link(
        session,
        message.id or 0,
        agent_id=agent_id,
        conversation_id=conversation_id,
        ids=attachment_ids,
    )


def _link(
    session: Session, message_id: int, *, agent_id: int | None, conversation_id: int, ids: list[int]
) -> None:
    for row in _unsent(
        session, agent_id=agent_id, conversation_id=conversation_id, attachment_ids=ids
    ):
        row.message_id = message_id
        session.add(row)


def attachments_of(session: Session, *, message_ids: list[int]) -> dict[int, list[AttachmentView]]:
    """Each message's attachments in upload order (an empty list for messages without)."""
    found: dict[int, list[AttachmentView]] = {message_id: [] for message_id in message_ids}
    if not found:
        return found
    statement = (
        select(Attachment).where(col(Attachment.message_id).in_(found)).order_by(col(Attachment.id))
    )
    for row in session.exec(statement):
        found[row.message_id or 0].append(_view(row))
    return found


def download_info(session: Session, *, attachment_id: int) -> DownloadInfo | None:
    """What a checked download needs; None when the file or its conversation is gone."""
    row = session.get(Attachment, attachment_id)
    if row is None:
        return None
    conversation = session.get(Conversation, row.conversation_id)
    if conversation is None or conversation.deleted_at is not None:
        return None
    is_image = row.content_type in IMAGE_TYPES
    content_type = row.content_type if is_image else OCTET_STREAM
    return DownloadInfo(row.filename, content_type, row.storage_key, is_image)


def purge_unsent(session: Session, *, now: datetime, max_age: timedelta) -> list[str]:
    """Forget uploads never sent within `max_age`; returns the storage keys to delete."""
    statement = select(Attachment).where(
        col(Attachment.message_id).is_(None), Attachment.created_at < now - max_age
    )
    rows = list(session.exec(statement))
    for row in rows:
        session.delete(row)
    session.commit()
    return [row.storage_key for row in rows]
