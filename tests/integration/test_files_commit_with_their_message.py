"""A message and its files are committed together: a widget polling between two commits would
move past a message whose file was not there yet, and never show the file (the Redis tier saw
it). After every commit, no empty message of the conversation is without its files."""

from sqlalchemy import event
from sqlmodel import Session, col, select

from inbox_app.models.enums import MessageKind
from inbox_app.models.tables import Attachment, Message
from inbox_app.services.attachments.records import record_upload
from inbox_app.services.composer.send import send
from inbox_app.services.widget.uploads import post_incoming_file
from tests.integration.conftest import NOW, make_conversation

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def file_less_messages_after_each_commit(session, engine, conversation_id) -> list[int]:
    """Watches the session: after each commit, how many empty messages have no file."""
    seen: list[int] = []

    def check(_session) -> None:
        with Session(engine) as reader:  # what another worker's poll would read now
            files = select(Attachment.message_id).where(col(Attachment.message_id).is_not(None))
            empty = select(Message.id).where(
                Message.conversation_id == conversation_id,
                Message.body == "",
                col(Message.id).not_in(files),
            )
            seen.append(len(reader.exec(empty).all()))

    event.listen(session, "after_commit", check)
    return seen


def test_a_visitors_file_is_committed_with_its_message(session, engine, team):
    chat = make_conversation(session)
    seen = file_less_messages_after_each_commit(session, engine, chat.id)
    message_id, stored = post_incoming_file(
        session,
        conversation_id=chat.id,
        filename="receipt.png",
        size=len(PNG),
        storage_key="k1",
        head=PNG,
        now=NOW,
    )
    assert stored and message_id
    assert seen and set(seen) == {0}


def test_an_agents_files_are_committed_with_the_reply(session, engine, team):
    chat = make_conversation(session)
    anna = team["anna"]
    upload = record_upload(
        session,
        agent_id=anna.id,
        conversation_id=chat.id,
        filename="invoice.png",
        size=len(PNG),
        storage_key="k2",
        head=PNG,
        now=NOW,
    )
    seen = file_less_messages_after_each_commit(session, engine, chat.id)
    send(
        session,
        actor=anna,
        conversation_id=chat.id,
        kind=MessageKind.reply,
        body="",
        attachment_ids=[upload.id],
        now=NOW,
    )
    assert seen and set(seen) == {0}
