"""What agents do to a conversation: close, reopen, block, delete (with undo), assign.

Each action writes an event line into the thread and keeps the view counters in step.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col, select

from inbox_app.i18n import mark
from inbox_app.models.dto import Actor
from inbox_app.models.enums import ConversationState, MessageKind
from inbox_app.models.tables import (
    Agent,
    AgentGroup,
    Attachment,
    Contact,
    Conversation,
    ConversationAssignee,
    Message,
)
from inbox_app.services import counters
from inbox_app.services.conversations import locking
from inbox_app.services.errors import DomainError
from inbox_app.services.integrations import webhook_payloads
from inbox_app.services.notifications import ASSIGNED_TO_YOU, notify
from inbox_app.services.statistics import facts

UNDO_WINDOW = timedelta(seconds=10)


class ActionError(DomainError):
    """The action cannot be done; the text is safe to show and nothing changed."""


def _live(session: Session, conversation_id: int) -> Conversation:
    conversation = locking.for_change(session, conversation_id)
    if conversation is None or conversation.deleted_at is not None:
        raise ActionError(mark("This conversation no longer exists."))
    return conversation


def _event(
    session: Session, *, conversation_id: int, actor: Actor, text: str, now: datetime
) -> None:
    session.add(
        Message(
            conversation_id=conversation_id,
            kind=MessageKind.event,
            author_agent_id=actor.id,
            body=text,
            created_at=now,
        )
    )


def set_state(
    session: Session,
    *,
    actor: Actor,
    conversation_id: int,
    state: ConversationState,
    now: datetime,
) -> None:
    conversation = _live(session, conversation_id)
    if conversation.state is state:
        return
    before = counters.keys_of(session, conversation)
    conversation.state = state
    conversation.closed_at = now if state is ConversationState.closed else None
    conversation.snoozed_until = None  # closing ends a snooze; nothing is snoozed when reopened
    facts.state_changed(
        session,
        conversation=conversation,
        closed=state is ConversationState.closed,
        actor_id=actor.id,
        at=now,
    )
    verb = "closed" if state is ConversationState.closed else "reopened"
    _event(
        session,
        conversation_id=conversation_id,
        actor=actor,
        text=f"{actor.name} {verb} this",
        now=now,
    )
    session.add(conversation)
    counters.move(session, before=before, after=counters.keys_of(session, conversation))
    if state is ConversationState.closed:
        webhook_payloads.conversation_closed(session, conversation=conversation, now=now)
    session.commit()


def set_contact_blocked(
    session: Session, *, actor: Actor, conversation_id: int, blocked: bool, now: datetime
) -> None:
    conversation = _live(session, conversation_id)
    contact = session.get(Contact, conversation.contact_id)
    if contact is None or contact.blocked is blocked:
        return
    contact.blocked = blocked
    verb = "blocked" if blocked else "unblocked"
    _event(
        session,
        conversation_id=conversation_id,
        actor=actor,
        text=f"{actor.name} {verb} the contact",
        now=now,
    )
    session.add(contact)
    session.commit()


def delete_conversation(
    session: Session, *, actor: Actor, conversation_id: int, now: datetime
) -> None:
    """Hide it at once; purge_deleted removes it for good once the undo window has passed."""
    conversation = _live(session, conversation_id)
    before = counters.keys_of(session, conversation)
    conversation.deleted_at = now
    session.add(conversation)
    counters.move(session, before=before, after=())
    session.commit()


def undo_delete(session: Session, *, actor: Actor, conversation_id: int) -> None:
    conversation = locking.for_change(session, conversation_id)
    if conversation is None or conversation.deleted_at is None:
        raise ActionError(mark("Too late to undo: the conversation is gone."))
    conversation.deleted_at = None
    session.add(conversation)
    counters.move(session, before=(), after=counters.keys_of(session, conversation))
    session.commit()


def purge_deleted(session: Session, *, now: datetime) -> list[str]:
    """Delete conversations past their undo window; returns the attachment files to remove.
    The delete itself re-checks the window: one undone since the first read stays, files too."""
    cutoff = now - UNDO_WINDOW
    past_undo = col(Conversation.deleted_at) <= cutoff
    files = session.exec(
        select(Attachment.conversation_id, Attachment.storage_key)
        .join(Conversation, col(Conversation.id) == Attachment.conversation_id)
        .where(past_undo)
    ).all()
    purged = set(
        session.execute(
            delete(Conversation).where(past_undo).returning(col(Conversation.id))
        ).scalars()
    )
    session.commit()  # the database cascades to messages, files' rows, marks, drafts...
    return [key for conversation_id, key in files if conversation_id in purged]


def assign_group(
    session: Session, *, actor: Actor, conversation_id: int, group_id: int | None, now: datetime
) -> None:
    conversation = _live(session, conversation_id)
    group = session.get(AgentGroup, group_id) if group_id is not None else None
    if group_id is not None and group is None:
        raise ActionError(mark("That group does not exist."))
    if conversation.group_id == group_id:
        return
    before = counters.keys_of(session, conversation)
    conversation.group_id = group_id
    conversation.is_unassigned = group_id is None and not _assignees(session, conversation_id)
    text = (
        f"{actor.name} assigned this to {group.name}"
        if group
        else f"{actor.name} removed the group"
    )
    _event(session, conversation_id=conversation_id, actor=actor, text=text, now=now)
    session.add(conversation)
    session.flush()
    facts.group_changed(session, conversation_id=conversation_id, group_id=group_id)
    counters.move(session, before=before, after=counters.keys_of(session, conversation))
    session.commit()


def current_assignees(session: Session, *, conversation_id: int) -> set[int]:
    return _assignees(session, conversation_id)


def _assignees(session: Session, conversation_id: int) -> set[int]:
    statement = select(ConversationAssignee.agent_id).where(
        ConversationAssignee.conversation_id == conversation_id
    )
    return set(session.exec(statement))


def assign_agents(
    session: Session, *, actor: Actor, conversation_id: int, agent_ids: list[int], now: datetime
) -> None:
    """Make exactly these agents the assignees; the newly assigned are notified."""
    conversation = _live(session, conversation_id)
    wanted = set(agent_ids)
    names = dict(
        session.exec(
            select(Agent.id, Agent.name).where(col(Agent.id).in_(wanted), Agent.is_active)
        ).all()
    )
    if set(names) != wanted:
        raise ActionError(mark("Only active agents can be assigned."))
    current = _assignees(session, conversation_id)
    if current == wanted:
        return
    before = counters.keys_of(session, conversation)
    _apply_assignees(
        session, conversation_id=conversation_id, added=wanted - current, removed=current - wanted
    )
    conversation.is_unassigned = not wanted and conversation.group_id is None
    session.add(conversation)
    session.flush()
    facts.assignment_changed(
        session, conversation=conversation, added=wanted - current, removed=current - wanted, at=now
    )
    _write_assignment_lines(
        session,
        conversation_id=conversation_id,
        actor=actor,
        names=names,
        added=wanted - current,
        removed=current - wanted,
        now=now,
    )
    counters.move(session, before=before, after=counters.keys_of(session, conversation))
    webhook_payloads.conversation_assigned(
        session, conversation=conversation, agent_ids=sorted(wanted), now=now
    )
    session.commit()


def _apply_assignees(
    session: Session, *, conversation_id: int, added: set[int], removed: set[int]
) -> None:
    for agent_id in added:
        session.add(ConversationAssignee(conversation_id=conversation_id, agent_id=agent_id))
    for agent_id in removed:
        session.delete(session.get(ConversationAssignee, (conversation_id, agent_id)))


def _write_assignment_lines(
    session: Session,
    *,
    conversation_id: int,
    actor: Actor,
    names: Mapping[int | None, str],
    added: set[int],
    removed: set[int],
    now: datetime,
) -> None:
    removed_names = dict(
        session.exec(select(Agent.id, Agent.name).where(col(Agent.id).in_(removed))).all()
    )
    for agent_id in sorted(added):
        _event(
            session,
            conversation_id=conversation_id,
            actor=actor,
            text=f"{actor.name} assigned this to {names[agent_id]}",
            now=now,
        )
    notify(
        session,
        agent_ids=set(added) - {actor.id},
        kind="assigned",
        conversation_id=conversation_id,
        text=ASSIGNED_TO_YOU.format(actor=actor.name),
        now=now,
    )
    for agent_id in sorted(removed):
        _event(
            session,
            conversation_id=conversation_id,
            actor=actor,
            text=f"{actor.name} unassigned {removed_names.get(agent_id, 'an agent')}",
            now=now,
        )
