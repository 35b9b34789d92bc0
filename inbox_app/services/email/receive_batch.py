"""Mails that arrived together, stored in one transaction (issue 11, speed): SQLite takes one
writer at a time, and a commit with its write lock costs more than a mail's statements. All or
nothing: when any mail of the batch fails, nothing of it is kept and the caller stores the
mails one by one (`receive_mail`), so one bad mail never fails the others."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from inbox_app.models.mail import ParsedMail, Received
from inbox_app.services import batch_reads
from inbox_app.services.attachments.storage import delete_stored_files
from inbox_app.services.email.receive import Written, run_after_commit, store_mail


def receive_mails(
    session: Session,
    *,
    mails: list[ParsedMail],
    own_address: str,
    upload_dir: Path,
    now: datetime,
) -> list[Received]:
    """What became of each mail, in order, once all are committed. A mail twice in the batch is
    stored once (the second finds the first). Raises (with nothing kept) when any mail fails."""
    written = Written(keys=[], after_commit=[])
    with batch_reads.remembering(session):
        received = _store_all(
            session,
            mails=mails,
            own_address=own_address,
            upload_dir=upload_dir,
            now=now,
            written=written,
        )
        run_after_commit(written.after_commit)
    return received


def _store_all(
    session: Session,
    *,
    mails: list[ParsedMail],
    own_address: str,
    upload_dir: Path,
    now: datetime,
    written: Written,
) -> list[Received]:
    try:
        received = [
            store_mail(
                session,
                mail=mail,
                own_address=own_address,
                upload_dir=upload_dir,
                now=now,
                written=written,
            )
            for mail in mails
        ]
        session.commit()
    except BaseException:
        session.rollback()
        delete_stored_files(upload_dir=upload_dir, storage_keys=written.keys)
        raise
    return received
