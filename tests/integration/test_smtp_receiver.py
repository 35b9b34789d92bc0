"""The built-in SMTP receiver: mail sent with smtplib becomes a message before the 250
(issue 11, mail coming in)."""

import asyncio
import smtplib
import socket
import threading
from contextlib import contextmanager
from email.message import EmailMessage as Mime

import pytest
from sqlmodel import Session, select

from inbox_app.db import make_engine
from inbox_app.mail.receiver import MAX_MAIL_BYTES, MailHandler, serve
from inbox_app.models.email_tables import EmailMessage
from inbox_app.models.enums import Channel
from inbox_app.models.tables import Conversation, Message


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def receiver(engine, tmp_path, announced: list):
    """The receiver on its own event loop in a thread, as the app runs it on its loop."""
    handler = MailHandler(
        sessions=lambda: Session(engine, expire_on_commit=False),
        upload_dir=tmp_path / "uploads",
        own_address="support@example.com",
        on_stored=announced.append,
    )
    loop, port = asyncio.new_event_loop(), free_port()
    server = loop.run_until_complete(serve(handler, host="127.0.0.1", port=port))
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        server.close()
        loop.close()
        handler.close()


def mime(body="Hello over SMTP, grüße") -> Mime:
    mail = Mime()
    mail["From"], mail["To"] = "Paula <paula@example.net>", "support@example.com"
    mail["Subject"], mail["Message-ID"] = "Über SMTP", "<smtp-1@example.net>"
    mail.set_content(body)
    return mail


def test_a_mail_sent_over_smtp_becomes_a_message(engine, tmp_path):
    announced: list = []
    with receiver(engine, tmp_path, announced) as port, smtplib.SMTP("127.0.0.1", port) as smtp:
        refused = smtp.send_message(mime())
        assert refused == {}
        smtp.send_message(mime())  # delivered twice: stored once
    with Session(engine) as session:
        [message] = session.exec(select(Message)).all()
        conversation = session.get(Conversation, message.conversation_id)
    assert message.body == "Hello over SMTP, grüße"
    assert (conversation.channel, conversation.subject) == (Channel.email, "Über SMTP")
    assert [r.outcome for r in announced] == ["stored", "duplicate"]
    assert announced[0].conversation_ids == [conversation.id]


def test_concurrent_senders_get_250_only_once_their_mail_is_stored(engine, tmp_path):
    """Mails arriving together share a commit; each 250 still waits for the one holding it."""
    announced: list = []
    missing: list[str] = []

    def send(sender: int) -> None:
        with smtplib.SMTP("127.0.0.1", port) as smtp, Session(engine) as session:
            for n in range(8):
                mail = mime(body=f"Mail {n} from sender {sender}")
                del mail["Message-ID"]
                mail["Message-ID"] = f"<burst-{sender}-{n}@example.net>"
                for _ in range(1 + (n == 3)):  # the fourth delivered twice
                    assert smtp.send_message(mail) == {}
                session.rollback()  # a fresh read after the 250
                found = session.exec(
                    select(EmailMessage).where(EmailMessage.rfc_message_id == mail["Message-ID"])
                ).all()
                if len(found) != 1:
                    missing.append(mail["Message-ID"])

    with receiver(engine, tmp_path, announced) as port:
        senders = [threading.Thread(target=send, args=(s,)) for s in range(6)]
        for thread in senders:
            thread.start()
        for thread in senders:
            thread.join()
    assert missing == []
    with Session(engine) as session:
        assert len(session.exec(select(Message)).all()) == 48
    outcomes = sorted(r.outcome for r in announced)
    assert outcomes == ["duplicate"] * 6 + ["stored"] * 48


def test_a_mail_over_25_mb_is_refused_with_552_and_nothing_stored(engine, tmp_path):
    huge = mime(body="x" * 70 + "\n")
    huge.add_attachment(b"0" * MAX_MAIL_BYTES, maintype="application", subtype="octet-stream")
    with (
        receiver(engine, tmp_path, []) as port,
        smtplib.SMTP("127.0.0.1", port) as smtp,
        pytest.raises(smtplib.SMTPResponseException) as refused,
    ):
        smtp.send_message(huge)
    assert refused.value.smtp_code == 552
    with Session(engine) as session:
        assert session.exec(select(Message)).all() == []


def test_a_mail_that_cannot_be_stored_is_answered_451_so_the_sender_retries(tmp_path):
    unmigrated = make_engine(f"sqlite:///{tmp_path / 'no-tables.db'}")
    with (
        receiver(unmigrated, tmp_path, []) as port,
        smtplib.SMTP("127.0.0.1", port) as smtp,
        pytest.raises(smtplib.SMTPDataError) as refused,
    ):
        smtp.send_message(mime())
    assert refused.value.smtp_code == 451
    unmigrated.dispose()
