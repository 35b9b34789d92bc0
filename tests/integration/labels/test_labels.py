from datetime import timedelta

import pytest
from sqlmodel import select

from inbox_app.models.enums import MessageKind, Role
from inbox_app.models.tables import ConversationLabel, Message
from inbox_app.services.conversations.actions import delete_conversation
from inbox_app.services.conversations.listing import ListQuery, list_cards, search_cards
from inbox_app.services.conversations.opening import open_conversation
from inbox_app.services.conversations.views import parse_view
from inbox_app.services.labels.catalogue import (
    LabelError,
    create_label,
    delete_label,
    list_labels,
)
from inbox_app.services.labels.tagging import TaggingError, add_label, remove_label
from inbox_app.services.team.agents import create_agent
from inbox_app.services.team.permissions import PermissionDenied
from tests.integration.conftest import NOW, make_conversation

MISSED_AFTER = timedelta(seconds=30)


@pytest.fixture()
def admin(session):
    return create_agent(
        session, email="root@example.com", password="password-9", name="Root", role=Role.admin
    )


def cards(session, viewer_id, slug="all", **query):
    return list_cards(
        session,
        query=ListQuery(view=parse_view(slug), **query),
        viewer_id=viewer_id,
        now=NOW,
        missed_after=MISSED_AFTER,
    )


def test_admins_define_labels_with_colours_and_names_stay_unique(session, admin):
    create_label(session, actor=admin, name="VIP", colour="amber")
    create_label(session, actor=admin, name="  bug   report ", colour="red")
    assert [(lb.name, lb.colour) for lb in list_labels(session)] == [
        ("bug report", "red"),
        ("VIP", "amber"),
    ]
    with pytest.raises(LabelError):
        create_label(session, actor=admin, name="vip", colour="blue")
    with pytest.raises(LabelError):
        create_label(session, actor=admin, name="Refund", colour="chartreuse")
    with pytest.raises(LabelError):
        create_label(session, actor=admin, name="   ", colour="blue")


def test_agents_may_not_define_or_delete_labels(session, team, admin):
    with pytest.raises(PermissionDenied):
        create_label(session, actor=team["anna"], name="VIP", colour="amber")
    vip = create_label(session, actor=admin, name="VIP", colour="amber")
    with pytest.raises(PermissionDenied):
        delete_label(session, actor=team["anna"], label_id=vip.id)
    assert [lb.name for lb in list_labels(session)] == ["VIP"]


def test_agents_add_and_remove_labels_and_cards_show_them(session, team, admin):
    anna = team["anna"]
    vip = create_label(session, actor=admin, name="VIP", colour="amber")
    bug = create_label(session, actor=admin, name="Bug", colour="red")
    conversation = make_conversation(session, name="Lena")
    for label in (vip, bug, vip):  # adding twice is no change
        add_label(session, actor=anna, conversation_id=conversation.id, label_id=label.id, now=NOW)
    card = cards(session, anna.id)[0]
    assert [(lb.name, lb.colour) for lb in card.labels] == [("Bug", "red"), ("VIP", "amber")]
    remove_label(session, actor=anna, conversation_id=conversation.id, label_id=bug.id, now=NOW)
    assert [lb.name for lb in cards(session, anna.id)[0].labels] == ["VIP"]
    lines = session.exec(
        select(Message.body).where(Message.kind == MessageKind.event).order_by(Message.id)
    ).all()
    assert lines[-3:] == [
        "Anna added the label VIP",
        "Anna added the label Bug",
        "Anna removed the label Bug",
    ]
    opened = open_conversation(
        session, agent_id=anna.id, conversation_id=conversation.id, view_slug="all", now=NOW
    )
    assert opened.header.label_ids == [vip.id]


def test_a_deleted_label_leaves_every_conversation(session, team, admin):
    vip = create_label(session, actor=admin, name="VIP", colour="amber")
    conversation = make_conversation(session)
    add_label(
        session, actor=team["anna"], conversation_id=conversation.id, label_id=vip.id, now=NOW
    )
    delete_label(session, actor=admin, label_id=vip.id)
    assert session.exec(select(ConversationLabel)).all() == []
    with pytest.raises(TaggingError):
        add_label(
            session, actor=team["anna"], conversation_id=conversation.id, label_id=vip.id, now=NOW
        )


def test_the_label_filter_works_with_every_view(session, team, admin):
    anna, sales = team["anna"], team["sales"].id
    vip = create_label(session, actor=admin, name="VIP", colour="amber")
    mine = make_conversation(session, name="Mine", agents=[anna.id], at=NOW - timedelta(minutes=3))
    group = make_conversation(session, name="Group", group_id=sales, at=NOW - timedelta(minutes=2))
    make_conversation(session, name="Plain", agents=[anna.id], at=NOW - timedelta(minutes=1))
    free = make_conversation(session, name="Free", at=NOW)
    for conversation in (mine, group, free):
        add_label(session, actor=anna, conversation_id=conversation.id, label_id=vip.id, now=NOW)
    names = lambda found: [card.contact_name for card in found]  # noqa: E731
    assert names(cards(session, anna.id, "all", label_id=vip.id)) == ["Free", "Group", "Mine"]
    assert names(cards(session, anna.id, "mine", label_id=vip.id)) == ["Group", "Mine"]
    assert names(cards(session, anna.id, "unassigned", label_id=vip.id)) == ["Free"]
    assert names(cards(session, anna.id, f"group-{sales}", label_id=vip.id)) == ["Group"]


def test_a_label_name_in_the_search_box_finds_its_conversations(session, team, admin):
    anna = team["anna"]
    vip = create_label(session, actor=admin, name="VIP", colour="amber")
    labelled = make_conversation(session, name="Quiet")
    make_conversation(session, name="Other")
    add_label(session, actor=anna, conversation_id=labelled.id, label_id=vip.id, now=NOW)
    found = search_cards(
        session,
        query=ListQuery(view=parse_view("all")),
        text="vip",
        viewer_id=anna.id,
        now=NOW,
        missed_after=MISSED_AFTER,
    )
    assert [card.contact_name for card in found] == ["Quiet"]
    assert [lb.name for lb in found[0].labels] == ["VIP"]


def test_bulk_labelling_labels_each_selected_and_skips_the_gone(session, team, admin):
    """The list's bulk action calls add_label once per selected conversation and skips one
    that refuses (state/list_state.py `_each`)."""
    anna = team["anna"]
    vip = create_label(session, actor=admin, name="VIP", colour="amber")
    first, second, gone = (make_conversation(session, name=n) for n in ("A", "B", "C"))
    delete_conversation(session, actor=anna, conversation_id=gone.id, now=NOW)
    done = []
    for conversation in (first, gone, second):
        try:
            add_label(
                session, actor=anna, conversation_id=conversation.id, label_id=vip.id, now=NOW
            )
            done.append(conversation.id)
        except TaggingError:
            session.rollback()
    assert done == [first.id, second.id]
    assert sorted(cards(session, anna.id, label_id=vip.id), key=lambda c: c.id)[0].id == first.id
    assert len(cards(session, anna.id, label_id=vip.id)) == 2
