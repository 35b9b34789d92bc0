"""A message an integration posts through the REST API, with the files it uploaded before.

The files are the API's unsent uploads in this conversation (`record_upload` with no agent);
an agent's composer uploads are never sendable here. A retry with the same Idempotency-Key
returns the first message, whose files are already linked, and links nothing again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlmodel import Session

from inbox_app.i18n import mark
from inbox_app.models.enums import MessageKind
from inbox_app.models.tables import Message
from inbox_app.services.attachments import records as attachments
from inbox_app.services.conversations import messages

MAX_FILES = 10


class ApiMessageError(attachments.AttachmentError):
    """The message was refused with its files; nothing was stored."""


def post_api_message(
    session: Session,
    *,
    api_key_id: int,
    conversation_id: int,
    kind: MessageKind,
    body: str,
    attachment_ids: list[int],
    now: datetime,
    idempotency_key: str | None = None,
    commit: bool = True,
) -> Message:
    """A reply, comment or incoming message with its files, all or nothing. commit=False: the
    caller commits (the REST API's group commit)."""
    if len(attachment_ids) > MAX_FILES:
        raise ApiMessageError(mark("A message carries at most {count} files."), count=MAX_FILES)
    # Most messages carry no files: no queries for them. A retry's files are linked already.
    if attachment_ids and not messages.existing(
        session, conversation_id=conversation_id, key=idempotency_key
    ):
        attachments.check_linkable(
            session, agent_id=None, conversation_id=conversation_id, attachment_ids=attachment_ids
        )
    return _post(
        session,
        api_key_id=api_key_id,
        conversation_id=conversation_id,
        kind=kind,
        body=body,
        files=attachments.linking_uploads(
            session, agent_id=None, conversation_id=conversation_id, attachment_ids=attachment_ids
        ),
        now=now,
        idempotency_key=idempotency_key,
        commit=commit,
    )


def _post(
    session: Session,
    *,
    api_key_id: int,
    conversation_id: int,
    kind: MessageKind,
    body: str,
    files: Callable[[Message], None] | None,
    now: datetime,
    idempotency_key: str | None,
    commit: bool,
) -> Message:
    """files: links the uploads in the message's transaction (a retry's are linked already)."""
    if kind is MessageKind.incoming:
        return messages.post_incoming(
            session,
            conversation_id=conversation_id,
            body=body,
            now=now,
            idempotency_key=idempotency_key,
            with_files=files is not None,
            with_it=files,
            commit=commit,
        )
    return messages.post_agent_message(
        session,
        agent_id=None,
        api_key_id=api_key_id,
        conversation_id=conversation_id,
        kind=kind,
        body=body,
        now=now,
        idempotency_key=idempotency_key,
        with_files=files is not None,
        with_it=files,
        commit=commit,
    )
