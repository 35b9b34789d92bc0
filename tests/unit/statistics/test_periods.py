"""Ranges in an agent's time zone: presets, local midnights and the cut at a DST change."""

from datetime import UTC, date, datetime

import pytest

from inbox_app.services.statistics.periods import (
    Period,
    Segment,
    checked_period,
    day_of,
    preset,
    segments,
)

TODAY = date(2026, 3, 31)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("today", (date(2026, 3, 31), date(2026, 3, 31))),
        ("last_7_days", (date(2026, 3, 25), date(2026, 3, 31))),
        ("last_30_days", (date(2026, 3, 2), date(2026, 3, 31))),
        ("this_month", (date(2026, 3, 1), date(2026, 3, 31))),
    ],
)
def test_presets_end_today(name, expected):
    assert preset(name, today=TODAY) == expected


def test_an_unknown_preset_is_refused():
    with pytest.raises(ValueError, match="unknown preset"):
        preset("forever", today=TODAY)


def test_a_period_runs_from_local_midnight_to_the_midnight_after_its_last_day():
    period = Period(date(2026, 1, 10), date(2026, 1, 11), "Europe/Berlin")
    assert period.start == datetime(2026, 1, 9, 23, tzinfo=UTC)
    assert period.end == datetime(2026, 1, 11, 23, tzinfo=UTC)
    assert period.days() == [date(2026, 1, 10), date(2026, 1, 11)]


def test_a_range_over_the_spring_change_is_cut_where_the_offset_changes():
    period = Period(date(2026, 3, 28), date(2026, 3, 30), "Europe/Berlin")
    change = datetime(2026, 3, 29, 1, tzinfo=UTC)  # 02:00 local becomes 03:00
    assert segments(period) == [
        Segment(datetime(2026, 3, 27, 23, tzinfo=UTC), change, 3600),
        Segment(change, datetime(2026, 3, 30, 22, tzinfo=UTC), 7200),
    ]


def test_a_zone_without_changes_and_an_unknown_zone_are_one_segment():
    kolkata = Period(date(2026, 3, 1), date(2026, 3, 31), "Asia/Kolkata")
    assert [s.offset_seconds for s in segments(kolkata)] == [19_800]
    unknown = Period(date(2026, 3, 1), date(2026, 3, 2), "Mars/Base")
    assert segments(unknown) == [Segment(unknown.start, unknown.end, 0)]


def test_a_reversed_or_too_long_range_is_made_sensible():
    assert checked_period(date(2026, 3, 5), date(2026, 3, 1), "UTC") == Period(
        date(2026, 3, 1), date(2026, 3, 5), "UTC"
    )
    long = checked_period(date(2000, 1, 1), date(2026, 3, 1), "UTC")
    assert (long.last_day - long.first_day).days == 366 * 2 - 1


def test_day_buckets_count_from_1970():
    assert day_of(0) == date(1970, 1, 1) and day_of(20_000) == date(2024, 10, 4)
