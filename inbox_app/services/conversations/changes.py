"""Several changes to one conversation at once (state, group, assignees), as an integration
asks for them: every change is checked before any is made, each writes its event line."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from inbox_app.i18n import mark
from inbox_app.models.dto import Actor
from inbox_app.models.enums import ConversationState
from inbox_app.models.tables import Agent, AgentGroup, Conversation
from inbox_app.services.conversations import actions
from inbox_app.services.errors import DomainError

UNCHANGED = object()


class ChangeError(DomainError):
    """A change names something that does not exist; nothing changed."""


class ConversationGone(DomainError):
    """No such conversation (or it was deleted)."""


def change_conversation(
    session: Session,
    *,
    actor: Actor,
    conversation_id: int,
    now: datetime,
    state: ConversationState | None = None,
    group_id: int | None | object = UNCHANGED,
    agent_ids: list[int] | None = None,
) -> None:
    """group_id None removes the group; UNCHANGED (or state/agent_ids None) leaves it."""
    _check(session, conversation_id=conversation_id, group_id=group_id, agent_ids=agent_ids)
    if isinstance(group_id, int) or group_id is None:
        actions.assign_group(
            session, actor=actor, conversation_id=conversation_id, group_id=group_id, now=now
        )
    if agent_ids is not None:
        wanted = sorted(set(agent_ids))
        actions.assign_agents(
            session, actor=actor, conversation_id=conversation_id, agent_ids=wanted, now=now
        )
    if state is not None:
        actions.set_state(
            session, actor=actor, conversation_id=conversation_id, state=state, now=now
        )


def _check(
    session: Session, *, conversation_id: int, group_id: object, agent_ids: list[int] | None
) -> None:
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or conversation.deleted_at is not None:
        raise ConversationGone(mark("No conversation with this id."))
    if isinstance(group_id, int) and session.get(AgentGroup, group_id) is None:
        raise ChangeError(mark("There is no group {id}."), id=group_id)
    if agent_ids is not None:
        wanted = set(agent_ids)
        active = set(
            session.exec(select(col(Agent.id)).where(col(Agent.id).in_(wanted), Agent.is_active))
        )
        if missing := sorted(wanted - active):
            raise ChangeError(mark("No active agent with id {missing_0}."), missing_0=missing[0])
