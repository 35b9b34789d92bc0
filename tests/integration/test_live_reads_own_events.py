"""A live refresh reads outside the tab's lock (realtime/hub.py, prepare). When the tab's own
handler changes something meanwhile (a close), the refresh's reads are older than what the
handler showed: applied, they hid the close's event line until the next change (seen on two
workers with Redis, where reading the state for the snapshot takes longer).

The states are Reflex's, in a tree made here with the router data a socket gives; the
database is this test's, migrated."""

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest
from reflex import constants
from reflex.istate.data import RouterData
from reflex.state import State

from inbox_app import db
from inbox_app.security import issue_token
from inbox_app.settings import get_settings
from inbox_app.state import auth
from inbox_app.state.actions import ActionsState
from inbox_app.state.notifications import NotificationsState
from inbox_app.state.thread_tail import ThreadTailState
from tests.integration.conftest import make_conversation

SECRET = "test-secret"
IN_THE_TREE = ThreadTailState  # a substate is in a tree made after its class is


@pytest.fixture(autouse=True)
def app_database(monkeypatch, engine):
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    settings = replace(get_settings(), jwt_secret=SECRET)
    monkeypatch.setattr(auth, "get_settings", lambda: settings)


def tab_on(path: str, *, agent_id: int) -> State:
    root = State(_reflex_internal_init=True)
    root.router = RouterData.from_router_data(
        {constants.RouteVar.CLIENT_TOKEN: "tab-1", constants.RouteVar.ORIGIN: path}
    )
    token = issue_token(agent_id=agent_id, secret=SECRET, lifetime=timedelta(hours=1))
    root.substates[auth.AuthState.get_name()].auth_token = token
    return root


def test_a_refresh_read_before_an_own_close_does_not_hide_it(session, team):
    conversation = make_conversation(session)
    cid, changed = conversation.id, frozenset({conversation.id})
    tab = tab_on(f"/inbox/all/{cid}", agent_id=team["anna"].id)

    async def scenario() -> ActionsState:
        chat = await tab.get_state(ActionsState)
        await ActionsState.load_page.fn(chat)
        reads = await chat._live_reads(cid, changed)  # another agent's change, read first
        await ActionsState.toggle_closed.fn(chat)  # then the agent's own close
        await chat._live_refresh(cid, changed, reads)
        return chat

    chat = asyncio.run(scenario())
    assert chat.header.state == "closed"
    assert [m.text for m in chat.thread if m.kind == "event"] == ["Anna closed this"]
    assert all(card.id != cid for card in chat.cards)  # the list shows open ones


def test_a_bell_read_before_an_own_switch_does_not_undo_it(session, team):
    tab = tab_on("/inbox/all", agent_id=team["anna"].id)

    async def scenario() -> tuple[dict, dict]:
        bell = await tab.get_state(NotificationsState)
        await NotificationsState.refresh.fn(bell)
        reads = await bell._live_reads(0, None)
        switch = next(iter(bell.prefs))
        await NotificationsState.set_pref.fn(bell, switch, not bell.prefs[switch])
        wanted = dict(bell.prefs)
        await bell._live_refresh(0, None, reads)
        return dict(bell.prefs), wanted

    shown, wanted = asyncio.run(scenario())
    assert shown == wanted
