"""Failed sign-ins counted per account and per client address; too many lock either out.

- An account (the email typed, known or not) with 5 failures within 5 minutes is locked for
  5 minutes from the fifth, whatever address the guesses came from.
- An address (IPv4, or an IPv6 /64) with 20 failures within 5 minutes, over any accounts, is
  locked for 5 minutes: more than an account's 5, so colleagues behind one office address
  mistyping now and then do not lock each other out, while one address spraying guesses over
  the team's emails is stopped.

Counters are `limits` storage counters: in memory with one worker, in Redis (shared by every
worker) with `INBOX_REDIS_URL`; `incr` is atomic in both. An attempt takes its place in the
counts *before* the password is checked (and gives it back if it succeeds): guesses sent in
parallel are counted as they arrive, so the sixth is refused even while five are still being
checked, instead of all of them reading "four failures so far" and going on.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass
from typing import cast

from limits import storage

from inbox_app.services.client_address import address_key
from inbox_app.settings import get_settings

MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20
WINDOW_SECONDS = 5 * 60  # counted from the first failure
LOCKOUT_SECONDS = 5 * 60  # counted from the failure that reached the limit
_storage: storage.Storage | None = None


@dataclass(frozen=True)
class Attempt:
    """One sign-in attempt's place in the counts; `locked_for` is set when it was refused."""

    account: str
    address: str
    locked_for: float | None = None


def begin(*, email: str, address: str) -> Attempt:
    """Count an attempt before its password is checked; refused while either key is locked."""
    account, client = f"account:{_digest(email)}", f"address:{address_key(address)}"
    limits = _limits(account, client)
    kept, now = counters(), time.time()
    for key, _ in limits:
        if kept.get(_lock(key)) > 0:
            # Whole seconds: Redis knows a key's time to live to the second only.
            left = max(round(kept.get_expiry(_lock(key)) - now), 1)
            return Attempt(account, client, locked_for=left)
    counts = [(key, kept.incr(_count(key), WINDOW_SECONDS), limit) for key, limit in limits]
    if any(count > limit for _, count, limit in counts):
        # Over the limit with the others still being checked: refused unchecked, so this one
        # made no guess and gives its place back; the ones in flight lock the key if they fail.
        for key, _, _ in counts:
            kept.incr(_count(key), WINDOW_SECONDS, amount=-1)
        return Attempt(account, client, locked_for=LOCKOUT_SECONDS)
    return Attempt(account, client)


def failed(attempt: Attempt) -> None:
    """The password was wrong: the attempt stays counted; a count at its limit locks the key.
    The count itself is left to run out with its window (it ends before the lockout does), so
    an attempt arriving just as the lock is set still finds the count full."""
    kept = counters()
    for key, limit in _limits(attempt.account, attempt.address):
        if kept.get(_count(key)) >= limit:
            kept.incr(_lock(key), LOCKOUT_SECONDS)


def succeeded(attempt: Attempt) -> None:
    """The right password: the account's failures are forgiven, the attempt is uncounted at the
    address. The address's other failures stay, or one agent signing in between guesses at
    colleagues' passwords would wipe the address's count each time."""
    kept = counters()
    kept.clear(_count(attempt.account))
    kept.incr(_count(attempt.address), WINDOW_SECONDS, amount=-1)


def refusal(attempt: Attempt) -> str:
    minutes = max(1, math.ceil((attempt.locked_for or LOCKOUT_SECONDS) / 60))
    return f"Too many failed sign-ins. Try again in {minutes} minute{'s' if minutes > 1 else ''}."


def counters() -> storage.Storage:
    """Made on first use, in the worker (a Redis connection must not cross a fork)."""
    global _storage
    if _storage is None:
        url = get_settings().redis_url
        # A redis:// URL (not async+redis://) makes a synchronous storage.
        _storage = cast(
            storage.Storage,
            storage.storage_from_string(url) if url else storage.MemoryStorage(),
        )
    return _storage


def reset() -> None:
    """Forget every count and lockout (tests)."""
    counters().reset()


def _limits(account: str, address: str) -> tuple[tuple[str, int], ...]:
    return ((account, MAX_FAILURES_PER_ACCOUNT), (address, MAX_FAILURES_PER_ADDRESS))


def _digest(email: str) -> str:
    """Emails as typed, unknown ones too, are kept only as a hash (no address book in Redis)."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def _count(key: str) -> str:
    return f"login:count:{key}"


def _lock(key: str) -> str:
    return f"login:lock:{key}"
