"""The inbox views (mine, unassigned, all, group-N): which conversations each one holds."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, or_
from sqlmodel import Session, col, select

from inbox_app.models.tables import Conversation, ConversationAssignee, GroupMember

FIXED_VIEWS = ("mine", "unassigned", "all")


@dataclass(frozen=True)
class InboxView:
    key: str  # mine | unassigned | all | group
    group_id: int | None = None

    @property
    def slug(self) -> str:
        return f"group-{self.group_id}" if self.key == "group" else self.key


def parse_view(slug: str) -> InboxView | None:
    if slug in FIXED_VIEWS:
        return InboxView(key=slug)
    prefix, _, number = slug.partition("-")
    if prefix == "group" and number.isdigit():
        return InboxView(key="group", group_id=int(number))
    return None


def group_ids_of(session: Session, *, agent_id: int) -> list[int]:
    return list(session.exec(select(GroupMember.group_id).where(GroupMember.agent_id == agent_id)))


def view_filter(session: Session, *, view: InboxView, agent_id: int) -> ColumnElement[bool] | None:
    """A WHERE clause selecting the view's conversations; None for all of them."""
    if view.key == "unassigned":
        return col(Conversation.is_unassigned) == True  # noqa: E712
    if view.key == "group":
        return col(Conversation.group_id) == view.group_id
    if view.key == "mine":
        mine = select(ConversationAssignee.conversation_id).where(
            ConversationAssignee.agent_id == agent_id
        )
        groups = group_ids_of(session, agent_id=agent_id)
        via_group = col(Conversation.group_id).in_(groups) if groups else false()
        return or_(col(Conversation.id).in_(mine), via_group)
    return None
