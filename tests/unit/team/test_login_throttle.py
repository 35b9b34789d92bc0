"""The sign-in throttle's rules, on its in-memory counters with a clock the test moves."""

from types import SimpleNamespace

import limits.storage.memory
import pytest
from limits.storage import MemoryStorage

from inbox_app.services.team import login_throttle
from inbox_app.services.team.login_throttle import begin, failed, refusal, succeeded

MINUTE = 60.0


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """Seconds since the epoch, as the counters and the throttle read them."""
    now = SimpleNamespace(value=1_900_000_000.0)
    fake = SimpleNamespace(time=lambda: now.value)
    monkeypatch.setattr(limits.storage.memory, "time", fake)
    monkeypatch.setattr(login_throttle, "time", fake)
    monkeypatch.setattr(login_throttle, "_storage", MemoryStorage())
    return now


def fail(times, *, email="anna@example.com", address="198.51.100.1", clock=None, step=10.0):
    for _ in range(times):
        attempt = begin(email=email, address=address)
        assert attempt.locked_for is None
        failed(attempt)
        if clock is not None:
            clock.value += step


def locked(email="anna@example.com", address="198.51.100.1") -> bool:
    attempt = begin(email=email, address=address)
    if attempt.locked_for is None:
        succeeded(attempt)  # a look, not a guess: give the place back
        return False
    return True


def test_four_failures_do_not_lock(clock):
    fail(4, clock=clock)
    assert not locked()


def test_fifth_failure_within_five_minutes_locks_the_account_for_five_minutes(clock):
    fail(4, clock=clock)
    clock.value += 2 * MINUTE
    fail(1)
    attempt = begin(email="anna@example.com", address="198.51.100.1")
    assert attempt.locked_for == 5 * MINUTE
    assert refusal(attempt) == "Too many failed sign-ins. Try again in 5 minutes."
    clock.value += 4 * MINUTE + 59
    assert locked()
    assert refusal(begin(email="anna@example.com", address="x")) == (
        "Too many failed sign-ins. Try again in 1 minute."
    )
    clock.value += 1
    assert not locked()


def test_failures_spread_beyond_the_window_do_not_lock(clock):
    fail(5, clock=clock, step=2 * MINUTE)
    assert not locked()


def test_the_account_is_locked_from_every_address_and_by_its_email_in_any_case(clock):
    for n in range(5):
        fail(1, address=f"198.51.100.{n}")
    assert locked(email=" ANNA@example.com", address="203.0.113.9")
    assert not locked(email="ben@example.com", address="198.51.100.1")


def test_an_address_is_locked_after_twenty_failures_over_any_accounts(clock):
    for n in range(20):
        fail(1, email=f"guess{n}@example.com")
    assert locked(email="ben@example.com")
    assert not locked(email="ben@example.com", address="198.51.100.2")


def test_ipv6_addresses_count_by_their_64_network(clock):
    for n in range(20):
        fail(1, email=f"guess{n}@example.com", address=f"2001:db8:1:2::{n + 1:x}")
    assert locked(email="ben@example.com", address="2001:db8:1:2:ffff::1")
    assert not locked(email="ben@example.com", address="2001:db8:1:3::1")


def test_attempts_count_before_their_check_so_parallel_ones_beyond_the_limit_are_refused():
    in_flight = [begin(email="anna@example.com", address="198.51.100.1") for _ in range(5)]
    assert all(attempt.locked_for is None for attempt in in_flight)
    assert begin(email="anna@example.com", address="198.51.100.1").locked_for is not None
    for attempt in in_flight:
        failed(attempt)
    assert locked()


def test_a_refused_attempt_gives_its_place_back(clock):
    in_flight = [begin(email="anna@example.com", address="198.51.100.1") for _ in range(5)]
    for _ in range(3):
        assert begin(email="anna@example.com", address="198.51.100.1").locked_for is not None
    for attempt in in_flight:
        succeeded(attempt)
    assert not locked()


def test_success_forgives_the_account_but_not_the_addresses_other_failures(clock):
    fail(4)
    succeeded(begin(email="anna@example.com", address="198.51.100.1"))
    fail(4)
    assert not locked()
    for n in range(12):
        fail(1, email=f"guess{n}@example.com")
    assert locked(email="ben@example.com")  # 4 + 4 + 12 at the address
