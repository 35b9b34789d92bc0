"""The team, run by admins: invitations with one-time set-password links, roles, deactivation."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlmodel import Session, col, func, select, update

from inbox_app.i18n import mark
from inbox_app.models.dto import AgentView
from inbox_app.models.enums import Availability, Role
from inbox_app.models.tables import Agent, PasswordLink
from inbox_app.security import hash_password
from inbox_app.services.errors import DomainError
from inbox_app.services.team.agents import AgentError, create_agent, to_view
from inbox_app.services.team.permissions import require_admin

LINK_LIFETIME = timedelta(days=7)
MIN_PASSWORD = 8
MAX_PASSWORD = 1024
USED_LINK = "This link has been used already. Sign in, or ask an admin for a new one."


class TeamError(DomainError):
    """The team change cannot be made; the message is safe to show and nothing changed."""


def hash_token(token: str) -> str:
    """What a set-password link's token is stored as: its SHA-256, never the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


def invite_agent(
    session: Session, *, actor: AgentView, email: str, name: str, role: Role | str, now: datetime
) -> tuple[AgentView, str]:
    """Create the agent with a password nobody knows; return it and the link's one-time token."""
    require_admin(actor)
    role = _role(role)
    try:
        agent = create_agent(
            session, email=email, password=secrets.token_urlsafe(32), name=name, role=role
        )
    except AgentError as error:
        raise TeamError(str(error)) from error
    token = secrets.token_urlsafe(32)
    link = PasswordLink(
        token_hash=hash_token(token), agent_id=agent.id, expires_at=now + LINK_LIFETIME
    )
    session.add(link)
    session.commit()
    return agent, token


def set_password_with_link(
    session: Session, *, token: str, password: str, now: datetime
) -> AgentView:
    """Use a set-password link once: its agent gets this password, every open link closes."""
    link = _open_link(session, token=token, now=now)
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise TeamError(
            mark("The password needs {min_password} to {max_password} characters."),
            min_password=MIN_PASSWORD,
            max_password=MAX_PASSWORD,
        )
    agent = session.get(Agent, link.agent_id)
    if agent is None or not agent.is_active:
        raise TeamError(mark("This account is deactivated. Ask an admin to reactivate it."))
    _close_links(session, agent_id=link.agent_id, used_token_hash=link.token_hash, now=now)
    agent.password_hash = hash_password(password)
    agent.token_version += 1  # a new password signs out whoever held the old one
    session.add(agent)
    session.commit()
    return to_view(agent)


def change_role(session: Session, *, actor: AgentView, agent_id: int, role: Role) -> AgentView:
    require_admin(actor)
    role = _role(role)
    agent = _agent(session, agent_id)
    if agent.role == role:
        return to_view(agent)
    agent.role = role
    session.add(agent)
    _keep_an_admin(session)
    session.commit()
    return to_view(agent)


def set_active(session: Session, *, actor: AgentView, agent_id: int, active: bool) -> AgentView:
    """Deactivated agents cannot sign in and their open sessions stop working."""
    require_admin(actor)
    agent = _agent(session, agent_id)
    if agent.is_active == active:
        return to_view(agent)
    if not active and agent.id == actor.id:
        raise TeamError(mark("You cannot deactivate yourself."))
    agent.is_active = active
    if not active:
        agent.availability = Availability.offline
        agent.token_version += 1  # reactivation must not revive the old sessions
    session.add(agent)
    _keep_an_admin(session)
    session.commit()
    return to_view(agent)


def list_agents(session: Session, *, active: bool = True) -> list[AgentView]:
    """The active agents by name; active=False lists the deactivated ones instead."""
    statement = (
        select(Agent)
        .where(Agent.is_active == active)
        .order_by(func.lower(Agent.name), col(Agent.id))
    )
    return [to_view(agent) for agent in session.exec(statement)]


def _open_link(session: Session, *, token: str, now: datetime) -> PasswordLink:
    link = session.get(PasswordLink, hash_token(token)) if token else None
    if link is None:
        raise TeamError(mark("This link is not valid. Ask an admin for a new one."))
    if link.used_at is not None:
        raise TeamError(USED_LINK)
    if link.expires_at <= now:
        raise TeamError(mark("This link has expired. Ask an admin for a new one."))
    return link


def _close_links(session: Session, *, agent_id: int, used_token_hash: str, now: datetime) -> None:
    """Mark the link used (refused if another request just did) and the agent's other links."""
    unused = col(PasswordLink.used_at).is_(None)
    claimed = session.exec(
        update(PasswordLink)
        .where(col(PasswordLink.token_hash) == used_token_hash, unused)
        .values(used_at=now)
    )
    if claimed.rowcount != 1:
        session.rollback()
        raise TeamError(USED_LINK)
    session.exec(
        update(PasswordLink)
        .where(col(PasswordLink.agent_id) == agent_id, unused)
        .values(used_at=now)
    )


def _keep_an_admin(session: Session) -> None:
    """After a change is flushed: refuse it (rolling back) if no active admin would be left."""
    session.flush()
    admins = session.exec(
        select(func.count()).select_from(Agent).where(Agent.role == Role.admin, Agent.is_active)
    ).one()
    if admins == 0:
        session.rollback()
        raise TeamError(mark("The team needs at least one active admin."))


def _agent(session: Session, agent_id: int) -> Agent:
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise TeamError(mark("That agent does not exist."))
    return agent


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise TeamError(mark("Choose the role admin or agent.")) from None
