from datetime import timedelta

import pytest
from sqlmodel import select

from inbox_app.models.enums import ConversationState, MessageKind, Priority
from inbox_app.models.tables import Conversation, Message
from inbox_app.services import counters
from inbox_app.services.conversations.actions import delete_conversation, set_state
from inbox_app.services.conversations.listing import (
    ListQuery,
    count_open,
    list_cards,
    nav_counts,
)
from inbox_app.services.conversations.messages import post_agent_message, post_incoming
from inbox_app.services.conversations.opening import open_conversation
from inbox_app.services.conversations.priority import PriorityError, parse_priority, set_priority
from inbox_app.services.conversations.snooze import SnoozeError, snooze, unsnooze, wake_due
from inbox_app.services.conversations.views import parse_view
from inbox_app.services.widget.ingest import store_widget_message
from tests.integration.conftest import NOW, make_conversation
from tests.integration.conversations.test_actions import assert_counts_match_a_scan

MISSED_AFTER = timedelta(seconds=30)
LATER = NOW + timedelta(hours=1)


def names(session, viewer_id, slug="all", **query) -> list[str]:
    found = list_cards(
        session,
        query=ListQuery(view=parse_view(slug), **query),
        viewer_id=viewer_id,
        now=NOW,
        missed_after=MISSED_AFTER,
    )
    return [card.contact_name for card in found]


def event_lines(session, conversation_id) -> list[str]:
    return list(
        session.exec(
            select(Message.body)
            .where(Message.conversation_id == conversation_id, Message.kind == MessageKind.event)
            .order_by(Message.id)
        )
    )


def test_priority_is_set_shown_and_sorts_the_list(session, team):
    anna = team["anna"]
    low = make_conversation(session, name="Low", at=NOW - timedelta(minutes=3))
    urgent = make_conversation(session, name="Urgent", at=NOW - timedelta(minutes=2))
    make_conversation(session, name="Plain", at=NOW - timedelta(minutes=1))
    for conversation, priority in ((low, Priority.low), (urgent, Priority.urgent)):
        set_priority(
            session, actor=anna, conversation_id=conversation.id, priority=priority, now=NOW
        )
    assert names(session, anna.id) == ["Plain", "Urgent", "Low"]
    assert names(session, anna.id, by_priority=True) == ["Urgent", "Low", "Plain"]
    cards = list_cards(
        session,
        query=ListQuery(view=parse_view("all"), by_priority=True),
        viewer_id=anna.id,
        now=NOW,
        missed_after=MISSED_AFTER,
    )
    assert [card.priority for card in cards] == ["Urgent", "Low", ""]
    opened = open_conversation(
        session, agent_id=anna.id, conversation_id=urgent.id, view_slug="all", now=NOW
    )
    assert opened.header.priority == "Urgent"
    assert event_lines(session, urgent.id)[-1] == "Anna set the priority to Urgent"


def test_priority_names_are_the_offered_ones_only():
    assert parse_priority("high") is Priority.high
    with pytest.raises(PriorityError):
        parse_priority("Critical")


def test_a_snoozed_conversation_leaves_the_open_views_and_counts(session, team):
    anna = team["anna"]
    conversation = make_conversation(session, name="Lena", agents=[anna.id])
    make_conversation(session, name="Other", agents=[anna.id])
    snooze(session, actor=anna, conversation_id=conversation.id, until=LATER, now=NOW)
    assert names(session, anna.id, "mine") == ["Other"]
    assert names(session, anna.id, "all") == ["Other"]
    assert names(session, anna.id, "snoozed") == ["Lena"]
    assert nav_counts(session, viewer_id=anna.id).mine == 1
    assert count_open(session, view=parse_view("snoozed"), viewer_id=anna.id) == 1
    assert_counts_match_a_scan(session, anna.id)
    assert event_lines(session, conversation.id)[-1].startswith("Anna snoozed this until ")


def test_snooze_refuses_a_past_time_and_a_closed_conversation(session, team):
    anna = team["anna"]
    conversation = make_conversation(session)
    with pytest.raises(SnoozeError):
        snooze(session, actor=anna, conversation_id=conversation.id, until=NOW, now=NOW)
    set_state(
        session,
        actor=anna,
        conversation_id=conversation.id,
        state=ConversationState.closed,
        now=NOW,
    )
    with pytest.raises(SnoozeError):
        snooze(session, actor=anna, conversation_id=conversation.id, until=LATER, now=NOW)


def test_it_comes_back_by_itself_when_its_time_is_up(session, team):
    anna = team["anna"]
    conversation = make_conversation(session, name="Lena", agents=[anna.id])
    snooze(session, actor=anna, conversation_id=conversation.id, until=LATER, now=NOW)
    assert wake_due(session, now=LATER - timedelta(seconds=1)) == []
    assert wake_due(session, now=LATER) == [conversation.id]
    assert wake_due(session, now=LATER) == []  # woken once only
    assert names(session, anna.id, "mine") == ["Lena"]
    assert names(session, anna.id, "snoozed") == []
    assert nav_counts(session, viewer_id=anna.id).mine == 1
    assert_counts_match_a_scan(session, anna.id)
    assert event_lines(session, conversation.id)[-1] == "The snooze ended"


def test_it_comes_back_early_when_the_contact_writes(session, team):
    anna = team["anna"]
    conversation = make_conversation(session, name="Lena", agents=[anna.id])
    snooze(session, actor=anna, conversation_id=conversation.id, until=LATER, now=NOW)
    post_agent_message(  # an agent's own note does not wake it
        session,
        agent_id=anna.id,
        conversation_id=conversation.id,
        kind=MessageKind.comment,
        body="waiting for the invoice",
        now=NOW,
    )
    assert names(session, anna.id, "mine") == []
    post_incoming(session, conversation_id=conversation.id, body="Any news?", now=NOW)
    assert session.get(Conversation, conversation.id).snoozed_until is None
    assert names(session, anna.id, "mine") == ["Lena"]
    assert nav_counts(session, viewer_id=anna.id).mine == 1
    assert_counts_match_a_scan(session, anna.id)
    assert wake_due(session, now=LATER) == []


def test_a_widget_message_wakes_a_snoozed_chat(session, team):
    anna = team["anna"]
    chat = make_conversation(session, name="Lena", agents=[anna.id])
    snooze(session, actor=anna, conversation_id=chat.id, until=LATER, now=NOW)
    store_widget_message(
        session, conversation_id=chat.id, visitor_key=chat.visitor_key, body="Hi", now=NOW, key="k1"
    )
    assert names(session, anna.id, "mine") == ["Lena"]
    assert_counts_match_a_scan(session, anna.id)


def test_an_agent_brings_it_back_before_its_time(session, team):
    anna = team["anna"]
    conversation = make_conversation(session, name="Lena", agents=[anna.id])
    snooze(session, actor=anna, conversation_id=conversation.id, until=LATER, now=NOW)
    unsnooze(session, actor=anna, conversation_id=conversation.id, now=NOW)
    unsnooze(session, actor=anna, conversation_id=conversation.id, now=NOW)  # no change
    assert names(session, anna.id, "mine") == ["Lena"]
    assert nav_counts(session, viewer_id=anna.id).mine == 1
    assert_counts_match_a_scan(session, anna.id)
    assert event_lines(session, conversation.id)[-1] == "Anna ended the snooze"
    assert wake_due(session, now=LATER) == []


def test_closing_a_snoozed_conversation_ends_the_snooze(session, team):
    anna = team["anna"]
    conversation = make_conversation(session, agents=[anna.id])
    snooze(session, actor=anna, conversation_id=conversation.id, until=LATER, now=NOW)
    set_state(
        session,
        actor=anna,
        conversation_id=conversation.id,
        state=ConversationState.closed,
        now=NOW,
    )
    assert session.get(Conversation, conversation.id).snoozed_until is None
    assert names(session, anna.id, "snoozed") == []
    assert wake_due(session, now=LATER) == []
    assert_counts_match_a_scan(session, anna.id)


def test_recount_leaves_snoozed_conversations_out(session, team):
    anna = team["anna"]
    conversation = make_conversation(session, agents=[anna.id])
    make_conversation(session, agents=[anna.id])
    snooze(session, actor=anna, conversation_id=conversation.id, until=LATER, now=NOW)
    counters.recount_all(session)
    assert nav_counts(session, viewer_id=anna.id).mine == 1
    assert_counts_match_a_scan(session, anna.id)


def test_a_deleted_snoozed_conversation_is_never_woken_into_the_counts(session, team):
    anna = team["anna"]
    conversation = make_conversation(session, agents=[anna.id])
    snooze(session, actor=anna, conversation_id=conversation.id, until=LATER, now=NOW)
    delete_conversation(session, actor=anna, conversation_id=conversation.id, now=NOW)
    wake_due(session, now=LATER)
    assert nav_counts(session, viewer_id=anna.id).mine == 0
    assert_counts_match_a_scan(session, anna.id)
