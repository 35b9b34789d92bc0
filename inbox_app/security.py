"""Password hashing (argon2 through passlib) and sign-in tokens (JWT, HS256)."""

from __future__ import annotations

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


def agent_id_from_token(*, token: str, secret: str) -> int | None:
    """The agent id a valid, unexpired token names; None for anything else."""
    if not token:
        return None
    try:
        claims = jwt.decode(token, secret, algorithms=[_ALGORITHM])
        return int(claims["sub"])
    except (JWTError, KeyError, ValueError, TypeError):
        return None
