"""From service results to the REST API's bodies, and from refusals to HTTP statuses."""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException, status

from inbox_app.api.rest_models import (
    AttachmentOut,
    ContactOut,
    ContactRef,
    ConversationOut,
    MessageOut,
)
from inbox_app.api.rest_problems import REST_PREFIX, Problem
from inbox_app.models.dto import AttachmentView
from inbox_app.models.tables import Message
from inbox_app.services.contacts.upsert import ContactGone, ContactRecord
from inbox_app.services.conversations import changes, feed, messages, start
from inbox_app.services.errors import DomainError

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "description": text, "content": {"application/problem+json": {}}}
    for code, text in (
        (400, "Malformed input (e.g. a body that is not JSON, a cursor this API did not give)"),
        (401, "No API key, a wrong one, or a revoked one"),
        (404, "No such resource"),
        (409, "A conflict (e.g. an Idempotency-Key used for another text, a blocked contact)"),
        (413, "The body is over the size limit"),
        (422, "Invalid input; `errors` lists each"),
        (429, "Over the key's rate limit: wait `Retry-After` seconds"),
    )
}
_STATUS = (
    ((feed.NotFound, changes.ConversationGone, ContactGone), status.HTTP_404_NOT_FOUND),
    ((messages.KeyConflict, start.ContactBlocked), status.HTTP_409_CONFLICT),
    ((feed.FeedError,), status.HTTP_400_BAD_REQUEST),
)


def refusal(error: DomainError) -> HTTPException:
    """A service's refusal as its HTTP status; any other refusal is invalid input (422)."""
    code = next((code for kinds, code in _STATUS if isinstance(error, kinds)), 422)
    return HTTPException(code, str(error))


def message_out(
    message: Message, *, author: str, files: list[AttachmentView] | None = None
) -> MessageOut:
    item = feed.MessageItem(
        id=message.id or 0,
        kind=message.kind.value,
        body=message.body,
        created_at=message.created_at,
        author=author,
        attachments=files or [],
    )
    return _message(item)


def attachment_out(view: AttachmentView) -> AttachmentOut:
    return AttachmentOut(
        id=view.id,
        filename=view.filename,
        size=view.size,
        is_image=view.is_image,
        url=f"{REST_PREFIX}attachments/{view.id}",
    )


def _message(item: feed.MessageItem) -> MessageOut:
    # model_validate: pydantic checks the kind against the documented values at run time.
    return MessageOut.model_validate(
        {
            "id": item.id,
            "kind": item.kind,
            "body": item.body,
            "author": item.author,
            "created_at": feed.as_utc(item.created_at),
            "attachments": [attachment_out(view) for view in item.attachments],
        }
    )


def conversation_out(
    item: feed.ConversationItem, *, with_messages: bool = False
) -> ConversationOut:
    contact = ContactRef(id=item.contact_id, name=item.contact_name, email=item.contact_email)
    return ConversationOut.model_validate(
        {
            "id": item.id,
            "state": item.state,
            "channel": item.channel,
            "subject": item.subject,
            "contact": contact,
            "group_id": item.group_id,
            "agent_ids": item.agent_ids,
            "created_at": item.created_at,
            "last_activity_at": item.last_activity_at,
            "messages": [_message(m) for m in item.messages] if with_messages else None,
        }
    )


def contact_out(record: ContactRecord) -> ContactOut:
    return ContactOut(
        id=record.id,
        email=record.email,
        name=record.name,
        phone=record.phone,
        company=record.company,
        blocked=record.blocked,
        attributes=record.attributes,
        sources=record.sources,
        attribute_sources=record.attribute_sources,
    )
