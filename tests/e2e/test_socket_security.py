"""Browsers can send any event: a raw Socket.IO client that never signed in stores nothing.

The same raw client with a token the server really issued does store its message, which
proves the refusals below come from the authentication check and not from a bad event.
"""

import json
import threading
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
import socketio
from sqlalchemy import text

from inbox_app.db import make_engine
from inbox_app.security import issue_token
from inbox_app.state.auth import AuthState
from inbox_app.state.composer import ComposerState
from tests.e2e.conftest import admin_view, make_conversation, server_database_url

ROOT_STATE = "reflex___state____state"
TOKEN_VAR = f"{AuthState.get_full_name()}.auth_token_rx_state_"
PAGE = "/inbox/all"
ANSWER_SECONDS = 10.0
# No update for this long after an answer: the handler has finished (its trailing reloads run
# within milliseconds of its first update).
QUIET_SECONDS = 0.5
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


def _hydrated(update: dict) -> bool:
    return update.get("delta", {}).get(ROOT_STATE, {}).get("is_hydrated_rx_state_") is True


def redirected_to(path: str) -> Callable[[list[dict]], bool]:
    """An answer that sends the tab to `path`: a guard's refusal."""

    def check(updates: list[dict]) -> bool:
        return any(
            event.get("name") == "_redirect" and event.get("payload", {}).get("path") == path
            for update in updates
            for event in update.get("events", [])
        )

    return check


def send_event(
    base_url: str,
    name: str,
    payload: dict,
    *,
    stored_token: str,
    page: str = PAGE,
    answered: Callable[[list[dict]], bool] = bool,
) -> list[str]:
    """Hydrate with any localStorage value we like, then fire one event handler directly.

    Waits for the hydrate's answer (the page is hydrated, then the socket goes quiet), fires
    the event, waits until `answered(the updates since the event)` (by default: any update),
    then for the socket to go quiet again: the handler has finished. Returns every update."""
    updates: list[dict] = []
    arrived = threading.Condition()
    client = socketio.Client(reconnection=False)

    @client.on("event", namespace=NAMESPACE)
    def _on_event(update):
        with arrived:
            updates.append(json.loads(update) if isinstance(update, str) else update)
            arrived.notify_all()

    def wait_for(check: Callable[[], bool], what: str) -> None:
        with arrived:
            if not arrived.wait_for(check, timeout=ANSWER_SECONDS):
                raise AssertionError(f"{what} did not come within {ANSWER_SECONDS} s: {updates}")

    def until_quiet() -> None:
        deadline = time.monotonic() + ANSWER_SECONDS
        with arrived:
            while time.monotonic() < deadline:
                seen = len(updates)
                if not arrived.wait_for(
                    lambda seen=seen: len(updates) > seen, timeout=QUIET_SECONDS
                ):
                    return
        raise AssertionError(f"the socket did not go quiet within {ANSWER_SECONDS} s")

    token = str(uuid.uuid4())
    client.connect(
        f"{base_url}?token={token}",
        socketio_path="/_event",
        namespaces=[NAMESPACE],
        transports=["websocket"],
    )
    try:
        hydrate = {"vars": {TOKEN_VAR: stored_token}} if stored_token else {}
        hydrate_event = _event(token, f"{ROOT_STATE}.hydrate_and_load", hydrate, page)
        client.emit("event", hydrate_event, NAMESPACE)
        wait_for(lambda: any(_hydrated(update) for update in updates), "the hydrate's answer")
        until_quiet()  # the page's on_load has sent all it had to
        since = len(updates)
        client.emit("event", _event(token, name, payload, page), NAMESPACE)
        wait_for(lambda: answered(updates[since:]), f"the answer to {name}")
        until_quiet()
    finally:
        client.disconnect()
    return [json.dumps(update) for update in updates]


def send_raw(base_url: str, body: str, *, stored_token: str, page: str = PAGE, **options):
    """The composer's send handler, fired without the page."""
    name = f"{ComposerState.get_full_name()}.send"
    return send_event(
        base_url,
        name,
        {"form_data": {"body": body}},
        stored_token=stored_token,
        page=page,
        **options,
    )


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


def real_token(env: dict[str, str], db) -> str:
    """The admin's."""
    return real_token_for(env, admin_view(db).id)


def test_raw_client_with_a_real_token_can_send(base_url, server_env, db):
    made = make_conversation(db)
    body = f"control {uuid.uuid4()}"
    send_raw(base_url, body, stored_token=real_token(server_env, db), page=made.url)
    assert _messages_with(server_env, body) == 1


FORGED = issue_token(agent_id=1, secret="not-the-server-secret" * 3, lifetime=timedelta(hours=1))


@pytest.mark.parametrize("stored_token", ["", FORGED, "garbage"], ids=["none", "forged", "garbage"])
def test_raw_client_without_a_valid_token_stores_nothing(base_url, server_env, db, stored_token):
    made = make_conversation(db)
    body = f"injected {uuid.uuid4()}"
    # the answer to the event itself is "sign in first" (send_event fails without it)
    send_raw(
        base_url, body, stored_token=stored_token, page=made.url, answered=redirected_to("/login")
    )
    assert _messages_with(server_env, body) == 0


def test_a_tampered_client_cannot_store_more_than_50000_characters(base_url, server_env, db):
    made = make_conversation(db)
    body = "y" * 50_001
    send_raw(base_url, body, stored_token=real_token(server_env, db), page=made.url)
    assert _messages_with(server_env, body) == 0
    assert _messages_with(server_env, body[:50_000]) == 0
