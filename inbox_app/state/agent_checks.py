"""The agent behind a token, checked in the database at most once a second per worker.

Every handler and every live refresh of every tab asks who is calling (auth.read_agent): the
soak's 30 tabs asked 60 times a second, a worker-thread trip and a row each time, a fifth of
the server's core. An answer is kept for CHECK_SECONDS. A commit that changes an agent (a
deactivation, a sign-out everywhere, a new password, a profile) forgets every kept answer in
this worker at once, and tells the other workers over the bus to forget theirs (a deactivated
agent's tab on another worker is refreshed by the same change, and must not be answered from
a kept check). The token's signature and expiry are still checked on every call
(security.read_agent_token), before this."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from sqlalchemy import event
from sqlalchemy.orm import Session, object_session

from inbox_app.models.dto import AgentView
from inbox_app.models.tables import Agent
from inbox_app.realtime.transport import bus
from inbox_app.security import AgentClaim

CHECK_SECONDS = 1.0
_MAX_KEPT = 2_000
_CHANGED = "agents_changed"  # in session.info, from the flush to the commit
_TOPIC = "agents-changed"
_kept: dict[tuple[int, int], tuple[float, AgentView | None]] = {}
_generation = 0  # bumped by every commit that changed an agent


async def checked(
    claim: AgentClaim, read: Callable[[], Awaitable[AgentView | None]], *, fresh: bool = False
) -> AgentView | None:
    """The kept answer for this agent and token version, else read() (and keep it, unless an
    agent changed while it read: what it read may be from before that commit). fresh: read
    anyway (a refresh for "everything changed", which may be a deactivation on another worker
    whose bus message to forget has not arrived yet)."""
    key, now = (claim.agent_id, claim.version), time.monotonic()
    kept = _kept.get(key)
    if kept is not None and kept[0] > now and not fresh:
        return kept[1]
    generation = _generation
    agent = await read()
    if generation == _generation:
        if len(_kept) >= _MAX_KEPT:
            _kept.clear()
        _kept[key] = (now + CHECK_SECONDS, agent)
    return agent


def forget_all() -> None:
    global _generation
    _generation += 1
    _kept.clear()


@event.listens_for(Agent, "after_insert")
@event.listens_for(Agent, "after_update")
@event.listens_for(Agent, "after_delete")
def _agent_written(_mapper, _connection, agent: Agent) -> None:
    session = object_session(agent)
    if session is not None:
        session.info[_CHANGED] = True


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    if session.info.pop(_CHANGED, False):
        forget_all()
        bus.send(_TOPIC, 0)  # every worker, this one too


async def _forget_here(_body: object) -> None:
    forget_all()


bus.on(_TOPIC, _forget_here)


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop(_CHANGED, None)
