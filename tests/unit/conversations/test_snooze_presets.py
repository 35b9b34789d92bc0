from datetime import UTC, datetime, timedelta, timezone

import pytest

from inbox_app.services.conversations.snooze_presets import PRESETS, preset_until

# A Wednesday afternoon.
WEDNESDAY = datetime(2026, 12, 2, 15, 30, tzinfo=UTC)


def test_one_hour_is_an_hour_from_now():
    assert preset_until("1 hour", now=WEDNESDAY) == WEDNESDAY + timedelta(hours=1)


def test_tomorrow_is_the_next_morning_at_nine():
    assert preset_until("Tomorrow", now=WEDNESDAY) == datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def test_tomorrow_just_before_midnight_is_still_the_next_day():
    late = datetime(2026, 12, 2, 23, 59, tzinfo=UTC)
    assert preset_until("Tomorrow", now=late) == datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def test_next_week_is_next_monday_at_nine():
    assert preset_until("Next week", now=WEDNESDAY) == datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def test_next_week_from_a_monday_is_the_monday_after():
    monday = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    assert preset_until("Next week", now=monday) == datetime(2026, 12, 14, 9, 0, tzinfo=UTC)


def test_next_week_from_a_sunday_is_the_next_day():
    sunday = datetime(2026, 12, 6, 20, 0, tzinfo=UTC)
    assert preset_until("Next week", now=sunday) == datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def test_mornings_follow_the_given_zone_and_come_back_in_utc():
    berlin_winter = timezone(timedelta(hours=1))
    until = preset_until("Tomorrow", now=WEDNESDAY, zone=berlin_winter)
    assert until == datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
    assert until.tzinfo == UTC


def test_every_offered_preset_lies_ahead():
    assert all(preset_until(preset, now=WEDNESDAY) > WEDNESDAY for preset in PRESETS)


def test_an_unknown_preset_is_refused():
    with pytest.raises(ValueError):
        preset_until("Someday", now=WEDNESDAY)
