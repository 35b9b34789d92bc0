"""Drafts: what an agent typed and has not sent, per conversation, kept on the server."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from inbox_app.i18n import mark
from inbox_app.models.tables import Conversation, Draft
from inbox_app.services.conversations.messages import MAX_BODY_CHARS, MessageError


def save_draft(
    session: Session, *, agent_id: int, conversation_id: int, body: str, now: datetime
) -> None:
    if len(body) > MAX_BODY_CHARS:
        raise MessageError(
            mark("The message is too long: at most {max_body_chars:,} characters."),
            max_body_chars=MAX_BODY_CHARS,
        )
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or conversation.deleted_at is not None:
        return
    draft = session.get(Draft, (agent_id, conversation_id))
    if not body.strip():
        if draft is not None:
            session.delete(draft)
            session.commit()
        return
    draft = draft or Draft(agent_id=agent_id, conversation_id=conversation_id)
    draft.body, draft.updated_at = body, now
    session.add(draft)
    session.commit()


def draft_of(session: Session, *, agent_id: int, conversation_id: int) -> str:
    draft = session.get(Draft, (agent_id, conversation_id))
    return draft.body if draft else ""


def discard_draft(session: Session, *, agent_id: int, conversation_id: int) -> None:
    if draft := session.get(Draft, (agent_id, conversation_id)):
        session.delete(draft)
        session.commit()
