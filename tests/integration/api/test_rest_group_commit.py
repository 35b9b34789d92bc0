"""REST API messages through the group-commit writer: the messages sent together share one
transaction, a refused or failing one takes none of the others with it, a retried key in the
same batch finds the first message, and a reply's mail is committed with the reply."""

import asyncio
import itertools
import threading
from functools import partial

import pytest
from sqlmodel import func, select

from inbox_app.api import rest_live
from inbox_app.api.rest_messages import store_api_message
from inbox_app.db import session_scope
from inbox_app.models.dto import IntegrationActor
from inbox_app.models.enums import Channel, MessageKind
from inbox_app.models.outbox import OutboxEmail
from inbox_app.models.tables import Conversation, Message
from inbox_app.realtime.group_commit import writer
from inbox_app.services.conversations import feed, messages
from inbox_app.services.integrations.api_keys import create_api_key
from tests.integration.commit_order import inserts_and_commits
from tests.integration.conftest import NOW, make_conversation

BATCHES = itertools.count()  # numbers each batch's session


@pytest.fixture()
def bot(session) -> IntegrationActor:
    key = create_api_key(session, name="Bot", now=NOW)
    return IntegrationActor(name="API key Bot", api_key_id=key.id)


def post(bot, conversation_id, body, *, kind=MessageKind.reply, key=None):
    """A store for the writer that also tells which transaction it ran in."""

    def store(session):
        posted = store_api_message(
            session,
            caller=bot,
            conversation_id=conversation_id,
            kind=kind,
            body=body,
            attachment_ids=[],
            idempotency_key=key,
        )
        return posted, session.info.setdefault("batch", next(BATCHES))

    return store


def fails_half_way(conversation_id):
    """Writes a message, then breaks: none of it may stay."""

    def store(session):
        session.add(Message(conversation_id=conversation_id, kind=MessageKind.comment, body="half"))
        session.flush()
        raise RuntimeError("broke after writing")

    return store


def commits_by_itself(conversation_id):
    """Like a conversation's first message, which routing commits half way."""

    def store(session):
        session.add(Message(conversation_id=conversation_id, kind=MessageKind.comment, body="a"))
        session.commit()
        session.add(Message(conversation_id=conversation_id, kind=MessageKind.comment, body="b"))
        session.flush()
        return "stored"

    return store


def in_one_batch(engine, stores):
    """Every store queued while the writer is held by a first one: they make the next batch."""
    sessions = partial(session_scope, engine)
    release = threading.Event()

    async def run():
        held = asyncio.ensure_future(writer.write(sessions, lambda _s: release.wait(10)))
        await asyncio.sleep(0.05)  # the writer is inside the holding store now
        sent = [asyncio.ensure_future(writer.write(sessions, store)) for store in stores]
        await asyncio.sleep(0)  # every write is queued
        release.set()
        await held
        return await asyncio.gather(*sent, return_exceptions=True)

    return asyncio.run(run())


def bodies(session) -> list[str]:
    return list(session.exec(select(Message.body).order_by(Message.id)).all())


def test_a_refused_or_failing_message_takes_no_other_of_its_batch(engine, session, bot):
    first, second = make_conversation(session).id, make_conversation(session, name="Ida").id
    gone = make_conversation(session, name="Max")
    gone.deleted_at = NOW
    session.add(gone)
    session.commit()
    answers = in_one_batch(
        engine,
        [
            post(bot, first, "one"),
            post(bot, gone.id, "to a deleted conversation"),
            post(bot, first, "   "),
            fails_half_way(second),
            post(bot, second, "two", kind=MessageKind.comment),
        ],
    )
    assert isinstance(answers[1], feed.NotFound)
    assert isinstance(answers[2], messages.MessageError)
    assert isinstance(answers[3], RuntimeError)
    (one, in_first), (two, in_second) = answers[0], answers[4]
    assert in_first == in_second  # one transaction for the batch
    session.expire_all()
    stored = bodies(session)
    assert "one" in stored and "two" in stored
    assert "half" not in stored and "to a deleted conversation" not in stored
    assert (one.message.id, two.message.id) == tuple(
        session.exec(select(Message.id).where(Message.body.in_(["one", "two"]))).all()
    )


def test_a_failure_after_a_write_that_committed_itself_stores_nothing_twice(engine, session, bot):
    """What committed before the failure stays once; the rest is stored again without it."""
    chat = make_conversation(session).id
    answers = in_one_batch(
        engine,
        [
            post(bot, chat, "before"),
            commits_by_itself(chat),
            post(bot, chat, "after"),
            fails_half_way(chat),
            post(bot, chat, "last"),
        ],
    )
    assert answers[1] == "stored" and isinstance(answers[3], RuntimeError)
    assert answers[2][1] == answers[4][1]  # stored again together, in one transaction
    session.expire_all()
    assert sorted(bodies(session)) == ["a", "after", "b", "before", "last"]


def test_a_retried_key_in_the_same_batch_returns_the_first_message(engine, session, bot):
    chat = make_conversation(session).id
    answers = in_one_batch(
        engine,
        [
            post(bot, chat, "Your order shipped", key="order-1"),
            post(bot, chat, "Your order shipped", key="order-1"),
            post(bot, chat, "Another text", key="order-1"),
        ],
    )
    (first, _), (again, _) = answers[0], answers[1]
    assert first.message.id == again.message.id
    assert isinstance(answers[2], messages.KeyConflict)
    count = select(func.count()).select_from(Message).where(Message.idempotency_key == "order-1")
    assert session.exec(count).one() == 1


@pytest.mark.parametrize("channel", [Channel.email, Channel.chat])
def test_a_replys_mail_is_committed_in_the_replys_own_transaction(engine, session, bot, channel):
    """An email conversation always; a chat whose visitor is gone (no widget polls here)."""
    conversation = make_conversation(session, channel=channel).id
    happened = inserts_and_commits(engine)
    [(posted, _)] = in_one_batch(engine, [post(bot, conversation, "It left today")])
    since_the_reply = happened[happened.index("message") :]
    assert "outbox_email" in since_the_reply
    assert since_the_reply.count("commit") == 1  # the reply and its mail: one commit
    assert since_the_reply[-1] == "commit"
    label = {Channel.email: "Queued", Channel.chat: "Queued for email"}[channel]
    assert posted.mail_queued and posted.view.delivery == label
    [mail] = session.exec(select(OutboxEmail)).all()
    assert (mail.message_id, mail.to_address) == (posted.message.id, "lena@example.org")


def test_a_comment_queues_no_mail(engine, session, bot):
    conversation = make_conversation(session, channel=Channel.email).id
    [(posted, _)] = in_one_batch(
        engine, [post(bot, conversation, "internal", kind=MessageKind.comment)]
    )
    assert not posted.mail_queued
    assert session.exec(select(OutboxEmail)).all() == []
    assert session.get(Conversation, conversation).last_reply_at is None


def test_a_reply_is_shown_live_only_once_committed_with_its_mail(
    rest, auth, engine, session, monkeypatch
):
    """What the dashboards and the widget are told can be read by anyone at that moment."""
    conversation_id = make_conversation(session, channel=Channel.email).id
    seen: list[tuple] = []

    def committed(message_id: int) -> tuple:
        with session_scope(engine) as other:  # another connection sees only what committed
            mail = other.exec(select(OutboxEmail).where(OutboxEmail.message_id == message_id))
            return other.get(Message, message_id) is not None, mail.first() is not None

    monkeypatch.setattr(
        rest_live.events,
        "message_added",
        lambda conversation_id, view, **_: seen.append(("message", *committed(view.id))),
    )
    monkeypatch.setattr(
        rest_live.visitor_waits, "wake", lambda conversation_id: seen.append(("wake",))
    )
    sent = rest.post(
        f"/api/v1/conversations/{conversation_id}/messages",
        headers=auth,
        json={"kind": "reply", "body": "It ships today."},
    )
    assert sent.status_code == 201
    assert seen == [("message", True, True), ("wake",)]  # the reply and its mail, committed
