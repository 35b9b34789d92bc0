"""The outbox's sender: claims due mail, hands it to the relay (aiosmtplib) and records the
answer. The request that sends a reply never waits for this: it only wakes it."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path

import aiosmtplib

from inbox_app.mail.config import MailSettings, Relay
from inbox_app.mail.receiver import Sessions
from inbox_app.models.mail import OutgoingMail
from inbox_app.models.tables import utcnow
from inbox_app.services.email import outbox_sending
from inbox_app.services.email.composing import build_mime

BATCH = 20
TIMEOUT_SECONDS = 30
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Answer:
    ok: bool
    permanent: bool
    text: str  # the relay's answer, shown on hover


async def deliver(mail: OutgoingMail, *, relay: Relay, mail_from: str, upload_dir: Path) -> Answer:
    mime = await asyncio.to_thread(
        build_mime, mail, mail_from=mail_from, upload_dir=upload_dir, now=utcnow()
    )
    try:
        _refused, text = await aiosmtplib.send(
            mime,
            hostname=relay.host,
            port=relay.port,
            username=relay.username,
            password=relay.password,
            use_tls=relay.use_tls,
            start_tls=relay.start_tls,
            timeout=TIMEOUT_SECONDS,
        )
    except aiosmtplib.SMTPRecipientsRefused as error:
        codes = [refusal.code for refusal in error.recipients]
        text = "; ".join(f"{r.code} {r.message}" for r in error.recipients)
        return Answer(False, all(500 <= code < 600 for code in codes), text)
    except aiosmtplib.SMTPResponseException as error:
        return Answer(False, 500 <= error.code < 600, f"{error.code} {error.message}")
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
        return Answer(False, False, f"{type(error).__name__}: {error}"[:500] or "no answer")
    return Answer(True, False, text or "250 OK")


async def send_due(*, sessions: Sessions, mail: MailSettings, upload_dir: Path) -> list[int]:
    """One round: the conversations whose mail changed its delivery state."""
    if mail.relay is None:
        return []

    def claim() -> list[OutgoingMail]:
        with sessions() as session:
            return outbox_sending.claim_due(session, now=utcnow(), limit=BATCH, domain=mail.domain)

    due = await asyncio.to_thread(claim)
    answers = await asyncio.gather(
        *(
            deliver(m, relay=mail.relay, mail_from=mail.mail_from, upload_dir=upload_dir)
            for m in due
        )
    )
    await asyncio.to_thread(_record, sessions, list(zip(due, answers, strict=True)))
    return sorted({m.conversation_id for m in due if m.conversation_id})


def _record(sessions: Sessions, results: list[tuple[OutgoingMail, Answer]]) -> None:
    with sessions() as session:
        for mail, answer in results:
            if answer.ok:
                outbox_sending.mark_sent(
                    session, outbox_id=mail.outbox_id, answer=answer.text, now=utcnow()
                )
                continue
            log.warning("mail %s not delivered: %s", mail.rfc_message_id, answer.text)
            outbox_sending.mark_failed_attempt(
                session,
                outbox_id=mail.outbox_id,
                now=utcnow(),
                answer=answer.text,
                permanent=answer.permanent,
            )
