"""FastAPI dependencies: a database session, the settings and the signed-in agent.

Tests replace `get_db_session` and `get_app_settings` through `app.dependency_overrides`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, status
from sqlmodel import Session

from inbox_app.db import session_scope
from inbox_app.models.dto import AgentView
from inbox_app.security import read_agent_token
from inbox_app.services.team.agents import active_agent
from inbox_app.settings import Settings, get_settings


def get_db_session() -> Iterator[Session]:
    with session_scope() as session:
        yield session


async def get_app_settings() -> Settings:
    """async: FastAPI runs a plain `def` dependency in a worker thread, a hop per request."""
    return get_settings()


DbSession = Annotated[Session, Depends(get_db_session)]
AppSettings = Annotated[Settings, Depends(get_app_settings)]


def _unauthorised() -> HTTPException:
    return HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail="Sign in first.",
        headers={"WWW-Authenticate": "Bearer"},
    )


async def get_session_factory():
    """Opens sessions on demand: for handlers that must not hold one while they wait."""
    return session_scope


SessionFactory = Annotated[Any, Depends(get_session_factory)]


def bearer_agent(
    sessions: SessionFactory,
    settings: AppSettings,
    authorization: Annotated[str | None, Header()] = None,
) -> AgentView:
    """The active agent named by `Authorization: Bearer <jwt>`; 401 for anything else. The
    session is closed in FastAPI's worker thread, not held until the answer is sent."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer":
        raise _unauthorised()
    claim = read_agent_token(token=token.strip(), secret=settings.jwt_secret)
    agent = None
    if claim is not None:
        with sessions() as session:
            agent = active_agent(session, agent_id=claim.agent_id, token_version=claim.version)
    if agent is None:
        raise _unauthorised()
    return agent


CurrentAgent = Annotated[AgentView, Depends(bearer_agent)]
