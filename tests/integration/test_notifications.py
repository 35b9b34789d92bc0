from sqlmodel import select

from inbox_app.models.tables import Notification
from inbox_app.services.composer.mentions import notify_mentions
from inbox_app.services.conversations.actions import assign_agents
from inbox_app.services.conversations.messages import post_incoming
from inbox_app.services.notifications import preferences, set_preference, unread_count
from tests.integration.conftest import NOW, make_conversation


def kinds_for(session, agent_id) -> list[str]:
    rows = session.exec(
        select(Notification.kind).where(Notification.agent_id == agent_id).order_by(Notification.id)
    )
    return list(rows)


def test_a_new_unassigned_conversation_tells_everyone(session, team):
    conversation = make_conversation(session)
    post_incoming(session, conversation_id=conversation.id, body="Hi", now=NOW)
    assert kinds_for(session, team["anna"].id) == ["new_conversation"]
    assert kinds_for(session, team["ben"].id) == ["new_conversation"]
    post_incoming(
        session, conversation_id=conversation.id, body="Hello?", now=NOW
    )  # unassigned: no more
    assert unread_count(session, agent_id=team["ben"].id) == 1


def test_a_message_in_my_conversation_tells_its_agents_only(session, team):
    conversation = make_conversation(session, agents=[team["ben"].id])
    post_incoming(session, conversation_id=conversation.id, body="Hi Ben", now=NOW)
    assert kinds_for(session, team["ben"].id) == [
        "assigned",
        "new_message",
    ]  # assigned by the fixture
    assert kinds_for(session, team["anna"].id) == []


def test_a_retried_send_notifies_once(session, team):
    conversation = make_conversation(session, agents=[team["ben"].id])
    for _ in range(2):
        post_incoming(
            session, conversation_id=conversation.id, body="Hi", now=NOW, idempotency_key="same"
        )
    assert kinds_for(session, team["ben"].id) == [
        "assigned",
        "new_message",
    ]  # assigned by the fixture


def test_switched_off_kinds_are_not_delivered(session, team):
    ben = team["ben"]
    set_preference(session, agent_id=ben.id, key="assigned", enabled=False)
    set_preference(session, agent_id=ben.id, key="sound", enabled=False)
    assert preferences(session, agent_id=ben.id) == {
        "new_conversation": True,
        "new_message": True,
        "assigned": False,
        "mention": True,
        "toast": True,
        "sound": False,
        "browser": True,
        "title": True,
    }
    conversation = make_conversation(session)
    assign_agents(
        session, actor=team["anna"], conversation_id=conversation.id, agent_ids=[ben.id], now=NOW
    )
    notify_mentions(
        session, actor=team["anna"], conversation_id=conversation.id, body="@ben look", now=NOW
    )
    assert kinds_for(session, ben.id) == ["mention"]
