"""Mail that belongs to no conversation, through the same durable outbox as replies: Settings →
Email's test mail and an agent's invitation. Same states (`Queued` → `Sent` / `Failed`), retries
and sender; the row has no message, and its Message-ID is derived from the row, so a mail sent
again after a crash (docs/EMAIL.md) carries the same one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, col, select

from inbox_app.i18n import gettext, mark
from inbox_app.models.dto import AgentView
from inbox_app.models.outbox import OutboxEmail
from inbox_app.services.contacts.editing import ContactError, clean_field
from inbox_app.services.errors import DomainError
from inbox_app.services.team.permissions import require_admin

QUEUED, FAILED = "queued", "failed"
# Written in the admin's language (the invitee's is not known yet: likely the team's).
TEST_SUBJECT = mark("Test email from your inbox")
TEST_BODY = mark(
    "This is a test email sent by {name} from Settings → Email.\n\n"
    "It went through the outbox and the outgoing mail server: mail from the inbox reaches you."
)
INVITE_SUBJECT = mark("You are invited to the team inbox")
INVITE_BODY = mark(
    "{inviter} invited you to answer customers in the team inbox.\n\n"
    "Choose your password here (the link works once): {link}"
)


class MailError(DomainError):
    """A mail that cannot be queued; the text is safe to show."""


@dataclass(frozen=True)
class MailStatus:
    status: str  # queued | sent | failed
    note: str  # the relay's last answer, or why it waits


def standalone_message_id(*, outbox_id: int, created_at: datetime, domain: str) -> str:
    """Stable for the row: every attempt at sending it names the same mail."""
    return f"<outbox-{outbox_id}.{int(created_at.timestamp())}@{domain}>"


def queue_mail(session: Session, *, to_address: str, subject: str, body: str, now: datetime) -> int:
    """The outbox row's id; the sender takes it at its next round."""
    try:
        address = clean_field("email", to_address)
    except ContactError as error:
        raise MailError(str(error)) from error
    if address is None:
        raise MailError(mark("Enter an email address."))
    row = OutboxEmail(
        message_id=None, to_address=address, subject=subject[:300], body=body, created_at=now
    )
    session.add(row)
    session.commit()
    return row.id or 0


def queue_test_mail(
    session: Session, *, actor: AgentView, to_address: str, now: datetime, language: str = "en"
) -> int:
    require_admin(actor)
    body = gettext(language, TEST_BODY).format(name=actor.name or actor.email)
    subject = gettext(language, TEST_SUBJECT)
    return queue_mail(session, to_address=to_address, subject=subject, body=body, now=now)


def queue_invitation(
    session: Session,
    *,
    actor: AgentView,
    to_address: str,
    link: str,
    now: datetime,
    language: str = "en",
) -> int:
    require_admin(actor)
    body = gettext(language, INVITE_BODY).format(inviter=actor.name or actor.email, link=link)
    subject = gettext(language, INVITE_SUBJECT)
    return queue_mail(session, to_address=to_address, subject=subject, body=body, now=now)


def mail_status(session: Session, *, outbox_id: int) -> MailStatus | None:
    row = session.get(OutboxEmail, outbox_id)
    return MailStatus(row.status, row.last_error or "") if row else None


def last_problem(session: Session) -> str:
    """The relay's newest refusal or failure (a mail failed, or waiting for a retry), "" when
    none: what Settings → Email shows as the outbox's last error."""
    row = session.exec(
        select(OutboxEmail.to_address, OutboxEmail.last_error)
        .where(
            col(OutboxEmail.last_error).is_not(None),
            or_(col(OutboxEmail.status) == FAILED, col(OutboxEmail.attempts) > 0),
        )
        .order_by(col(OutboxEmail.id).desc())
    ).first()
    return f"{row[1]} (mail to {row[0]})" if row else ""
