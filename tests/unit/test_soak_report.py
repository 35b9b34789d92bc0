"""The soak report's statistics (bench/soak/report.py): what separates a trend from noise."""

import pytest

from bench.soak.recorder import pct
from bench.soak.report import bootstrap_p95, rank_correlation, theil_sen


def test_rank_correlation_follows_order_not_size():
    assert rank_correlation([1, 2, 3, 4], [10, 20, 300, 4000]) == pytest.approx(1.0)
    assert rank_correlation([1, 2, 3, 4], [9, 7, 5, 1]) == pytest.approx(-1.0)


def test_one_wild_minute_does_not_make_a_trend():
    flat_with_a_spike = [(m, 100.0) for m in range(1, 11)]
    flat_with_a_spike[9] = (10, 900.0)
    assert theil_sen(flat_with_a_spike) == 0.0
    assert theil_sen([(m, 10.0 * m) for m in range(1, 6)]) == pytest.approx(10.0)


def test_the_bootstrap_range_holds_the_samples_own_p95():
    samples = [float(v) for v in range(1, 101)]
    low, high = bootstrap_p95(samples)
    assert low <= pct(samples, 0.95) <= high
    assert high <= 100.0
