"""Times as an agent reads them: their zone, their language's month names (issue 14)."""

from datetime import UTC, datetime

from inbox_app.services.rendering import Reader, time_label

NOW = datetime(2026, 12, 2, 0, 30, tzinfo=UTC)  # 01:30 in Berlin


def test_english_in_utc_reads_as_it_always_did():
    assert time_label(datetime(2026, 12, 1, 23, 0), now=NOW) == "01 Dec"
    assert time_label(datetime(2026, 12, 2, 0, 5), now=NOW) == "00:05"
    assert time_label(datetime(2025, 3, 9, 8, 0), now=NOW) == "09 Mar 2025"


def test_a_berlin_agent_sees_berlin_time_and_a_german_month():
    berlin = Reader(language="de", zone="Europe/Berlin")
    assert time_label(datetime(2026, 12, 1, 23, 0), now=NOW, reader=berlin) == "00:00"
    assert time_label(datetime(2026, 11, 20, 12, 0), now=NOW, reader=berlin) == "20. Nov."
    assert time_label(datetime(2025, 3, 9, 8, 0), now=NOW, reader=berlin) == "9. März 2025"


def test_an_unknown_zone_reads_as_utc():
    assert time_label(NOW, now=NOW, reader=Reader(zone="Mars/Olympus")) == "00:30"
