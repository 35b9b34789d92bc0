"""The built-in SMTP receiver (aiosmtpd) on INBOX_SMTP_PORT, run on the app's own event loop.

Every accepted mail is stored before the `250` answer; when it cannot be stored the answer is
`451` and the sending server tries again later (never dropped silently). A mail over 25 MB is
refused during the dialogue with `552` (aiosmtpd's size limit), and nothing is stored.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future, InvalidStateError
from contextlib import AbstractContextManager
from pathlib import Path

from aiosmtpd.smtp import SMTP, Envelope
from sqlmodel import Session

from inbox_app.mail.writer_lock import one_writer
from inbox_app.models.mail import ParsedMail, Received
from inbox_app.models.tables import utcnow
from inbox_app.services.email.parsing import parse_mail
from inbox_app.services.email.receive import receive_mail
from inbox_app.services.email.receive_batch import receive_mails

MAX_MAIL_BYTES = 25 * 1024 * 1024
MAX_BATCH = 100  # mails a transaction at most: a long one would hold the write lock long
log = logging.getLogger(__name__)
Sessions = Callable[[], AbstractContextManager[Session]]


class MailHandler:
    """aiosmtpd's handler: DATA → a stored message, then `on_stored` (the live events).

    One writer thread stores every mail that arrived while it stored the last ones in one
    transaction (group commit: SQLite takes one writer at a time, and a commit costs more
    than a mail); each `250` waits for the commit that holds its mail."""

    def __init__(
        self,
        *,
        sessions: Sessions,
        upload_dir: Path,
        own_address: str,
        on_stored: Callable[[Received], None] = lambda _: None,
    ) -> None:
        self.sessions, self.upload_dir, self.own_address = sessions, upload_dir, own_address
        self.on_stored = on_stored
        self._queue: queue.SimpleQueue[tuple[bytes, Future] | None] = queue.SimpleQueue()
        self._writer: threading.Thread | None = None
        self._started = threading.Lock()

    def store(self, raw: bytes) -> Received:
        """One mail, in a transaction of its own (IMAP polling, and a failed batch's mails)."""
        return self._store_parsed(parse_mail(raw))

    def store_many(self, raws: list[bytes]) -> list[Received | Exception]:
        """Each mail's outcome, or the error that kept it from being stored. Parsed before
        the transaction (the write lock is held for the database work only)."""
        parsed = [_parsed(raw) for raw in raws]
        stored = iter(self._store_batch([mail for mail in parsed if isinstance(mail, ParsedMail)]))
        return [mail if isinstance(mail, Exception) else next(stored) for mail in parsed]

    def _store_batch(self, mails: list[ParsedMail]) -> list[Received | Exception]:
        if not mails:
            return []
        try:
            with self.sessions() as session, one_writer(session.get_bind()):
                return list(
                    receive_mails(
                        session,
                        mails=mails,
                        own_address=self.own_address,
                        upload_dir=self.upload_dir,
                        now=utcnow(),
                    )
                )
        except Exception as error:  # nothing of the batch kept
            if len(mails) == 1:
                log.exception("an incoming mail could not be stored; the sender will retry")
                return [error]
            log.warning("a batch of %s mails failed; storing them one by one", len(mails))
            return [self._stored_or_error(mail) for mail in mails]  # one bad mail fails alone

    def _stored_or_error(self, mail: ParsedMail) -> Received | Exception:
        try:
            return self._store_parsed(mail)
        except Exception as error:
            log.exception("an incoming mail could not be stored; the sender will retry")
            return error

    def _store_parsed(self, mail: ParsedMail) -> Received:
        with self.sessions() as session, one_writer(session.get_bind()):
            return receive_mail(
                session,
                mail=mail,
                own_address=self.own_address,
                upload_dir=self.upload_dir,
                now=utcnow(),
            )

    async def handle_DATA(self, server: SMTP, session, envelope: Envelope) -> str:  # noqa: N802
        # aiosmtpd sets the mail's bytes on every DATA; `content` is the same bytes, or their
        # decoding with decode_data (not set here), so it adds nothing when these are empty.
        answer: Future = Future()
        self._queue.put((envelope.original_content or b"", answer))
        self._start_writer()
        try:
            received = await asyncio.wrap_future(answer)
        except Exception:
            return "451 4.3.0 The mail could not be stored; please try again later"
        self.on_stored(received)
        return "250 2.0.0 OK"

    def close(self) -> None:
        """Ends the writer thread once the mails queued are stored."""
        with self._started:
            if self._writer is not None and self._writer.is_alive():
                self._queue.put(None)

    def _start_writer(self) -> None:
        """Made on first use: in the worker process, after any fork."""
        with self._started:
            if self._writer is None or not self._writer.is_alive():
                self._writer = threading.Thread(
                    target=self._write_forever, name="mail-store", daemon=True
                )
                self._writer.start()

    def _write_forever(self) -> None:
        closing = False
        while not (closing and self._queue.empty()):  # a mail queued meanwhile is stored too
            batch: list[tuple[bytes, Future]] = []
            while not batch or (len(batch) < MAX_BATCH and not self._queue.empty()):
                # waits for the first; takes whatever arrived meanwhile
                if (delivery := self._queue.get()) is None:
                    closing = True
                    if self._queue.empty():
                        break
                    continue
                batch.append(delivery)
            if batch:
                self._write(batch)

    def _write(self, batch: list[tuple[bytes, Future]]) -> None:
        try:
            outcomes = self.store_many([raw for raw, _ in batch])
        except Exception as error:  # the writer must live on for the next batch
            log.exception("incoming mails could not be stored; the senders will retry")
            outcomes = [error] * len(batch)
        for (_, answer), outcome in zip(batch, outcomes, strict=True):
            _answer(answer, outcome)


def _parsed(raw: bytes) -> ParsedMail | Exception:
    try:
        return parse_mail(raw)
    except Exception as error:  # parsing keeps what it can; this is the unforeseen
        log.exception("an incoming mail could not be parsed; the sender will retry")
        return error


def _answer(answer: Future, outcome: Received | Exception) -> None:
    """A session that went away (cancelled) gets no answer; the others get theirs once."""
    try:
        if isinstance(outcome, Exception):
            answer.set_exception(outcome)
        else:
            answer.set_result(outcome)
    except InvalidStateError:
        pass


async def serve(handler: MailHandler, *, host: str, port: int) -> asyncio.Server:
    """Listening on the running loop. reuse_port: every worker of the server listens and the
    kernel shares the connections among them."""
    loop = asyncio.get_running_loop()

    def protocol() -> SMTP:
        return SMTP(
            handler,
            data_size_limit=MAX_MAIL_BYTES,
            enable_SMTPUTF8=True,
            hostname="inbox",
            ident="Inbox",
            loop=loop,
        )

    return await loop.create_server(protocol, host=host, port=port, reuse_port=True)
