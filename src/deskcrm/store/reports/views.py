"""What the reports return: frozen view dataclasses, every figure with the ``Trace`` of the rows
behind it (``records(conn, trace)`` lists them). Amounts are per currency, never added across
currencies; dates are ``datetime.date``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from deskcrm.domain.periods import Period


@dataclass(frozen=True, slots=True)
class Scope:
    """Whose numbers: the team (both None), one recruiter, one client, or both."""

    recruiter_id: int | None = None
    company_id: int | None = None


@dataclass(frozen=True, slots=True)
class Trace:
    """The named query behind a figure and its arguments (hashable, printable): ``records``
    lists its rows. ``args`` is sorted ``(name, value)`` pairs; values are str, int, float,
    date, or a tuple of those."""

    query: str
    args: tuple[tuple[str, Any], ...] = ()

    @staticmethod
    def of(query: str, **args: Any) -> Trace:
        return Trace(query, tuple(sorted((k, v) for k, v in args.items() if v is not None)))

    def arg(self, name: str, default: Any = None) -> Any:
        return dict(self.args).get(name, default)

    def with_(self, **args: Any) -> Trace:
        merged = dict(self.args)
        for k, v in args.items():
            if v is None:
                merged.pop(k, None)
            else:
                merged[k] = v
        return Trace(self.query, tuple(sorted(merged.items(), key=_first)))


def _first(pair: tuple[str, Any]) -> str:
    return pair[0]


@dataclass(frozen=True, slots=True)
class Amount:
    """A sum in one currency, the number of rows it adds up, and those rows."""

    currency: str
    amount: float
    count: int
    trace: Trace


@dataclass(frozen=True, slots=True)
class Count:
    value: int
    trace: Trace


@dataclass(frozen=True, slots=True)
class Ratio:
    """numerator ÷ denominator (``value`` None when there is nothing to divide by)."""

    numerator: Count
    denominator: Count

    @property
    def value(self) -> float | None:
        d = self.denominator.value
        return self.numerator.value / d if d else None


# --- revenue -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class RevenueBucket:
    """One month (or quarter) of the period: fees placed, invoiced, paid and credited."""

    label: str  # '2026-12' / '2026 Q4'
    period: Period
    placed: tuple[Amount, ...]
    invoiced: tuple[Amount, ...]
    paid: tuple[Amount, ...]
    credited: tuple[Amount, ...]
    # contract placements' margin (bill − pay) by rate unit, never converted: ("day", amounts), ("hour", …)
    margin: tuple[tuple[str, tuple[Amount, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class PipelineStage:
    """Open job orders at one stage: their expected fees and those times the stage weight."""

    stage: str
    label: str
    weight: float
    jobs: Count
    value: tuple[Amount, ...]
    weighted: tuple[Amount, ...]


@dataclass(frozen=True, slots=True)
class RevenueReport:
    period: Period
    scope: Scope
    size: str  # 'month' | 'quarter'
    buckets: tuple[RevenueBucket, ...]
    pipeline: tuple[PipelineStage, ...]  # as of today, whatever the period
    weighted_pipeline: tuple[tuple[str, float], ...]  # currency -> sum of the stages' weighted value
    not_invoiced: tuple[Amount, ...]  # live placements whose fee is not invoiced yet
    unpaid: tuple[Amount, ...]  # invoiced, not paid (less credits)
    overdue: tuple[Amount, ...]  # of those, past the invoice's due date


# --- KPIs --------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class TimeToFill:
    """Days from a job's opening to its first accepted offer, over the jobs filled in the period."""

    median: float | None
    p75: float | None
    jobs: Count


@dataclass(frozen=True, slots=True)
class RecruiterRevenue:
    recruiter_id: int
    initials: str
    name: str
    placed: tuple[Amount, ...]
    target: float | None  # the annual target pro-rated to the period (None: no target)
    target_currency: str | None  # the currency the target is in (None without a target)
    attainment: float | None  # placed in target_currency ÷ target


@dataclass(frozen=True, slots=True)
class ClientValue:
    company_id: int
    name: str
    value: tuple[Amount, ...]  # paid fees less credits, per currency


@dataclass(frozen=True, slots=True)
class SourceRate:
    source: str  # '' when none was recorded
    rate: Ratio  # placements ÷ submissions


@dataclass(frozen=True, slots=True)
class Coverage:
    currency: str
    weighted: float  # weighted open pipeline in this currency
    remaining: float  # target for the period less what was placed in it (≥ 0)
    value: float | None  # weighted ÷ remaining (None when nothing remains)


@dataclass(frozen=True, slots=True)
class Kpis:
    period: Period
    scope: Scope
    time_to_fill: TimeToFill
    fill_rate: Ratio
    revenue: tuple[RecruiterRevenue, ...]
    top_clients: tuple[ClientValue, ...]
    sources: tuple[SourceRate, ...]
    guarantee: Ratio  # passed ÷ ended with an outcome
    guarantee_unconfirmed: Count  # guarantee ended, still "started": no outcome recorded yet
    coverage: tuple[Coverage, ...]


# --- activity ----------------------------------------------------------------------------------

ACTIVITY_FIGURES = ("calls_talked", "calls_voicemail", "calls_no_answer", "emails", "meetings",
                    "submissions", "interviews", "offers", "placements")


@dataclass(frozen=True, slots=True)
class ActivityWeek:
    """One recruiter's week (Monday ``week``): a count per ``ACTIVITY_FIGURES`` name."""

    recruiter_id: int | None
    initials: str
    week: date
    counts: tuple[Count, ...]  # in ACTIVITY_FIGURES order

    def count(self, figure: str) -> Count:
        return self.counts[ACTIVITY_FIGURES.index(figure)]


@dataclass(frozen=True, slots=True)
class FunnelStep:
    stage: str
    label: str
    reached: Count  # submissions (created in the period) that got at least this far
    conversion: float | None  # reached here ÷ reached at the step before (None for the first)


@dataclass(frozen=True, slots=True)
class ActivityReport:
    period: Period
    scope: Scope
    weeks: tuple[date, ...]
    rows: tuple[ActivityWeek, ...]  # recruiter by recruiter, week by week
    funnel: tuple[FunnelStep, ...]


# --- clients -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ClientActivity:
    company_id: int
    name: str
    orders: Count  # job orders opened in the period
    placements: Count  # offers accepted in the period (not fallen off)
    fees: tuple[Amount, ...]  # their fees
    last_contact: date | None
    days_since_contact: int | None
    next_checkin: date | None
    checkin_overdue: bool


@dataclass(frozen=True, slots=True)
class ClientsReport:
    period: Period
    scope: Scope
    rows: tuple[ClientActivity, ...]  # most orders first, then most placements, then name


# --- drill-down --------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Record:
    """One row behind a figure: what it is, its ids, and a display line (user text: render it
    through ``deskcrm.text``)."""

    kind: str  # 'placement' | 'job' | 'submission' | 'activity' | 'company'
    id: int
    line: str
    on: date | None  # the date that put it in the figure
    person_id: int | None = None
    company_id: int | None = None
    job_id: int | None = None
    placement_id: int | None = None
