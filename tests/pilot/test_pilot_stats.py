"""The pilot's statistics against hand-computed values, and the bootstrap against its definition."""
from __future__ import annotations

import random
import statistics

import numpy
import pytest

from registry.pilot import stats


@pytest.mark.parametrize(("values", "p", "expected"), [
    pytest.param([1, 2, 3, 4], 0.25, 1.75, id="q1 of four: rank 0.75"),
    pytest.param([1, 2, 3, 4], 0.5, 2.5, id="median of four"),
    pytest.param([1, 2, 3, 4], 0.75, 3.25, id="q3 of four: rank 2.25"),
    pytest.param([10, 20], 0.25, 12.5, id="q1 of two"),
    pytest.param([7], 0.75, 7, id="one value is every quantile"),
    pytest.param([30, 10, 20], 0.5, 20, id="unsorted input"),
    pytest.param([0, 0, 0, 100], 0.75, 25, id="q3 between ranks 2 and 3"),
    pytest.param([], 0.5, None, id="no values: None"),
])
def test_quantile_type_7(values: list[float], p: float, expected: float | None) -> None:
    assert stats.quantile(values, p) == expected


def test_quantile_agrees_with_the_standard_library_inclusive_method() -> None:
    rng = random.Random(5)
    for size in (2, 3, 5, 8, 13, 40):
        values = [rng.randint(0, 90) for _ in range(size)]
        q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
        assert [stats.quantile(values, p) for p in (0.25, 0.5, 0.75)] == pytest.approx([q1, median, q3])


def test_mean_and_rate() -> None:
    assert (stats.mean([3, 4, 5, 5]), stats.mean([])) == (4.25, None)
    assert (stats.rate(1, 4), stats.rate(0, 5), stats.rate(0, 0)) == (0.25, 0.0, None)


def test_bootstrap_by_hand() -> None:
    """Badged days [10, 20]: a resample's median is 10, 15 or 20 (1/4, 1/2, 1/4); control [20] always 20.
    The differences are -10, -5, 0, so the 2.5% and 97.5% points are -10 and 0; the estimate 15 - 20."""
    interval = stats.bootstrap_difference([10, 20], [20], "median", 2000, stats.generator(1))
    assert interval == stats.Interval(-5.0, -10.0, 0.0)


def test_identical_values_give_an_interval_of_no_width() -> None:
    interval = stats.bootstrap_difference([1.0] * 9, [0.0] * 5, "mean", 500, stats.generator(3))
    assert interval == stats.Interval(1.0, 1.0, 1.0)


@pytest.mark.parametrize(("first", "second"), [pytest.param([], [1.0], id="first empty"),
                                               pytest.param([1.0], [], id="second empty")])
def test_an_empty_group_gives_no_interval(first: list[float], second: list[float]) -> None:
    assert stats.bootstrap_difference(first, second, "median", 500, stats.generator(1)) is None


def test_same_seed_same_interval_other_seed_other_interval() -> None:
    rng = random.Random(9)
    a, b = [rng.randint(5, 60) for _ in range(40)], [rng.randint(10, 70) for _ in range(35)]
    first = stats.bootstrap_difference(a, b, "median", 1000, stats.generator(42))
    again = stats.bootstrap_difference(a, b, "median", 1000, stats.generator(42))
    other = stats.bootstrap_difference(a, b, "median", 1000, stats.generator(43))
    assert first == again and first != other
    assert first is not None and first.low <= first.estimate <= first.high


@pytest.mark.parametrize("statistic", ["mean", "median"])
def test_counts_resampling_matches_drawing_values_one_by_one(statistic: str) -> None:
    """Drawing a resample as multinomial counts is the same distribution as drawing n values with replacement:
    the intervals of both ways agree to within the Monte Carlo error."""
    rng = random.Random(2)
    a, b = [rng.randint(5, 60) for _ in range(60)], [rng.randint(10, 70) for _ in range(50)]
    fast = stats.bootstrap_difference(a, b, statistic, 20_000, stats.generator(7))
    point = numpy.mean if statistic == "mean" else numpy.median
    naive = numpy.random.default_rng(8)
    diffs = [point(naive.choice(a, len(a))) - point(naive.choice(b, len(b))) for _ in range(6_000)]
    low, high = numpy.quantile(diffs, [0.025, 0.975])
    assert fast is not None
    assert fast.low == pytest.approx(low, abs=1.0) and fast.high == pytest.approx(high, abs=1.0)
