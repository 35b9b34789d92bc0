"""Five failed sign-ins from one address within five minutes lock it out for five minutes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from inbox_app.models.tables import LoginLockout

MAX_FAILURES = 5
WINDOW = timedelta(minutes=5)
LOCKOUT = timedelta(minutes=5)


@dataclass(frozen=True)
class ThrottleRecord:
    failures: int
    window_start: datetime
    locked_until: datetime | None


def locked_until(record: ThrottleRecord | None, *, now: datetime) -> datetime | None:
    """When the lockout ends, if the address is locked out now."""
    if record is None or record.locked_until is None or record.locked_until <= now:
        return None
    return record.locked_until


def after_failure(record: ThrottleRecord | None, *, now: datetime) -> ThrottleRecord:
    """The record once one more failure is counted."""
    if record is None or now - record.window_start > WINDOW:
        record = ThrottleRecord(failures=0, window_start=now, locked_until=None)
    failures = record.failures + 1
    if failures >= MAX_FAILURES:
        return ThrottleRecord(failures=0, window_start=now, locked_until=now + LOCKOUT)
    return ThrottleRecord(failures=failures, window_start=record.window_start, locked_until=None)


def read_lockout(session: Session, *, address: str, now: datetime) -> datetime | None:
    row = session.get(LoginLockout, address)
    record = (
        None if row is None else ThrottleRecord(row.failures, row.window_start, row.locked_until)
    )
    return locked_until(record, now=now)


def record_failure(session: Session, *, address: str, now: datetime) -> None:
    row = session.get(LoginLockout, address)
    record = (
        None if row is None else ThrottleRecord(row.failures, row.window_start, row.locked_until)
    )
    updated = after_failure(record, now=now)
    row = row or LoginLockout(address=address)
    row.failures, row.window_start = updated.failures, updated.window_start
    row.locked_until = updated.locked_until
    session.add(row)
    session.commit()


def clear_failures(session: Session, *, address: str) -> None:
    if row := session.get(LoginLockout, address):
        session.delete(row)
        session.commit()
