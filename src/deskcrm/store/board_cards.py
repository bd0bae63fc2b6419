"""The kanban boards' view dataclasses (frozen; no live rows leak out). Strings are user data:
screens show them through ``deskcrm.text``. Dates are ``date``; times naive local datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class ContractTerms:
    """A contract's bill and pay rate (per ``unit``: hour | day) and end date; the margin is computed
    (``domain.contract_rates.margin``)."""

    bill_rate: float | None
    pay_rate: float | None
    unit: str | None
    end_date: date | None


def contract_terms(r: tuple) -> ContractTerms | None:
    """(type, bill rate, pay rate, unit, end date) as read -> a contract's terms (None: not a contract)."""
    if r[0] != "contract":
        return None
    end = r[4]
    return ContractTerms(r[1], r[2], r[3], date.fromisoformat(end[:10]) if isinstance(end, str) else end)


@dataclass(frozen=True)
class JobCard:
    id: int
    version: int
    stage: str
    rank: float
    title: str
    company: str
    company_id: int
    owner: str | None  # recruiter initials
    openings: int
    filled: int  # live placements (not fell off / guarantee failed)
    submissions: int  # open submissions (not placed, not an exit)
    opened_on: date | None
    urgency: int  # 1 low · 2 normal · 3 hot
    fee_estimate: float | None  # effective fee on the top of the comp range × openings
    currency: str


@dataclass(frozen=True)
class SubmissionCard:
    id: int
    version: int
    stage: str
    rank: float
    person_id: int
    candidate: str
    headline: str | None
    stage_changed_at: datetime | None  # naive local
    interview_at: datetime | None  # naive local
    exit_reason: str | None


@dataclass(frozen=True)
class PlacementCard:
    id: int
    version: int
    stage: str  # placement.status
    rank: float
    person_id: int
    candidate: str
    company_id: int
    company: str
    job_id: int
    job_title: str
    start_date: date
    fee_amount: float
    currency: str
    fee_status: str
    guarantee_end: date
    guarantee_days_left: int | None  # None once past its guarantee or dead; before the start, all of it
    next_checkin: date | None  # the first check-in not yet done
    owner: str | None = None  # recruiter initials
    terms: ContractTerms | None = None  # a contract placement's rates and end date


Card = JobCard | SubmissionCard | PlacementCard


@dataclass(frozen=True)
class Column:
    stage: str
    count: int
    # the fees of the whole column (not just the cards loaded) per currency, never added across
    # currencies: (currency, cards, amount), most cards first (a board lists them in one order for
    # all its columns: screens.board_cards.currency_order)
    totals: tuple[tuple[str, int, float], ...]
    cards: tuple
    label: str = ""


@dataclass(frozen=True)
class Board:
    columns: tuple[Column, ...]
    pipeline: str = ""

    def column(self, stage: str) -> Column | None:
        return next((c for c in self.columns if c.stage == stage), None)


@dataclass(frozen=True)
class JobHeader:
    id: int
    version: int
    title: str
    company_id: int
    company: str
    stage: str
    openings: int
    filled: int
    fee_percent: float | None  # effective terms: the job's override, else the client agreement
    flat_fee: float | None
    currency: str
    owner: str | None = None  # the owner's initials
    terms: ContractTerms | None = None  # a contract job's rates and end date
    custom: tuple[tuple[str, str], ...] = ()  # the job's own fields: (label, value shown), in order
