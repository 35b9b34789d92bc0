"""The sender: claims due deliveries, POSTs each (signed, 10 s at most, no redirects followed)
and records the answer. Actions never wait for it: they only store the delivery (and may wake
the loop). Time comes in as `now`, so tests drive the retry schedule without sleeping."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime

import httpx
from sqlmodel import Session

from inbox_app.services.errors import DomainError
from inbox_app.services.integrations import webhook_queue, webhook_signing, webhook_targets

Sessions = Callable[[], AbstractContextManager[Session]]
TIMEOUT_SECONDS = 10.0
BATCH = 20
USER_AGENT = "inbox-webhooks/1"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    duration_ms: int
    error: str


async def _target_refused(url: str, *, allow_private: bool) -> str:
    """Why the target may not be called now ("" when it may): its host is resolved again."""
    if allow_private:
        return ""
    try:
        await asyncio.to_thread(webhook_targets.check_target, url, allow_private=False)
    except DomainError as error:
        return f"Not sent: {error}"
    return ""


async def post(
    client: httpx.AsyncClient, delivery: webhook_queue.DueDelivery, *, now: datetime
) -> Outcome:
    body = webhook_signing.body_of(delivery.envelope)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Inbox-Event": delivery.event,
        "X-Inbox-Signature": webhook_signing.signature(
            secret=delivery.secret, body=body, timestamp=int(now.timestamp())
        ),
    }
    started = time.perf_counter()
    try:
        answer = await client.post(delivery.url, content=body, headers=headers)
    except httpx.HTTPError as error:
        elapsed = int((time.perf_counter() - started) * 1000)
        return Outcome(None, elapsed, f"{type(error).__name__}: {error}"[:500])
    elapsed = int((time.perf_counter() - started) * 1000)
    said = "" if answer.is_success else answer.text[:200]
    return Outcome(answer.status_code, elapsed, said)


class Sender:
    """One per worker; several may run at once (each delivery is claimed by one only)."""

    def __init__(self, *, sessions: Sessions, allow_private: bool) -> None:
        self.sessions, self.allow_private = sessions, allow_private

    def _claim(self, now: datetime) -> list[webhook_queue.DueDelivery]:
        with self.sessions() as session:
            return webhook_queue.claim_due(session, now=now, limit=BATCH)

    def _record(self, delivery_id: int, outcome: Outcome, now: datetime) -> str:
        with self.sessions() as session:
            return webhook_queue.record_answer(
                session,
                delivery_id=delivery_id,
                status_code=outcome.status_code,
                duration_ms=outcome.duration_ms,
                error=outcome.error,
                now=now,
            )

    async def _one(
        self, client: httpx.AsyncClient, delivery: webhook_queue.DueDelivery, now: datetime
    ) -> str:
        refused = await _target_refused(delivery.url, allow_private=self.allow_private)
        outcome = Outcome(None, 0, refused) if refused else await post(client, delivery, now=now)
        if outcome.status_code is None or outcome.status_code >= 300:
            log.warning("webhook delivery %s: %s", delivery.id, outcome.error or outcome)
        return await asyncio.to_thread(self._record, delivery.id, outcome, now)

    async def send_due(self, *, now: datetime) -> dict[int, str]:
        """One round: delivery id → its new status."""
        due = await asyncio.to_thread(self._claim, now)
        if not due:
            return {}
        timeout = httpx.Timeout(TIMEOUT_SECONDS)
        async with httpx.AsyncClient(timeout=timeout, follow_redirects=False) as client:
            statuses = await asyncio.gather(*(self._one(client, d, now) for d in due))
        return dict(zip((d.id for d in due), statuses, strict=True))
