"""The one guard of every dashboard event handler: who is calling, and may they.

Browsers can send any event with any argument, so each handler is declared with the check it
needs, and the check runs on the server before the handler's first line:

    @agent_event
    def close(self, agent: AgentView, conversation_id: int): ...

`agent_event` and `admin_event` are Reflex's `rx.event` plus the check: the caller is read from
the tab's token and the database (deactivated or signed-out agents fail), a signed-out tab is
sent to the login page and a non-admin home, and the handler gets the checked agent as its
first argument. Reflex sees the handler without that argument (its signature and type hints),
so what a browser may send is unchanged. The handler test (tests/unit) checks that every
public handler carries one of them.

Each handler that ran is counted once it ends (AuthState._count_own_event): a live refresh read
before then, outside the tab's lock, is older than what the handler showed, and is read again.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import Any

import reflex as rx
from reflex.event import EventSpec

from inbox_app.models.dto import AgentView

LOGIN_ROUTE = "/login"
HOME_ROUTE = "/inbox/mine"

Check = Callable[[Any], Awaitable["AgentView | EventSpec"]]


async def _signed_in(state: Any) -> AgentView | EventSpec:
    agent = await state._authenticate()
    return agent if agent is not None else rx.redirect(LOGIN_ROUTE)


async def _admin(state: Any) -> AgentView | EventSpec:
    agent = await state._authenticate()
    if agent is None:
        return rx.redirect(LOGIN_ROUTE)
    return agent if agent.role == "admin" else rx.redirect(HOME_ROUTE)


def agent_event(handler: Callable[..., Any]) -> Any:
    """An event handler for any signed-in agent."""
    return rx.event(_guarded(handler, check=_signed_in))


def admin_event(handler: Callable[..., Any]) -> Any:
    """An event handler for admins only (services refuse non-admins again)."""
    return rx.event(_guarded(handler, check=_admin))


def _guarded(handler: Callable[..., Any], *, check: Check) -> Callable[..., Any]:
    """Every guarded handler is async: the check reads the database on a worker thread
    (AuthState._authenticate), so the event loop never waits for a pooled connection."""
    if inspect.isgeneratorfunction(handler):
        raise TypeError(f"{handler.__name__}: make it an async generator to guard it")
    if inspect.isasyncgenfunction(handler):
        wrapper = _async_generator(handler, check)
    else:
        wrapper = _coroutine(handler, check)
    return _without_agent_argument(wrapper, handler)


def _async_generator(handler: Callable[..., Any], check: Check) -> Callable[..., Any]:
    async def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        allowed = await check(self)
        if not isinstance(allowed, AgentView):
            yield allowed
            return
        try:
            async for update in handler(self, allowed, *args, **kwargs):
                yield update
        finally:
            self._count_own_event()

    return wrapper


def _coroutine(handler: Callable[..., Any], check: Check) -> Callable[..., Any]:
    """Coroutines and plain functions: what the handler returns goes back to Reflex."""

    async def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        allowed = await check(self)
        if not isinstance(allowed, AgentView):
            return allowed
        try:
            outcome = handler(self, allowed, *args, **kwargs)
            return await outcome if inspect.isawaitable(outcome) else outcome
        finally:
            self._count_own_event()

    return wrapper


def _without_agent_argument(wrapper: Callable[..., Any], handler: Callable[..., Any]) -> Any:
    """What Reflex reads (name, signature, type hints) is the handler's, minus `agent`."""
    functools.update_wrapper(wrapper, handler)
    signature = inspect.signature(handler)
    self_parameter, agent_parameter, *rest = signature.parameters.values()
    wrapper.__signature__ = signature.replace(parameters=[self_parameter, *rest])  # type: ignore[attr-defined]
    annotations = dict(getattr(handler, "__annotations__", {}))
    annotations.pop(agent_parameter.name, None)
    wrapper.__annotations__ = annotations
    return wrapper
