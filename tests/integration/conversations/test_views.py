from datetime import timedelta

from inbox_app.models.enums import Channel, ConversationState, MessageKind
from inbox_app.services.conversations.actions import set_state
from inbox_app.services.conversations.listing import ListQuery, list_cards, nav_counts
from inbox_app.services.conversations.messages import post_agent_message, post_incoming
from inbox_app.services.conversations.opening import open_conversation
from inbox_app.services.conversations.views import parse_view
from tests.integration.conftest import NOW, make_conversation

MISSED_AFTER = timedelta(seconds=30)


def cards(session, viewer_id, slug="all", **query):
    return list_cards(
        session,
        query=ListQuery(view=parse_view(slug), **query),
        viewer_id=viewer_id,
        now=NOW + timedelta(seconds=10),
        missed_after=MISSED_AFTER,
    )


def names(found) -> list[str]:
    return [card.contact_name for card in found]


def test_views_hold_the_right_conversations(session, team):
    anna, ben, sales = team["anna"].id, team["ben"].id, team["sales"].id
    make_conversation(session, name="Free", at=NOW - timedelta(minutes=4))
    make_conversation(session, name="ForAnna", agents=[anna], at=NOW - timedelta(minutes=3))
    make_conversation(session, name="ForSales", group_id=sales, at=NOW - timedelta(minutes=2))
    make_conversation(session, name="ForBen", agents=[ben], at=NOW - timedelta(minutes=1))
    assert names(cards(session, anna, "mine")) == ["ForSales", "ForAnna"]
    assert names(cards(session, ben, "mine")) == ["ForBen"]
    assert names(cards(session, anna, "unassigned")) == ["Free"]
    assert names(cards(session, anna, f"group-{sales}")) == ["ForSales"]
    assert names(cards(session, anna, "all")) == ["ForBen", "ForSales", "ForAnna", "Free"]
    assert names(cards(session, anna, "all", newest_first=False)) == [
        "Free",
        "ForAnna",
        "ForSales",
        "ForBen",
    ]
    counts = nav_counts(session, viewer_id=anna)
    assert (counts.mine, counts.unassigned, counts.all) == (2, 1, 4)


def test_state_and_channel_filters(session, team):
    make_conversation(session, name="Mail", channel=Channel.email)
    closed = make_conversation(session, name="Done")
    set_state(
        session,
        actor=team["anna"],
        conversation_id=closed.id,
        state=ConversationState.closed,
        now=NOW,
    )
    anna = team["anna"].id
    assert names(cards(session, anna, channel=Channel.email)) == ["Mail"]
    assert names(cards(session, anna, state=ConversationState.closed)) == ["Done"]
    assert nav_counts(session, viewer_id=anna).all == 1


def test_card_shows_assignees_and_link(session, team):
    conversation = make_conversation(session, name="Lena", agents=[team["anna"].id, team["ben"].id])
    card = cards(session, team["anna"].id, "all")[0]
    assert card.assignees == "Anna, Ben"
    assert card.href == f"/inbox/all/{conversation.id}"


def test_dot_is_per_agent_and_cleared_by_opening(session, team):
    anna, ben = team["anna"].id, team["ben"].id
    conversation = make_conversation(session, agents=[anna, ben])
    post_incoming(session, conversation_id=conversation.id, body="Hello?", now=NOW)
    assert cards(session, anna)[0].dot == "new"
    open_conversation(
        session,
        agent_id=anna,
        conversation_id=conversation.id,
        view_slug="all",
        now=NOW + timedelta(seconds=1),
    )
    assert cards(session, anna)[0].dot == "none"
    assert cards(session, ben)[0].dot == "new"


def test_unanswered_turns_missed_and_a_reply_clears_it(session, team):
    conversation = make_conversation(session)
    post_incoming(
        session, conversation_id=conversation.id, body="Anyone?", now=NOW - timedelta(seconds=60)
    )
    assert cards(session, team["anna"].id)[0].dot == "missed"
    post_agent_message(
        session,
        agent_id=team["ben"].id,
        conversation_id=conversation.id,
        kind=MessageKind.reply,
        body="Here!",
        now=NOW,
    )
    assert cards(session, team["anna"].id)[0].dot == "none"


def test_opening_returns_thread_contact_and_previous(session, team):
    first = make_conversation(session, name="Lena")
    older = make_conversation(session, name="Lena2")
    older.contact_id = first.contact_id
    session.add(older)
    session.commit()
    post_incoming(session, conversation_id=first.id, body="**Hi** <b>there</b>", now=NOW)
    post_agent_message(
        session,
        agent_id=team["anna"].id,
        conversation_id=first.id,
        kind=MessageKind.comment,
        body="note",
        now=NOW + timedelta(seconds=1),
    )
    opened = open_conversation(
        session, agent_id=team["anna"].id, conversation_id=first.id, view_slug="all", now=NOW
    )
    assert [m.kind for m in opened.messages] == ["incoming", "comment"]
    assert opened.messages[0].body_html == "<p><strong>Hi</strong> &lt;b&gt;there&lt;/b&gt;</p>"
    assert opened.messages[1].author == "Anna"
    assert opened.contact.display_name == "Lena"
    assert [p.id for p in opened.previous] == [older.id]


def test_opening_a_missing_conversation_gives_nothing(session, team):
    assert (
        open_conversation(
            session, agent_id=team["anna"].id, conversation_id=42, view_slug="all", now=NOW
        )
        is None
    )


def test_unknown_view_slugs_are_rejected():
    assert parse_view("mine").key == "mine"
    assert parse_view("group-3").group_id == 3
    assert parse_view("group-x") is None
    assert parse_view("everything") is None


def test_the_rail_has_one_count_per_group_of_the_viewer(session, team):
    from inbox_app.models.tables import AgentGroup, GroupMember

    anna, ben, sales = team["anna"].id, team["ben"].id, team["sales"].id
    billing = AgentGroup(name="Billing")
    session.add(billing)
    session.commit()
    session.add(GroupMember(group_id=billing.id, agent_id=anna))
    session.commit()
    make_conversation(session, name="ForSales", group_id=sales)
    make_conversation(session, name="ForSalesToo", group_id=sales)
    closed = make_conversation(session, name="ClosedSales", group_id=sales)
    closed_state = ConversationState.closed
    set_state(session, actor=team["anna"], conversation_id=closed.id, state=closed_state, now=NOW)

    rail = nav_counts(session, viewer_id=anna).groups
    assert [(g.name, g.count, g.href) for g in rail] == [
        ("Billing", 0, f"/inbox/group-{billing.id}"),
        ("Sales", 2, f"/inbox/group-{sales}"),
    ]
    assert nav_counts(session, viewer_id=ben).groups == []
