"""Mails that arrive together are stored in one transaction (issue 11, speed), and still each
once, in its conversation, with one bad mail failing alone."""

from dataclasses import replace

import pytest
from sqlalchemy import event, text
from sqlmodel import Session, select

from inbox_app.mail.receiver import MailHandler
from inbox_app.models.email_tables import EmailMessage
from inbox_app.models.mail import MailFile, Received
from inbox_app.models.tables import Contact, Conversation, Message, Notification
from inbox_app.models.webhooks import Webhook, WebhookDelivery
from inbox_app.services.email.parsing import parse_mail
from inbox_app.services.email.receive_batch import receive_mails
from tests.integration.conftest import NOW
from tests.integration.test_mail_receiving import OURS, count, mail_bytes

BAD = "<bad@example.net>"


def handler_for(engine, tmp_path) -> MailHandler:
    return MailHandler(
        sessions=lambda: Session(engine, expire_on_commit=False),
        upload_dir=tmp_path / "uploads",
        own_address=OURS,
    )


def refuse_in_the_database(session, rfc_message_id: str) -> None:
    """A real failure of one mail's insert: the database itself refuses that row."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text(
                "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN IF NEW.rfc_message_id = "
                f"'{rfc_message_id}' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END "
                "$$ LANGUAGE plpgsql"
            )
        )
        session.execute(
            text(
                "CREATE TRIGGER refuse BEFORE INSERT ON email_message "
                "FOR EACH ROW EXECUTE FUNCTION refuse()"
            )
        )
    else:
        session.execute(
            text(
                "CREATE TRIGGER refuse BEFORE INSERT ON email_message WHEN NEW.rfc_message_id = "
                f"'{rfc_message_id}' BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        )
    session.commit()


def commits_of(engine) -> list[int]:
    """One entry for every commit on this engine's connections."""
    seen: list[int] = []
    event.listen(engine, "commit", lambda _connection: seen.append(1))
    return seen


def test_a_burst_is_one_transaction_with_threads_and_duplicates_inside_it(
    session, engine, team, tmp_path
):
    first = mail_bytes(message_id="<b1@example.net>")
    answer = mail_bytes(message_id="<b2@example.net>", In_Reply_To="<b1@example.net>")
    other = mail_bytes(sender="Omar <omar@example.org>", message_id="<b3@example.net>")
    commits = commits_of(engine)
    got = receive_mails(
        session,
        mails=[parse_mail(raw) for raw in (first, answer, first, other)],
        own_address=OURS,
        upload_dir=tmp_path,
        now=NOW,
    )
    assert [r.outcome for r in got] == ["stored", "stored", "duplicate", "stored"]
    assert len(commits) == 1
    assert got[1].conversation_ids == got[0].conversation_ids  # the answer joined it
    assert got[2].message_id == got[0].message_id  # the same mail twice: stored once
    assert got[3].conversation_ids != got[0].conversation_ids
    assert (count(session, Message), count(session, Conversation)) == (3, 2)
    emails = session.exec(select(Contact.email).order_by(Contact.email)).all()
    assert emails == ["omar@example.org", "paula@example.net"]


def test_a_blocked_sender_in_a_burst_drops_only_their_mail(session, engine, team, tmp_path):
    session.add(Contact(email="spam@example.org", blocked=True))
    session.commit()
    raws = [
        mail_bytes(message_id="<g1@example.net>"),
        mail_bytes(sender="spam@example.org", message_id="<s1@example.net>"),
        mail_bytes(message_id="<g2@example.net>"),
    ]
    got = handler_for(engine, tmp_path).store_many(raws)
    assert [r.outcome for r in got] == ["stored", "blocked", "stored"]
    assert count(session, Message) == 2


def test_a_bad_mail_among_good_ones_fails_alone(session, engine, team, tmp_path):
    refuse_in_the_database(session, BAD)
    good = parse_mail(mail_bytes(message_id="<g1@example.net>"))
    with_file = replace(good, files=[MailFile("note.txt", "text/plain", b"kept once")])
    raws = [
        mail_bytes(message_id="<g0@example.net>"),
        mail_bytes(sender="Omar <omar@example.org>", message_id=BAD),
        mail_bytes(message_id="<g2@example.net>", In_Reply_To="<g0@example.net>"),
    ]
    handler = handler_for(engine, tmp_path)
    got = handler.store_many(raws)
    assert isinstance(got[0], Received) and isinstance(got[2], Received)
    assert (got[0].outcome, got[2].outcome) == ("stored", "stored")
    assert got[2].conversation_ids == got[0].conversation_ids  # threading held one by one
    assert isinstance(got[1], Exception)  # answered 451: its sender tries again later
    stored = session.exec(select(EmailMessage.rfc_message_id)).all()
    assert sorted(stored) == ["<g0@example.net>", "<g2@example.net>"]
    assert session.exec(select(Contact).where(Contact.email == "omar@example.org")).all() == []
    # the files a failed batch wrote are removed with it: every file left has its row
    with Session(engine) as own, pytest.raises(Exception, match="refused"):
        receive_mails(
            own,
            mails=[with_file, parse_mail(mail_bytes(message_id=BAD))],
            own_address=OURS,
            upload_dir=tmp_path / "uploads",
            now=NOW,
        )
    assert [path for path in (tmp_path / "uploads").rglob("*") if path.is_file()] == []
    assert count(session, Message) == 2


def test_a_burst_reads_settings_once_and_still_tells_everyone_of_every_mail(
    session, engine, team, tmp_path
):
    session.add(Webhook(url="https://hooks.example.org/in", events=["message.created"], secret="s"))
    session.commit()
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    raws = [mail_bytes(message_id=f"<w{n}@example.net>") for n in range(3)]
    got = handler_for(engine, tmp_path).store_many(raws)
    assert [r.outcome for r in got] == ["stored"] * 3
    assert sum(s.lstrip().startswith("SELECT webhook.id") for s in statements) == 1
    events = session.exec(select(WebhookDelivery.event)).all()
    assert events == ["message.created"] * 3  # the webhook was read once, and told of each
    # a new conversation tells every agent, in every mail of the burst
    assert count(session, Notification) == 3 * 2  # Anna and Ben
