from datetime import timedelta

import pytest
from sqlmodel import select

from inbox_app.models.enums import ConversationState, MessageKind
from inbox_app.models.tables import Conversation, Message, Notification
from inbox_app.services.conversations.actions import (
    ActionError,
    assign_agents,
    assign_group,
    delete_conversation,
    purge_deleted,
    set_contact_blocked,
    set_state,
    undo_delete,
)
from inbox_app.services.conversations.listing import count_open, nav_counts
from inbox_app.services.conversations.messages import MessageError, post_incoming
from inbox_app.services.conversations.views import parse_view
from tests.integration.conftest import NOW, make_conversation


def events(session, conversation_id) -> list[str]:
    rows = session.exec(
        select(Message.body)
        .where(Message.conversation_id == conversation_id, Message.kind == MessageKind.event)
        .order_by(Message.id)
    )
    return list(rows)


def assert_counts_match_a_scan(session, agent_id):
    counts = nav_counts(session, viewer_id=agent_id)
    for slug in ("mine", "unassigned", "all"):
        assert getattr(counts, slug) == count_open(
            session, view=parse_view(slug), viewer_id=agent_id
        ), slug


def test_close_and_reopen_write_event_lines_and_move_counts(session, team):
    anna = team["anna"]
    conversation = make_conversation(session, agents=[anna.id])
    set_state(
        session,
        actor=anna,
        conversation_id=conversation.id,
        state=ConversationState.closed,
        now=NOW,
    )
    assert nav_counts(session, viewer_id=anna.id).mine == 0
    set_state(
        session, actor=anna, conversation_id=conversation.id, state=ConversationState.open, now=NOW
    )
    assert events(session, conversation.id)[-2:] == ["Anna closed this", "Anna reopened this"]
    assert nav_counts(session, viewer_id=anna.id).mine == 1
    assert_counts_match_a_scan(session, anna.id)


def test_new_incoming_message_reopens_and_counts(session, team):
    anna = team["anna"]
    conversation = make_conversation(session)
    set_state(
        session,
        actor=anna,
        conversation_id=conversation.id,
        state=ConversationState.closed,
        now=NOW,
    )
    post_incoming(session, conversation_id=conversation.id, body="Still there?", now=NOW)
    assert session.get(Conversation, conversation.id).state is ConversationState.open
    assert_counts_match_a_scan(session, anna.id)


def test_block_refuses_new_messages_and_unblock_allows_them(session, team):
    anna = team["anna"]
    conversation = make_conversation(session)
    set_contact_blocked(session, actor=anna, conversation_id=conversation.id, blocked=True, now=NOW)
    with pytest.raises(MessageError):
        post_incoming(session, conversation_id=conversation.id, body="spam", now=NOW)
    set_contact_blocked(
        session, actor=anna, conversation_id=conversation.id, blocked=False, now=NOW
    )
    post_incoming(session, conversation_id=conversation.id, body="sorry", now=NOW)
    assert events(session, conversation.id) == [
        "Anna blocked the contact",
        "Anna unblocked the contact",
    ]


def test_delete_hides_at_once_undo_restores_purge_removes_for_good(session, team):
    anna = team["anna"]
    conversation = make_conversation(session, agents=[anna.id])
    post_incoming(session, conversation_id=conversation.id, body="hello", now=NOW)
    delete_conversation(session, actor=anna, conversation_id=conversation.id, now=NOW)
    assert nav_counts(session, viewer_id=anna.id).all == 0
    assert_counts_match_a_scan(session, anna.id)
    undo_delete(session, actor=anna, conversation_id=conversation.id)
    assert nav_counts(session, viewer_id=anna.id).all == 1
    delete_conversation(session, actor=anna, conversation_id=conversation.id, now=NOW)
    assert purge_deleted(session, now=NOW + timedelta(seconds=5)) == []  # still undoable
    purge_deleted(session, now=NOW + timedelta(seconds=11))
    session.expire_all()
    assert session.get(Conversation, conversation.id) is None
    assert (
        session.exec(select(Message).where(Message.conversation_id == conversation.id)).all() == []
    )
    with pytest.raises(ActionError, match="Too late"):
        undo_delete(session, actor=anna, conversation_id=conversation.id)


def test_assign_agents_moves_the_card_into_my_messages_and_notifies(session, team):
    anna, ben = team["anna"], team["ben"]
    conversation = make_conversation(session)
    assert nav_counts(session, viewer_id=ben.id).mine == 0
    assign_agents(
        session, actor=anna, conversation_id=conversation.id, agent_ids=[ben.id, anna.id], now=NOW
    )
    assert nav_counts(session, viewer_id=ben.id).mine == 1
    assert nav_counts(session, viewer_id=ben.id).unassigned == 0
    notes = session.exec(select(Notification)).all()
    assert [(n.agent_id, n.kind) for n in notes] == [
        (ben.id, "assigned")
    ]  # not for assigning yourself
    assign_agents(
        session, actor=anna, conversation_id=conversation.id, agent_ids=[anna.id], now=NOW
    )
    assert events(session, conversation.id) == [
        "Anna assigned this to Anna",
        "Anna assigned this to Ben",
        "Anna unassigned Ben",
    ]
    assert_counts_match_a_scan(session, ben.id)


def test_assign_group_counts_for_members_and_unassigned(session, team):
    anna, ben, sales = team["anna"], team["ben"], team["sales"]
    conversation = make_conversation(session)
    assign_group(session, actor=ben, conversation_id=conversation.id, group_id=sales.id, now=NOW)
    assert nav_counts(session, viewer_id=anna.id).mine == 1  # Anna is in Sales
    assert nav_counts(session, viewer_id=anna.id).unassigned == 0
    assign_group(session, actor=ben, conversation_id=conversation.id, group_id=None, now=NOW)
    assert events(session, conversation.id) == [
        "Ben assigned this to Sales",
        "Ben removed the group",
    ]
    assert_counts_match_a_scan(session, anna.id)


def test_bad_assignments_are_refused_and_change_nothing(session, team):
    anna = team["anna"]
    conversation = make_conversation(session)
    with pytest.raises(ActionError):
        assign_agents(
            session, actor=anna, conversation_id=conversation.id, agent_ids=[999], now=NOW
        )
    with pytest.raises(ActionError):
        assign_group(session, actor=anna, conversation_id=conversation.id, group_id=999, now=NOW)
    assert events(session, conversation.id) == []
    assert_counts_match_a_scan(session, anna.id)


def test_actions_on_a_deleted_conversation_are_refused(session, team):
    anna = team["anna"]
    conversation = make_conversation(session)
    delete_conversation(session, actor=anna, conversation_id=conversation.id, now=NOW)
    with pytest.raises(ActionError):
        set_state(
            session,
            actor=anna,
            conversation_id=conversation.id,
            state=ConversationState.closed,
            now=NOW,
        )
