"""Where a new conversation goes: the group for its language, then round-robin inside a group
that assigns automatically.

Runs in the transaction that stores a conversation's first contact message (every channel).
Round-robin gives it to the group's online member (not invisible, not offline) with the fewest
open conversations, ties to who waited longest since their last one; with nobody online it
stays with the group. Picks are serialised per group (a write before the read), so two workers
never both count a member as the least busy for two conversations at once.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from inbox_app.i18n import mark
from inbox_app.models.dto import AgentView, SystemActor
from inbox_app.models.enums import Availability, ConversationState
from inbox_app.models.tables import (
    Agent,
    AgentGroup,
    Conversation,
    ConversationAssignee,
    GroupMember,
)
from inbox_app.services import batch_reads
from inbox_app.services.conversations import actions
from inbox_app.services.errors import DomainError
from inbox_app.services.language_detection import NAMES
from inbox_app.services.team.permissions import require_admin

log = logging.getLogger(__name__)

# Event lines are stored text, written in English like every other event line for now.
ROUTING = SystemActor(name="Automatic assignment")


def route_new_conversation(
    session: Session, *, conversation_id: int, language: str | None, now: datetime
) -> None:
    """Group by language (when it has none), then an agent by round-robin (when it has none).
    A refusal (the picked agent was deactivated a moment ago, ...) leaves it where it is: the
    message is stored either way, and the checks refuse before writing anything."""
    try:
        _route(session, conversation_id=conversation_id, language=language, now=now)
    except DomainError:
        log.warning("conversation %s kept where it was", conversation_id, exc_info=True)


def _route(session: Session, *, conversation_id: int, language: str | None, now: datetime) -> None:
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or conversation.deleted_at is not None:
        return
    if conversation.group_id is None and language:
        group_id = group_for_language(session, language=language)
        if group_id is not None:
            actions.assign_group(
                session, actor=ROUTING, conversation_id=conversation_id, group_id=group_id, now=now
            )
    if conversation.group_id is not None and not actions.current_assignees(
        session, conversation_id=conversation_id
    ):
        _round_robin(
            session, conversation_id=conversation_id, group_id=conversation.group_id, now=now
        )


def group_for_language(session: Session, *, language: str) -> int | None:
    """The first group (by name) that takes conversations in this language."""
    groups = batch_reads.read_once(
        session,
        "groups",
        lambda: session.exec(
            select(AgentGroup.id, AgentGroup.languages).order_by(AgentGroup.name)
        ).all(),
    )
    for group_id, languages in groups:
        if language in languages.split(","):
            return group_id
    return None


def pick_member(session: Session, *, group_id: int) -> int | None:
    """The group's online member with the fewest open conversations, longest waiting first."""
    open_count = (
        select(func.count())
        .select_from(ConversationAssignee)
        .join(Conversation, col(Conversation.id) == ConversationAssignee.conversation_id)
        .where(
            ConversationAssignee.agent_id == Agent.id,
            Conversation.state == ConversationState.open,
            col(Conversation.deleted_at).is_(None),
        )
        .correlate(Agent)
        .scalar_subquery()
    )
    statement = (
        select(Agent.id)
        .join(GroupMember, col(GroupMember.agent_id) == Agent.id)
        .where(
            GroupMember.group_id == group_id,
            col(Agent.is_active),
            Agent.availability == Availability.online,
        )
        .order_by(open_count, col(Agent.last_assigned_at).asc().nulls_first(), col(Agent.id))
    )
    return session.exec(statement.limit(1)).first()


def _round_robin(session: Session, *, conversation_id: int, group_id: int, now: datetime) -> None:
    # A write first: it waits for any other pick in this group to commit (the row's lock on
    # PostgreSQL, the database's write lock on SQLite), so the counts read next are current.
    session.execute(
        update(AgentGroup)
        .where(col(AgentGroup.id) == group_id)
        .values(auto_assign=col(AgentGroup.auto_assign))
    )
    group = session.get(AgentGroup, group_id)
    if group is None or not group.auto_assign:
        return
    agent_id = pick_member(session, group_id=group_id)
    if agent_id is None:  # nobody online: the group keeps it
        return
    agent = session.get(Agent, agent_id)
    if agent is not None:
        agent.last_assigned_at = now
        session.add(agent)
    actions.assign_agents(
        session, actor=ROUTING, conversation_id=conversation_id, agent_ids=[agent_id], now=now
    )


class RoutingError(DomainError):
    """The group's routing cannot take these values; nothing changed."""


def set_group_routing(
    session: Session, *, actor: AgentView, group_id: int, auto_assign: bool, languages: str
) -> None:
    """Admins: round-robin on or off, and the languages ("de, fr") that lead to the group."""
    require_admin(actor)
    group = session.get(AgentGroup, group_id)
    if group is None:
        raise RoutingError(mark("This group no longer exists."))
    codes = [code.strip().lower() for code in languages.replace(";", ",").split(",")]
    unknown = [code for code in codes if code and code not in NAMES]
    if unknown:
        known = ", ".join(sorted(NAMES))
        raise RoutingError(
            mark("Unknown language {unknown_0!r}: use codes like {known}."),
            unknown_0=unknown[0],
            known=known,
        )
    group.auto_assign = bool(auto_assign)
    group.languages = ",".join(dict.fromkeys(code for code in codes if code))
    session.add(group)
    session.commit()
