"""Replies and new emails go out through the durable outbox to a real relay (an aiosmtpd sink
on loopback), threaded, with the delivery state in the thread (issue 11, mail going out)."""

import asyncio
from datetime import timedelta

from sqlmodel import Session, select

from inbox_app.mail.config import MailSettings, Relay
from inbox_app.mail.sender import send_due
from inbox_app.models.enums import MessageKind
from inbox_app.models.outbox import OutboxEmail
from inbox_app.models.tables import Attachment
from inbox_app.services.attachments.storage import write_chunks
from inbox_app.services.conversations.detail import thread
from inbox_app.services.conversations.messages import post_agent_message
from inbox_app.services.conversations.start import start_outgoing_email
from inbox_app.services.email import outbox_sending
from inbox_app.services.email.outgoing import queue_email_reply, queue_first_mail
from inbox_app.services.email.parsing import parse_mail
from inbox_app.services.email.receive import receive_mail
from inbox_app.services.outbox import queue_reply_if_away
from tests.integration.conftest import NOW, make_conversation
from tests.integration.test_mail_receiving import OURS, mail_bytes
from tests.mail_sink import free_port, mail_sink

FROM = f"Support <{OURS}>"


def settings_for(port: int) -> MailSettings:
    return MailSettings(
        mail_from=FROM,
        smtp_port=None,
        smtp_host="127.0.0.1",
        relay=Relay(host="127.0.0.1", port=port),
    )


def send_round(engine, tmp_path, port: int) -> list[int]:
    sessions = lambda: Session(engine, expire_on_commit=False)  # noqa: E731
    return asyncio.run(send_due(sessions=sessions, mail=settings_for(port), upload_dir=tmp_path))


def incoming(session, tmp_path, raw=None):
    return receive_mail(
        session,
        mail=parse_mail(raw or mail_bytes()),
        own_address=OURS,
        upload_dir=tmp_path,
        now=NOW,
    )


def reply(session, team, conversation_id, body="It left today.", kind=MessageKind.reply):
    message = post_agent_message(
        session,
        agent_id=team["anna"].id,
        kind=kind,
        body=body,
        conversation_id=conversation_id,
        now=NOW,
    )
    queued = queue_email_reply(session, message_id=message.id, domain="example.com", now=NOW)
    return message, queued


def outbox(session) -> OutboxEmail:
    session.expire_all()
    return session.exec(select(OutboxEmail)).one()


def delivery(session, conversation_id):
    shown = thread(session, conversation_id=conversation_id, contact_name="Paula", now=NOW)
    return [(m.kind, m.delivery) for m in shown]


def test_a_reply_goes_out_threaded_and_the_answer_joins_the_conversation(
    engine, session, team, tmp_path
):
    conversation_id = incoming(session, tmp_path).conversation_ids[0]
    message, queued = reply(session, team, conversation_id, body="It **left** today.")
    assert queued and delivery(session, conversation_id)[-1] == ("reply", "Queued")
    with mail_sink() as (sink, port):
        assert send_round(engine, tmp_path, port) == [conversation_id]
    [mail] = sink.mails
    assert (mail["From"], mail["To"]) == (FROM, "paula@example.net")
    assert mail["Subject"] == "Re: Where is my parcel?"
    assert mail["In-Reply-To"] == "<m1@example.net>"
    assert mail["References"] == "<m1@example.net>"
    assert mail["Message-ID"].endswith("@example.com>")
    assert mail.get_content_type() == "multipart/alternative"
    assert mail.get_body(("plain",)).get_content().strip() == "It **left** today."
    assert "<strong>left</strong>" in mail.get_body(("html",)).get_content()
    row = outbox(session)
    assert (row.status, row.last_error, row.attempts) == ("sent", "OK queued", 0)
    assert delivery(session, conversation_id)[-1] == ("reply", "Sent")
    answer = mail_bytes(
        message_id="<m9@example.net>",
        In_Reply_To=mail["Message-ID"],
        References=f"<m1@example.net> {mail['Message-ID']}",
    )
    assert incoming(session, tmp_path, answer).conversation_ids == [conversation_id]


def test_new_email_goes_out_with_its_subject_and_no_in_reply_to(engine, session, team, tmp_path):
    conversation_id = start_outgoing_email(
        session,
        actor=team["anna"],
        to_email="max@example.org",
        subject="Your invoice",
        body="Attached.",
        now=NOW,
    )
    assert queue_first_mail(session, conversation_id=conversation_id, domain="example.com", now=NOW)
    with mail_sink() as (sink, port):
        send_round(engine, tmp_path, port)
    [mail] = sink.mails
    assert (mail["To"], mail["Subject"], mail["In-Reply-To"]) == (
        "max@example.org",
        "Your invoice",
        None,
    )


def test_comments_are_never_mailed(session, team, tmp_path):
    conversation_id = incoming(session, tmp_path).conversation_ids[0]
    _, queued = reply(session, team, conversation_id, kind=MessageKind.comment)
    assert not queued
    assert session.exec(select(OutboxEmail)).all() == []


def test_a_permanent_refusal_fails_at_once_with_the_relays_answer(engine, session, team, tmp_path):
    conversation_id = incoming(session, tmp_path).conversation_ids[0]
    reply(session, team, conversation_id)
    with mail_sink() as (sink, port):
        sink.answer = "554 5.7.1 Message rejected as spam"
        send_round(engine, tmp_path, port)
    row = outbox(session)
    assert (row.status, row.last_error) == ("failed", "554 5.7.1 Message rejected as spam")
    shown = thread(session, conversation_id=conversation_id, contact_name="Paula", now=NOW)
    assert (shown[-1].delivery, shown[-1].delivery_note) == ("Failed", row.last_error)
    assert not outbox_sending.retry(session, message_id=row.message_id, conversation_id=0)
    assert outbox_sending.retry(session, message_id=row.message_id, conversation_id=conversation_id)
    assert outbox(session).status == "queued"


def test_temporary_failures_wait_longer_each_time_then_the_mail_goes_out_once(
    engine, session, team, tmp_path
):
    conversation_id = incoming(session, tmp_path).conversation_ids[0]
    reply(session, team, conversation_id)
    port = free_port()
    send_round(engine, tmp_path, port)  # nothing listens: connection refused
    row = outbox(session)
    assert (row.status, row.attempts) == ("queued", 1) and "Connect" in row.last_error
    assert send_round(engine, tmp_path, port) == []  # not due again yet
    _due_now(session)
    with mail_sink(port) as (sink, _):
        sink.answer = "451 4.3.0 Try again later"
        send_round(engine, tmp_path, port)
        assert (outbox(session).status, outbox(session).attempts) == ("queued", 2)
        sink.answer = "250 OK"
        _due_now(session)
        send_round(engine, tmp_path, port)
        send_round(engine, tmp_path, port)
    assert len(sink.mails) == 1 and outbox(session).status == "sent"


def test_growing_delays_for_more_than_a_day():
    delays = [outbox_sending.retry_delay(n) for n in range(1, outbox_sending.MAX_ATTEMPTS)]
    assert delays[:3] == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert max(delays) == timedelta(hours=1) and sum(delays, timedelta()) > timedelta(days=1)


def test_two_senders_never_claim_the_same_mail(engine, session, team, tmp_path):
    conversation_id = incoming(session, tmp_path).conversation_ids[0]
    for n in range(3):
        reply(session, team, conversation_id, body=f"Reply {n}")
    with Session(engine) as other:
        first = outbox_sending.claim_due(session, now=NOW, limit=2, domain="example.com")
        second = outbox_sending.claim_due(other, now=NOW, limit=5, domain="example.com")
        third = outbox_sending.claim_due(other, now=NOW, limit=5, domain="example.com")
    assert len(first) == 2 and len(second) == 1 and third == []
    assert {m.outbox_id for m in first}.isdisjoint({m.outbox_id for m in second})
    later = NOW + outbox_sending.LEASE + timedelta(seconds=1)  # a sender that died: taken again
    assert len(outbox_sending.claim_due(session, now=later, limit=5, domain="example.com")) == 3


def _due_now(session) -> None:
    for row in session.exec(select(OutboxEmail)).all():
        row.next_attempt_at = None
        session.add(row)
    session.commit()


def test_a_chat_reply_for_a_visitor_who_left_goes_out_and_their_answer_joins_the_chat(
    engine, session, team, tmp_path
):
    chat = make_conversation(session, name="Lena")
    message = post_agent_message(
        session,
        agent_id=team["anna"].id,
        kind=MessageKind.reply,
        body="Your parcel left",
        conversation_id=chat.id,
        now=NOW,
    )
    assert queue_reply_if_away(session, message_id=message.id, visitor_connected=False, now=NOW)
    with mail_sink() as (sink, port):
        send_round(engine, tmp_path, port)
    [mail] = sink.mails
    assert (mail["To"], mail["Subject"]) == ("lena@example.org", "New reply to your chat")
    assert "Anna replied to your chat:" in mail.get_body(("plain",)).get_content()
    assert delivery(session, chat.id)[-1] == ("reply", "Sent by email")
    answer = mail_bytes(
        sender="lena@example.org", message_id="<l1@example.org>", In_Reply_To=mail["Message-ID"]
    )
    assert incoming(session, tmp_path, answer).conversation_ids == [chat.id]


def test_without_a_relay_the_mail_stays_queued_and_says_why(session, team, tmp_path):
    conversation_id = incoming(session, tmp_path).conversation_ids[0]
    reply(session, team, conversation_id)
    assert outbox_sending.note_waiting(session, note="Waiting: no relay") == 1
    assert outbox_sending.note_waiting(session, note="Waiting: no relay") == 0  # once
    shown = thread(session, conversation_id=conversation_id, contact_name="Paula", now=NOW)
    assert (shown[-1].delivery, shown[-1].delivery_note) == ("Queued", "Waiting: no relay")


def test_a_replys_files_go_out_as_attachments(engine, session, team, tmp_path):
    conversation_id = incoming(session, tmp_path).conversation_ids[0]
    message, _ = reply(session, team, conversation_id, body="The invoice, as promised.")
    stored = write_chunks(upload_dir=tmp_path, chunks=[b"%PDF-1.4 invoice"])
    session.add(
        Attachment(
            conversation_id=conversation_id,
            message_id=message.id,
            filename="Rechnung März.pdf",
            content_type="application/octet-stream",
            size=stored.size,
            storage_key=stored.storage_key,
        )
    )
    session.commit()
    with mail_sink() as (sink, port):
        send_round(engine, tmp_path, port)
    [mail] = sink.mails
    [file] = list(mail.iter_attachments())
    assert (file.get_filename(), file.get_content()) == ("Rechnung März.pdf", b"%PDF-1.4 invoice")
    assert mail.get_body(("plain",)).get_content().strip() == "The invoice, as promised."
