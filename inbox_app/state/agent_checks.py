"""The agent behind a token, checked in the database at most once a second (one worker).

Every handler and every live refresh of every tab asks who is calling (auth.read_agent): the
soak's 30 tabs asked 60 times a second, a worker-thread trip and a row each time, a fifth of
the server's core. An answer is kept for CHECK_SECONDS. A commit that changes an agent (a
deactivation, a sign-out everywhere, a new password, a profile) forgets every kept answer in
the process at once. The token's signature and expiry are still checked on every call
(security.read_agent_token), before this.

With several workers (Redis) nothing is kept: each event reads the row, as before. A change
made on one worker would have to reach the others' kept checks before the refresh it causes
there; a first version sent it over the bus, and the two-worker e2e tier still lost actions
now and then (3 of 3 runs passed without keeping, 1 of 2 failed with it)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from sqlalchemy import event
from sqlalchemy.orm import Session, object_session

from inbox_app.models.dto import AgentView
from inbox_app.models.tables import Agent
from inbox_app.realtime.transport import redis_link
from inbox_app.security import AgentClaim

CHECK_SECONDS = 1.0
_MAX_KEPT = 2_000
_CHANGED = "agents_changed"  # in session.info, from the flush to the commit
_kept: dict[tuple[int, int], tuple[float, AgentView | None]] = {}
_generation = 0  # bumped by every commit that changed an agent


async def checked(
    claim: AgentClaim, read: Callable[[], Awaitable[AgentView | None]]
) -> AgentView | None:
    """The kept answer for this agent and token version, else read() (and keep it, unless an
    agent changed while it read: what it read may be from before that commit)."""
    if redis_link.enabled():  # several workers: each event reads the row (above)
        return await read()
    key, now = (claim.agent_id, claim.version), time.monotonic()
    kept = _kept.get(key)
    if kept is not None and kept[0] > now:
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


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop(_CHANGED, None)
