"""A conversation's priority (none, low, medium, high, urgent), set by an agent."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from inbox_app.i18n import mark
from inbox_app.models.dto import Actor
from inbox_app.models.enums import MessageKind, Priority
from inbox_app.models.tables import Conversation, Message
from inbox_app.services.errors import DomainError

# As the Priority combobox offers them, lowest first.
# Marked here for the catalogue: the Priority combobox and event lines say them per language.
PRIORITY_NAMES = dict(
    zip(
        Priority,
        (mark("None"), mark("Low"), mark("Medium"), mark("High"), mark("Urgent")),
        strict=True,
    )
)
_BY_NUMBER = {int(priority): name for priority, name in PRIORITY_NAMES.items()}


class PriorityError(DomainError):
    """The priority cannot be set; nothing changed."""


def priority_name(value: int) -> str:
    """'High' for 3; an unknown number reads as 'None'."""
    return _BY_NUMBER.get(value, "None")


def parse_priority(name: str) -> Priority:
    for priority, shown in PRIORITY_NAMES.items():
        if shown.lower() == name.strip().lower():
            return priority
    raise PriorityError(mark("Pick one of the offered priorities."))


def set_priority(
    session: Session, *, actor: Actor, conversation_id: int, priority: Priority, now: datetime
) -> None:
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or conversation.deleted_at is not None:
        raise PriorityError(mark("This conversation no longer exists."))
    if conversation.priority == priority:
        return
    conversation.priority = int(priority)
    session.add(conversation)
    session.add(
        Message(
            conversation_id=conversation_id,
            kind=MessageKind.event,
            author_agent_id=actor.id,
            body=f"{actor.name} set the priority to {PRIORITY_NAMES[priority]}",
            created_at=now,
        )
    )
    session.commit()
