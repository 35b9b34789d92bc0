"""Options for the assignment pickers."""

from __future__ import annotations

from sqlmodel import Session, select

from inbox_app.models.dto import Choice
from inbox_app.models.tables import Agent, AgentGroup


def agent_choices(session: Session) -> list[Choice]:
    rows = session.exec(select(Agent.id, Agent.name).where(Agent.is_active).order_by(Agent.name))
    return [Choice(id=agent_id, name=name) for agent_id, name in rows if agent_id is not None]


def group_choices(session: Session) -> list[Choice]:
    rows = session.exec(select(AgentGroup.id, AgentGroup.name).order_by(AgentGroup.name))
    return [Choice(id=group_id, name=name) for group_id, name in rows if group_id is not None]
