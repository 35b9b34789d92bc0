"""Agent groups, run by admins. Membership decides whose "My messages" a group's conversations
count toward, so every membership change and deletion rebuilds the view counters."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, exists, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from inbox_app.i18n import mark
from inbox_app.models.dto import AgentView
from inbox_app.models.tables import (
    Agent,
    AgentGroup,
    Conversation,
    ConversationAssignee,
    GroupMember,
)
from inbox_app.services import counters
from inbox_app.services.errors import DomainError
from inbox_app.services.team.permissions import require_admin

MAX_NAME = 120


class GroupError(DomainError):
    """The group change cannot be made; the message is safe to show and nothing changed."""


@dataclass(frozen=True)
class GroupView:
    id: int
    name: str
    member_ids: list[int]  # in the order of member_names
    member_names: str  # "Anna, Ben"
    auto_assign: bool = False  # round-robin among its online members
    languages: str = ""  # "de, fr": new conversations in these languages come here


def create_group(session: Session, *, actor: AgentView, name: str) -> GroupView:
    require_admin(actor)
    group = AgentGroup(name=_free_name(session, name=name, group_id=None))
    session.add(group)
    _commit_name(session)
    return _views(session, [group])[0]


def rename_group(session: Session, *, actor: AgentView, group_id: int, name: str) -> GroupView:
    require_admin(actor)
    group = _group(session, group_id)
    group.name = _free_name(session, name=name, group_id=group_id)
    session.add(group)
    _commit_name(session)
    return _views(session, [group])[0]


def delete_group(session: Session, *, actor: AgentView, group_id: int) -> None:
    """Its conversations lose the group (unassigned if no agent has them) and stay otherwise."""
    require_admin(actor)
    group = _group(session, group_id)
    has_agent = exists().where(col(ConversationAssignee.conversation_id) == Conversation.id)
    session.exec(
        update(Conversation)
        .where(col(Conversation.group_id) == group_id)
        .values(group_id=None, is_unassigned=~has_agent)
    )
    session.exec(delete(GroupMember).where(col(GroupMember.group_id) == group_id))
    session.delete(group)
    session.flush()
    counters.recount_all(session)  # commits


def set_members(
    session: Session, *, actor: AgentView, group_id: int, agent_ids: Sequence[int]
) -> GroupView:
    """Make exactly these agents the members. Deactivated agents can stay but not be added."""
    require_admin(actor)
    group = _group(session, group_id)
    wanted = set(agent_ids)
    current = set(
        session.exec(select(GroupMember.agent_id).where(GroupMember.group_id == group_id))
    )
    addable = _addable(session, agent_ids=wanted - current)
    if wanted != current:
        session.exec(
            delete(GroupMember).where(
                col(GroupMember.group_id) == group_id,
                col(GroupMember.agent_id).in_(current - wanted),
            )
        )
        session.add_all(GroupMember(group_id=group_id, agent_id=agent_id) for agent_id in addable)
        session.flush()
        counters.recount_all(session)  # commits
    return _views(session, [group])[0]


def list_groups(session: Session) -> list[GroupView]:
    """Every group by name, with its members."""
    return _views(session, session.exec(select(AgentGroup)).all())


def groups_of_agent(session: Session, *, agent_id: int) -> list[GroupView]:
    statement = (
        select(AgentGroup)
        .join(GroupMember, col(GroupMember.group_id) == AgentGroup.id)
        .where(GroupMember.agent_id == agent_id)
    )
    return _views(session, session.exec(statement).all())


def _views(session: Session, groups: Sequence[AgentGroup]) -> list[GroupView]:
    """Views sorted by name, members sorted by name; one query for all the members."""
    statement = (
        select(GroupMember.group_id, Agent.id, Agent.name)
        .join(Agent, col(Agent.id) == GroupMember.agent_id)
        .where(col(GroupMember.group_id).in_([group.id for group in groups]))
    )
    members: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for group_id, agent_id, agent_name in session.exec(statement):
        if agent_id is not None:  # the joined agent's key
            members[group_id].append((agent_name, agent_id))
    views = []
    for group in sorted(groups, key=lambda group: (group.name.casefold(), group.id)):
        people = sorted(members[group.id or 0], key=lambda p: (p[0].casefold(), p[1]))
        names = ", ".join(name for name, _ in people)
        ids = [agent_id for _, agent_id in people]
        views.append(
            GroupView(
                id=group.id or 0,
                name=group.name,
                member_ids=ids,
                member_names=names,
                auto_assign=group.auto_assign,
                languages=", ".join(filter(None, group.languages.split(","))),
            )
        )
    return views


def _addable(session: Session, *, agent_ids: set[int]) -> set[int]:
    """The new members, if every one is an active agent."""
    statement = select(Agent.id).where(col(Agent.id).in_(agent_ids), Agent.is_active)
    found = {agent_id for agent_id in session.exec(statement) if agent_id is not None}
    if found != agent_ids:
        raise GroupError(mark("Some of the chosen agents no longer exist or are deactivated."))
    return found


def _free_name(session: Session, *, name: str, group_id: int | None) -> str:
    """The trimmed name, if 1-120 characters and no other group has it in any letter case."""
    name = name.strip()
    if not 1 <= len(name) <= MAX_NAME:
        raise GroupError(mark("A group name needs 1 to {max_name} characters."), max_name=MAX_NAME)
    for other_id, other_name in session.exec(select(AgentGroup.id, AgentGroup.name)):
        if other_id != group_id and other_name.casefold() == name.casefold():
            raise GroupError(mark("A group named {name} exists already."), name=other_name)
    return name


def _commit_name(session: Session) -> None:
    """Commit, turning a same-name group created meanwhile into a message."""
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise GroupError(mark("A group with this name exists already.")) from None


def _group(session: Session, group_id: int) -> AgentGroup:
    group = session.get(AgentGroup, group_id)
    if group is None:
        raise GroupError(mark("That group does not exist."))
    return group
