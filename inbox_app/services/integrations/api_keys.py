"""API keys: made by an admin (or the CLI), shown once, kept only as a SHA-256 hash.

A key is 32 random bytes, so a fast hash is enough: nothing can be guessed from it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from inbox_app.i18n import mark
from inbox_app.models.dto import AgentView, IntegrationActor
from inbox_app.models.tables import Agent, ApiKey, table_of
from inbox_app.services.clean_text import clean_text
from inbox_app.services.errors import DomainError
from inbox_app.services.team.permissions import require_admin

KEY_PREFIX = "inbox_"
VISIBLE_CHARS = 12  # "inbox_" and six characters of the key: enough to tell keys apart
MAX_NAME = 120
# last_used_at is written at most this often per key, so reads stay reads.
USE_RECORDED_EVERY = timedelta(minutes=1)


class ApiKeyError(DomainError):
    """The key cannot be made or changed; the text is safe to show and nothing changed."""


@dataclass(frozen=True)
class NewApiKey:
    id: int
    name: str
    key: str  # the only time it is seen


@dataclass(frozen=True)
class ApiKeyView:
    id: int
    name: str
    prefix: str
    created_at: datetime
    created_by: str
    last_used_at: datetime | None
    revoked_at: datetime | None


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def create_api_key(
    session: Session, *, name: str, now: datetime, actor: AgentView | None = None
) -> NewApiKey:
    """actor None: the command line, run by whoever runs the server."""
    if actor is not None:
        require_admin(actor)
    name = " ".join(clean_text(name).split())
    if not name or len(name) > MAX_NAME:
        raise ApiKeyError(
            mark("Give the key a name (at most {max_name} characters)."), max_name=MAX_NAME
        )
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(
        name=name,
        key_hash=hash_key(key),
        prefix=key[:VISIBLE_CHARS],
        created_at=now,
        created_by_agent_id=actor.id if actor else None,
    )
    session.add(row)
    try:
        session.commit()
    except IntegrityError as error:  # two equal random keys: never in practice
        session.rollback()
        raise ApiKeyError(mark("Could not make a key; try again.")) from error
    return NewApiKey(id=row.id or 0, name=name, key=key)


def authenticate(session: Session, *, key: str, now: datetime) -> IntegrationActor | None:
    """The key's integration, or None for an unknown or revoked key."""
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    row = session.exec(select(ApiKey).where(ApiKey.key_hash == hash_key(key))).first()
    if row is None or row.revoked_at is not None:
        return None
    last = row.last_used_at
    if last is None or _naive(now) - _naive(last) >= USE_RECORDED_EVERY:
        # A statement, not the row: a use changes nothing about who the key is, so it must
        # not forget the kept checks of every key (api/rest_auth.py), as a revoke does.
        keys = table_of(ApiKey)
        session.execute(update(keys).where(keys.c.id == row.id).values(last_used_at=now))
        session.commit()
    return IntegrationActor(name=f"API key {row.name}", api_key_id=row.id or 0)


def revoke_api_key(session: Session, *, actor: AgentView, key_id: int, now: datetime) -> None:
    require_admin(actor)
    row = session.get(ApiKey, key_id)
    if row is None:
        raise ApiKeyError(mark("That API key does not exist."))
    if row.revoked_at is None:
        row.revoked_at = now
        session.add(row)
        session.commit()


def list_api_keys(session: Session) -> list[ApiKeyView]:
    """Every key, newest first, revoked ones too (they show when they were revoked)."""
    rows = session.exec(
        select(ApiKey, Agent.name)
        .outerjoin(Agent, col(Agent.id) == ApiKey.created_by_agent_id)
        .order_by(col(ApiKey.id).desc())
    ).all()
    return [
        ApiKeyView(
            id=k.id or 0,
            name=k.name,
            prefix=k.prefix,
            created_at=k.created_at,
            created_by=agent_name or "command line",
            last_used_at=k.last_used_at,
            revoked_at=k.revoked_at,
        )
        for k, agent_name in rows
    ]


def _naive(moment: datetime) -> datetime:
    """SQLite hands back naive UTC datetimes; compare like with like."""
    return moment.replace(tzinfo=None)
