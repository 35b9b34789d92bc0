"""IMAP polling against a real dovecot on loopback (scripts/dovecot.sh): mail in the folder
becomes messages, is marked, and a mail fetched twice is stored once (issue 11)."""

import subprocess
from email.message import EmailMessage as Mime
from pathlib import Path

import pytest
from imap_tools import AND
from sqlmodel import Session, func, select

from inbox_app.mail.config import parse_imap
from inbox_app.mail.imap import STORED_FLAG, _mailbox, fetch_once
from inbox_app.mail.receiver import MailHandler
from inbox_app.models.tables import Message

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "dovecot.sh"


@pytest.fixture(scope="module")
def imap_url():
    started = subprocess.run([str(SCRIPT), "start"], capture_output=True, text=True, check=True)
    yield started.stdout.strip()
    subprocess.run([str(SCRIPT), "stop"], capture_output=True, check=False)


@pytest.fixture()
def source(imap_url):
    """The mailbox, emptied for this test."""
    source = parse_imap(imap_url, poll_seconds=1)
    with _mailbox(source).login(source.username, source.password, source.folder) as box:
        box.delete(box.uids())
    return source


def put(source, *, message_id: str, body: str) -> None:
    mime = Mime()
    mime["From"], mime["To"] = "Ida <ida@example.org>", "support@example.com"
    mime["Subject"], mime["Message-ID"] = "Via IMAP", message_id
    mime.set_content(body)
    with _mailbox(source).login(source.username, source.password, source.folder) as box:
        box.append(bytes(mime))


def unmark_all(source) -> None:
    with _mailbox(source).login(source.username, source.password, source.folder) as box:
        box.flag(box.uids(), STORED_FLAG, False)


def test_mail_in_the_mailbox_becomes_messages_once(engine, source, tmp_path):
    handler = MailHandler(
        sessions=lambda: Session(engine, expire_on_commit=False),
        upload_dir=tmp_path,
        own_address="support@example.com",
    )
    put(source, message_id="<imap-1@example.org>", body="First by IMAP")
    put(source, message_id="<imap-2@example.org>", body="Second by IMAP")
    assert [r.outcome for r in fetch_once(source, handler)] == ["stored", "stored"]
    assert fetch_once(source, handler) == []  # marked: not fetched again
    with _mailbox(source).login(source.username, source.password, source.folder) as box:
        assert len(box.uids(AND(keyword=STORED_FLAG))) == 2
        assert len(box.uids(AND(seen=False))) == 2  # the team's own mail client still sees them new
    unmark_all(source)  # as if the process died between storing and marking
    assert [r.outcome for r in fetch_once(source, handler)] == ["duplicate", "duplicate"]
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Message)).one() == 2
        bodies = sorted(session.exec(select(Message.body)).all())
    assert bodies == ["First by IMAP", "Second by IMAP"]


def test_the_imap_url_is_read_as_the_contract_says():
    source = parse_imap("imaps://me%40example.com:p%2Fw@mail.example.com/Support%20Inbox")
    assert (
        source.host,
        source.port,
        source.username,
        source.password,
        source.folder,
        source.use_tls,
    ) == ("mail.example.com", 993, "me@example.com", "p/w", "Support Inbox", True)
    assert parse_imap("imap://u:p@h").port == 143 and parse_imap("imap://u:p@h").folder == "INBOX"
