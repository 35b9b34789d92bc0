"""A tab's live refreshes keep to a share of the worker's time (realtime/refresh_budget.py)."""

import pytest

from inbox_app.realtime import refresh_budget


@pytest.fixture(autouse=True)
def measured(monkeypatch):
    monkeypatch.setitem(refresh_budget._average, "seconds", 0.02)


def test_the_pace_grows_with_the_tabs_that_reload():
    assert refresh_budget.pace(30) == pytest.approx(30 * 0.02 / refresh_budget.REFRESH_SHARE)
    assert refresh_budget.pace(60) > refresh_budget.pace(30)


def test_a_small_team_reloads_within_the_least_pace_and_a_crowd_within_the_most():
    assert refresh_budget.pace(1) == refresh_budget.MIN_PACE
    assert refresh_budget.pace(10_000) == refresh_budget.MAX_PACE


def test_a_refresh_charges_its_reads_and_moves_the_average():
    assert not refresh_budget.in_refresh()
    with refresh_budget.refreshing():
        assert refresh_budget.in_refresh()
        refresh_budget.charge(0.05)
        refresh_budget.charge(0.05)
    expected = 0.02 + refresh_budget._SMOOTHING * (0.1 * refresh_budget.OVERHEAD - 0.02)
    assert refresh_budget._average["seconds"] == pytest.approx(expected)
    assert not refresh_budget.in_refresh()


def test_reads_outside_a_refresh_charge_nothing():
    refresh_budget.charge(1.0)
    assert refresh_budget._average["seconds"] == 0.02


def test_the_pace_is_logged_once_a_minute_at_most(monkeypatch, caplog):
    clock = iter([1000.0, 1030.0, 1061.0])
    monkeypatch.setattr(refresh_budget.time, "monotonic", lambda: next(clock))
    monkeypatch.setitem(refresh_budget._logged, "at", float("-inf"))
    caplog.set_level("INFO", logger=refresh_budget.__name__)
    for tabs in (30, 31, 32):
        refresh_budget.pace(tabs)
    lines = [record.getMessage() for record in caplog.records]
    assert lines == [
        "live refreshes: each of 30 tabs every 2.40 s (a refresh costs 20.0 ms)",
        "live refreshes: each of 32 tabs every 2.56 s (a refresh costs 20.0 ms)",
    ]
