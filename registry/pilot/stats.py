"""The pilot's statistics: quantiles, means, rates, and a seeded percentile bootstrap of group differences.

Quantiles are linear interpolation between closest ranks (Hyndman & Fan type 7: the default of R, NumPy and
spreadsheets' QUARTILE.INC): for n sorted values, quantile p is at 0-based rank (n - 1) * p.

The bootstrap resamples each group on its own, with replacement, at its own size. A resample of n values
from a sample is fully described by how often each distinct value is drawn, which is multinomial with the
sample's proportions, so the resamples are drawn as such counts (numpy's seeded PCG64): the same
distribution as drawing n values one by one, in time that grows with the distinct values, not with n.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy is imported where it is used, so `credreg` starts without it
    import numpy

DEFAULT_RESAMPLES = 2000
MIN_RESAMPLES, MAX_RESAMPLES = 200, 50_000
DEFAULT_SEED = 11
CONFIDENCE = 0.95


def quantile(values: Sequence[float], p: float) -> float | None:
    """Quantile `p` (0..1) of `values` by type 7; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    h = (len(ordered) - 1) * p
    low = math.floor(h)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (h - low) * (ordered[high] - ordered[low])


def mean(values: Sequence[float]) -> float | None:
    """The arithmetic mean; None for no values."""
    return sum(values) / len(values) if values else None


def rate(count: int, n: int) -> float | None:
    """count / n; None when n is 0 (a rate of nobody is not 0)."""
    return count / n if n else None


@dataclass(frozen=True)
class Interval:
    """A difference's point estimate and its percentile bootstrap confidence interval."""

    estimate: float
    low: float
    high: float


def _resampled(values: Sequence[float], statistic: str, resamples: int, rng: numpy.random.Generator) -> numpy.ndarray:
    """The statistic ("mean" or "median") of `resamples` bootstrap resamples of `values`."""
    import numpy
    distinct, counts = numpy.unique(numpy.asarray(values, dtype=float), return_counts=True)
    n = int(counts.sum())
    drawn = rng.multinomial(n, counts / n, size=resamples)  # (resamples, distinct): how often each value is drawn
    if statistic == "mean":
        return (drawn @ distinct) / n
    cumulative = numpy.cumsum(drawn, axis=1)

    def at_rank(rank: int) -> numpy.ndarray:  # the value at 0-based rank in each resample, sorted
        return distinct[numpy.argmax(cumulative > rank, axis=1)]

    h = (n - 1) * 0.5
    low, high = math.floor(h), min(math.floor(h) + 1, n - 1)
    return at_rank(low) + (h - low) * (at_rank(high) - at_rank(low))


def _point(values: Sequence[float], statistic: str) -> float:
    value = mean(values) if statistic == "mean" else quantile(values, 0.5)
    assert value is not None  # values is not empty
    return value


def bootstrap_difference(first: Sequence[float], second: Sequence[float], statistic: str, resamples: int,
                         rng: numpy.random.Generator) -> Interval | None:
    """statistic(first) - statistic(second) with a percentile bootstrap CI (CONFIDENCE); None if a group is empty."""
    if not first or not second:
        return None
    estimate = _point(first, statistic) - _point(second, statistic)
    import numpy
    differences = _resampled(first, statistic, resamples, rng) - _resampled(second, statistic, resamples, rng)
    tail = (1 - CONFIDENCE) / 2
    low, high = numpy.quantile(differences, [tail, 1 - tail])  # type 7, like the point estimates
    return Interval(float(estimate), float(low), float(high))


def generator(seed: int) -> numpy.random.Generator:
    """The one random source of a run: the same seed gives the same intervals (with the same numpy)."""
    import numpy
    return numpy.random.Generator(numpy.random.PCG64(seed))
