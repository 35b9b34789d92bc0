"""The REST API's page cursors: opaque, round-trip exactly, and refuse anything else."""

import base64
from datetime import UTC, datetime, timedelta, timezone

import pytest

from inbox_app.models.tables import Conversation
from inbox_app.services.conversations.feed import MAX_ID, FeedError, decode_cursor, encode_cursor

AT = datetime(2026, 11, 25, 12, 0, 0, 123456, tzinfo=UTC)


def _raw(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "at", [AT, AT.replace(tzinfo=None), AT.astimezone(timezone(timedelta(hours=2)))]
)
def test_a_cursor_round_trips_the_last_row_in_utc(at):
    cursor = encode_cursor(Conversation(id=42, contact_id=1, last_activity_at=at))
    assert "=" not in cursor and "|" not in cursor
    assert decode_cursor(cursor) == (AT, 42)


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "not base64!",
        _raw("2026-11-25|x"),
        _raw("yesterday|4"),
        _raw("2026-11-25T12:00:00|4"),
        _raw(f"{AT.isoformat()}|0"),
        _raw(f"{AT.isoformat()}|{MAX_ID + 1}"),
        _raw(f"{AT.isoformat()}"),
        _raw("9999-12-31T23:00:00-05:00|4"),
        "\udcff",
    ],
)
def test_anything_but_a_cursor_this_api_gave_is_refused(cursor):
    with pytest.raises(FeedError):
        decode_cursor(cursor)
