"""The rail's attention counts, rule by rule: which views a conversation adds one to for the
viewer (agent 1), and when it adds to their red part. The dot comes from the status-dot rules;
attention_keys turns it into counts."""

from datetime import UTC, datetime, timedelta

import pytest

from inbox_app.models.enums import ConversationState
from inbox_app.services.conversations.attention import attention_keys
from inbox_app.services.conversations.status_dots import DotFacts, status_dot

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
THRESHOLD = timedelta(seconds=30)
ALL = frozenset({1, 2, 3})
SALES = 7  # a group


def ago(seconds: float) -> datetime:
    return NOW - timedelta(seconds=seconds)


def keys_for(*, online=frozenset({1, 2}), group_id=None, **overrides) -> list[str]:
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
    facts = DotFacts(**values)
    dot = status_dot(
        facts, now=NOW, missed_after=THRESHOLD, online_agent_ids=online, all_agent_ids=ALL
    )
    responders = set(facts.assignee_ids) | set(facts.group_member_ids or ())
    return attention_keys(
        dot=dot,
        viewer_id=1,
        is_unassigned=not facts.assignee_ids and facts.group_member_ids is None,
        group_id=group_id,
        viewer_responds=1 in responders,
    )


CASES = [
    # (why, keys_for(...), the keys it adds one to)
    ("unassigned and unanswered: purple for all", keys_for(), ["all", "unassigned"]),
    (
        "unassigned, nobody online: red for all",
        keys_for(online=frozenset()),
        ["all", "unassigned", "red:all", "red:unassigned"],
    ),
    (
        "unanswered past the threshold: red, wherever it is",
        keys_for(last_incoming_at=ago(31), assignee_ids=frozenset({2})),
        ["all", "red:all"],
    ),
    (
        "assigned to me, not seen: purple in mine",
        keys_for(assignee_ids=frozenset({1})),
        ["all", "mine:1"],
    ),
    (
        "assigned to me, seen since: no dot, not counted",
        keys_for(assignee_ids=frozenset({1}), viewer_read_at=ago(1)),
        [],
    ),
    (
        "assigned to someone else who is online: not mine to look at",
        keys_for(assignee_ids=frozenset({2})),
        [],
    ),
    (
        "assigned to someone else who is offline: red for me too",
        keys_for(assignee_ids=frozenset({3})),
        ["all", "red:all"],
    ),
    (
        "my group's, not seen: purple in mine and the group",
        keys_for(group_member_ids=frozenset({1, 2}), group_id=SALES),
        ["all", f"group:{SALES}", "mine:1"],
    ),
    (
        "my group's, past the threshold: red in mine and the group",
        keys_for(group_member_ids=frozenset({1}), group_id=SALES, last_incoming_at=ago(60)),
        ["all", f"group:{SALES}", "mine:1", "red:all", f"red:group:{SALES}", "red:mine:1"],
    ),
    ("answered: nothing", keys_for(last_reply_at=ago(1)), []),
    (
        "replied before the latest contact message: waiting again",
        keys_for(last_reply_at=ago(10), last_incoming_at=ago(5)),
        ["all", "unassigned"],
    ),
    ("closed: nothing", keys_for(state=ConversationState.closed), []),
    ("no contact message yet: nothing", keys_for(last_incoming_at=None), []),
]


@pytest.mark.parametrize(("why", "found", "expected"), CASES, ids=[c[0] for c in CASES])
def test_attention_rule(why, found, expected):
    assert sorted(found) == sorted(expected), why
