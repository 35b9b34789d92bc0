"""Status dots (docs/RULES.md), evaluated for the agent who looks. Pure: no database."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from datetime import datetime, timedelta

from inbox_app.models.enums import ConversationState, Dot


@dataclass(frozen=True)
class DotFacts:
    """What the rules need to know about one conversation, for one viewer."""

    state: ConversationState
    last_incoming_at: datetime | None
    last_reply_at: datetime | None
    assignee_ids: Set[int]
    group_member_ids: Set[int] | None  # None: no group assigned
    viewer_id: int
    viewer_read_at: datetime | None


def is_unanswered(facts: DotFacts) -> bool:
    """A contact message with no reply since. Comments and events never count as replies."""
    if facts.last_incoming_at is None:
        return False
    return facts.last_reply_at is None or facts.last_reply_at < facts.last_incoming_at


def responders(facts: DotFacts, all_agent_ids: Set[int]) -> Set[int]:
    """Who could answer: the assigned agents; else the group's members; else everyone."""
    if facts.assignee_ids:
        return facts.assignee_ids
    if facts.group_member_ids is not None:
        return facts.group_member_ids
    return all_agent_ids


def is_assigned_to_viewer(facts: DotFacts) -> bool:
    if facts.viewer_id in facts.assignee_ids:
        return True
    return facts.group_member_ids is not None and facts.viewer_id in facts.group_member_ids


def is_unassigned(facts: DotFacts) -> bool:
    return not facts.assignee_ids and facts.group_member_ids is None


def has_unseen_incoming(facts: DotFacts) -> bool:
    if facts.last_incoming_at is None:
        return False
    return facts.viewer_read_at is None or facts.viewer_read_at < facts.last_incoming_at


def status_dot(
    facts: DotFacts,
    *,
    now: datetime,
    missed_after: timedelta,
    online_agent_ids: Set[int],
    all_agent_ids: Set[int],
) -> Dot:
    """Red beats purple; a closed, replied or read conversation has no dot."""
    if facts.state is ConversationState.closed or not is_unanswered(facts):
        return Dot.none
    if facts.last_incoming_at is None:  # never: is_unanswered needs a contact message
        return Dot.none
    overdue = now - facts.last_incoming_at >= missed_after
    nobody_online = not (responders(facts, all_agent_ids) & online_agent_ids)
    if overdue or nobody_online:
        return Dot.missed
    if is_unassigned(facts):
        return Dot.new
    if is_assigned_to_viewer(facts) and has_unseen_incoming(facts):
        return Dot.new
    return Dot.none
