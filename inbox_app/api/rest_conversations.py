"""REST API: conversations and their messages (`/api/v1/conversations`)."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Path, Query, Response, status

from inbox_app.api.deps import DbSession, SessionFactory
from inbox_app.api.rest_auth import Integration
from inbox_app.api.rest_live import conversation_changed, message_posted
from inbox_app.api.rest_messages import store_api_message
from inbox_app.api.rest_models import (
    ConversationChanges,
    ConversationOut,
    ConversationPage,
    MessageOut,
    NewConversation,
    NewMessage,
)
from inbox_app.api.rest_responses import ERRORS, conversation_out, message_out, refusal
from inbox_app.models.enums import Channel, ConversationState, MessageKind
from inbox_app.models.tables import utcnow
from inbox_app.realtime.group_commit import writer as message_writer
from inbox_app.services.conversations import actions, changes, feed, start
from inbox_app.services.errors import DomainError

router = APIRouter(prefix="/api/v1/conversations", tags=["conversations"], responses=ERRORS)
ConversationId = Annotated[int, Path(ge=1, le=feed.MAX_ID, description="The conversation's id")]


@router.get("", response_model=ConversationPage)
def list_conversations(
    session: DbSession,
    _caller: Integration,
    state: Literal["open", "closed"] | None = None,
    channel: Literal["chat", "email", "api"] | None = None,
    q: Annotated[str, Query(max_length=200, description="Full-text search")] = "",
    cursor: Annotated[str | None, Query(max_length=200, description="`next` of a page")] = None,
    limit: Annotated[int, Query(ge=1, le=feed.MAX_PAGE)] = 25,
) -> ConversationPage:
    """Newest activity first, a page at a time (keyset paging: pass `next` as `cursor`).
    With `q`: the best matches of a full-text search, in one page (`next` is null)."""
    query = feed.FeedQuery(
        state=ConversationState(state) if state else None,
        channel=Channel(channel) if channel else None,
        text=q,
        cursor=cursor,
        limit=limit,
    )
    try:
        items, after = feed.conversation_page(session, query=query)
    except DomainError as error:
        raise refusal(error) from error
    return ConversationPage(items=[conversation_out(item) for item in items], next=after)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ConversationOut)
def create_conversation(
    body: NewConversation, session: DbSession, caller: Integration, response: Response
) -> ConversationOut:
    """A new `api`-channel conversation: the contact (found by email, or made) and its first
    message. Name and email given here are marked as set by a plugin."""
    try:
        conversation_id = start.start_api_conversation(
            session,
            email=body.contact.email,
            name=body.contact.name,
            body=body.message,
            now=utcnow(),
        )
    except DomainError as error:
        raise refusal(error) from error
    conversation_changed(conversation_id)
    response.headers["Location"] = f"/api/v1/conversations/{conversation_id}"
    return _read(session, conversation_id)


@router.get("/{conversation_id}", response_model=ConversationOut)
def get_conversation(
    conversation_id: ConversationId, session: DbSession, _caller: Integration
) -> ConversationOut:
    """One conversation with its messages (oldest first, at most 500)."""
    return _read(session, conversation_id)


@router.post("/{conversation_id}/messages", status_code=201, response_model=MessageOut)
async def post_message(
    conversation_id: ConversationId,
    body: NewMessage,
    sessions: SessionFactory,
    caller: Integration,
    idempotency_key: Annotated[str | None, Header(max_length=100)] = None,
) -> MessageOut:
    """A reply (to the contact), a comment (internal note) or an incoming message, with the
    files uploaded for it. With an `Idempotency-Key`, a retry returns the first message; the
    key with another text is 409."""
    store = partial(
        store_api_message,
        caller=caller,
        conversation_id=conversation_id,
        kind=MessageKind(body.kind),
        body=body.body,
        attachment_ids=body.attachment_ids,
        idempotency_key=idempotency_key,
    )
    try:  # stored with the messages sent meanwhile, in one transaction (group commit)
        posted = await message_writer.write(sessions, store)
    except DomainError as error:
        raise refusal(error) from error
    message_posted(posted)
    return message_out(posted.message, author=posted.author, files=posted.files)


@router.patch("/{conversation_id}", response_model=ConversationOut)
def change_conversation(
    conversation_id: ConversationId,
    body: ConversationChanges,
    session: DbSession,
    caller: Integration,
) -> ConversationOut:
    """Close or reopen, set or remove the group, set the assigned agents. Event lines in the
    thread name the key ("API key <name> closed this")."""
    given = body.model_fields_set
    group = body.group_id if "group_id" in given else changes.UNCHANGED
    try:
        changes.change_conversation(
            session,
            actor=caller,
            conversation_id=conversation_id,
            now=utcnow(),
            group_id=group,
            agent_ids=body.agent_ids,
            state=ConversationState(body.state) if body.state else None,
        )
    except DomainError as error:
        raise refusal(error) from error
    conversation_changed(conversation_id)
    return _read(session, conversation_id)


@router.delete("/{conversation_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_conversation(
    conversation_id: ConversationId, session: DbSession, caller: Integration
) -> Response:
    """Deletes it: hidden at once; an agent can undo it for 10 seconds, then it is gone."""
    _read(session, conversation_id)  # 404 first
    try:
        actions.delete_conversation(
            session, actor=caller, conversation_id=conversation_id, now=utcnow()
        )
    except DomainError as error:
        raise refusal(error) from error
    conversation_changed(conversation_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _read(session, conversation_id: int) -> ConversationOut:
    try:
        item = feed.conversation_with_messages(session, conversation_id=conversation_id)
    except DomainError as error:
        raise refusal(error) from error
    return conversation_out(item, with_messages=True)
