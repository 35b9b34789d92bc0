"""Inside a batch (`batch_reads.remembering`), what is read once stays: a remembered read runs
once, and a row one service loaded and let go is not selected again by the next."""

import gc

from sqlalchemy import event
from sqlmodel import select

from inbox_app.models.tables import Conversation
from inbox_app.services import batch_reads
from tests.integration.conftest import make_conversation


def selects_of_conversations(engine) -> list[str]:
    seen: list[str] = []

    def selected(_connection, _cursor, statement, *_rest):
        if statement.startswith("SELECT") and "FROM conversation" in statement:
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", selected)
    return seen


def load_and_let_go(session, conversation_id: int) -> None:
    assert session.get(Conversation, conversation_id) is not None
    gc.collect()  # nothing else holds the row: the identity map's weak reference would drop it


def test_a_row_loaded_in_a_batch_is_not_selected_again(engine, session):
    conversation_id = make_conversation(session).id
    session.expunge_all()
    seen = selects_of_conversations(engine)
    with batch_reads.remembering(session):
        load_and_let_go(session, conversation_id)
        load_and_let_go(session, conversation_id)
    assert len(seen) == 1


def test_outside_a_batch_a_row_let_go_is_read_again(engine, session):
    """What the batch saves: the weak identity map forgets it."""
    conversation_id = make_conversation(session).id
    session.expunge_all()
    seen = selects_of_conversations(engine)
    load_and_let_go(session, conversation_id)
    load_and_let_go(session, conversation_id)
    assert len(seen) == 2


def test_a_remembered_read_runs_once_in_a_batch_and_every_time_outside(session):
    reads: list[int] = []

    def read() -> int:
        reads.append(1)
        return len(session.exec(select(Conversation.id)).all())

    with batch_reads.remembering(session):
        batch_reads.read_once(session, "count", read)
        batch_reads.read_once(session, "count", read)
    batch_reads.read_once(session, "count", read)
    assert len(reads) == 2
