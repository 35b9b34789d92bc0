"""Loads what the status-dot rules need for a page of conversations, in a few queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence, Set
from datetime import datetime, timedelta
from functools import cache
from typing import Protocol

from sqlalchemy import bindparam
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from inbox_app.models.enums import ConversationState, Dot
from inbox_app.models.tables import (
    ConversationAssignee,
    GroupMember,
    ReadMark,
)
from inbox_app.services.conversations.status_dots import DotFacts, status_dot
from inbox_app.services.team.availability import active_and_answering


class DotSubject(Protocol):
    """What the dots read of a conversation: a Conversation, or fewer columns of it."""

    @property
    def id(self) -> int | None: ...
    @property
    def state(self) -> ConversationState: ...
    @property
    def last_incoming_at(self) -> datetime | None: ...
    @property
    def last_reply_at(self) -> datetime | None: ...
    @property
    def group_id(self) -> int | None: ...


def assignees_of(session: Session, conversation_ids: Sequence[int]) -> dict[int, set[int]]:
    # columns, not ORM objects: a tab with 100 pages loaded reads thousands on each refresh
    rows = session.exec(_assignees(), params={"ids": list(conversation_ids)})
    found: dict[int, set[int]] = defaultdict(set)
    for conversation_id, agent_id in rows:
        found[conversation_id].add(agent_id)
    return found


def members_of(session: Session, group_ids: set[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {group_id: set() for group_id in group_ids}
    for group_id, agent_id in session.exec(_members(), params={"ids": list(group_ids)}):
        found[group_id].add(agent_id)
    return found


# Built once (with the ids as an expanding parameter): every incoming message and every list
# refresh asks, and building a statement cost more than running it.
@cache
def _assignees() -> Select[int, int]:
    return select(ConversationAssignee.conversation_id, ConversationAssignee.agent_id).where(
        col(ConversationAssignee.conversation_id).in_(bindparam("ids", expanding=True))
    )


@cache
def _members() -> Select[int, int]:
    return select(GroupMember.group_id, GroupMember.agent_id).where(
        col(GroupMember.group_id).in_(bindparam("ids", expanding=True))
    )


def dots_for(
    session: Session,
    *,
    conversations: Sequence[DotSubject],
    viewer_id: int,
    now: datetime,
    missed_after: timedelta,
    live_agent_ids: Set[int] | None = None,
    loaded: tuple[dict[int, set[int]], dict[int, set[int]]] | None = None,
) -> dict[int, Dot]:
    """live_agent_ids: agents with an open tab (None: take the chosen status alone).
    loaded: the conversations' assignees and their groups' members, when the caller has them."""
    ids = [c.id for c in conversations if c.id is not None]
    assignees, members = loaded or (
        assignees_of(session, ids),
        members_of(session, {c.group_id for c in conversations if c.group_id}),
    )
    read_at = dict(
        session.exec(
            select(ReadMark.conversation_id, ReadMark.last_read_at).where(
                ReadMark.agent_id == viewer_id, col(ReadMark.conversation_id).in_(ids)
            )
        ).all()
    )
    all_ids, online = active_and_answering(session, live_agent_ids=live_agent_ids)
    dots: dict[int, Dot] = {}
    for c in conversations:
        if c.id is None:
            continue
        facts = DotFacts(
            state=c.state,
            last_incoming_at=c.last_incoming_at,
            last_reply_at=c.last_reply_at,
            assignee_ids=assignees.get(c.id, set()),
            group_member_ids=members.get(c.group_id) if c.group_id else None,
            viewer_id=viewer_id,
            viewer_read_at=read_at.get(c.id),
        )
        dots[c.id] = status_dot(
            facts,
            now=now,
            missed_after=missed_after,
            online_agent_ids=online,
            all_agent_ids=all_ids,
        )
    return dots
