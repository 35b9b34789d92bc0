"""Widget sends through the group-commit writer: concurrent sends share transactions, each
is answered with its own stored id, retried keys are stored once, refusals spare the rest."""

import asyncio
from contextlib import contextmanager

import pytest
from sqlmodel import Session, func, select

from inbox_app.models.enums import ConversationState
from inbox_app.models.tables import Conversation, Message, Notification
from inbox_app.realtime.widget.incoming import send_incoming
from inbox_app.services.conversations.actions import set_contact_blocked, set_state
from inbox_app.services.widget.ingest import store_widget_message
from inbox_app.services.widget.visitors import VisitorError
from tests.integration.conftest import NOW, make_conversation
from tests.integration.conversations.test_actions import assert_counts_match_a_scan


def factory(engine):
    @contextmanager
    def sessions():
        with Session(engine, expire_on_commit=False) as session:
            yield session

    return sessions


def store(session, chat, body: str, *, key: str | None):
    return store_widget_message(
        session, conversation_id=chat.id, visitor_key=chat.visitor_key, body=body, now=NOW, key=key
    )


def key_of(sessions, conversation_id: int) -> str:
    with sessions() as session:
        return session.get(Conversation, conversation_id).visitor_key


async def send_all(sessions, sends):
    async def one(conversation_id, body, key):
        try:
            return await send_incoming(
                sessions,
                conversation_id=conversation_id,
                body=body,
                visitor_key=key_of(sessions, conversation_id),
                idempotency_key=key,
            )
        except Exception as error:  # refusals, and what the database refused
            return error

    return await asyncio.gather(*(one(*send) for send in sends))


def test_concurrent_sends_each_stored_once_with_their_own_ids(engine, session, team):
    chats = [make_conversation(session, name=f"V{n}").id for n in range(5)]
    sends = [(chat, f"m{n} {chat}", f"k{n}-{chat}") for chat in chats for n in range(8)]
    answers = asyncio.run(send_all(factory(engine), sends + sends[:10]))  # 10 retried at once
    stored = dict(session.exec(select(Message.idempotency_key, Message.id)).all())
    ids = [message_id for message_id, _view in answers]
    assert ids == [stored[key] for _chat, _body, key in sends + sends[:10]]
    assert session.exec(select(func.count()).select_from(Message)).one() == len(sends)
    assert [view.author for _id, view in answers[:1]] == ["V0"]


def test_a_blocked_contact_is_refused_and_the_batch_goes_on(engine, session, team):
    open_chat = make_conversation(session).id
    blocked = make_conversation(session, name="Spam").id
    set_contact_blocked(session, actor=team["anna"], conversation_id=blocked, blocked=True, now=NOW)
    answers = asyncio.run(
        send_all(factory(engine), [(blocked, "spam", "s"), (open_chat, "hi", "h")])
    )
    assert isinstance(answers[0], VisitorError)
    assert [
        m.body for m in session.exec(select(Message).where(Message.body.in_(["spam", "hi"])))
    ] == ["hi"]


def test_fast_path_keeps_the_clock_preview_and_notifications(session, team):
    chat = make_conversation(session, agents=[team["anna"].id])
    before = session.exec(select(func.count()).select_from(Notification)).one()
    store(session, chat, "Where  is\nit?", key="a")
    session.refresh(chat)
    assert (chat.last_incoming_at, chat.last_activity_at, chat.preview) == (
        NOW,
        NOW,
        "Where is it?",
    )
    assert session.exec(select(func.count()).select_from(Notification)).one() == before + 1


def test_a_message_to_a_closed_chat_reopens_it_once(session, team):
    chat = make_conversation(session)
    set_state(
        session,
        actor=team["anna"],
        conversation_id=chat.id,
        state=ConversationState.closed,
        now=NOW,
    )
    first = store(session, chat, "Back", key="b")
    again = store(session, chat, "Back", key="b")
    assert (first.fresh, again.fresh, again.message.id) == (True, False, first.message.id)
    assert session.get(Conversation, chat.id).state is ConversationState.open
    assert_counts_match_a_scan(session, team["anna"].id)


def test_a_deleted_chat_is_refused(session, team):
    chat = make_conversation(session)
    chat.deleted_at = NOW
    session.add(chat)
    session.commit()
    with pytest.raises(VisitorError):
        store(session, chat, "Hi", key=None)


def test_a_send_the_database_refuses_takes_no_other_send_of_its_batch(engine, session, team):
    """PostgreSQL refuses a key over its column's length and aborts the transaction: each
    send has a savepoint of its own there (SQLite stores the long key as it is)."""
    chat = make_conversation(session).id
    sends = [(chat, "too long a key", "k" * 101), (chat, "a fine send", "fine")]
    answers = asyncio.run(send_all(factory(engine), sends))
    assert not isinstance(answers[1], Exception)
    assert session.exec(select(Message.body).where(Message.body == "a fine send")).all() == [
        "a fine send"
    ]
