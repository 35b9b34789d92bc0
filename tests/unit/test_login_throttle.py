from datetime import UTC, datetime, timedelta

from inbox_app.services.login_throttle import after_failure, locked_until

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def fail(times: int, *, start=T0, step=timedelta(seconds=10), record=None):
    for n in range(times):
        record = after_failure(record, now=start + n * step)
    return record


def test_four_failures_do_not_lock():
    record = fail(4)
    assert locked_until(record, now=T0 + timedelta(minutes=1)) is None


def test_fifth_failure_within_five_minutes_locks_for_five_minutes():
    record = fifth = fail(5)
    fifth_at = T0 + timedelta(seconds=40)
    assert locked_until(record, now=fifth_at) == fifth_at + timedelta(minutes=5)
    assert locked_until(fifth, now=fifth_at + timedelta(minutes=4, seconds=59)) is not None
    assert locked_until(fifth, now=fifth_at + timedelta(minutes=5)) is None


def test_failures_spread_beyond_the_window_do_not_lock():
    record = fail(5, step=timedelta(minutes=2))
    assert locked_until(record, now=T0 + timedelta(minutes=8, seconds=1)) is None


def test_no_record_means_not_locked():
    assert locked_until(None, now=T0) is None
