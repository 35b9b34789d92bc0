"""Figures over the two days of the fixture, computed by hand (see fixture.py).

Berlin's 24 and 25 November are UTC [23 Nov 23:00, 25 Nov 23:00): D was started before, its
late reply falls inside. First responses: A 120 s, B 20 s, D 79,200 s (22 h); resolutions:
A 3,600 s and 10,800 s (closed twice). Nearest rank: median = rank ceil(n/2), p90 = ceil(0.9 n).
"""

from datetime import date

from inbox_app.services.statistics.figures import Figures
from inbox_app.services.statistics.periods import Period
from inbox_app.services.statistics.report import statistics_report
from inbox_app.services.statistics.sql import Filters
from inbox_app.services.statistics.timeline import Day
from tests.integration.statistics.fixture import make_two_days

TWO_DAYS = Period(date(2026, 11, 24), date(2026, 11, 25), "Europe/Berlin")


def test_totals_per_agent_group_and_channel(session, team):
    make_two_days(session, team)
    report = statistics_report(session, period=TWO_DAYS, filters=Filters())
    assert report.totals == Figures(
        conversations=3,
        closed=2,
        missed=2,
        replies=4,
        first_response_median=120,
        first_response_p90=79_200,
        resolution_median=3_600,
        resolution_p90=10_800,
    )
    anna, ben, sales = team["anna"].id, team["ben"].id, team["sales"].id
    assert report.agents == {
        anna: Figures(
            conversations=1,
            missed=1,
            replies=3,
            first_response_median=120,
            first_response_p90=79_200,
        ),
        ben: Figures(
            conversations=1, closed=2, replies=1, resolution_median=3_600, resolution_p90=10_800
        ),
    }
    assert report.groups[sales] == Figures(
        conversations=1, replies=1, first_response_median=20, first_response_p90=20
    )
    assert report.groups[None].conversations == 2 and report.groups[None].missed == 2
    assert report.channels["api"] == Figures(
        replies=1, first_response_median=79_200, first_response_p90=79_200
    )
    assert (report.channels["chat"].conversations, report.channels["chat"].closed) == (2, 2)
    assert report.channels["email"].conversations == 1


def test_days_and_busiest_hours_are_local(session, team):
    make_two_days(session, team)
    report = statistics_report(session, period=TWO_DAYS, filters=Filters())
    assert report.days == [
        Day(date(2026, 11, 24), new=1, closed=2, missed=1),
        Day(date(2026, 11, 25), new=2, closed=0, missed=1),
    ]
    busy = {
        (weekday, hour): count
        for weekday, row in enumerate(report.hours)
        for hour, count in enumerate(row)
        if count
    }
    # A: Tuesday 10:00 in Berlin; B: Wednesday 00:30; C: Wednesday 09:00.
    assert busy == {(1, 10): 1, (2, 0): 1, (2, 9): 1}


def test_filters_narrow_every_figure(session, team):
    make_two_days(session, team)
    ben = Filters(agent_id=team["ben"].id)
    report = statistics_report(session, period=TWO_DAYS, filters=ben)
    assert (report.totals.conversations, report.totals.closed, report.totals.replies) == (1, 2, 1)
    assert report.totals.missed == 0 and list(report.agents) == [team["ben"].id]
    assert report.days[0] == Day(date(2026, 11, 24), new=1, closed=2, missed=0)
    email = statistics_report(session, period=TWO_DAYS, filters=Filters(channel="email"))
    assert (email.totals.conversations, email.totals.replies, email.totals.missed) == (1, 1, 0)
    sales = Filters(group_id=team["sales"].id)
    assert statistics_report(session, period=TWO_DAYS, filters=sales).totals.conversations == 1


def test_one_day_in_utc_sees_only_that_day(session, team):
    make_two_days(session, team)
    day = Period(date(2026, 11, 24), date(2026, 11, 24), "UTC")
    report = statistics_report(session, period=day, filters=Filters())
    # A and B started on the 24th in UTC; C on the 25th.
    assert (report.totals.conversations, report.totals.replies) == (2, 4)
    assert report.days == [Day(date(2026, 11, 24), new=2, closed=2, missed=1)]
