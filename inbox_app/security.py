"""Password hashing (argon2 through passlib) and sign-in tokens (JWT, HS256)."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from jose import JWTError, jwt
from passlib.context import CryptContext

_passwords = CryptContext(schemes=["argon2"], deprecated="auto")
_ALGORITHM = "HS256"


def hash_password(password: str) -> str:
    return _passwords.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return _passwords.verify(password, password_hash)
    except (ValueError, TypeError):
        return False


def issue_token(*, agent_id: int, secret: str, lifetime: timedelta, version: int = 0) -> str:
    """`version`: the agent's token version; raising it ends every token issued before."""
    now = datetime.now(UTC)
    claims = {"sub": str(agent_id), "ver": version, "iat": now, "exp": now + lifetime}
    return jwt.encode(claims, secret, algorithm=_ALGORITHM)


@dataclass(frozen=True)
class AgentClaim:
    agent_id: int
    version: int  # checked against the agent's token_version by services.agents


def read_agent_token(*, token: str, secret: str) -> AgentClaim | None:
    """What a valid, unexpired agent token says; None for anything else."""
    if not token:
        return None
    try:
        claims = jwt.decode(token, secret, algorithms=[_ALGORITHM])
        version = claims.get("ver", 0)  # tokens from before versions count as version 0
        if not isinstance(version, int):
            return None
        return AgentClaim(int(claims["sub"]), version)  # "visitor:<id>" is refused here
    except (JWTError, KeyError, ValueError, TypeError):
        return None


# A visitor keeps their chat this long without coming back; the widget gets a renewed token
# while it is used (see api.widget_auth), so only an abandoned token runs out.
VISITOR_TOKEN_LIFETIME = timedelta(days=30)


@dataclass(frozen=True)
class VisitorClaim:
    """What a genuine, unexpired visitor token says; the key is checked against the database."""

    conversation_id: int
    key: str
    issued_at: datetime


def issue_visitor_token(*, conversation_id: int, key: str, secret: str) -> str:
    """The widget's identity: one conversation and its visitor key, kept in the browser."""
    now = datetime.now(UTC)
    claims = {
        "sub": f"visitor:{conversation_id}",
        "key": key,
        "iat": now,
        "exp": now + VISITOR_TOKEN_LIFETIME,
    }
    return jwt.encode(claims, secret, algorithm=_ALGORITHM)


def read_visitor_token(*, token: str, secret: str) -> VisitorClaim | None:
    if not token:
        return None
    options = {"require_exp": True, "require_iat": True, "require_sub": True}
    try:
        claims = jwt.decode(token, secret, algorithms=[_ALGORITHM], options=options)
    except JWTError:
        return None
    kind, _, number = str(claims["sub"]).partition(":")
    key, issued = claims.get("key"), claims["iat"]
    if kind != "visitor" or small_int(number) is None or not isinstance(key, str) or not key:
        return None
    if not isinstance(issued, int | float):
        return None
    return VisitorClaim(int(number), key, datetime.fromtimestamp(issued, UTC))


def agent_id_from_token(*, token: str, secret: str) -> int | None:
    """The agent id a valid, unexpired token names (its version unchecked); else None."""
    claim = read_agent_token(token=token, secret=secret)
    return claim.agent_id if claim is not None else None


# Download links for attachments: an <img src> cannot carry the Authorization header, so the
# server signs a short-lived URL for one agent when it renders the thread.
DOWNLOAD_LIFETIME = timedelta(hours=1)


def _signature(*, attachment_id: int, agent_id: int, expires: int, secret: str) -> str:
    message = f"attachment-download:{attachment_id}:{agent_id}:{expires}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signed_url(
    *,
    attachment_id: int,
    agent_id: int,
    secret: str,
    now: datetime,
    lifetime: timedelta = DOWNLOAD_LIFETIME,
) -> str:
    """A relative download URL for one agent, valid for `lifetime` from `now`."""
    expires = int((now + lifetime).timestamp())
    sig = _signature(attachment_id=attachment_id, agent_id=agent_id, expires=expires, secret=secret)
    return f"/api/attachments/{attachment_id}?a={agent_id}&exp={expires}&sig={sig}"


def verified_agent_id(
    *, attachment_id: int, a: str, exp: str, sig: str, secret: str, now: datetime
) -> int | None:
    """The agent id a download link was signed for; None if forged, altered or expired."""
    agent_id, expires = small_int(a), small_int(exp)
    if agent_id is None or expires is None or not sig:
        return None
    expected = _signature(
        attachment_id=attachment_id, agent_id=agent_id, expires=expires, secret=secret
    )
    if not hmac.compare_digest(expected.encode(), sig.encode("utf-8", "replace")):
        return None
    return agent_id if now.timestamp() <= expires else None


def small_int(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 20 else None
