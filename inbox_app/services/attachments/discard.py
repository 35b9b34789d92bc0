"""An agent removes a file from the composer before sending: the upload is forgotten."""

from __future__ import annotations

from sqlmodel import Session

from inbox_app.models.tables import Attachment
from inbox_app.services.attachments.records import AttachmentError

NOT_REMOVABLE = "This file is not an unsent upload of yours."


def discard_unsent(
    session: Session, *, agent_id: int, conversation_id: int, attachment_id: int
) -> str:
    """Delete the agent's own unsent upload here; returns its storage key (the caller deletes
    the file). Sent files, and other agents' uploads, are refused and stay as they are."""
    row = session.get(Attachment, attachment_id)
    if (
        row is None
        or row.message_id is not None
        or row.uploader_agent_id != agent_id
        or row.conversation_id != conversation_id
    ):
        raise AttachmentError(NOT_REMOVABLE)
    session.delete(row)
    session.commit()
    return row.storage_key
