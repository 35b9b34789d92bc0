"""Status dots (docs/RULES.md), rule by rule. Agents 1 and 2 exist; the viewer is agent 1."""

from datetime import UTC, datetime, timedelta

import pytest

from inbox_app.models.enums import ConversationState, Dot
from inbox_app.services.conversations.status_dots import DotFacts, status_dot

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
THRESHOLD = timedelta(seconds=30)
ALL = frozenset({1, 2, 3})


def ago(seconds: float) -> datetime:
    return NOW - timedelta(seconds=seconds)


def facts(**overrides) -> DotFacts:
    values = dict(
        state=ConversationState.open,
        last_incoming_at=ago(5),
        last_reply_at=None,
        assignee_ids=frozenset(),
        group_member_ids=None,
        viewer_id=1,
        viewer_read_at=None,
    )
    values.update(overrides)
    return DotFacts(**values)


CASES = [
    # (why, facts, online agents, expected)
    ("unassigned, unanswered, fresh, someone online", facts(), {2}, Dot.new),
    (
        "unanswered for exactly the threshold is overdue",
        facts(last_incoming_at=ago(30)),
        {1},
        Dot.missed,
    ),
    ("unanswered just under the threshold is not", facts(last_incoming_at=ago(29.9)), {1}, Dot.new),
    ("unassigned and every agent offline", facts(), set(), Dot.missed),
    ("a reply after the contact message clears it", facts(last_reply_at=ago(1)), {1}, Dot.none),
    (
        "an old reply does not answer a newer message",
        facts(last_incoming_at=ago(40), last_reply_at=ago(50)),
        {1},
        Dot.missed,
    ),
    (
        "a comment is not a reply: last_reply_at stays older",
        facts(last_incoming_at=ago(31), last_reply_at=None),
        {1},
        Dot.missed,
    ),
    (
        "closed is never marked",
        facts(state=ConversationState.closed, last_incoming_at=ago(999)),
        set(),
        Dot.none,
    ),
    ("no contact message at all", facts(last_incoming_at=None), {1}, Dot.none),
    ("assigned to me, unseen", facts(assignee_ids=frozenset({1})), {1}, Dot.new),
    (
        "assigned to me, seen after the message",
        facts(assignee_ids=frozenset({1}), viewer_read_at=ago(1)),
        {1},
        Dot.none,
    ),
    (
        "assigned to me, seen before the message",
        facts(assignee_ids=frozenset({1}), viewer_read_at=ago(10)),
        {1},
        Dot.new,
    ),
    ("assigned to someone else: not new for me", facts(assignee_ids=frozenset({2})), {2}, Dot.none),
    (
        "assigned agent offline, others online: missed",
        facts(assignee_ids=frozenset({2})),
        {1, 3},
        Dot.missed,
    ),
    ("one of several assignees online", facts(assignee_ids=frozenset({1, 2})), {2}, Dot.new),
    (
        "group member online answers for the group",
        facts(group_member_ids=frozenset({1, 2})),
        {2},
        Dot.new,
    ),
    (
        "every group member offline: missed though others are online",
        facts(group_member_ids=frozenset({2})),
        {1, 3},
        Dot.missed,
    ),
    (
        "group without members: nobody can answer",
        facts(group_member_ids=frozenset()),
        {1},
        Dot.missed,
    ),
    (
        "assignees beat the group",
        facts(assignee_ids=frozenset({3}), group_member_ids=frozenset({2})),
        {2},
        Dot.missed,
    ),
    ("in my group, unseen: new", facts(group_member_ids=frozenset({1, 2})), {1}, Dot.new),
    (
        "in my group, seen: no dot",
        facts(group_member_ids=frozenset({1}), viewer_read_at=ago(1)),
        {1},
        Dot.none,
    ),
    (
        "read state is per agent: my mark, not a colleague's",
        facts(assignee_ids=frozenset({1, 2}), viewer_id=2, viewer_read_at=None),
        {1},
        Dot.new,
    ),
    (
        "overdue beats unread",
        facts(assignee_ids=frozenset({1}), last_incoming_at=ago(120)),
        {1},
        Dot.missed,
    ),
    ("red because all were offline turns purple when one returns", facts(), {3}, Dot.new),
    ("...unless it is overdue by then", facts(last_incoming_at=ago(45)), {3}, Dot.missed),
]


@pytest.mark.parametrize(("why", "case", "online", "expected"), CASES, ids=[c[0] for c in CASES])
def test_status_dot(why, case, online, expected):
    got = status_dot(
        case, now=NOW, missed_after=THRESHOLD, online_agent_ids=frozenset(online), all_agent_ids=ALL
    )
    assert got is expected, why


def test_threshold_is_configurable():
    case = facts(last_incoming_at=ago(50))
    assert (
        status_dot(
            case,
            now=NOW,
            missed_after=timedelta(seconds=60),
            online_agent_ids={1},
            all_agent_ids=ALL,
        )
        is Dot.new
    )
    assert (
        status_dot(
            case,
            now=NOW,
            missed_after=timedelta(seconds=45),
            online_agent_ids={1},
            all_agent_ids=ALL,
        )
        is Dot.missed
    )
