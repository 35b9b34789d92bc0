"""The email channel's settings, from the contract's variables (CONTRACT.md, Running)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from email.utils import parseaddr
from functools import lru_cache
from urllib.parse import parse_qs, parse_qsl, unquote, urlencode, urlsplit

from inbox_app.settings import SettingsError

DEFAULT_MAIL_FROM = "Inbox <inbox@localhost>"


@dataclass(frozen=True)
class Relay:
    """Where outgoing mail goes: `smtp://[user:password@]host:port[?starttls=1]` or `smtps://`."""

    host: str
    port: int
    username: str | None = None
    password: str | None = None
    use_tls: bool = False  # smtps: TLS from the first byte
    start_tls: bool = False


@dataclass(frozen=True)
class ImapSource:
    """A mailbox to fetch from: `imap://` or `imaps://user:password@host[:port]/Folder`."""

    host: str
    port: int
    username: str
    password: str
    folder: str = "INBOX"
    use_tls: bool = False
    poll_seconds: float = 60.0


@dataclass(frozen=True)
class MailSettings:
    mail_from: str  # INBOX_MAIL_FROM, e.g. "Support <support@example.com>"
    smtp_port: int | None  # INBOX_SMTP_PORT: the built-in receiver, off when None
    smtp_host: str  # INBOX_SMTP_HOST
    relay: Relay | None  # INBOX_SMTP_RELAY_URL: None keeps mail queued, visibly
    imap: ImapSource | None = None  # INBOX_IMAP_URL and INBOX_IMAP_POLL_SECONDS

    @property
    def own_address(self) -> str:
        return parseaddr(self.mail_from)[1].lower()

    @property
    def domain(self) -> str:
        return self.own_address.rpartition("@")[2] or "localhost"


def parse_relay(url: str) -> Relay:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise SettingsError(
            "INBOX_SMTP_RELAY_URL: give smtp://[user:password@]host:port (add ?starttls=1) "
            "or smtps://[user:password@]host:port"
        )
    smtps = parts.scheme == "smtps"
    starttls = parse_qs(parts.query).get("starttls", ["0"])[0] in ("1", "true", "yes")
    return Relay(
        host=parts.hostname,
        port=parts.port or (465 if smtps else 25),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        use_tls=smtps,
        start_tls=starttls and not smtps,
    )


def parse_imap(url: str, *, poll_seconds: float = 60.0) -> ImapSource:
    parts = urlsplit(url)
    if parts.scheme not in ("imap", "imaps") or not parts.hostname or not parts.username:
        raise SettingsError(
            "INBOX_IMAP_URL: give imap://user:password@host[:port]/Folder or imaps://..."
        )
    tls = parts.scheme == "imaps"
    return ImapSource(
        host=parts.hostname,
        port=parts.port or (993 if tls else 143),
        username=unquote(parts.username),
        password=unquote(parts.password or ""),
        folder=unquote(parts.path.strip("/")) or "INBOX",
        use_tls=tls,
        poll_seconds=poll_seconds,
    )


def load_mail_settings() -> MailSettings:
    port = os.environ.get("INBOX_SMTP_PORT", "").strip()
    relay = os.environ.get("INBOX_SMTP_RELAY_URL", "").strip()
    return MailSettings(
        mail_from=os.environ.get("INBOX_MAIL_FROM", "").strip() or DEFAULT_MAIL_FROM,
        smtp_port=int(port) if port else None,
        smtp_host=os.environ.get("INBOX_SMTP_HOST", "").strip() or "0.0.0.0",
        relay=parse_relay(relay) if relay else None,
        imap=_imap_from_env(),
    )


def _imap_from_env() -> ImapSource | None:
    url = os.environ.get("INBOX_IMAP_URL", "").strip()
    seconds = float(os.environ.get("INBOX_IMAP_POLL_SECONDS", "").strip() or 60)
    return parse_imap(url, poll_seconds=max(seconds, 1.0)) if url else None


@lru_cache(maxsize=1)
def get_mail_settings() -> MailSettings:
    return load_mail_settings()


def without_password(url: str) -> str:
    """The URL as Settings → Email may show it: the user kept, the password taken out, and any
    query parameter named like a secret. Reads the text only, never raises. The user part ends
    at the last "@" (an unescaped "@", "#", "/" or "?" inside a password must not leak a piece
    of it), and the user ends at its first ":"."""
    scheme, sep, rest = url.strip().partition("://")
    if not sep:
        return _without_secret_parameters(url.strip())
    userinfo, at, hostpart = rest.rpartition("@")
    user = f"{userinfo.partition(':')[0]}@" if at else ""
    return f"{scheme}://{user}{_without_secret_parameters(hostpart)}"


def _without_secret_parameters(text: str) -> str:
    head, mark, query = text.partition("?")
    if not mark:
        return text
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not _secret(k)]
    return f"{head}?{urlencode(kept)}" if kept else head


def _secret(name: str) -> bool:
    return any(word in name.lower() for word in ("pass", "pwd", "secret", "token", "key"))
