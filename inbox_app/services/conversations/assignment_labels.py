"""Who a card says has the conversation: 'Anna, Ben' for assigned agents, else the group."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from inbox_app.models.tables import Agent, AgentGroup
from inbox_app.services.conversations import dot_facts


def assignment_labels(
    session: Session,
    conversations: Sequence[dot_facts.DotSubject],
    assignees: dict[int, set[int]] | None = None,
) -> dict[int, str]:
    """'Anna, Ben' for assigned agents, else the group's name. assignees: when the caller
    has read them (dot_facts.assignees_of)."""
    if assignees is None:
        assignees = dot_facts.assignees_of(session, [c.id for c in conversations if c.id])
    agent_ids = set().union(*assignees.values()) if assignees else set()
    names = dict(
        session.exec(select(Agent.id, Agent.name).where(col(Agent.id).in_(agent_ids))).all()
    )
    group_ids = {c.group_id for c in conversations if c.group_id}
    groups = dict(
        session.exec(
            select(AgentGroup.id, AgentGroup.name).where(col(AgentGroup.id).in_(group_ids))
        ).all()
    )
    labels: dict[int, str] = {}
    for c in conversations:
        if c.id is None:
            continue
        if agents := assignees.get(c.id):
            labels[c.id] = ", ".join(sorted(names.get(a, "?") for a in agents))
        elif c.group_id:
            labels[c.id] = groups.get(c.group_id, "")
    return labels
