"""The composer's reply, its subject and its mail are committed together: a crash between two
commits could leave a reply the contact never gets, or a mail without the subject typed."""

import pytest
from sqlmodel import select

from inbox_app.mail.reply_delivery import queue_in_transaction
from inbox_app.models.enums import Channel, MessageKind
from inbox_app.models.outbox import OutboxEmail
from inbox_app.services.composer.send import send
from tests.integration.commit_order import inserts_and_commits
from tests.integration.conftest import NOW, make_conversation


def queue_mail(session, message_id):
    return queue_in_transaction(session, message_id=message_id, visitor_connected=lambda: False)


def compose(session, team, conversation_id, kind=MessageKind.reply):
    return send(
        session,
        actor=team["anna"],
        conversation_id=conversation_id,
        kind=kind,
        body="It left today.",
        attachment_ids=[],
        now=NOW,
        subject="Your order  #42",
        queue_mail=queue_mail,
    )


@pytest.mark.parametrize("channel", [Channel.email, Channel.chat])
def test_a_reply_and_its_mail_share_one_commit(engine, session, team, channel):
    """An email conversation always; a chat whose visitor is gone."""
    conversation_id = make_conversation(session, channel=channel).id
    happened = inserts_and_commits(engine)
    sent = compose(session, team, conversation_id)
    since_the_reply = happened[happened.index("message") :]
    first_commit = since_the_reply.index("commit")
    assert "outbox_email" in since_the_reply[:first_commit]
    assert sent.mail_label == {Channel.email: "Queued", Channel.chat: "Queued for email"}[channel]
    [mail] = session.exec(select(OutboxEmail)).all()
    assert mail.message_id == sent.message_id


def test_an_email_reply_goes_out_with_the_subject_typed(session, team):
    conversation_id = make_conversation(session, channel=Channel.email).id
    compose(session, team, conversation_id)
    [mail] = session.exec(select(OutboxEmail)).all()
    assert mail.subject == "Your order #42"


def test_a_comment_queues_no_mail(session, team):
    conversation_id = make_conversation(session, channel=Channel.email).id
    sent = compose(session, team, conversation_id, kind=MessageKind.comment)
    assert sent.mail_label is None
    assert session.exec(select(OutboxEmail)).all() == []
