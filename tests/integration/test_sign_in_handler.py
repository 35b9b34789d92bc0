"""The sign-in event handler: which address it throttles, and where the password is checked.

The handler is called as Reflex calls it, on a state tree made here with the router data a
socket's connection gives (its peer address and the headers of its handshake).
"""

import asyncio
import inspect
from functools import partial
from ipaddress import ip_network

import pytest
from reflex import constants
from reflex.istate.data import RouterData
from reflex.state import State

from inbox_app.db import session_scope
from inbox_app.security import verify_password
from inbox_app.services.team import agents
from inbox_app.settings import Settings
from inbox_app.state import auth
from inbox_app.state.auth import AuthState, LoginState

PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def app_settings(monkeypatch, engine, tmp_path):
    settings = Settings(
        port=3000,
        data_dir=tmp_path,
        database_url="",
        redis_url=None,
        admin_email=None,
        admin_password=None,
        demo=False,
        missed_after_seconds=30,
        jwt_secret="test-secret",
        trusted_proxies=(ip_network("10.0.0.0/8"),),
    )
    monkeypatch.setattr(auth, "get_settings", lambda: settings)
    monkeypatch.setattr(auth, "session_scope", partial(session_scope, engine))


def login_state(*, peer: str, headers: dict[str, str] | None = None) -> LoginState:
    root = State(_reflex_internal_init=True)
    root.router = RouterData.from_router_data(
        {constants.RouteVar.CLIENT_IP: peer, constants.RouteVar.HEADERS: headers or {}}
    )
    return root.substates[AuthState.get_name()].substates[LoginState.get_name()]


def submit(state: LoginState, email: str, password: str) -> None:
    """Inside a running event loop, as in the server."""

    async def run() -> None:
        result = LoginState.sign_in.fn(state, {"email": email, "password": password})
        if inspect.isawaitable(result):
            await result

    asyncio.run(run())


def test_the_password_is_checked_off_the_event_loop(monkeypatch, team):
    where = []

    def checked(password, password_hash):
        try:
            asyncio.get_running_loop()
            where.append("on the event loop")
        except RuntimeError:
            where.append("in a thread")
        return verify_password(password, password_hash)

    monkeypatch.setattr(agents, "verify_password", checked)
    state = login_state(peer="198.51.100.1")
    submit(state, "anna@example.com", "password-1")
    assert where == ["in a thread"]
    assert state.auth_token and state.error == ""
    submit(state, "anna@example.com", "nope")
    assert where == ["in a thread"] * 2
    assert state.error == "Wrong email or password."


@pytest.mark.parametrize(
    ("peer", "headers", "throttled"),
    [
        (PROXY, {"x-forwarded-for": "1.1.1.1, 203.0.113.7"}, "203.0.113.7"),
        (PROXY, {"forwarded": 'for="[2001:db8::7]:4711";proto=https'}, "2001:db8::7"),
        (PROXY, {}, PROXY),
        ("198.51.100.1", {"x-forwarded-for": "203.0.113.7"}, "198.51.100.1"),  # no proxy of ours
    ],
)
def test_behind_a_trusted_proxy_the_forwarded_client_is_throttled(
    monkeypatch, peer, headers, throttled
):
    seen = []

    def recorded(session, **attempt):
        seen.append(attempt["address"])
        return agents.SignInResult(None, "Wrong email or password.")

    monkeypatch.setattr(agents, "sign_in", recorded)
    submit(login_state(peer=peer, headers=headers), "anna@example.com", "nope")
    assert seen == [throttled]


def test_five_guesses_through_the_proxy_lock_one_account_not_the_team(team):
    for n in range(5):
        guesser = login_state(peer=PROXY, headers={"x-forwarded-for": f"203.0.113.{n}"})
        submit(guesser, "anna@example.com", "nope")
        assert guesser.error == "Wrong email or password."
    colleague = login_state(peer=PROXY, headers={"x-forwarded-for": "198.51.100.20"})
    submit(colleague, "ben@example.com", "password-2")
    assert colleague.auth_token and colleague.error == ""
    anna = login_state(peer=PROXY, headers={"x-forwarded-for": "198.51.100.21"})
    submit(anna, "anna@example.com", "password-1")
    assert anna.error == "Too many failed sign-ins. Try again in 5 minutes."
