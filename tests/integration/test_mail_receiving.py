"""Incoming mail stored as messages: new conversations, threading, idempotency, files, and mail
that is not a customer writing (issue 11)."""

import threading
from dataclasses import replace
from email.message import EmailMessage as Mime
from pathlib import Path

from sqlmodel import Session, func, select

from inbox_app.models.email_tables import EmailMessage
from inbox_app.models.enums import Channel, ConversationState, MessageKind
from inbox_app.models.mail import MailFile
from inbox_app.models.outbox import OutboxEmail
from inbox_app.models.tables import Attachment, Contact, Conversation, Message, Notification
from inbox_app.services.conversations.actions import set_state
from inbox_app.services.conversations.messages import post_agent_message
from inbox_app.services.email.parsing import parse_mail
from inbox_app.services.email.receive import receive_mail
from tests.integration.conftest import NOW

CORPUS = Path(__file__).parent.parent / "mail"
OURS = "support@example.com"


def mail_bytes(
    *,
    sender="Paula <paula@example.net>",
    subject="Where is my parcel?",
    body="It has not arrived.",
    message_id="<m1@example.net>",
    **headers,
) -> bytes:
    mime = Mime()
    mime["From"], mime["To"], mime["Subject"] = sender, OURS, subject
    if message_id:
        mime["Message-ID"] = message_id
    for name, value in headers.items():
        mime[name.replace("_", "-")] = value
    mime.set_content(body)
    return bytes(mime)


def receive(session, raw: bytes, tmp_path):
    return receive_mail(
        session, mail=parse_mail(raw), own_address=OURS, upload_dir=tmp_path / "uploads", now=NOW
    )


def conversation_with_a_sent_mail(session, team, tmp_path, rfc_message_id: str):
    """A customer's mail and our reply to it, sent as `rfc_message_id`."""
    conversation_id = receive(session, mail_bytes(), tmp_path).conversation_ids[0]
    reply = post_agent_message(
        session,
        agent_id=team["anna"].id,
        conversation_id=conversation_id,
        kind=MessageKind.reply,
        body="On its way",
        now=NOW,
    )
    session.add(
        EmailMessage(
            message_id=reply.id, conversation_id=conversation_id, rfc_message_id=rfc_message_id
        )
    )
    session.commit()
    return conversation_id, reply


def count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_a_new_mail_opens_an_email_conversation_with_its_contact(session, team, tmp_path):
    got = receive(session, mail_bytes(), tmp_path)
    assert got.outcome == "stored"
    conversation = session.get(Conversation, got.conversation_ids[0])
    contact = session.get(Contact, conversation.contact_id)
    message = session.get(Message, got.message_id)
    assert (conversation.channel, conversation.subject, conversation.state) == (
        Channel.email,
        "Where is my parcel?",
        ConversationState.open,
    )
    assert (contact.email, contact.name) == ("paula@example.net", "Paula")
    assert (message.kind, message.body) == (MessageKind.incoming, "It has not arrived.")
    assert message.email_meta == {
        "subject": "Where is my parcel?",
        "from": "Paula <paula@example.net>",
        "to": OURS,
        "cc": "",
    }
    assert conversation.preview == "It has not arrived." and conversation.last_incoming_at
    assert count(session, Notification) == 2  # a new conversation tells every agent
    # a second mail from the same address is a new conversation of the same contact
    other = receive(session, mail_bytes(message_id="<m2@example.net>"), tmp_path)
    assert other.conversation_ids != got.conversation_ids
    assert session.get(Conversation, other.conversation_ids[0]).contact_id == contact.id


def test_a_mail_delivered_twice_is_stored_once(session, team, tmp_path):
    for raw in (mail_bytes(), mail_bytes(message_id="")):
        first, again = receive(session, raw, tmp_path), receive(session, raw, tmp_path)
        assert (first.outcome, again.outcome) == ("stored", "duplicate")
        assert again.message_id == first.message_id
    assert count(session, Message) == 2


def test_concurrent_deliveries_of_one_mail_store_one_message(engine, team, tmp_path):
    raw, outcomes = mail_bytes(), []

    def deliver():
        with Session(engine, expire_on_commit=False) as own:
            outcomes.append(receive(own, raw, tmp_path).outcome)

    workers = [threading.Thread(target=deliver) for _ in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(outcomes) == ["duplicate"] * 5 + ["stored"]
    with Session(engine) as session:
        assert (count(session, Message), count(session, Conversation)) == (1, 1)


def test_answers_join_their_conversation_and_reopen_it(session, team, tmp_path):
    first = receive(session, mail_bytes(), tmp_path)
    conversation_id = first.conversation_ids[0]
    set_state(
        session,
        actor=team["anna"],
        conversation_id=conversation_id,
        state=ConversationState.closed,
        now=NOW,
    )
    answer = mail_bytes(
        message_id="<m3@example.net>",
        subject="something else entirely",
        body="Any news?",
        In_Reply_To="<m1@example.net>",
    )
    got = receive(session, answer, tmp_path)
    assert got.conversation_ids == [conversation_id]
    conversation = session.get(Conversation, conversation_id)
    session.refresh(conversation)
    assert conversation.state is ConversationState.open


def test_an_answer_to_a_mail_we_sent_joins_its_conversation(session, team, tmp_path):
    conversation_id, _ = conversation_with_a_sent_mail(
        session, team, tmp_path, "<sent-1@example.com>"
    )
    answer = mail_bytes(message_id="<m4@example.net>", References="<x@y> <sent-1@example.com>")
    assert receive(session, answer, tmp_path).conversation_ids == [conversation_id]


def test_attachments_are_kept_and_oversized_ones_named(session, team, tmp_path):
    mail = parse_mail((CORPUS / "apple_mixed_inline.eml").read_bytes())
    huge = MailFile(filename="video.mp4", content_type="video/mp4", data=b"0" * (10 * 2**20 + 1))
    mail = replace(mail, files=[*mail.files, huge])
    got = receive_mail(session, mail=mail, own_address=OURS, upload_dir=tmp_path, now=NOW)
    files = session.exec(select(Attachment).order_by(Attachment.id)).all()
    assert [(f.filename, f.content_type, f.message_id) for f in files] == [
        ("shot.png", "image/png", got.message_id),
        ("Übersicht März.pdf", "application/octet-stream", got.message_id),
        ("пример.txt", "application/octet-stream", got.message_id),
    ]
    assert all(any(tmp_path.rglob(f.storage_key)) for f in files)
    body = session.get(Message, got.message_id).body
    assert body.endswith("The attachment video.mp4 is larger than 10 MB and was not kept.")
    stored = session.exec(select(EmailMessage)).one()
    assert 'src="cid:shot-1@example.com"' in stored.html


def test_our_own_mail_and_blocked_contacts_make_nothing(session, team, tmp_path):
    assert receive(session, mail_bytes(sender=f"Us <{OURS}>"), tmp_path).outcome == "ignored"
    session.add(Contact(email="spam@example.org", blocked=True))
    session.commit()
    assert receive(session, mail_bytes(sender="spam@example.org"), tmp_path).outcome == "blocked"
    assert count(session, Message) == 0


def test_an_auto_reply_is_kept_and_tells_no_one(session, team, tmp_path):
    got = receive(session, (CORPUS / "auto_reply.eml").read_bytes(), tmp_path)
    assert got.outcome == "stored"
    assert count(session, Notification) == 0
    assert session.exec(select(EmailMessage.auto_reply)).one() is True


def test_a_bounce_marks_our_mail_failed_and_opens_nothing(session, team, tmp_path):
    conversation_id, reply = conversation_with_a_sent_mail(
        session, team, tmp_path, "<out-77@example.com>"
    )
    session.add(
        OutboxEmail(
            message_id=reply.id,
            to_address="nobody@example.net",
            subject="Re: Your order",
            body="Hello",
        )
    )
    session.commit()
    got = receive(session, (CORPUS / "bounce.eml").read_bytes(), tmp_path)
    assert (got.outcome, got.conversation_ids) == ("bounce", [conversation_id])
    mail = session.exec(select(OutboxEmail)).one()
    assert mail.status == "failed" and "User unknown" in mail.last_error
    assert count(session, Conversation) == 1


def test_the_thread_shows_a_mails_headers_and_the_whole_mail_one_click_away(
    session, team, tmp_path
):
    from inbox_app.services.conversations.detail import thread

    got = receive(session, (CORPUS / "thunderbird_reply.eml").read_bytes(), tmp_path)
    [shown] = thread(session, conversation_id=got.conversation_ids[0], contact_name="P", now=NOW)
    assert shown.email_headers == (
        "Subject: Re: Your order 1042\nFrom: Paula Müller <paula@example.net>\n"
        "To: Support <support@example.com>"
    )
    assert "Grüße aus Köln" in shown.body_html and "Please try again" not in shown.body_html
    assert "> Please try again with the new link." in shown.whole_mail
