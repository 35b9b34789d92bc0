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
SESSIONS = 4  # relay sessions a round uses side by side, several mails each
TIMEOUT_SECONDS = 30
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Answer:
    ok: bool
    permanent: bool
    text: str  # the relay's answer, shown on hover


def _answer_to(error: Exception) -> Answer:
    """What a refusal or a broken connection means for a mail: 5xx fails it at once, the rest
    (4xx, refused connections, timeouts, a relay that hung up) is tried again later."""
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        codes = [refusal.code for refusal in error.recipients]
        text = "; ".join(f"{r.code} {r.message}" for r in error.recipients)
        return Answer(False, all(500 <= code < 600 for code in codes), text)
    if isinstance(error, aiosmtplib.SMTPResponseException):
        return Answer(False, 500 <= error.code < 600, f"{error.code} {error.message}")
    return Answer(False, False, f"{type(error).__name__}: {error}"[:500] or "no answer")


def _client(relay: Relay) -> aiosmtplib.SMTP:
    return aiosmtplib.SMTP(
        hostname=relay.host,
        port=relay.port,
        username=relay.username,
        password=relay.password,
        use_tls=relay.use_tls,
        start_tls=relay.start_tls,
        timeout=TIMEOUT_SECONDS,
    )


async def _one_session(
    mails: list[OutgoingMail], *, relay: Relay, mail_from: str, upload_dir: Path
) -> dict[int, Answer]:
    """Several mails over one relay session: connecting and greeting once, not once a mail,
    is what lets a round go out at well over 100 mails a second. A refused mail does not stop
    the others; a session that breaks leaves the mails not yet answered for a retry."""
    answers: dict[int, Answer] = {}
    try:
        async with _client(relay) as client:
            for mail in mails:
                mime = await asyncio.to_thread(
                    build_mime, mail, mail_from=mail_from, upload_dir=upload_dir, now=utcnow()
                )
                try:
                    _refused, text = await client.send_message(mime)
                except (aiosmtplib.SMTPRecipientsRefused, aiosmtplib.SMTPResponseException) as e:
                    answers[mail.outbox_id] = _answer_to(e)
                    continue
                answers[mail.outbox_id] = Answer(True, False, text or "250 OK")
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
        for mail in mails:
            answers.setdefault(mail.outbox_id, _answer_to(error))
    return answers


async def deliver_all(
    mails: list[OutgoingMail], *, relay: Relay, mail_from: str, upload_dir: Path
) -> list[Answer]:
    """The relay's answer to each mail, in order; SESSIONS sessions side by side."""
    shares = [mails[i::SESSIONS] for i in range(SESSIONS)]
    answered: dict[int, Answer] = {}
    for part in await asyncio.gather(
        *(
            _one_session(share, relay=relay, mail_from=mail_from, upload_dir=upload_dir)
            for share in shares
            if share
        )
    ):
        answered.update(part)
    return [answered[mail.outbox_id] for mail in mails]


@dataclass(frozen=True)
class Round:
    changed: list[int]  # the conversations whose mail changed its delivery state
    claimed: int  # BATCH: there may be more due at once


async def send_round(*, sessions: Sessions, mail: MailSettings, upload_dir: Path) -> Round:
    """Claim up to BATCH due mails, hand them to the relay at once, record the answers."""
    if mail.relay is None:
        return Round([], 0)

    def claim() -> list[OutgoingMail]:
        with sessions() as session:
            return outbox_sending.claim_due(session, now=utcnow(), limit=BATCH, domain=mail.domain)

    due = await asyncio.to_thread(claim)
    answers = await deliver_all(
        due, relay=mail.relay, mail_from=mail.mail_from, upload_dir=upload_dir
    )
    await asyncio.to_thread(_record, sessions, list(zip(due, answers, strict=True)))
    return Round(sorted({m.conversation_id for m in due if m.conversation_id}), len(due))


async def send_due(*, sessions: Sessions, mail: MailSettings, upload_dir: Path) -> list[int]:
    """One round: the conversations whose mail changed its delivery state."""
    return (await send_round(sessions=sessions, mail=mail, upload_dir=upload_dir)).changed


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
