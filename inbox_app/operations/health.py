"""What `GET /api/health` reports: cheap checks only, nothing secret, no versions.

The database answers `SELECT 1` or the inbox is down (503); Redis, the SMTP receiver and the
background loops only make it "degraded" (200): the inbox still takes and shows messages.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlmodel import Session

DATABASE_TIMEOUT_SECONDS = 3.0
REDIS_TIMEOUT_SECONDS = 1.0
Sessions = Callable[[], AbstractContextManager[Session]]


@dataclass(frozen=True)
class Health:
    database: str  # "ok" | "error"
    redis: str  # "ok" | "off" | "error"
    smtp: str  # "ok" | "off" | "error"
    loops: dict[str, str] = field(default_factory=dict)  # "running" | "stopped" | "idle" | "off"

    @property
    def status(self) -> str:
        if self.database != "ok":
            return "error"
        troubled = "error" in (self.redis, self.smtp) or "stopped" in self.loops.values()
        return "degraded" if troubled else "ok"

    def as_json(self) -> dict[str, object]:
        return {
            "status": self.status,
            "database": self.database,
            "redis": self.redis,
            "smtp": self.smtp,
            "loops": dict(self.loops),
        }


def _select_one(sessions: Sessions) -> None:
    with sessions() as session:
        session.execute(text("SELECT 1")).scalar_one()


async def database_state(*, sessions: Sessions) -> str:
    """Whether the database answers within a few seconds (on a thread: drivers block)."""
    try:
        await asyncio.wait_for(
            asyncio.to_thread(_select_one, sessions), timeout=DATABASE_TIMEOUT_SECONDS
        )
    except Exception:
        return "error"
    return "ok"


async def redis_state(*, enabled: bool, ping: Callable[[], Awaitable[object]]) -> str:
    """`ping` is the async client's ping (awaitable); "off" without INBOX_REDIS_URL."""
    if not enabled:
        return "off"
    try:
        await asyncio.wait_for(ping(), timeout=REDIS_TIMEOUT_SECONDS)
    except Exception:
        return "error"
    return "ok"


def loop_states(loops: Mapping[str, Callable | None]) -> dict[str, str]:
    """Whether each lifespan loop has a live task on this event loop. A loop is recognised by
    its code object, not by the task's name (Reflex's naming is its own business); None means
    the loop is off in this configuration. Call on the event loop that serves the app."""
    running = {
        getattr(task.get_coro(), "cr_code", None) for task in asyncio.all_tasks() if not task.done()
    }
    return {
        name: "off" if loop is None else "running" if loop.__code__ in running else "stopped"
        for name, loop in loops.items()
    }


def thread_state(name: str) -> str:
    """A worker thread started on first use: "running", or "idle" before that use."""
    alive = any(thread.name == name and thread.is_alive() for thread in threading.enumerate())
    return "running" if alive else "idle"
