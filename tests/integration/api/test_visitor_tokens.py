"""A visitor token opens its own conversation only: never the next one that got its id, never a
deleted one, never after it expired; a renewed token keeps a chat in use alive."""

# ruff: noqa: F811  (pytest fixtures imported from the other widget tests)

from datetime import UTC, datetime, timedelta

from jose import jwt
from sqlalchemy import delete
from sqlmodel import select

from inbox_app.api import widget_auth
from inbox_app.models.tables import Conversation, Message
from inbox_app.security import issue_visitor_token, read_visitor_token
from inbox_app.services.conversations.actions import delete_conversation, purge_deleted, undo_delete
from inbox_app.services.conversations.messages import post_incoming
from tests.integration.api.test_attachments import settings  # noqa: F401  (fixture)
from tests.integration.api.test_widget_api import client, conversation_of, fresh_limits, started  # noqa: F401
from tests.integration.conftest import NOW, make_conversation


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def purge(session, team, conversation_id: int) -> None:
    delete_conversation(session, actor=team["anna"], conversation_id=conversation_id, now=NOW)
    purge_deleted(session, now=NOW + timedelta(minutes=1))


def test_a_spammers_old_token_never_reads_or_writes_the_next_visitors_chat(
    client,
    session,
    team,
    settings,  # noqa: F811
):
    spammer = started(client, name="Spam")
    spam_id = conversation_of(spammer, settings)
    purge(session, team, spam_id)  # the last conversation row is gone for good
    paula = started(client, name="Paula")
    client.post("/api/widget/messages", json={"body": "my card ends 4242"}, headers=paula)
    assert conversation_of(paula, settings) > spam_id  # ids never come back
    assert client.get("/api/widget/updates", headers=spammer).status_code == 401
    sent = client.post("/api/widget/messages", json={"body": "gotcha"}, headers=spammer)
    assert sent.status_code in (401, 403)
    assert session.exec(select(Message).where(Message.body == "gotcha")).all() == []


def test_even_a_token_naming_a_reused_id_needs_that_conversations_key(
    client,
    session,
    settings,  # noqa: F811
):
    """The key is checked on every call, whatever the database does with ids."""
    paula = started(client, name="Paula")
    forged = issue_visitor_token(
        conversation_id=conversation_of(paula, settings), key="0" * 32, secret=settings.jwt_secret
    )
    assert client.get("/api/widget/updates", headers=bearer(forged)).status_code == 401
    sent = client.post("/api/widget/messages", json={"body": "in"}, headers=bearer(forged))
    assert sent.status_code == 403
    typing = client.post("/api/widget/typing", json={"typing": True}, headers=bearer(forged))
    assert typing.status_code == 401


def test_a_deleted_conversation_refuses_its_token_until_undone(
    client,
    session,
    team,
    settings,  # noqa: F811
):
    me = started(client)
    conversation_id = conversation_of(me, settings)
    delete_conversation(session, actor=team["anna"], conversation_id=conversation_id, now=NOW)
    assert client.get("/api/widget/updates", headers=me).status_code == 401
    assert client.post("/api/widget/messages", json={"body": "hi"}, headers=me).status_code == 403
    undo_delete(session, actor=team["anna"], conversation_id=conversation_id)
    assert client.get("/api/widget/updates", headers=me).status_code == 200


def test_an_expired_or_keyless_token_is_refused(client, settings):  # noqa: F811
    me = started(client)
    claim = read_visitor_token(token=me["Authorization"][7:], secret=settings.jwt_secret)
    long_ago = datetime.now(UTC) - timedelta(days=31)
    expired = jwt.encode(
        {
            "sub": f"visitor:{claim.conversation_id}",
            "key": claim.key,
            "iat": long_ago,
            "exp": long_ago + timedelta(days=30),
        },
        settings.jwt_secret,
        algorithm="HS256",
    )
    keyless = jwt.encode(
        {"sub": f"visitor:{claim.conversation_id}", "iat": datetime.now(UTC)},
        settings.jwt_secret,
        algorithm="HS256",
    )
    for token in (expired, keyless):
        assert client.get("/api/widget/updates", headers=bearer(token)).status_code == 401


def test_a_chat_in_use_gets_a_renewed_token(client, settings, monkeypatch):  # noqa: F811
    me = started(client)
    assert client.get("/api/widget/updates", headers=me).json()["token"] is None  # still new
    monkeypatch.setattr(widget_auth, "RENEW_AFTER", timedelta(0))
    renewed = client.get("/api/widget/updates", headers=me).json()["token"]
    assert read_visitor_token(token=renewed, secret=settings.jwt_secret).conversation_id == (
        conversation_of(me, settings)
    )
    assert client.get("/api/widget/updates", headers=bearer(renewed)).status_code == 200


def test_ids_of_deleted_last_rows_never_come_back(session, team):
    """SQLite reused them before migration 0009 made these tables AUTOINCREMENT."""
    chat = make_conversation(session)
    first = post_incoming(session, conversation_id=chat.id, body="one", now=NOW)
    for table, row_id in ((Message, first.id), (Conversation, chat.id)):
        session.exec(delete(table).where(table.id == row_id))
        session.commit()
    again = make_conversation(session)
    assert again.id > chat.id
    assert post_incoming(session, conversation_id=again.id, body="two", now=NOW).id > first.id
