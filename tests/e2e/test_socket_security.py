"""Browsers can send any event: a raw Socket.IO client that never signed in stores nothing.

The same raw client with a token the server really issued does store its message, which
proves the refusals below come from the authentication check and not from a bad event.
"""

import json
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import socketio
from sqlalchemy import text

from inbox_app.db import make_engine
from inbox_app.security import issue_token
from inbox_app.state.auth import AuthState
from inbox_app.state.composer import ComposerState
from tests.e2e.conftest import server_database_url

ROOT_STATE = "reflex___state____state"
TOKEN_VAR = f"{AuthState.get_full_name()}.auth_token_rx_state_"
PAGE = "/inbox/all/1"
NAMESPACE = "/_event"


def _messages_with(env: dict[str, str], body: str) -> int:
    engine = make_engine(server_database_url(env))
    try:
        with engine.connect() as db:
            statement = text("SELECT count(*) FROM message WHERE body = :body")
            return db.execute(statement, {"body": body}).scalar_one()
    finally:
        engine.dispose()


def _event(token: str, name: str, payload: dict, page: str) -> dict:
    router_data = {"pathname": page, "query": {}, "asPath": page}
    return {"token": token, "name": name, "payload": payload, "router_data": router_data}


def send_event(
    base_url: str, name: str, payload: dict, *, stored_token: str, page: str = PAGE
) -> list[str]:
    """Hydrate with any localStorage value we like, then fire one event handler directly."""
    replies: list[str] = []
    client = socketio.Client(reconnection=False)
    quiet = threading.Event()

    @client.on("event", namespace=NAMESPACE)
    def _on_event(update):
        replies.append(update if isinstance(update, str) else json.dumps(update))
        quiet.set()

    token = str(uuid.uuid4())
    client.connect(f"{base_url}?token={token}", socketio_path="/_event", namespaces=[NAMESPACE],
                   transports=["websocket"])  # fmt: skip
    hydrate = {"vars": {TOKEN_VAR: stored_token}} if stored_token else {}
    client.emit("event", _event(token, f"{ROOT_STATE}.hydrate_and_load", hydrate, page), NAMESPACE)
    time.sleep(1.0)
    client.emit("event", _event(token, name, payload, page), NAMESPACE)
    quiet.wait(timeout=10)
    time.sleep(1.5)  # let the handler finish before the caller looks at the database
    client.disconnect()
    return replies


def send_raw(base_url: str, body: str, *, stored_token: str) -> list[str]:
    """The composer's send handler, fired without the page."""
    name = f"{ComposerState.get_full_name()}.send"
    return send_event(base_url, name, {"form_data": {"body": body}}, stored_token=stored_token)


def real_token_for(env: dict[str, str], agent_id: int) -> str:
    """A token the server would issue now: its secret, and the agent's current token version
    (a test that signed out before ended every older one)."""
    secret = (Path(env["INBOX_DATA_DIR"]) / "jwt_secret").read_text().strip()
    engine = make_engine(server_database_url(env))
    try:
        with engine.connect() as db:
            statement = text("SELECT token_version FROM agent WHERE id = :id")
            version = db.execute(statement, {"id": agent_id}).scalar_one()
    finally:
        engine.dispose()
    return issue_token(
        agent_id=agent_id, secret=secret, lifetime=timedelta(minutes=5), version=version
    )


def real_token(env: dict[str, str]) -> str:
    return real_token_for(env, 1)


def test_raw_client_with_a_real_token_can_send(base_url, server_env):
    body = f"control {uuid.uuid4()}"
    send_raw(base_url, body, stored_token=real_token(server_env))
    assert _messages_with(server_env, body) == 1


FORGED = issue_token(agent_id=1, secret="not-the-server-secret" * 3, lifetime=timedelta(hours=1))


@pytest.mark.parametrize("stored_token", ["", FORGED, "garbage"], ids=["none", "forged", "garbage"])
def test_raw_client_without_a_valid_token_stores_nothing(base_url, server_env, stored_token):
    body = f"injected {uuid.uuid4()}"
    replies = send_raw(base_url, body, stored_token=stored_token)
    assert any("/login" in reply for reply in replies), "the caller should be sent to sign in"
    assert _messages_with(server_env, body) == 0


def test_a_tampered_client_cannot_store_more_than_50000_characters(base_url, server_env):
    body = "y" * 50_001
    send_raw(base_url, body, stored_token=real_token(server_env))
    assert _messages_with(server_env, body) == 0
    assert _messages_with(server_env, body[:50_000]) == 0
