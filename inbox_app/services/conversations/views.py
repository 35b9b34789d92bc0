"""The inbox views (mine, unassigned, all, group-N, snoozed): which conversations each holds.
A snoozed conversation is in the Snoozed view only, until it wakes."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, false, or_
from sqlmodel import Session, col, select

from inbox_app.models.tables import Conversation, ConversationAssignee, GroupMember

FIXED_VIEWS = ("mine", "unassigned", "all", "snoozed")


@dataclass(frozen=True)
class InboxView:
    key: str  # mine | unassigned | all | group | snoozed
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


def view_filter(session: Session, *, view: InboxView, agent_id: int) -> ColumnElement[bool]:
    """A WHERE clause selecting the view's conversations."""
    snoozed = col(Conversation.snoozed_until)
    if view.key == "snoozed":
        return snoozed.is_not(None)
    if (where := _awake_filter(session, view=view, agent_id=agent_id)) is None:
        return snoozed.is_(None)
    return and_(snoozed.is_(None), where)


def _awake_filter(
    session: Session, *, view: InboxView, agent_id: int
) -> ColumnElement[bool] | None:
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
