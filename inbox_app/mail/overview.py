"""What Settings → Email shows of the email channel's configuration: where mail comes in and goes
out, never a password (`without_password`), and the IMAP poller's last error, kept in the shared
registry so that every worker shows the one that polled."""

from __future__ import annotations

import os
from dataclasses import dataclass

from inbox_app.mail.config import MailSettings, without_password
from inbox_app.realtime.transport import registry

_REGISTRY, _IMAP = "mail_status", "imap_error"


@dataclass(frozen=True)
class EmailOverview:
    mail_from: str
    receiver: str  # "port 2525 on 0.0.0.0", or why there is none
    relay: str  # the relay's URL without its password
    imap_mailbox: str
    imap_user: str


def email_overview(mail: MailSettings) -> EmailOverview:
    relay_url = os.environ.get("INBOX_SMTP_RELAY_URL", "").strip()
    imap = mail.imap
    return EmailOverview(
        mail_from=mail.mail_from,
        receiver=(
            f"port {mail.smtp_port} on {mail.smtp_host}"
            if mail.smtp_port is not None
            else "off (INBOX_SMTP_PORT is not set)"
        ),
        relay=(
            without_password(relay_url)
            if relay_url
            else "none: outgoing mail waits in the outbox (INBOX_SMTP_RELAY_URL is not set)"
        ),
        imap_mailbox=(
            f"{imap.host}:{imap.port}/{imap.folder}, every {imap.poll_seconds:g} s"
            if imap
            else "off (INBOX_IMAP_URL is not set)"
        ),
        imap_user=imap.username if imap else "",
    )


def record_imap_round(error: str | None) -> None:
    """After each polling round: its error, or None when it went well."""
    registry.put(_REGISTRY, _IMAP, error[:500] if error else "")


def imap_problem() -> str:
    return str(registry.get(_REGISTRY, _IMAP) or "")
