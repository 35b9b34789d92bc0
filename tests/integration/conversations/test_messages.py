from datetime import timedelta

import pytest
from sqlmodel import func, select

from inbox_app.models.enums import ConversationState, MessageKind
from inbox_app.models.tables import Contact, Conversation, Message
from inbox_app.services.conversations.actions import set_state
from inbox_app.services.conversations.messages import (
    MAX_BODY_CHARS,
    MessageError,
    post_agent_message,
    post_incoming,
)
from tests.integration.conftest import NOW, make_conversation


def count_messages(session) -> int:
    return session.exec(select(func.count()).select_from(Message)).one()


def test_reply_updates_reply_times_and_preview(session, team):
    conversation = make_conversation(session)
    post_incoming(session, conversation_id=conversation.id, body="Where is my order?", now=NOW)
    later = NOW + timedelta(minutes=1)
    post_agent_message(
        session,
        agent_id=team["anna"].id,
        conversation_id=conversation.id,
        kind=MessageKind.reply,
        body="On its way!",
        now=later,
    )
    stored = session.get(Conversation, conversation.id)
    assert stored.last_reply_at == later == stored.first_reply_at
    assert stored.last_incoming_at == NOW
    assert stored.preview == "On its way!"


def test_comment_is_not_a_reply(session, team):
    conversation = make_conversation(session)
    post_incoming(session, conversation_id=conversation.id, body="Hello?", now=NOW)
    post_agent_message(
        session,
        agent_id=team["anna"].id,
        conversation_id=conversation.id,
        kind=MessageKind.comment,
        body="VIP customer",
        now=NOW + timedelta(seconds=5),
    )
    stored = session.get(Conversation, conversation.id)
    assert stored.last_reply_at is None
    assert stored.preview == "Hello?"


@pytest.mark.parametrize(
    ("body", "error"), [("   ", "Write a message first"), ("x" * (MAX_BODY_CHARS + 1), "too long")]
)
def test_bad_bodies_are_refused_and_nothing_is_stored(session, team, body, error):
    conversation = make_conversation(session)
    with pytest.raises(MessageError, match=error):
        post_agent_message(
            session,
            agent_id=team["anna"].id,
            conversation_id=conversation.id,
            kind=MessageKind.reply,
            body=body,
            now=NOW,
        )
    assert count_messages(session) == 0


def test_agents_cannot_write_incoming_or_event_messages(session, team):
    conversation = make_conversation(session)
    with pytest.raises(MessageError):
        post_agent_message(
            session,
            agent_id=team["anna"].id,
            conversation_id=conversation.id,
            kind=MessageKind.incoming,
            body="fake",
            now=NOW,
        )


def test_missing_conversation_is_refused(session, team):
    with pytest.raises(MessageError, match="no longer exists"):
        post_agent_message(
            session,
            agent_id=team["anna"].id,
            conversation_id=999,
            kind=MessageKind.reply,
            body="hi",
            now=NOW,
        )


def test_a_retried_send_is_stored_once(session, team):
    conversation = make_conversation(session)
    first = post_incoming(
        session, conversation_id=conversation.id, body="hi", now=NOW, idempotency_key="k1"
    )
    again = post_incoming(
        session, conversation_id=conversation.id, body="hi", now=NOW, idempotency_key="k1"
    )
    assert first.id == again.id
    assert count_messages(session) == 1


def test_incoming_message_reopens_a_closed_conversation(session, team):
    conversation = make_conversation(session)
    set_state(
        session,
        actor=team["anna"],
        conversation_id=conversation.id,
        state=ConversationState.closed,
        now=NOW,
    )
    post_incoming(session, conversation_id=conversation.id, body="One more thing", now=NOW)
    assert session.get(Conversation, conversation.id).state is ConversationState.open


def test_blocked_contact_cannot_write(session, team):
    conversation = make_conversation(session)
    contact = session.get(Contact, conversation.contact_id)
    contact.blocked = True
    session.add(contact)
    session.commit()
    with pytest.raises(MessageError):
        post_incoming(session, conversation_id=conversation.id, body="hi", now=NOW)
    assert count_messages(session) == 0
