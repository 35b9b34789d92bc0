"""REST API: the team an integration may assign to (`/api/v1/agents`, `/api/v1/groups`)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from inbox_app.api.deps import DbSession
from inbox_app.api.rest_auth import Integration
from inbox_app.api.rest_models import AgentOut, GroupOut
from inbox_app.api.rest_responses import ERRORS
from inbox_app.services.team.groups import list_groups
from inbox_app.services.team.members import list_agents

router = APIRouter(prefix="/api/v1", tags=["team"], responses=ERRORS)


class AgentList(BaseModel):
    items: list[AgentOut]
    next: None = None  # every active agent in one page


class GroupList(BaseModel):
    items: list[GroupOut]
    next: None = None  # every group in one page


@router.get("/agents", response_model=AgentList)
def agents(session: DbSession, _caller: Integration) -> AgentList:
    """Every active agent (the ids `PATCH /api/v1/conversations/{id}` takes in `agent_ids`)."""
    fields = ("id", "name", "email", "role", "availability")
    return AgentList(
        items=[
            AgentOut.model_validate({name: getattr(agent, name) for name in fields})
            for agent in list_agents(session)
        ]
    )


@router.get("/groups", response_model=GroupList)
def groups(session: DbSession, _caller: Integration) -> GroupList:
    """Every group with its members."""
    return GroupList(
        items=[
            GroupOut(id=g.id, name=g.name, agent_ids=sorted(g.member_ids))
            for g in list_groups(session)
        ]
    )
