"""The nearest rank of a percentile: the smallest rank whose share reaches it."""

import pytest

from inbox_app.services.statistics.percentiles import rank


@pytest.mark.parametrize(
    ("n", "percent", "expected"),
    [(1, 50, 1), (1, 90, 1), (2, 50, 1), (3, 50, 2), (10, 50, 5), (10, 90, 9), (11, 90, 10)],
)
def test_rank_is_the_ceiling_of_the_share(n, percent, expected):
    assert rank(n, percent) == expected
