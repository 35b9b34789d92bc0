"""Webhooks against a real HTTP server on loopback: stored with the action, signed, retried on
1 min, 5 min... until a 2xx, kept across a restart, sent by one sender only."""

import asyncio
import json
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from inbox_app.models.enums import ConversationState, MessageKind, Role
from inbox_app.models.webhooks import WebhookDelivery
from inbox_app.services.contacts.editing import update_contact
from inbox_app.services.conversations.actions import assign_agents, set_state
from inbox_app.services.conversations.messages import post_agent_message, post_incoming
from inbox_app.services.integrations import webhook_queue, webhooks
from inbox_app.services.integrations.webhook_signing import verify
from inbox_app.services.integrations.webhook_targets import WebhookTargetError
from inbox_app.services.team.agents import create_agent
from inbox_app.services.team.permissions import PermissionDenied
from inbox_app.webhooks.sender import Sender
from tests.integration.conftest import NOW, make_conversation
from tests.webhook_receiver import start_receiver


@pytest.fixture()
def admin(session):
    return create_agent(
        session, email="ada@example.com", password="password-1", name="Ada", role=Role.admin
    )


@pytest.fixture()
def receiver():
    receiver, server = start_receiver()
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture()
def sessions(engine):
    @contextmanager
    def scope():
        with Session(engine, expire_on_commit=False) as session:
            yield session

    return scope


def _hook(session, admin, receiver, events=("message.created",)):
    return webhooks.create_webhook(
        session, actor=admin, url=receiver.url, events=list(events), now=NOW, allow_private=True
    )


def _send(sessions, now, *, allow_private=True):
    return asyncio.run(Sender(sessions=sessions, allow_private=allow_private).send_due(now=now))


def _reply(session, conversation_id, text="Hello"):
    return post_agent_message(
        session,
        agent_id=None,
        conversation_id=conversation_id,
        kind=MessageKind.reply,
        body=text,
        now=NOW,
    )


def test_a_delivery_is_signed_with_the_webhooks_secret(session, sessions, admin, receiver):
    hook = _hook(session, admin, receiver)
    conversation = make_conversation(session)
    message = _reply(session, conversation.id)
    assert _send(sessions, NOW) == {1: "sent"}
    [got] = receiver.received
    assert got.event == "message.created"
    assert verify(secret=hook.secret, body=got.body, header=got.signature, now=int(NOW.timestamp()))
    assert not verify(secret="whsec_wrong", body=got.body, header=got.signature, now=0)
    sent = json.loads(got.body)
    assert sent["event"] == "message.created" and sent["id"] == 1
    assert sent["data"]["message"] == {
        "id": message.id,
        "conversation_id": conversation.id,
        "kind": "reply",
        "body": "Hello",
        "author_agent_id": None,
        "author_api_key_id": None,
        "created_at": sent["data"]["message"]["created_at"],
    }
    [log] = webhooks.deliveries(session, actor=admin, webhook_id=hook.id)
    assert (log.status, log.status_code, log.attempts) == ("sent", 200, 1)


def test_500_twice_then_200_is_sent_once_more_per_retry_then_stops_across_a_restart(
    session, sessions, admin, receiver
):
    _hook(session, admin, receiver)
    _reply(session, make_conversation(session).id)
    receiver.answers = [500, 500]
    assert _send(sessions, NOW) == {1: "queued"}
    assert _send(sessions, NOW + timedelta(seconds=59)) == {}  # not due before a minute
    # A restart: a new sender (and new sessions) finds the delivery in the database.
    assert _send(sessions, NOW + timedelta(minutes=1)) == {1: "queued"}
    assert _send(sessions, NOW + timedelta(minutes=5)) == {}  # the next wait is 5 minutes
    assert _send(sessions, NOW + timedelta(minutes=6)) == {1: "sent"}
    assert _send(sessions, NOW + timedelta(days=2)) == {}
    assert len(receiver.received) == 3
    assert len({r.body for r in receiver.received}) == 1  # the same event each time
    row = session.exec(select(WebhookDelivery)).one()
    session.refresh(row)
    assert (row.status, row.attempts, row.last_status_code) == ("sent", 3, 200)


def test_after_the_last_retry_a_delivery_is_failed(session, sessions, admin, receiver):
    _hook(session, admin, receiver)
    _reply(session, make_conversation(session).id)
    receiver.answers = [503] * 10
    now, statuses = NOW, []
    for wait in (0, 1, 5, 30, 120, 360):
        now += timedelta(minutes=wait)
        statuses.append(_send(sessions, now)[1])
    assert statuses == ["queued"] * 5 + ["failed"]
    assert _send(sessions, now + timedelta(days=1)) == {}
    assert len(receiver.received) == 6


def test_two_senders_at_once_never_send_one_delivery_twice(session, sessions, admin, receiver):
    _hook(session, admin, receiver)
    conversation = make_conversation(session)
    for n in range(30):
        _reply(session, conversation.id, text=f"Message {n}")

    async def both():
        one = Sender(sessions=sessions, allow_private=True)
        two = Sender(sessions=sessions, allow_private=True)
        return await asyncio.gather(one.send_due(now=NOW), two.send_due(now=NOW))

    first, second = asyncio.run(both())
    assert not set(first) & set(second)
    everything = {**first, **second}
    for _round in range(3):  # BATCH is 20: what neither took in one round goes next round
        everything |= _send(sessions, NOW)
    assert sorted(everything) == list(range(1, 31))
    ids = [json.loads(r.body)["id"] for r in receiver.received]
    assert sorted(ids) == list(range(1, 31))  # each exactly once


def test_the_action_and_its_delivery_are_stored_together_and_nothing_is_sent_meanwhile(
    session, admin, receiver
):
    _hook(session, admin, receiver, events=webhooks.EVENTS)
    conversation = make_conversation(session)
    post_incoming(session, conversation_id=conversation.id, body="Hi", now=NOW)
    assign_agents(
        session, actor=admin, conversation_id=conversation.id, agent_ids=[admin.id], now=NOW
    )
    set_state(
        session,
        actor=admin,
        conversation_id=conversation.id,
        state=ConversationState.closed,
        now=NOW,
    )
    update_contact(session, contact_id=conversation.contact_id, changes={"name": "Lena B"})
    events = session.exec(select(WebhookDelivery.event).order_by(WebhookDelivery.id)).all()
    assert events == [
        "conversation.created",
        "message.created",
        "conversation.assigned",
        "conversation.closed",
        "contact.updated",
    ]
    assert receiver.received == []  # the actions never wait for the receiver


def test_without_webhooks_nothing_is_queued(session):
    _reply(session, make_conversation(session).id)
    assert session.exec(select(WebhookDelivery)).all() == []


def test_only_the_chosen_events_are_queued(session, admin, receiver):
    _hook(session, admin, receiver, events=("conversation.closed",))
    _reply(session, make_conversation(session).id)
    assert session.exec(select(WebhookDelivery)).all() == []


def test_private_targets_are_refused_when_added_and_when_sent(session, sessions, admin, receiver):
    with pytest.raises(WebhookTargetError):
        webhooks.create_webhook(
            session,
            actor=admin,
            url=receiver.url,
            events=["message.created"],
            now=NOW,
            allow_private=False,
        )
    hook = _hook(session, admin, receiver)  # allowed then; the operator changed their mind
    _reply(session, make_conversation(session).id)
    assert _send(sessions, NOW, allow_private=False) == {1: "queued"}
    assert receiver.received == []
    [log] = webhooks.deliveries(session, actor=admin, webhook_id=hook.id)
    assert log.status_code is None and "private" in log.error


def test_redeliver_sends_the_event_again_as_a_new_delivery(session, sessions, admin, receiver):
    hook = _hook(session, admin, receiver)
    _reply(session, make_conversation(session).id)
    _send(sessions, NOW)
    again = webhooks.redeliver(session, actor=admin, delivery_id=1, now=NOW)
    assert _send(sessions, NOW) == {again: "sent"}
    first, second = (json.loads(r.body) for r in receiver.received)
    assert first["data"] == second["data"] and (first["id"], second["id"]) == (1, again)
    assert [d.status for d in webhooks.deliveries(session, actor=admin, webhook_id=hook.id)] == [
        "sent",
        "sent",
    ]


def test_deleting_a_webhook_deletes_its_deliveries(session, admin, receiver):
    hook = _hook(session, admin, receiver)
    _reply(session, make_conversation(session).id)
    webhooks.delete_webhook(session, actor=admin, webhook_id=hook.id)
    assert webhooks.list_webhooks(session, actor=admin) == []
    assert session.exec(select(WebhookDelivery)).all() == []


def test_only_admins_manage_webhooks_and_events_must_be_known(session, admin, receiver, team):
    with pytest.raises(PermissionDenied):
        _hook(session, team["anna"], receiver)
    with pytest.raises(webhooks.WebhookError):
        _hook(session, admin, receiver, events=("message.deleted",))


def test_a_claimed_delivery_is_held_until_its_lease_runs_out(session, admin, receiver):
    """A sender that died after claiming: its deliveries go out later, from another one."""
    _hook(session, admin, receiver)
    _reply(session, make_conversation(session).id)
    assert [d.id for d in webhook_queue.claim_due(session, now=NOW, limit=10)] == [1]
    assert webhook_queue.claim_due(session, now=NOW + timedelta(seconds=30), limit=10) == []
    later = NOW + webhook_queue.LEASE + timedelta(seconds=1)
    assert [d.id for d in webhook_queue.claim_due(session, now=later, limit=10)] == [1]
