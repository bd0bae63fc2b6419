"""The business rules a pipeline move applies (DESIGN.md §1), as pure functions.

No SQL, no Textual: the store (``store/moves.py``) and the forms both call these, so a fee or
a date is computed one way everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from deskcrm.domain.amounts import Limits, over_limit
from deskcrm.domain.contract_rates import CONTRACT, rate_errors
from deskcrm.domain.stages import PIPELINES, board
from deskcrm.domain.dates import day_said

CHECKIN_DAYS = (30, 60, 90)
# Placements that no longer fill an opening (the job's opening is open again).
DEAD_PLACEMENT_STATUSES = ("fell_off", "guarantee_failed")
LIVE_PLACEMENT_STATUSES = ("offer_accepted", "started", "guarantee_passed")


def fee_amount(salary: float, fee_percent: float | None, flat_fee: float | None) -> float:
    """The placement fee: a flat fee wins when set; else salary × percent, rounded to cents."""
    if flat_fee is not None:
        return round(float(flat_fee), 2)
    if fee_percent is None:
        return 0.0
    return round(float(salary) * float(fee_percent) / 100.0, 2)


def effective_fee(
    agreement_percent: float | None,
    agreement_flat: float | None,
    override_percent: float | None,
    override_flat: float | None,
) -> tuple[float | None, float | None]:
    """(fee_percent, flat_fee): the job's override when it has one, else the client agreement."""
    if override_percent is not None or override_flat is not None:
        return override_percent, override_flat
    return agreement_percent, agreement_flat


def guarantee_end(start: date, guarantee_days: int) -> date:
    return start + timedelta(days=guarantee_days)


def checkin_dates(start: date) -> tuple[date, date, date]:
    a, b, c = (start + timedelta(days=n) for n in CHECKIN_DAYS)
    return a, b, c


@dataclass(frozen=True)
class PlacementInput:
    offer_accepted_on: date
    start_date: date
    salary: float
    currency: str
    fee_percent: float | None
    flat_fee: float | None
    custom: Mapping[str, Any] | None = None  # the form's custom field values, ``custom_<key>`` (the store checks them)
    # contract work (domain.contract_rates): a contract placement bills and pays a rate until its end date
    placement_type: str = "perm"
    bill_rate: float | None = None
    pay_rate: float | None = None
    rate_unit: str | None = None
    end_date: date | None = None


def placement_errors(p: PlacementInput) -> dict[str, str]:
    """Field name -> what is wrong (empty when the placement can be created)."""
    if p.placement_type == CONTRACT:
        return _contract_errors(p)
    errors: dict[str, str] = {}
    if p.start_date < p.offer_accepted_on:
        errors["start_date"] = (
            f"the start date {day_said(p.start_date)} is before the offer was accepted "
            f"({day_said(p.offer_accepted_on)}) — a day and month alone are the nearest; add the year"
        )
    if p.salary is None or p.salary <= 0:
        errors["salary"] = "the salary must be more than 0, e.g. 85000"
    if not (isinstance(p.currency, str) and len(p.currency) == 3 and p.currency.isalpha()):
        errors["currency"] = "the currency is three letters, e.g. EUR"
    if p.fee_percent is not None:
        if p.fee_percent > 100:
            errors["fee_percent"] = "the fee is over 100%; give a percent from 0 to 100, e.g. 20"
        elif p.fee_percent < 0:
            errors["fee_percent"] = "the fee percent is negative; give a percent from 0 to 100, e.g. 20"
    if p.flat_fee is not None and p.flat_fee < 0:
        errors["flat_fee"] = "the flat fee is negative; give an amount ≥ 0, e.g. 15000"
    if p.fee_percent is None and p.flat_fee is None:
        errors["fee_percent"] = "no fee: give a fee percent (e.g. 20) or a flat fee"
    return {**errors, **rate_errors(p.placement_type, p.bill_rate, p.pay_rate, p.rate_unit)}


def _contract_errors(p: PlacementInput) -> dict[str, str]:
    """A contract placement earns its margin: both rates and their unit are needed; a salary and a
    fee are optional (none is 0) but checked when given."""
    no_fee = p.fee_percent is None and p.flat_fee is None
    errors = placement_errors(replace(p, placement_type="perm", bill_rate=None, pay_rate=None,
                                      salary=p.salary or 1.0, flat_fee=0.0 if no_fee else p.flat_fee))
    for name, value, example in (("bill_rate", p.bill_rate, "800"), ("pay_rate", p.pay_rate, "600")):
        if value is None:
            errors[name] = f"a contract placement needs its {name.replace('_', ' ')}, e.g. {example}"
    if p.rate_unit is None and (p.bill_rate is not None or p.pay_rate is not None):
        errors["rate_unit"] = "say per hour or per day"  # with no rate typed, the form's unit is not kept
    if p.salary is not None and p.salary < 0:
        errors["salary"] = "the salary cannot be negative (leave it empty for a contract)"
    errors.update(rate_errors(CONTRACT, p.bill_rate, p.pay_rate, p.rate_unit, p.end_date, p.start_date))
    return errors


def past_interview(at: datetime | None, now: datetime) -> str | None:
    """``the interview time Tue 1 Dec 2026 10:00 is in the past`` when it is: the board asks
    "save anyway?", the CLI needs ``--force``. None for a time still to come."""
    from deskcrm.domain.dates import spoken

    if at is None or at >= now:
        return None
    return f"the interview time {spoken(at)} is in the past"


MAX_PLACE = 200  # an interview place is one line: an address, a room, "Teams (link in the invite)"


def place_problem(place: str | None) -> str | None:
    """Why an interview place cannot be saved (a control character, a line break, over
    ``MAX_PLACE`` characters), as one line naming the field; None when it can. It is saved
    exactly as typed (only the spaces around it dropped): never cleaned silently."""
    from deskcrm.text import problem

    if not place:
        return None
    if len(place) > MAX_PLACE:
        return f"the interview place is {len(place)} characters long; keep it to {MAX_PLACE}"
    found = problem(place)
    return f"the interview place {found}" if found else None


def parse_place(raw: str | None) -> str | None:
    """The place to save: the typed text without its surrounding spaces (``validate.text``), None
    when empty; refused (``validate.Invalid``) as ``place_problem`` says."""
    from deskcrm.domain.validate import Invalid, text

    value = text(raw or "")
    found = place_problem(value)
    if found:
        raise Invalid(found)
    return value


def placement_doubts(p: PlacementInput, job_range: tuple[float | None, float | None], limits: Limits) -> dict[str, str]:
    """Field -> why an amount of a valid placement looks mistyped (the TUI asks "save anyway?",
    the CLI wants ``--force``): the salary, and the fee — unless it is a percentage of a
    salary already named (fixing the salary fixes it)."""
    out: dict[str, str] = {}
    salary = over_limit("Salary", p.salary, p.currency, "max_salary", job_range, limits)
    if salary:
        out["salary"] = salary
    if p.flat_fee is not None or not salary:
        fee = over_limit("Fee", fee_amount(p.salary or 0.0, p.fee_percent, p.flat_fee), p.currency, "max_fee",
                         job_range, limits)
        if fee:
            out["flat_fee" if p.flat_fee is not None else "fee_percent"] = fee
    return out


def _steps(pipeline: str) -> list[str]:
    """The forward stages in board order: the canonical ones and the stages added between them."""
    return [s.key for s in board(pipeline) if not s.exit]


def next_stage(pipeline: str, key: str, step: int) -> str | None:
    """The stage ``step`` (+1/-1) along the forward (non-exit) stages; None past either end or
    from an exit stage (use "move to stage…" for those)."""
    steps = _steps(pipeline)
    if key not in steps:
        return None
    i = steps.index(key) + (1 if step > 0 else -1)
    return steps[i] if 0 <= i < len(steps) else None


def needs_confirmation(pipeline: str, key: str) -> bool:
    """Terminal stages (Placed, Closed, Fell off, Guarantee failed, …) ask before a move."""
    for stage in PIPELINES.get(pipeline, ()):
        if stage.key == key:
            return stage.terminal
    return False
