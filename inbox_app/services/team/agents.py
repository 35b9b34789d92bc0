"""Agents: creation, sign-in, lookup."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import cache

from sqlmodel import Session, func, select

from inbox_app.i18n import mark
from inbox_app.models.dto import AgentView
from inbox_app.models.enums import Role
from inbox_app.models.tables import Agent
from inbox_app.security import hash_password, verify_password
from inbox_app.services.errors import DomainError
from inbox_app.services.team import login_throttle

WRONG_EMAIL_OR_PASSWORD = mark("Wrong email or password.")


class AgentError(DomainError):
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
        avatar_colour=agent.avatar_colour or "indigo",
        language=agent.language or "",
        time_zone=agent.time_zone or "",
    )


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_agent(
    session: Session, *, email: str, password: str, name: str | None = None, role: Role = Role.agent
) -> AgentView:
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise AgentError(mark("Enter a valid email address."))
    if len(password) < 8:
        raise AgentError(mark("The password needs at least 8 characters."))
    if session.exec(select(Agent).where(Agent.email == email)).first():
        raise AgentError(mark("An agent with the email {email} exists already."), email=email)
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


def active_agent(
    session: Session, *, agent_id: int, token_version: int | None = None
) -> AgentView | None:
    """The agent behind a token, if it still exists, may sign in and (given the token's
    version) the token was issued after the agent's sessions last ended."""
    agent = session.get(Agent, agent_id)
    if agent is None or not agent.is_active:
        return None
    if token_version is not None and token_version != agent.token_version:
        return None
    return to_view(agent)


def token_version(session: Session, *, agent_id: int) -> int:
    agent = session.get(Agent, agent_id)
    return agent.token_version if agent is not None else 0


def end_sessions(session: Session, *, agent_id: int) -> None:
    """Every token issued to this agent so far stops working (sign-out, new password)."""
    agent = session.get(Agent, agent_id)
    if agent is not None:
        agent.token_version += 1
        session.add(agent)
        session.commit()


def sign_in(session: Session, *, email: str, password: str, address: str) -> SignInResult:
    """Check a password, counted by the throttle. Slow on purpose (argon2, about 0.1-0.3 s of
    CPU): call it off the event loop. Every answer but a lockout costs one argon2 check, so
    how long it takes tells nothing about which emails have an account."""
    email = normalise_email(email)
    attempt = login_throttle.begin(email=email, address=address)
    if attempt.locked_for is not None:
        return SignInResult(None, login_throttle.refusal(attempt))
    agent = session.exec(select(Agent).where(Agent.email == email)).first()
    right = verify_password(password, agent.password_hash if agent else _unknown_email_hash())
    if agent is None or not agent.is_active or not right:
        login_throttle.failed(attempt)
        return SignInResult(None, WRONG_EMAIL_OR_PASSWORD)
    login_throttle.succeeded(attempt)
    return SignInResult(to_view(agent), None)


@cache
def _unknown_email_hash() -> str:
    """A hash no password matches, checked for emails without an account (made once)."""
    return hash_password(secrets.token_urlsafe(32))
