"""One settings object, read from the contract's environment variables."""

from __future__ import annotations

import os
import re
import secrets
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    port: int
    data_dir: Path
    database_url: str
    redis_url: str | None
    admin_email: str | None
    admin_password: str | None
    demo: bool
    missed_after_seconds: int
    jwt_secret: str
    token_lifetime_minutes: int = 60 * 12
    # INBOX_TRUSTED_PROXIES: reverse proxies whose X-Forwarded-For / Forwarded is believed.
    trusted_proxies: tuple[IPv4Network | IPv6Network, ...] = ()
    log_format: str = "text"  # INBOX_LOG_FORMAT: "json" writes one JSON object a line
    language: str | None = None  # INBOX_LANGUAGE: "en" or "de"; None follows the browser

    @property
    def upload_dir(self) -> Path:
        return self.data_dir / "uploads"


def _jwt_secret(data_dir: Path) -> str:
    """Take the secret from the environment, else from a file made on first start."""
    if from_env := os.environ.get("INBOX_JWT_SECRET"):
        return from_env
    path = data_dir / "jwt_secret"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        # Made with its mode: never readable by others, not even for a moment.
        with suppress(FileExistsError):  # another process made it first: use theirs
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def data_dir_from_env() -> Path:
    """INBOX_DATA_DIR, creating nothing: `restore` must see whether the folder is empty."""
    return Path(os.environ.get("INBOX_DATA_DIR", "./data")).resolve()


def database_url_from_env(data_dir: Path) -> str:
    return os.environ.get("INBOX_DATABASE_URL") or f"sqlite:///{data_dir / 'inbox.db'}"


class SettingsError(ValueError):
    """An environment variable with a value the inbox cannot use; the message names it."""


def parse_trusted_proxies(raw: str) -> tuple[IPv4Network | IPv6Network, ...]:
    """Addresses or networks, separated by commas or spaces: `10.0.0.5, 10.0.0.0/8, fd00::/8`.
    Host bits under a mask are refused (`10.0.0.5/8` is a typo for one of two things)."""
    networks = []
    for item in filter(None, re.split(r"[,\s]+", raw)):
        try:
            networks.append(ip_network(item, strict=True))
        except ValueError as error:
            raise SettingsError(
                f"INBOX_TRUSTED_PROXIES: {item!r} is not an address or a network ({error}); "
                "give addresses or networks separated by commas, e.g. 10.0.0.5, 172.16.0.0/12, fd00::/8"
            ) from None
    return tuple(networks)


def load_settings() -> Settings:
    data_dir = data_dir_from_env()
    data_dir.mkdir(parents=True, exist_ok=True)
    database_url = database_url_from_env(data_dir)
    return Settings(
        port=int(os.environ.get("INBOX_PORT", "3000")),
        data_dir=data_dir,
        database_url=database_url,
        redis_url=os.environ.get("INBOX_REDIS_URL") or None,
        admin_email=os.environ.get("INBOX_ADMIN_EMAIL") or None,
        admin_password=os.environ.get("INBOX_ADMIN_PASSWORD") or None,
        demo=os.environ.get("INBOX_DEMO") == "1",
        missed_after_seconds=int(os.environ.get("INBOX_MISSED_AFTER_SECONDS", "30")),
        jwt_secret=_jwt_secret(data_dir),
        trusted_proxies=parse_trusted_proxies(os.environ.get("INBOX_TRUSTED_PROXIES", "")),
        log_format=os.environ.get("INBOX_LOG_FORMAT", "text").strip().lower() or "text",
        language=_language(os.environ.get("INBOX_LANGUAGE", "")),
    )


def _language(raw: str) -> str | None:
    language = raw.strip().lower()
    if language in ("", "en", "de"):
        return language or None
    raise SettingsError(f"INBOX_LANGUAGE: {raw!r} is not a language of the inbox; use en or de")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
