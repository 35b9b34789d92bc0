"""The durable outbox: claiming due mail for one sender, and what the relay's answer makes of
it. `Queued` → `Sent`, or `Failed` at once on a permanent (5xx) answer, or after temporary
failures (4xx, refused connections, timeouts) retried with growing delays for over a day.

A claim is a lease: the sender that holds it is the only one sending that mail; if it dies
before marking the mail, the lease runs out and the mail is sent again (docs/EMAIL.md).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from inbox_app.models.email_tables import EmailMessage
from inbox_app.models.mail import OutgoingFile, OutgoingMail
from inbox_app.models.outbox import OutboxEmail
from inbox_app.models.tables import Attachment, Message, table_of
from inbox_app.services.email.outgoing import identity_for
from inbox_app.services.email.standalone import standalone_message_id

QUEUED, SENT, FAILED = "queued", "sent", "failed"
LEASE = timedelta(minutes=2)
FIRST_DELAY, LONGEST_DELAY = timedelta(minutes=1), timedelta(hours=1)
MAX_ATTEMPTS = 30  # 1, 2, 4 ... 32 minutes, then hourly: about 25 hours in all


def retry_delay(attempts: int) -> timedelta:
    """The wait after the n-th failed attempt (n ≥ 1)."""
    factor: int = 2 ** max(attempts - 1, 0)
    return min(FIRST_DELAY * factor, LONGEST_DELAY)


def claim_due(session: Session, *, now: datetime, limit: int, domain: str) -> list[OutgoingMail]:
    """Queued mail that is due and claimed by no one, now claimed by the caller."""
    table = table_of(OutboxEmail)
    due = session.exec(
        select(OutboxEmail.id)
        .where(
            OutboxEmail.status == QUEUED,
            or_(
                col(OutboxEmail.next_attempt_at).is_(None), col(OutboxEmail.next_attempt_at) <= now
            ),
            or_(col(OutboxEmail.claimed_until).is_(None), col(OutboxEmail.claimed_until) < now),
        )
        .order_by(col(OutboxEmail.id))
        .limit(limit)
    ).all()
    if not due:
        return []
    # One conditional UPDATE for the lot: a row another sender claimed meanwhile no longer
    # matches (PostgreSQL re-checks a row it waited for), so of two workers one wins each row.
    claimed = (
        session.connection()
        .execute(
            update(table)
            .where(
                table.c.id.in_(due),
                table.c.status == QUEUED,
                or_(table.c.claimed_until.is_(None), table.c.claimed_until < now),
            )
            .values(claimed_until=now + LEASE)
            .returning(table.c.id)
        )
        .scalars()
        .all()
    )
    session.commit()
    return _outgoing(session, outbox_ids=sorted(claimed), domain=domain)


def _outgoing(session: Session, *, outbox_ids: list[int], domain: str) -> list[OutgoingMail]:
    """The claimed rows with all it takes to build their mails, read a few queries at once."""
    rows = session.exec(select(OutboxEmail).where(col(OutboxEmail.id).in_(outbox_ids))).all()
    message_ids = [r.message_id for r in rows if r.message_id is not None]
    identities = {
        i.message_id: i
        for i in session.exec(
            select(EmailMessage).where(col(EmailMessage.message_id).in_(message_ids))
        ).all()
    }
    files: dict[int, list[OutgoingFile]] = {}
    for f in session.exec(select(Attachment).where(col(Attachment.message_id).in_(message_ids))):
        files.setdefault(f.message_id or 0, []).append(
            OutgoingFile(f.filename, f.content_type, f.storage_key)
        )
    mails = []
    for row in sorted(rows, key=lambda r: r.id or 0):
        if row.message_id is None:
            mails.append(_standalone(row, domain=domain))
            continue
        identity = identities.get(row.message_id) or _identity(
            session, message_id=row.message_id, domain=domain
        )
        mails.append(_of_conversation(row, identity, files.get(row.message_id, [])))
    return mails


def _of_conversation(
    row: OutboxEmail, identity: EmailMessage, files: list[OutgoingFile]
) -> OutgoingMail:
    return OutgoingMail(
        outbox_id=row.id or 0,
        message_id=row.message_id or 0,
        conversation_id=identity.conversation_id,
        rfc_message_id=identity.rfc_message_id,
        to=row.to_address,
        subject=row.subject,
        text=row.body,
        in_reply_to=identity.in_reply_to,
        references=list(identity.reference_ids),
        files=files,
    )


def _standalone(row: OutboxEmail, *, domain: str) -> OutgoingMail:
    """A mail of no conversation (a test mail, an invitation): no thread, no files."""
    rfc_id = standalone_message_id(outbox_id=row.id or 0, created_at=row.created_at, domain=domain)
    return OutgoingMail(
        outbox_id=row.id or 0,
        message_id=0,
        conversation_id=0,
        rfc_message_id=rfc_id,
        to=row.to_address,
        subject=row.subject,
        text=row.body,
    )


def _identity(session: Session, *, message_id: int, domain: str) -> EmailMessage:
    """The mail's Message-ID; a chat reply queued for a visitor who left gets one now, so the
    visitor's answer by mail joins the chat."""
    found = session.exec(select(EmailMessage).where(EmailMessage.message_id == message_id)).first()
    if found is None:
        message = session.get(Message, message_id)
        if message is None:
            raise LookupError(f"message {message_id} is gone")
        found = identity_for(message, answered=None, domain=domain)
        session.add(found)
        session.commit()
    return found


def mark_sent(session: Session, *, outbox_id: int, answer: str, now: datetime) -> None:
    _finish(session, outbox_id, status=SENT, answer=answer, sent_at=now)


def mark_failed_attempt(
    session: Session, *, outbox_id: int, answer: str, permanent: bool, now: datetime
) -> str:
    """The new status: `failed` for a permanent answer or the last attempt, else `queued`
    with the next attempt later."""
    row = session.get(OutboxEmail, outbox_id)
    if row is None:
        raise LookupError(f"outbox mail {outbox_id} is gone")
    attempts = row.attempts + 1
    if permanent or attempts >= MAX_ATTEMPTS:
        _finish(session, outbox_id, status=FAILED, answer=answer, attempts=attempts)
        return FAILED
    _finish(
        session,
        outbox_id,
        status=QUEUED,
        answer=answer,
        attempts=attempts,
        next_attempt_at=now + retry_delay(attempts),
    )
    return QUEUED


def _finish(session: Session, outbox_id: int, *, answer: str, **values: object) -> None:
    """Change the row and give up the claim, in one statement."""
    values["last_error"] = answer[:1000]
    table = table_of(OutboxEmail)
    session.connection().execute(
        update(table).where(table.c.id == outbox_id).values(claimed_until=None, **values)
    )
    session.commit()


def retry(session: Session, *, message_id: int, conversation_id: int) -> bool:
    """`Retry` on a failed mail of this conversation: queued again, due at once, with a fresh
    count of attempts. False when there is no such failed mail."""
    message = session.get(Message, message_id)
    if message is None or message.conversation_id != conversation_id:
        return False
    table = table_of(OutboxEmail)
    done = session.connection().execute(
        update(table)
        .where(table.c.message_id == message_id, table.c.status == FAILED)
        .values(status=QUEUED, attempts=0, next_attempt_at=None, claimed_until=None)
    )
    session.commit()
    return done.rowcount == 1


def note_waiting(session: Session, *, note: str) -> int:
    """Without a relay, queued mail says why it waits (shown on hover in the thread). Reads
    first: the loop calls this every few seconds and must not take SQLite's write lock idly."""
    unnoted = select(OutboxEmail.id).where(
        OutboxEmail.status == QUEUED,
        col(OutboxEmail.last_error).is_(None),
    )
    if session.exec(unnoted.limit(1)).first() is None:
        return 0
    table = table_of(OutboxEmail)
    done = session.connection().execute(
        update(table)
        .where(table.c.status == QUEUED, table.c.last_error.is_(None))
        .values(last_error=note)
    )
    session.commit()
    return done.rowcount
