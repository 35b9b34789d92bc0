"""IMAP polling (imap-tools): mail in INBOX_IMAP_URL's folder that is not yet marked is stored,
then marked with the keyword `$InboxStored`. A mail fetched twice (a crash between storing and
marking, two workers) is stored once: storing is idempotent by Message-ID or content hash."""

from __future__ import annotations

import logging

from imap_tools import AND, MailBox, MailBoxUnencrypted

from inbox_app.mail.config import ImapSource
from inbox_app.mail.receiver import MailHandler
from inbox_app.models.mail import Received

STORED_FLAG = "$InboxStored"
BATCH = 200  # mails a round at most; the rest come next round
TIMEOUT_SECONDS = 30
log = logging.getLogger(__name__)


def _mailbox(source: ImapSource):
    if source.use_tls:
        return MailBox(source.host, source.port, timeout=TIMEOUT_SECONDS)
    return MailBoxUnencrypted(source.host, source.port, timeout=TIMEOUT_SECONDS)


def fetch_once(source: ImapSource, handler: MailHandler) -> list[Received]:
    """One round (blocking: run it on a thread). A mail that cannot be stored stays unmarked
    and is tried again next round; the round stops there (the database may be down)."""
    results: list[Received] = []
    with _mailbox(source).login(source.username, source.password, source.folder) as box:
        criteria = AND(no_keyword=STORED_FLAG)
        for mail in box.fetch(criteria, mark_seen=False, limit=BATCH, bulk=True):
            results.append(handler.store(mail.obj.as_bytes()))
            box.flag(mail.uid, STORED_FLAG, True)
    return results
