"""Opening a conversation marks it read; two opens at once (a second tab, a double click)
must not fail on the mark's unique key (the soak's server log showed it)."""

from datetime import timedelta

from sqlmodel import Session

from inbox_app.models.tables import ReadMark
from inbox_app.services.conversations.read_state import mark_read
from tests.integration.conftest import NOW, make_conversation


def test_a_mark_a_concurrent_open_made_first_is_moved_forward(engine, session, team, monkeypatch):
    anna, chat = team["anna"].id, make_conversation(session).id
    with Session(engine) as other_tab:  # its open inserted the mark first
        mark_read(other_tab, agent_id=anna, conversation_id=chat, now=NOW)
    looked = []
    real_get = session.get

    def raced_get(model, key, **options):  # this open looked before that insert
        looked.append(key)
        return None if len(looked) == 1 else real_get(model, key, **options)

    monkeypatch.setattr(session, "get", raced_get)
    later = NOW + timedelta(minutes=1)
    mark_read(session, agent_id=anna, conversation_id=chat, now=later)
    monkeypatch.undo()
    session.expire_all()
    assert session.get(ReadMark, (anna, chat)).last_read_at == later


def test_a_mark_never_moves_back(session, team):
    anna, chat = team["anna"].id, make_conversation(session).id
    mark_read(session, agent_id=anna, conversation_id=chat, now=NOW)
    mark_read(session, agent_id=anna, conversation_id=chat, now=NOW - timedelta(hours=1))
    assert session.get(ReadMark, (anna, chat)).last_read_at == NOW
