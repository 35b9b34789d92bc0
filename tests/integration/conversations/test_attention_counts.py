"""The rail's attention counts stay right through every transition of a conversation: after
each step they equal a scan that gives every conversation of each view its dot, and the kept
counters equal a full recount (SQLite, or PostgreSQL by INBOX_TEST_DATABASE_URL)."""

from datetime import timedelta

from sqlmodel import Session, col, select

from inbox_app.models.enums import ConversationState, Dot, MessageKind
from inbox_app.models.tables import Conversation, InboxCount
from inbox_app.services import counters
from inbox_app.services.conversations import actions, overdue, snooze
from inbox_app.services.conversations.attention import attention_counts
from inbox_app.services.conversations.dot_facts import dots_for
from inbox_app.services.conversations.messages import post_agent_message, post_incoming
from inbox_app.services.conversations.read_state import mark_read
from inbox_app.services.conversations.views import parse_view, view_filter
from inbox_app.services.team.availability import set_availability
from inbox_app.services.widget.ingest import store_widget_message
from tests.integration.conftest import NOW, make_conversation

MISSED_AFTER = timedelta(seconds=30)


def at(seconds: float):
    return NOW + timedelta(seconds=seconds)


def scanned(session, *, viewer_id: int, slug: str, now) -> tuple[int, int]:
    """The slow truth: every open conversation of the view with its dot for the viewer."""
    rows = session.exec(
        select(Conversation).where(
            Conversation.state == ConversationState.open,
            col(Conversation.deleted_at).is_(None),
            view_filter(session, view=parse_view(slug), agent_id=viewer_id),
        )
    ).all()
    dots = dots_for(
        session, conversations=rows, viewer_id=viewer_id, now=now, missed_after=MISSED_AFTER
    )
    return (
        sum(dot is not Dot.none for dot in dots.values()),
        sum(dot is Dot.missed for dot in dots.values()),
    )


def counts_of(session, *, viewer_id: int, now) -> dict[str, tuple[int, int]]:
    found = attention_counts(session, viewer_id=viewer_id, now=now, missed_after=MISSED_AFTER)
    counts = {
        "mine": (found.mine, found.mine_red),
        "unassigned": (found.unassigned, found.unassigned_red),
        "all": (found.all, found.all_red),
    }
    counts.update({f"group-{g.id}": (g.count, g.red) for g in found.groups})
    return counts


def kept_counters(session) -> dict[str, int]:
    session.expire_all()
    return {row.key: row.open_count for row in session.exec(select(InboxCount)) if row.open_count}


def check(session, team, *, now) -> dict[str, dict[str, tuple[int, int]]]:
    """Both agents' counts agree with the scan, and the counters with a recount."""
    session.expire_all()  # the widget's fast path writes past the ORM
    seen = {}
    for name in ("anna", "ben"):
        viewer_id = team[name].id
        counts = counts_of(session, viewer_id=viewer_id, now=now)
        for slug, figures in counts.items():
            assert figures == scanned(session, viewer_id=viewer_id, slug=slug, now=now), (
                name,
                slug,
            )
        seen[name] = counts
    kept = kept_counters(session)
    counters.recount_all(session)
    assert kept == kept_counters(session)
    return seen


def test_counts_follow_a_conversation_through_its_life(session, team):
    anna, ben, sales = team["anna"], team["ben"], team["sales"]
    group = f"group-{sales.id}"
    conversation = make_conversation(session, at=at(0))
    cid = conversation.id
    assert check(session, team, now=at(0))["anna"]["all"] == (0, 0)

    post_incoming(session, conversation_id=cid, body="Hello?", now=at(1))
    seen = check(session, team, now=at(2))
    assert seen["anna"]["unassigned"] == seen["ben"]["all"] == (1, 0)  # purple for everyone

    assert overdue.flag_due(session, now=at(31), threshold=MISSED_AFTER) == [cid]
    assert overdue.flag_due(session, now=at(31), threshold=MISSED_AFTER) == []  # once only
    assert check(session, team, now=at(31))["anna"]["unassigned"] == (1, 1)  # red

    actions.assign_agents(session, actor=anna, conversation_id=cid, agent_ids=[ben.id], now=at(32))
    seen = check(session, team, now=at(32))
    assert seen["ben"]["mine"] == (1, 1) and seen["anna"]["unassigned"] == (0, 0)
    assert seen["anna"]["all"] == (1, 1)  # red is red for everyone

    post_agent_message(
        session, agent_id=ben.id, conversation_id=cid, kind=MessageKind.reply, body="Hi", now=at(40)
    )
    assert check(session, team, now=at(41))["ben"]["all"] == (0, 0)

    post_incoming(session, conversation_id=cid, body="Still there?", now=at(50))
    seen = check(session, team, now=at(51))
    assert seen["ben"]["mine"] == (1, 0) and seen["anna"]["all"] == (0, 0)  # Ben's to read

    mark_read(session, agent_id=ben.id, conversation_id=cid, now=at(52))
    assert check(session, team, now=at(53))["ben"]["mine"] == (0, 0)

    set_availability(session, agent_id=ben.id, availability="offline")
    assert check(session, team, now=at(54))["anna"]["all"] == (1, 1)  # nobody to answer
    set_availability(session, agent_id=ben.id, availability="online")
    assert check(session, team, now=at(55))["anna"]["all"] == (0, 0)

    overdue.flag_due(session, now=at(80), threshold=MISSED_AFTER)
    actions.assign_group(session, actor=anna, conversation_id=cid, group_id=sales.id, now=at(81))
    seen = check(session, team, now=at(82))
    assert seen["anna"]["mine"] == seen["anna"][group] == (1, 1)

    for step, now in (("close", 90), ("reopen", 91), ("snooze", 92), ("unsnooze", 93)):
        if step in ("close", "reopen"):
            state = ConversationState.closed if step == "close" else ConversationState.open
            actions.set_state(session, actor=anna, conversation_id=cid, state=state, now=at(now))
        elif step == "snooze":
            snooze.snooze(session, actor=anna, conversation_id=cid, until=at(3600), now=at(now))
        else:
            snooze.unsnooze(session, actor=anna, conversation_id=cid, now=at(now))
        shown = (0, 0) if step in ("close", "snooze") else (1, 1)
        assert check(session, team, now=at(now))["anna"]["all"] == shown, step

    actions.delete_conversation(session, actor=anna, conversation_id=cid, now=at(100))
    assert check(session, team, now=at(100))["anna"]["all"] == (0, 0)
    actions.undo_delete(session, actor=anna, conversation_id=cid)
    assert check(session, team, now=at(101))["anna"]["all"] == (1, 1)


def test_a_contact_writing_again_ends_the_red_and_waits_anew(session, team):
    conversation = make_conversation(session, at=at(0))
    key = conversation.visitor_key
    store_widget_message(
        session, conversation_id=conversation.id, visitor_key=key, body="Hi", now=at(1), key="a"
    )
    assert check(session, team, now=at(2))["anna"]["all"] == (1, 0)  # the fast path waits too
    overdue.flag_due(session, now=at(40), threshold=MISSED_AFTER)
    assert check(session, team, now=at(40))["anna"]["all"] == (1, 1)
    store_widget_message(
        session,
        conversation_id=conversation.id,
        visitor_key=key,
        body="Hello?",
        now=at(41),
        key="b",
    )
    assert check(session, team, now=at(42))["anna"]["all"] == (1, 0)  # purple again
    assert check(session, team, now=at(71))["anna"]["all"] == (1, 1)  # red before the tick
    overdue.flag_due(session, now=at(71), threshold=MISSED_AFTER)
    assert check(session, team, now=at(72))["anna"]["all"] == (1, 1)


def test_many_due_at_once_are_flagged_in_one_statement(session, team):
    for n in range(overdue.BULK + 5):
        made = make_conversation(session, name=f"Many{n}", at=at(0))
        post_incoming(session, conversation_id=made.id, body="Hello", now=at(1))
    assert check(session, team, now=at(2))["anna"]["all"] == (overdue.BULK + 5, 0)
    flagged = overdue.flag_due(session, now=at(60), threshold=MISSED_AFTER)
    assert len(flagged) == overdue.BULK + 5
    assert check(session, team, now=at(60))["anna"]["all"] == (overdue.BULK + 5,) * 2


def test_a_new_threshold_flags_again_by_it(session, team):
    conversation = make_conversation(session, at=at(0))
    post_incoming(session, conversation_id=conversation.id, body="Hello", now=at(1))
    overdue.flag_due(session, now=at(40), threshold=MISSED_AFTER)
    overdue.restart_all(session)  # what a new threshold does
    assert check(session, team, now=at(40))["anna"]["all"] == (1, 1)  # red, by the time
    assert overdue.flag_due(session, now=at(40), threshold=MISSED_AFTER) == [conversation.id]
    assert check(session, team, now=at(40))["anna"]["all"] == (1, 1)


def test_a_change_made_from_an_old_copy_moves_the_counters_the_clock_just_moved(
    session, engine, team
):
    """The clock (another session, another worker) flags the conversation red after this
    session read it: every change must still move the counters from what the row holds."""
    anna, ben = team["anna"], team["ben"]
    conversation = make_conversation(session, at=at(0))
    cid = conversation.id
    post_incoming(session, conversation_id=cid, body="Hello?", now=at(1))
    assert session.get(Conversation, cid).overdue is False  # this session's copy, kept
    with Session(engine) as clock:
        assert overdue.flag_due(clock, now=at(31), threshold=MISSED_AFTER) == [cid]

    actions.assign_agents(session, actor=anna, conversation_id=cid, agent_ids=[ben.id], now=at(32))
    assert check(session, team, now=at(32))["ben"]["mine"] == (1, 1)
    with Session(engine) as clock:  # and again, around a snooze and its end
        snooze.snooze(session, actor=ben, conversation_id=cid, until=at(3600), now=at(33))
        assert check(session, team, now=at(34))["ben"]["mine"] == (0, 0)
        snooze.unsnooze(clock, actor=ben, conversation_id=cid, now=at(35))
    snooze.unsnooze(session, actor=ben, conversation_id=cid, now=at(36))  # already awake
    assert check(session, team, now=at(36))["ben"]["mine"] == (1, 1)
