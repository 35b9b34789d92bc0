"""The one guard of dashboard handlers (state/guards.py): the check runs before the handler,
the checked agent is handed in, and Reflex sees the handler without that argument."""
# (A plain generator handler is refused at import: it could not await the check.)

import asyncio
import inspect
import typing

import pytest

from inbox_app.models.dto import AgentView
from inbox_app.state.guards import HOME_ROUTE, LOGIN_ROUTE, admin_event, agent_event

ANNA = AgentView(id=7, name="Anna", email="anna@example.com", role="agent", availability="online")
BOSS = AgentView(id=1, name="Boss", email="boss@example.com", role="admin", availability="online")


class FakeState:
    def __init__(self, agent: AgentView | None) -> None:
        self.agent, self.calls, self.own_events = agent, [], 0

    async def _authenticate(self) -> AgentView | None:
        return self.agent

    def _count_own_event(self) -> None:
        self.own_events += 1

    @agent_event
    def fail(self, agent: AgentView) -> None:
        raise ValueError("refused")

    @agent_event
    def rename(self, agent: AgentView, name: str, times: int = 1) -> str:
        self.calls.append((agent.id, name, times))
        return "renamed"

    @agent_event
    async def search(self, agent: AgentView, text: str) -> str:
        self.calls.append((agent.id, text))
        return "found"

    @agent_event
    async def send(self, agent: AgentView, body: str):
        self.calls.append((agent.id, body))
        yield "stored"
        yield "reloaded"

    @admin_event
    def change_role(self, admin: AgentView, agent_id: int) -> str:
        self.calls.append((admin.id, agent_id))
        return "changed"


def _redirect_target(outcome) -> str:
    return str(outcome.args[0][1]).strip('"')


def test_a_signed_in_agent_is_handed_in():
    state = FakeState(ANNA)
    assert asyncio.run(state.rename("Vera", times=2)) == "renamed"
    assert state.calls == [(7, "Vera", 2)]


def test_a_signed_out_tab_goes_to_the_login_page_and_nothing_runs():
    state = FakeState(None)
    assert _redirect_target(asyncio.run(state.rename("Vera"))) == LOGIN_ROUTE
    assert _redirect_target(asyncio.run(state.search("x"))) == LOGIN_ROUTE
    assert state.calls == []


def test_every_guarded_handler_is_async_and_generators_stay_generators():
    state = FakeState(ANNA)
    assert asyncio.run(state.search("refund")) == "found"

    async def all_updates(generator):
        return [update async for update in generator]

    assert asyncio.run(all_updates(state.send("Hello"))) == ["stored", "reloaded"]
    assert inspect.isasyncgenfunction(FakeState.send)
    assert inspect.iscoroutinefunction(FakeState.search)
    assert inspect.iscoroutinefunction(FakeState.rename)  # the check awaits a worker thread
    assert state.calls == [(7, "refund"), (7, "Hello")]


def test_a_signed_out_async_generator_yields_only_the_redirect():
    async def all_updates(generator):
        return [update async for update in generator]

    updates = asyncio.run(all_updates(FakeState(None).send("Hello")))
    assert [_redirect_target(update) for update in updates] == [LOGIN_ROUTE]


def test_admin_handlers_refuse_agents_and_send_them_home():
    agent_tab, admin_tab = FakeState(ANNA), FakeState(BOSS)
    assert _redirect_target(asyncio.run(agent_tab.change_role(3))) == HOME_ROUTE
    assert _redirect_target(asyncio.run(FakeState(None).change_role(3))) == LOGIN_ROUTE
    assert asyncio.run(admin_tab.change_role(3)) == "changed"
    assert agent_tab.calls == [] and admin_tab.calls == [(1, 3)]


def test_reflex_sees_the_handler_without_the_agent_argument():
    """What a browser may send is exactly the handler's own arguments."""
    assert list(inspect.signature(FakeState.rename).parameters) == ["self", "name", "times"]
    hints = typing.get_type_hints(FakeState.rename)
    assert "agent" not in hints and hints["name"] is str
    assert FakeState.rename.__name__ == "rename"


def test_each_handler_that_ran_is_counted_once_it_ended_even_when_it_failed():
    """A live refresh read before a handler ended is older than what it showed (AuthState)."""
    state = FakeState(ANNA)

    async def all_updates(generator):
        return [update async for update in generator]

    asyncio.run(state.rename("Vera"))
    asyncio.run(all_updates(state.send("Hello")))
    with pytest.raises(ValueError):
        asyncio.run(state.fail())
    assert state.own_events == 3
    refused = FakeState(None)
    asyncio.run(refused.rename("Vera"))
    assert refused.own_events == 0  # it ran nothing, so showed nothing new
