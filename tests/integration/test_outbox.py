"""Replies for visitors who left wait in the outbox for email; agents see them marked so."""

from datetime import timedelta

import pytest
from sqlmodel import select

from inbox_app.models.enums import Channel, MessageKind
from inbox_app.models.outbox import OutboxEmail
from inbox_app.models.tables import Contact, utcnow
from inbox_app.realtime.widget import presence as visitor_presence
from inbox_app.services.conversations.detail import thread
from inbox_app.services.conversations.listing import ListQuery, list_cards
from inbox_app.services.conversations.messages import post_agent_message
from inbox_app.services.conversations.views import parse_view
from inbox_app.services.outbox import queue_reply_if_away
from tests.integration.api.test_attachments import settings  # noqa: F401  (fixture)
from tests.integration.api.test_widget_api import (  # noqa: F401
    client,
    conversation_of,
    fresh_limits,
    started,
)
from tests.integration.conftest import NOW, make_conversation


def reply(session, agent, conversation_id, kind=MessageKind.reply, body="We can help"):
    return post_agent_message(
        session, agent_id=agent.id, conversation_id=conversation_id, kind=kind, body=body, now=NOW
    ).id


def queued(session) -> list[OutboxEmail]:
    return list(session.exec(select(OutboxEmail)).all())


def test_a_reply_to_a_visitor_who_left_is_queued_and_shown_so(session, team):
    conversation = make_conversation(session, name="Lena")
    message_id = reply(session, team["anna"], conversation.id, body="Your parcel left today")
    assert queue_reply_if_away(session, message_id=message_id, visitor_connected=False, now=NOW)
    [mail] = queued(session)
    assert (mail.status, mail.to_address, mail.message_id) == (
        "queued",
        "lena@example.org",
        message_id,
    )
    assert mail.subject == "New reply to your chat"
    assert mail.body == "Anna replied to your chat:\n\nYour parcel left today"
    shown = thread(session, conversation_id=conversation.id, contact_name="Lena", now=NOW)
    assert [(m.kind, m.delivery) for m in shown] == [("reply", "Queued for email")]
    # a second call (a retried send) queues nothing more
    assert queue_reply_if_away(session, message_id=message_id, visitor_connected=False, now=NOW)
    assert len(queued(session)) == 1


def test_a_visitor_who_writes_german_gets_the_mail_in_german(session, team):
    from inbox_app.services.conversations.messages import post_incoming

    conversation = make_conversation(session, name="Lotte")
    post_incoming(
        session, conversation_id=conversation.id, body="Hallo, wo ist mein Paket bitte?", now=NOW
    )
    message_id = reply(session, team["anna"], conversation.id, body="Es ist unterwegs")
    assert queue_reply_if_away(session, message_id=message_id, visitor_connected=False, now=NOW)
    [mail] = queued(session)
    assert mail.subject == "Neue Antwort auf Ihren Chat"
    assert mail.body == "Anna hat auf Ihren Chat geantwortet:\n\nEs ist unterwegs"


@pytest.mark.parametrize("case", ["connected", "comment", "no email", "email channel"])
def test_nothing_is_queued_when_email_is_not_the_way(session, team, case):
    conversation = make_conversation(
        session, name="Max", channel=Channel.email if case == "email channel" else Channel.chat
    )
    if case == "no email":
        contact = session.get(Contact, conversation.contact_id)
        contact.email = None
        session.add(contact)
        session.commit()
    kind = MessageKind.comment if case == "comment" else MessageKind.reply
    message_id = reply(session, team["anna"], conversation.id, kind=kind)
    connected = case == "connected"
    assert not queue_reply_if_away(
        session, message_id=message_id, visitor_connected=connected, now=NOW
    )
    assert queued(session) == []
    shown = thread(session, conversation_id=conversation.id, contact_name="Max", now=NOW)
    assert [m.delivery for m in shown] == [""]


def test_a_polling_widget_counts_as_connected_until_its_page_leaves(client, settings):  # noqa: F811
    me = started(client)
    conversation_id = conversation_of(me, settings)
    assert not visitor_presence.connected(conversation_id)
    client.get("/api/widget/messages", headers=me)
    assert visitor_presence.connected(conversation_id)
    token = me["Authorization"][7:]
    assert client.post("/api/widget/leave", json={"token": token}).status_code == 204
    assert not visitor_presence.connected(conversation_id)


def test_a_chat_nobody_can_answer_is_marked_missed_at_once(client, session, team, settings):  # noqa: F811
    me = started(client)
    client.post("/api/widget/messages", json={"body": "Anyone there?"}, headers=me)
    conversation_id = conversation_of(me, settings)
    cards = list_cards(
        session,
        query=ListQuery(view=parse_view("all"), live_agent_ids=frozenset()),  # nobody online
        viewer_id=team["anna"].id,
        now=utcnow(),
        missed_after=timedelta(hours=1),  # not overdue: missed because nobody can answer
    )
    assert [card.dot for card in cards if card.id == conversation_id] == ["missed"]
