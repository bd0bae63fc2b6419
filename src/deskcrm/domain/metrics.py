"""The arithmetic of the agency metrics (DESIGN.md §1): pure, no SQL, no I/O. The store's
named queries (``store/reports``) count the rows; this module turns counts into figures.

- ``percentile([10, 20, 30, 40], 50)``  -> ``25.0`` (linear between the closest ranks; None for none)
- ``ratio(3, 4)``                      -> ``0.75`` (None when the denominator is 0: "no data", not 0 %)
- ``target_for(260_000, period)``      -> the annual target pro-rated to the period's days
- ``StageWeights``                     -> the chance an open job at each stage is filled
  (``[report.stage_weights]`` in the config overrides these documented defaults)
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass

from deskcrm.domain.periods import Period


def percentile(values: Sequence[float], pct: float) -> float | None:
    """The ``pct``-th percentile (0-100) of ``values``, linear between the closest ranks (the
    median of an even count is the mean of the middle two); None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100.0
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (rank - low))


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator ÷ denominator; None when the denominator is 0 (nothing to measure)."""
    return numerator / denominator if denominator else None


def target_for(annual: float | None, p: Period) -> float | None:
    """A recruiter's annual revenue target for the period: whole calendar years count whole,
    anything else by its share of the days of the years it spans. None without a target."""
    if annual is None:
        return None
    share = 0.0
    day = p.start
    while day <= p.end:
        year_end = min(p.end, day.replace(month=12, day=31))
        days_in_year = 366 if calendar.isleap(day.year) else 365
        share += ((year_end - day).days + 1) / days_in_year
        day = year_end.replace(year=year_end.year + 1, month=1, day=1) if year_end.year < 9999 else p.end
        if year_end == p.end:
            break
    return round(annual * share, 2)


@dataclass(frozen=True)
class StageWeights:
    """How likely an open job order at each stage is to be filled: its expected fee times this
    is its weighted pipeline value. ``[report.stage_weights]`` in the config overrides any of
    them (a number from 0 to 1)."""

    intake: float = 0.1
    sourcing: float = 0.2
    submitting: float = 0.3
    interviewing: float = 0.5
    offer: float = 0.8

    def of(self, stage: str) -> float:
        return float(getattr(self, stage, 0.0))
