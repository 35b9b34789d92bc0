"""The agent behind a token, checked in the database at most once a second (one worker).

Every handler and every live refresh of every tab asks who is calling (auth.read_agent): the
soak's 30 tabs asked 60 times a second, a worker-thread trip and a row each time, a fifth of
the server's core. An answer is kept for CHECK_SECONDS; a commit that changes an agent (a
deactivation, a sign-out everywhere, a new password, a profile) forgets them all at once
(services/kept_answers.py). The token's signature and expiry are still checked on every
call (security.read_agent_token), before this.

With several workers (Redis) nothing is kept: each event reads the row, as before. A change
made on one worker would have to reach the others' kept checks before the refresh it causes
there; a first version sent it over the bus, and the two-worker e2e tier still lost actions
now and then (3 of 3 runs passed without keeping, 1 of 2 failed with it)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from inbox_app.models.dto import AgentView
from inbox_app.models.tables import Agent
from inbox_app.realtime.transport import redis_link
from inbox_app.security import AgentClaim
from inbox_app.services.kept_answers import KeptAnswers

CHECK_SECONDS = 1.0
_kept: KeptAnswers[tuple[int, int], AgentView | None] = KeptAnswers(
    Agent, seconds=CHECK_SECONDS, in_use=lambda: not redis_link.enabled()
)


async def checked(
    claim: AgentClaim, read: Callable[[], Awaitable[AgentView | None]]
) -> AgentView | None:
    """The kept answer for this agent and token version, else read() (and keep it)."""
    key = (claim.agent_id, claim.version)
    found, agent = _kept.get(key)
    if found:
        return agent
    generation = _kept.generation
    agent = await read()
    _kept.keep(key, agent, generation=generation)
    return agent


def forget_all() -> None:
    _kept.forget_all()
