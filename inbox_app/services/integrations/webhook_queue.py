"""The deliveries' queue as the sender sees it: claim what is due, record each answer, retry on
anything but 2xx after 1 min, 5 min, 30 min, 2 h and 6 h, then `failed`.

A claim is a lease taken by one conditional UPDATE per row (as the email outbox does): of two
senders, on any worker or database, exactly one wins a row. If the winner dies before recording
the answer, the lease runs out and the delivery goes out again (at least once, never lost).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from inbox_app.models.tables import table_of
from inbox_app.models.webhooks import Webhook, WebhookDelivery

QUEUED, SENT, FAILED = "queued", "sent", "failed"
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)
LEASE = timedelta(minutes=2)  # far above the 10 s a send may take


@dataclass(frozen=True)
class DueDelivery:
    id: int
    url: str
    secret: str
    event: str
    envelope: dict[str, Any]  # what is POSTed: the delivery's id, event, time and data


def retry_delay(failed_attempts: int) -> timedelta | None:
    """The wait after the n-th failed attempt (n ≥ 1); None: no more attempts."""
    if failed_attempts < 1 or failed_attempts > len(RETRY_DELAYS):
        return None
    return RETRY_DELAYS[failed_attempts - 1]


def claim_due(session: Session, *, now: datetime, limit: int) -> list[DueDelivery]:
    """Queued deliveries that are due and held by no one, now held by the caller."""
    due = session.exec(
        select(WebhookDelivery.id)
        .where(WebhookDelivery.status == QUEUED, col(WebhookDelivery.next_attempt_at) <= now)
        .where(
            or_(
                col(WebhookDelivery.claimed_until).is_(None),
                col(WebhookDelivery.claimed_until) < now,
            )
        )
        .order_by(col(WebhookDelivery.next_attempt_at), col(WebhookDelivery.id))
        .limit(limit)
    ).all()
    table = table_of(WebhookDelivery)
    claimed: list[int] = []
    for delivery_id in due:  # one conditional UPDATE each: of two senders, one wins each row
        won = session.connection().execute(
            update(table)
            .where(
                table.c.id == delivery_id,
                table.c.status == QUEUED,
                or_(table.c.claimed_until.is_(None), table.c.claimed_until < now),
            )
            .values(claimed_until=now + LEASE)
        )
        if won.rowcount == 1 and delivery_id is not None:
            claimed.append(delivery_id)
    session.commit()
    return _loaded(session, claimed)


def _loaded(session: Session, ids: list[int]) -> list[DueDelivery]:
    if not ids:
        return []
    rows = session.exec(
        select(WebhookDelivery, Webhook)
        .join(Webhook, col(Webhook.id) == WebhookDelivery.webhook_id)
        .where(col(WebhookDelivery.id).in_(ids))
        .order_by(col(WebhookDelivery.id))
    ).all()
    return [
        DueDelivery(
            id=d.id or 0,
            url=w.url,
            secret=w.secret,
            event=d.event,
            envelope={
                "id": d.id,
                "event": d.event,
                "created_at": d.created_at.isoformat(),
                "data": d.payload,
            },
        )
        for d, w in rows
    ]


def record_answer(
    session: Session,
    *,
    delivery_id: int,
    status_code: int | None,
    duration_ms: int,
    error: str,
    now: datetime,
) -> str:
    """The delivery's new status: `sent` on 2xx, else `queued` for a later attempt or
    `failed` after the last one. The claim is given up in the same statement."""
    row = session.get(WebhookDelivery, delivery_id)
    if row is None:  # its webhook was deleted meanwhile
        return FAILED
    attempts = row.attempts + 1
    ok = status_code is not None and 200 <= status_code < 300
    delay = None if ok else retry_delay(attempts)
    status = SENT if ok else (QUEUED if delay is not None else FAILED)
    table = table_of(WebhookDelivery)
    session.connection().execute(
        update(table)
        .where(table.c.id == delivery_id)
        .values(
            status=status,
            attempts=attempts,
            claimed_until=None,
            next_attempt_at=now + delay if delay is not None else row.next_attempt_at,
            last_status_code=status_code,
            last_duration_ms=duration_ms,
            last_error=error[:1000] or None,
            last_attempt_at=now,
        )
    )
    session.commit()
    return status


def next_due_at(session: Session) -> datetime | None:
    """When the earliest queued delivery is due (the sender sleeps until then at most)."""
    return session.exec(
        select(WebhookDelivery.next_attempt_at)
        .where(WebhookDelivery.status == QUEUED)
        .order_by(col(WebhookDelivery.next_attempt_at))
        .limit(1)
    ).first()
