"""Percentiles read off the partial indexes (many timed facts in the range) are the ones the
sort gives (few), per dimension, with every filter, over long and short ranges and in zones
counted from the rollup and from the facts; first replies without seconds are not counted
in n."""

import pytest

from inbox_app.services.statistics import percentiles
from inbox_app.services.statistics.periods import Period
from inbox_app.services.statistics.report import statistics_report
from inbox_app.services.statistics.sql import Filters
from tests.integration.statistics.test_rollup import (
    PERIODS,
    _change_facts,
    _spread_facts,
    _support,
)


def _both(session, monkeypatch, period: Period, filters: Filters):
    with monkeypatch.context() as patch:
        patch.setattr(percentiles, "WALK_FROM", 0)
        walked = statistics_report(session, period=period, filters=filters)
        patch.setattr(percentiles, "WALK_FROM", 10**9)
        sorted_ = statistics_report(session, period=period, filters=filters)
    return walked, sorted_


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "Asia/Kolkata"])
def test_the_index_walk_gives_the_percentiles_of_the_sort(session, team, monkeypatch, zone):
    _change_facts(session, team, _spread_facts(session, team))
    anna = team["anna"].id
    every_filter = [
        Filters(),
        Filters(agent_id=anna),
        Filters(channel="chat"),
        Filters(group_id=_support(session)),
        Filters(agent_id=anna, channel="email"),
    ]
    for first_day, last_day in PERIODS:
        for filters in every_filter:
            walked, sorted_ = _both(
                session, monkeypatch, Period(first_day, last_day, zone), filters
            )
            assert walked == sorted_, (first_day, filters)
    whole, _ = _both(session, monkeypatch, Period(*PERIODS[0], zone), Filters())
    timed = [whole.totals.first_response_median, whole.totals.resolution_p90]
    assert all(seconds is not None for seconds in timed)
    assert all(figures.resolution_median is not None for figures in whole.agents.values())
