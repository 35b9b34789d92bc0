"""Password hashing (argon2 through passlib) and sign-in tokens (JWT, HS256)."""

from __future__ import annotations

import hashlib
import hmac
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


def issue_token(*, agent_id: int, secret: str, lifetime: timedelta) -> str:
    now = datetime.now(UTC)
    claims = {"sub": str(agent_id), "iat": now, "exp": now + lifetime}
    return jwt.encode(claims, secret, algorithm=_ALGORITHM)


def issue_visitor_token(*, conversation_id: int, secret: str) -> str:
    """The widget's identity: names one conversation, kept in the visitor's browser."""
    claims = {"sub": f"visitor:{conversation_id}", "iat": datetime.now(UTC)}
    return jwt.encode(claims, secret, algorithm=_ALGORITHM)


def conversation_id_from_visitor_token(*, token: str, secret: str) -> int | None:
    if not token:
        return None
    try:
        subject = str(jwt.decode(token, secret, algorithms=[_ALGORITHM])["sub"])
    except (JWTError, KeyError):
        return None
    kind, _, number = subject.partition(":")
    return int(number) if kind == "visitor" and number.isdigit() else None


def agent_id_from_token(*, token: str, secret: str) -> int | None:
    """The agent id a valid, unexpired token names; None for anything else."""
    if not token:
        return None
    try:
        claims = jwt.decode(token, secret, algorithms=[_ALGORITHM])
        return int(claims["sub"])  # a visitor's "visitor:<id>" subject is refused here
    except (JWTError, KeyError, ValueError, TypeError):
        return None


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
