"""The rail's counts: per view, the open conversations that need the viewer's attention (a
purple or red dot for them, PRODUCT.md section 1), and how many of those are red.

A dot is only ever purple or red while the last contact message is unanswered (status_dots).
Past the missed threshold it is red for everyone: those are the overdue conversations, counted
by the "red:" counters the services keep (overdue.py), O(1) per change. Before the threshold
the dot depends on the viewer (read marks, assignment) and on who is online: those are the
conversations still waiting (`due_at` set), at most the ones a contact wrote to within the
threshold (30 s by default). They are read by the `due_at` index and given their dots with the
same rules as the cards; no count ever scans the conversations.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Set
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_
from sqlmodel import Session, col, select

from inbox_app.models.dto import GroupCount, NavCounts
from inbox_app.models.enums import ConversationState, Dot
from inbox_app.models.tables import Conversation
from inbox_app.services import counters
from inbox_app.services.conversations import dot_facts
from inbox_app.services.conversations.listing import viewer_groups
from inbox_app.services.query_planning import opaque

RED = counters.RED
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # before any due_at: "is waiting", as an index range


@dataclass(frozen=True, slots=True)
class Waiting:
    """The columns of a waiting conversation the dots and views read (no ORM objects: cheaper)."""

    id: int | None
    state: ConversationState
    last_incoming_at: datetime | None
    last_reply_at: datetime | None
    group_id: int | None
    is_unassigned: bool


def _waiting(session: Session) -> list[Waiting]:
    """Open, awake conversations whose unanswered contact message has not yet been flagged."""
    awake = and_(
        col(Conversation.state) == ConversationState.open,
        col(Conversation.deleted_at).is_(None),
        col(Conversation.snoozed_until).is_(None),
    )
    # SQLite (no statistics) would walk every open conversation by the state index: the rest
    # of the filter is kept opaque to it, so the due_at index (the few waiting) leads, as a
    # range (it scans the table for IS NOT NULL).
    columns = [col(getattr(Conversation, name)) for name in Waiting.__slots__]
    rows = session.exec(select(*columns).where(col(Conversation.due_at) >= EPOCH, opaque(awake)))
    return [Waiting(*row) for row in rows]


def attention_keys(
    *, dot: Dot, viewer_id: int, is_unassigned: bool, group_id: int | None, viewer_responds: bool
) -> list[str]:
    """The view keys (and "red:" keys) one waiting conversation adds to for the viewer: none
    without a dot. viewer_responds: assigned to the viewer, directly or through the group."""
    if dot is Dot.none:
        return []
    keys = ["all"]
    if is_unassigned:
        keys.append("unassigned")
    if group_id is not None:
        keys.append(f"group:{group_id}")
    if viewer_responds:
        keys.append(f"mine:{viewer_id}")
    return keys + ([RED + key for key in keys] if dot is Dot.missed else [])


def waiting_tally(
    session: Session,
    *,
    viewer_id: int,
    now: datetime,
    missed_after: timedelta,
    live_agent_ids: Set[int] | None,
) -> Counter[str]:
    """Per view key (and "red:" key), the waiting conversations with a dot for the viewer."""
    waiting = _waiting(session)
    if not waiting:
        return Counter()
    ids = [c.id for c in waiting if c.id is not None]
    assignees = dot_facts.assignees_of(session, ids)
    members = dot_facts.members_of(session, {c.group_id for c in waiting if c.group_id})
    dots = dot_facts.dots_for(
        session,
        conversations=waiting,
        viewer_id=viewer_id,
        now=now,
        missed_after=missed_after,
        live_agent_ids=live_agent_ids,
        loaded=(assignees, members),
    )
    tally: Counter[str] = Counter()
    for c in waiting:
        responders = assignees.get(c.id or 0, set()) | members.get(c.group_id or 0, set())
        tally.update(
            attention_keys(
                dot=dots.get(c.id or 0, Dot.none),
                viewer_id=viewer_id,
                is_unassigned=c.is_unassigned,
                group_id=c.group_id,
                viewer_responds=viewer_id in responders,
            )
        )
    return tally


def attention_counts(
    session: Session,
    *,
    viewer_id: int,
    now: datetime,
    missed_after: timedelta,
    live_agent_ids: Set[int] | None = None,
) -> NavCounts:
    """What the rail shows the viewer: per view, how many need attention, how many are red."""
    groups = viewer_groups(session, viewer_id=viewer_id)
    keys = [f"mine:{viewer_id}", "unassigned", "all", *(f"group:{g}" for g, _ in groups)]
    overdue = counters.read(session, keys=[RED + key for key in keys])
    waiting = waiting_tally(
        session,
        viewer_id=viewer_id,
        now=now,
        missed_after=missed_after,
        live_agent_ids=live_agent_ids,
    )
    # Overdue ones are red and count in full; waiting ones count when they have a dot.
    total = {key: overdue[RED + key] + waiting[key] for key in keys}
    red = {key: overdue[RED + key] + waiting[RED + key] for key in keys}
    mine = keys[0]
    return NavCounts(
        mine=total[mine],
        unassigned=total["unassigned"],
        all=total["all"],
        mine_red=red[mine],
        unassigned_red=red["unassigned"],
        all_red=red["all"],
        groups=[
            GroupCount(
                id=group_id,
                name=name,
                href=f"/inbox/group-{group_id}",
                count=total[key],
                red=red[key],
            )
            for (group_id, name), key in zip(groups, keys[3:], strict=True)
        ],
    )
