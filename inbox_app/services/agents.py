"""Agents: creation, sign-in, lookup."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, func, select

from inbox_app.models.dto import AgentView
from inbox_app.models.enums import Role
from inbox_app.models.tables import Agent
from inbox_app.security import hash_password, verify_password
from inbox_app.services import login_throttle


class AgentError(ValueError):
    """Bad input for an agent operation; the message is safe to show."""


@dataclass(frozen=True)
class SignInResult:
    agent: AgentView | None
    error: str | None


def to_view(agent: Agent) -> AgentView:
    return AgentView(
        id=agent.id or 0,
        name=agent.name,
        email=agent.email,
        role=agent.role.value,
        availability=agent.availability.value,
    )


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_agent(
    session: Session, *, email: str, password: str, name: str | None = None, role: Role = Role.agent
) -> AgentView:
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise AgentError("Enter a valid email address.")
    if len(password) < 8:
        raise AgentError("The password needs at least 8 characters.")
    if session.exec(select(Agent).where(Agent.email == email)).first():
        raise AgentError(f"An agent with the email {email} exists already.")
    agent = Agent(
        email=email,
        name=(name or email.split("@")[0]).strip()[:120],
        role=role,
        password_hash=hash_password(password),
    )
    session.add(agent)
    session.commit()
    return to_view(agent)


def count_agents(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Agent)).one()


def active_agent(session: Session, *, agent_id: int) -> AgentView | None:
    """The agent behind a token, if it still exists and may sign in."""
    agent = session.get(Agent, agent_id)
    if agent is None or not agent.is_active:
        return None
    return to_view(agent)


def sign_in(
    session: Session, *, email: str, password: str, address: str, now: datetime
) -> SignInResult:
    if until := login_throttle.read_lockout(session, address=address, now=now):
        minutes = max(1, round((until - now).total_seconds() / 60))
        return SignInResult(None, f"Too many failed sign-ins. Try again in {minutes} minutes.")
    agent = session.exec(select(Agent).where(Agent.email == normalise_email(email))).first()
    if agent is None or not agent.is_active or not verify_password(password, agent.password_hash):
        login_throttle.record_failure(session, address=address, now=now)
        return SignInResult(None, "Wrong email or password.")
    login_throttle.clear_failures(session, address=address)
    return SignInResult(to_view(agent), None)
