"""A mail's attachments and inline images kept as the message's files (10 MB each, like
uploads: a larger one is left out and the message says so)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from inbox_app.models.mail import MailFile
from inbox_app.models.tables import Attachment
from inbox_app.services.attachments.records import clean_filename, detect_content_type
from inbox_app.services.attachments.storage import MAX_ATTACHMENT_BYTES, write_chunks
from inbox_app.services.email.html_display import content_id_key


def store_files(
    session: Session,
    *,
    files: list[MailFile],
    conversation_id: int,
    message_id: int,
    upload_dir: Path,
    now: datetime,
) -> tuple[list[str], list[str], dict[str, str]]:
    """(storage keys written, notes on files left out, Content-ID → storage key of the files
    the HTML names by `cid:`). Rows are added, not committed: on a rollback the caller deletes
    the keys."""
    keys: list[str] = []
    notes: list[str] = []
    inline: dict[str, str] = {}
    for file in files:
        if len(file.data) > MAX_ATTACHMENT_BYTES:
            notes.append(f"The attachment {file.filename} is larger than 10 MB and was not kept.")
            continue
        stored = write_chunks(upload_dir=upload_dir, chunks=[file.data])
        keys.append(stored.storage_key)
        if file.content_id:
            inline[content_id_key(file.content_id)] = stored.storage_key
        session.add(_row(file, stored.storage_key, conversation_id, message_id, now))
    return keys, notes, inline


def _row(
    file: MailFile, key: str, conversation_id: int, message_id: int, now: datetime
) -> Attachment:
    """Only the image types the bytes prove are shown inline; every other file downloads."""
    return Attachment(
        conversation_id=conversation_id,
        message_id=message_id,
        filename=clean_filename(file.filename),
        content_type=detect_content_type(file.data[:64]),
        size=len(file.data),
        storage_key=key,
        created_at=now,
    )
