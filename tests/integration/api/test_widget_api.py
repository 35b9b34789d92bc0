"""The widget's public endpoints on a migrated SQLite, through FastAPI's test client."""

from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from inbox_app.api import widget_guards
from inbox_app.api.app import create_api
from inbox_app.api.deps import get_app_settings, get_db_session, get_session_factory
from inbox_app.models.enums import MessageKind
from inbox_app.models.tables import Message
from inbox_app.security import issue_visitor_token
from inbox_app.services.conversations.actions import set_contact_blocked
from inbox_app.services.conversations.messages import post_agent_message
from tests.integration.api.test_attachments import settings  # noqa: F401  (fixture)
from tests.integration.conftest import NOW


@contextmanager
def api_client(engine, settings, *, address: tuple[str, int] = ("testclient", 50000)):  # noqa: F811
    """The API on this test's database and settings; requests come from `address`."""
    api = create_api()

    @contextmanager
    def sessions():
        with Session(engine, expire_on_commit=False) as session:
            yield session

    def db_session():
        with sessions() as session:
            yield session

    api.dependency_overrides[get_db_session] = db_session
    api.dependency_overrides[get_session_factory] = lambda: sessions
    api.dependency_overrides[get_app_settings] = lambda: settings
    with TestClient(api, client=address) as test_client:
        yield test_client


@pytest.fixture()
def client(engine, settings):  # noqa: F811
    with api_client(engine, settings) as test_client:
        yield test_client


def started(client, **details) -> dict[str, str]:
    response = client.post(
        "/api/widget/start", json={"name": "Vera", "email": "vera@example.net", **details}
    )
    assert response.status_code == 201
    return {"Authorization": f"Bearer {response.json()['token']}"}


def conversation_of(headers, settings) -> int:  # noqa: F811
    from inbox_app.security import read_visitor_token

    return read_visitor_token(
        token=headers["Authorization"][7:], secret=settings.jwt_secret
    ).conversation_id


def test_start_send_and_read_back(client):
    me = started(client)
    assert (
        client.post("/api/widget/messages", json={"body": "Hello"}, headers=me).status_code == 201
    )
    messages = client.get("/api/widget/messages", headers=me).json()["messages"]
    assert [(m["mine"], m["author"]) for m in messages] == [(True, "You")]


def test_a_retried_send_is_stored_once(client, session):
    me = started(client)
    for _ in range(3):
        client.post("/api/widget/messages", json={"body": "Once", "key": "k-1"}, headers=me)
    assert (
        session.exec(select(func.count()).select_from(Message).where(Message.body == "Once")).one()
        == 1
    )


def test_no_or_forged_token_is_refused(client, settings):  # noqa: F811
    assert client.get("/api/widget/messages").status_code == 401
    forged = issue_visitor_token(conversation_id=1, key="k", secret="guess" * 10)
    assert (
        client.get(
            "/api/widget/messages", headers={"Authorization": f"Bearer {forged}"}
        ).status_code
        == 401
    )


def test_one_visitor_never_reads_another(client, session, team, settings):  # noqa: F811
    vera, sam = started(client), started(client, name="Sam", email="sam@example.net")
    client.post("/api/widget/messages", json={"body": "Vera's secret"}, headers=vera)
    assert client.get("/api/widget/messages", headers=sam).json()["messages"] == []


def test_notes_never_reach_the_widget_and_blocked_is_refused(client, session, team, settings):  # noqa: F811
    me = started(client)
    conversation_id = conversation_of(me, settings)
    post_agent_message(
        session,
        agent_id=team["anna"].id,
        conversation_id=conversation_id,
        kind=MessageKind.comment,
        body="internal only",
        now=NOW,
    )
    assert client.get("/api/widget/messages", headers=me).json()["messages"] == []
    set_contact_blocked(
        session, actor=team["anna"], conversation_id=conversation_id, blocked=True, now=NOW
    )
    refused = client.post("/api/widget/messages", json={"body": "spam"}, headers=me)
    assert refused.status_code == 403
    assert refused.json() == {"detail": "This chat is not available right now."}


def test_bad_input_gets_a_clear_error(client):
    assert client.post("/api/widget/start", json={"email": "nope"}).status_code == 422
    me = started(client)
    assert client.post("/api/widget/messages", json={"body": "   "}, headers=me).status_code == 422
    assert (
        client.post("/api/widget/messages", json={"body": "x" * 5001}, headers=me).status_code
        == 422
    )


@pytest.fixture(autouse=True)
def fresh_limits():
    widget_guards.reset()
    yield
    widget_guards.reset()


def test_oversized_or_unmeasured_bodies_are_refused_before_reading(client):
    big = client.post(
        "/api/widget/start", content=b"{}", headers={"Content-Length": str(1024 * 1024)}
    )
    assert big.status_code == 413


def test_too_many_starts_from_one_address_get_a_clear_429(client):
    codes = [
        client.post("/api/widget/start", json={"name": f"V{n}"}).status_code for n in range(11)
    ]
    assert codes[:10] == [201] * 10
    assert codes[10] == 429
    assert "Too many" in client.post("/api/widget/start", json={"name": "again"}).json()["detail"]


def test_status_says_when_nobody_can_answer(client, team):
    assert client.get("/api/widget/status").json() == {
        "online": False
    }  # no agent has a live tab here


def test_a_known_key_with_another_text_is_refused_not_acknowledged(client, session):
    """Acknowledging it as a retry of the first would lose the second text."""
    me = started(client)
    first = client.post("/api/widget/messages", json={"body": "one", "key": "k"}, headers=me)
    other = client.post("/api/widget/messages", json={"body": "two", "key": "k"}, headers=me)
    again = client.post("/api/widget/messages", json={"body": "one", "key": "k"}, headers=me)
    assert (first.status_code, other.status_code, again.status_code) == (201, 409, 201)
    assert again.json()["id"] == first.json()["id"]
    bodies = session.exec(select(Message.body).where(Message.body.in_(["one", "two"]))).all()
    assert bodies == ["one"]


def test_nul_and_lone_surrogates_are_dropped_from_every_text(client, session):
    me = started(client, name="Nu\u0000ll")
    raw = '{"body": "bad \\u0000 byte \\ud800 here", "key": "n\\u0000"}'
    sent = client.post(
        "/api/widget/messages",
        content=raw.encode(),
        headers={**me, "Content-Type": "application/json"},
    )
    assert sent.status_code == 201
    stored = session.get(Message, sent.json()["id"])
    assert (stored.body, stored.idempotency_key) == ("bad  byte  here", "n")


def test_reads_have_a_budget_per_visitor(client):
    """Each read renders messages: a loop of reads meets a 429, a real chat never does."""
    me = started(client)
    budget = widget_guards.READS_PER_VISITOR.amount
    codes = [client.get("/api/widget/updates", headers=me).status_code for _ in range(budget + 1)]
    assert codes[:budget] == [200] * budget
    assert codes[budget] == 429
