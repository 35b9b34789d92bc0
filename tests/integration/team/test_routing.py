"""Where a new conversation goes: the group of its language, then round-robin among the
group's online members (issues 14 and 15)."""

import threading
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from inbox_app.models.enums import Availability, MessageKind, Role
from inbox_app.models.tables import Agent, AgentGroup, GroupMember, Message
from inbox_app.services.conversations.actions import current_assignees
from inbox_app.services.conversations.messages import post_incoming
from inbox_app.services.team.agents import create_agent
from inbox_app.services.team.permissions import PermissionDenied
from inbox_app.services.team.routing import RoutingError, pick_member, set_group_routing
from tests.integration.conftest import NOW, make_conversation

GERMAN = "Hallo, ich habe eine Frage zu meiner Bestellung"
ENGLISH = "Hello, I have a question about my order"


@pytest.fixture()
def boss(session):
    return create_agent(
        session, email="boss@example.com", password="boss-password", name="Boss", role=Role.admin
    )


def _group(session, name, *members, auto_assign=False, languages=""):
    group = AgentGroup(name=name, auto_assign=auto_assign, languages=languages)
    session.add(group)
    session.commit()
    for member in members:
        session.add(GroupMember(group_id=group.id, agent_id=member.id))
    session.commit()
    return group


def _set(session, agent, availability):
    row = session.get(Agent, agent.id)
    row.availability = availability
    session.add(row)
    session.commit()


def _first_message(session, conversation, text=ENGLISH, at=NOW):
    post_incoming(session, conversation_id=conversation.id, body=text, now=at)
    session.expire_all()
    return current_assignees(session, conversation_id=conversation.id)


def test_a_conversation_in_german_goes_to_the_german_group(session, team):
    german = _group(session, "Deutsch", team["ben"], languages="de")
    chat = make_conversation(session)
    _first_message(session, chat, GERMAN)
    assert session.get(type(chat), chat.id).group_id == german.id
    lines = session.exec(select(Message.body).where(Message.kind == MessageKind.event)).all()
    assert "Automatic assignment assigned this to Deutsch" in lines


def test_a_language_no_group_takes_leaves_the_conversation_unassigned(session, team):
    _group(session, "Deutsch", team["ben"], languages="de")
    chat = make_conversation(session)
    assert _first_message(session, chat, ENGLISH) == set()
    assert session.get(type(chat), chat.id).is_unassigned


def test_round_robin_gives_it_to_the_least_busy_online_member(session, team):
    sales = _group(session, "Support", team["anna"], team["ben"], auto_assign=True)
    busy = make_conversation(session, name="Busy", agents=[team["anna"].id])
    assert busy  # Anna has one open conversation, Ben none
    chat = make_conversation(session, group_id=sales.id)
    assert _first_message(session, chat) == {team["ben"].id}


def test_ties_go_to_who_waited_longest(session, team):
    support = _group(session, "Support", team["anna"], team["ben"], auto_assign=True)
    first = make_conversation(session, name="First", group_id=support.id)
    second = make_conversation(session, name="Second", group_id=support.id)
    picked = _first_message(session, first)
    other = _first_message(session, second, at=NOW + timedelta(seconds=1))
    assert picked | other == {team["anna"].id, team["ben"].id}


def test_offline_and_invisible_members_get_nothing_and_the_group_keeps_it(session, team):
    support = _group(session, "Support", team["anna"], team["ben"], auto_assign=True)
    _set(session, team["anna"], Availability.offline)
    _set(session, team["ben"], Availability.invisible)
    chat = make_conversation(session, group_id=support.id)
    assert _first_message(session, chat) == set()
    assert session.get(type(chat), chat.id).group_id == support.id


def test_a_group_without_auto_assign_only_keeps_it(session, team):
    support = _group(session, "Support", team["anna"])
    chat = make_conversation(session, group_id=support.id)
    assert _first_message(session, chat) == set()


def test_two_workers_picking_at_once_never_pick_the_same_member(engine, session, team):
    support = _group(session, "Support", team["anna"], team["ben"], auto_assign=True)
    chats = [make_conversation(session, name=n, group_id=support.id) for n in ("One", "Two")]
    barrier = threading.Barrier(2)

    def write_first_message(conversation_id):
        with Session(engine, expire_on_commit=False) as own:
            barrier.wait()
            post_incoming(own, conversation_id=conversation_id, body=ENGLISH, now=NOW)

    threads = [threading.Thread(target=write_first_message, args=(c.id,)) for c in chats]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    session.expire_all()
    picked = [current_assignees(session, conversation_id=c.id) for c in chats]
    assert sorted(picked, key=sorted) == [{team["anna"].id}, {team["ben"].id}]


def test_admins_set_routing_with_known_languages_only(session, team, boss):
    support = _group(session, "Support", team["anna"])
    set_group_routing(
        session, actor=boss, group_id=support.id, auto_assign=True, languages="DE, fr"
    )
    session.refresh(support)
    assert (support.auto_assign, support.languages) == (True, "de,fr")
    with pytest.raises(RoutingError, match="Unknown language 'xx'"):
        set_group_routing(
            session, actor=boss, group_id=support.id, auto_assign=True, languages="xx"
        )
    assert pick_member(session, group_id=support.id) == team["anna"].id
    with pytest.raises(PermissionDenied):
        set_group_routing(
            session, actor=team["anna"], group_id=support.id, auto_assign=False, languages=""
        )
