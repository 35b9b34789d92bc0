"""An agent's own profile: name, email, language, time zone, avatar colour, password.

Each agent edits only their own (the caller passes the signed-in agent's id). A new password
ends every other session: the version in each token issued so far stops matching.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from zoneinfo import available_timezones

from sqlmodel import Session, select

from inbox_app.i18n import mark
from inbox_app.models.tables import Agent
from inbox_app.security import hash_password, verify_password
from inbox_app.services.team.agents import AgentError, normalise_email

LANGUAGES = {"en": "English", "de": "Deutsch"}
# Radix colour scales (named for people in pages/profile.py): each reads well as initials on its soft background, light or dark.
AVATAR_COLOURS = ("indigo", "teal", "orange", "crimson", "grass", "violet", "amber", "cyan")
MIN_PASSWORD_CHARS = 8
MAX_NAME_CHARS = 120


@dataclass(frozen=True)
class ProfileView:
    name: str
    email: str
    language: str  # "" = not chosen: INBOX_LANGUAGE, else the browser's
    time_zone: str  # an IANA name; "" = not chosen: the browser's
    avatar_colour: str


@cache
def time_zones() -> tuple[str, ...]:
    """Every IANA zone name Python knows, sorted; read once (the scan touches the disk)."""
    return tuple(sorted(available_timezones() | {"UTC"}))


def profile_of(session: Session, *, agent_id: int) -> ProfileView:
    agent = _agent(session, agent_id)
    return ProfileView(
        name=agent.name,
        email=agent.email,
        language=agent.language or "",
        time_zone=agent.time_zone or "",
        avatar_colour=agent.avatar_colour or AVATAR_COLOURS[0],
    )


def update_profile(
    session: Session,
    *,
    agent_id: int,
    name: str,
    email: str,
    language: str,
    time_zone: str,
    avatar_colour: str,
) -> ProfileView:
    """Checks every field before changing any: a refusal leaves the profile as it was."""
    agent = _agent(session, agent_id)
    agent.name = _checked_name(name)
    agent.email = _checked_email(session, email, own_id=agent_id)
    agent.language = _checked_choice(language, LANGUAGES, "language") or None
    agent.time_zone = _checked_choice(time_zone, time_zones(), "time zone") or None
    agent.avatar_colour = _checked_choice(avatar_colour, AVATAR_COLOURS, "colour") or None
    session.add(agent)
    session.commit()
    return profile_of(session, agent_id=agent_id)


def change_password(session: Session, *, agent_id: int, current: str, new: str) -> None:
    """Slow on purpose (two argon2 operations): call it off the event loop."""
    agent = _agent(session, agent_id)
    if not verify_password(current, agent.password_hash):
        raise AgentError(mark("The current password is wrong."))
    if len(new) < MIN_PASSWORD_CHARS:
        raise AgentError(
            mark("The new password needs at least {min_password_chars} characters."),
            min_password_chars=MIN_PASSWORD_CHARS,
        )
    agent.password_hash = hash_password(new)
    agent.token_version += 1  # every other tab and device is signed out
    session.add(agent)
    session.commit()


def _agent(session: Session, agent_id: int) -> Agent:
    agent = session.get(Agent, agent_id)
    if agent is None or not agent.is_active:
        raise AgentError(mark("This account no longer exists."))
    return agent


def _checked_name(name: str) -> str:
    name = " ".join(name.split())
    if not 1 <= len(name) <= MAX_NAME_CHARS:
        raise AgentError(
            mark("A name needs 1 to {max_name_chars} characters."), max_name_chars=MAX_NAME_CHARS
        )
    return name


def _checked_email(session: Session, email: str, *, own_id: int) -> str:
    email = normalise_email(email)
    local, _, domain = email.partition("@")
    if not local or "." not in domain or len(email) > 254 or any(c.isspace() for c in email):
        raise AgentError(mark("Enter a valid email address."))
    taken = session.exec(select(Agent.id).where(Agent.email == email)).first()
    if taken is not None and taken != own_id:
        raise AgentError(mark("The email {email} belongs to another agent."), email=email)
    return email


def _checked_choice(value: str, allowed: Collection[str], what: str) -> str:
    value = value.strip()
    if value and value not in allowed:
        raise AgentError(mark("Choose a {what} from the list."), what=what)
    return value
