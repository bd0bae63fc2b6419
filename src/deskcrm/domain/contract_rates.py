"""Contract work: bill rate, pay rate, the margin between them, and the end date. Pure, no I/O.

A contract job order or placement is billed to the client at the bill rate and pays the
contractor the pay rate, both per hour or per day, in the record's currency. The margin is never
typed: ``margin(bill, pay)`` is bill − pay and its share of the bill.

    margin(80, 60)                      -> Margin(amount=20.0, percent=25.0)
    rate_errors("contract", 60, 80, …)  -> {"bill_rate": "the bill rate 60 is below the pay rate 80 …"}
    rates_text(80, 60, "EUR", "day")    -> "EUR 80/day bill · 60 pay · margin 20 (25%)"
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from deskcrm.domain.amounts import money, plain
from deskcrm.domain.dates import day_said

RATE_UNITS = ("hour", "day")
RATE_UNIT_CHOICES = (("day", "Per day"), ("hour", "Per hour"))
CONTRACT = "contract"
PLACEMENT_TYPES = ("perm", "contract")


@dataclass(frozen=True, slots=True)
class Margin:
    amount: float
    percent: float | None  # None when the bill rate is 0


def margin(bill: float | None, pay: float | None) -> Margin | None:
    """bill − pay and its percent of the bill (rounded to cents / one decimal); None without both."""
    if bill is None or pay is None:
        return None
    amount = round(float(bill) - float(pay), 2)
    return Margin(amount, round(amount / float(bill) * 100, 1) if bill else None)


def rate_errors(kind: str | None, bill: float | None, pay: float | None, unit: str | None,
                end: date | None = None, start: date | None = None) -> dict[str, str]:
    """Field -> what is wrong with a record's contract terms (empty when they can be saved).

    Only a contract has rates: a permanent role with a rate is refused rather than silently
    dropped. A bill rate below the pay rate would bill the client less than the contractor
    costs: refused at the bill rate. The end date cannot come before the start."""
    errors: dict[str, str] = {}
    if kind != CONTRACT:
        for name, value in (("bill_rate", bill), ("pay_rate", pay)):
            if value is not None:
                errors[name] = "only a contract has rates: set the type to Contract, or clear the rate"
        return errors
    for name, value in (("bill_rate", bill), ("pay_rate", pay)):
        if value is not None and value < 0:
            errors[name] = "a rate cannot be negative, e.g. 650"
    if bill is not None and pay is not None and "bill_rate" not in errors and bill < pay:
        errors["bill_rate"] = (f"the bill rate {plain(bill)} is below the pay rate {plain(pay)}: "
                               "the client would pay less than the contractor costs")
    if (bill is not None or pay is not None) and unit not in RATE_UNITS:
        errors["rate_unit"] = "say per hour or per day"
    if end is not None and start is not None and end < start:
        errors["end_date"] = f"the end date {day_said(end)} is before the start ({day_said(start)})"
    return errors


def per(unit: str | None) -> str:
    return {"hour": "/h", "day": "/day"}.get(unit or "", "")


def rates_text(bill: float | None, pay: float | None, currency: str, unit: str | None) -> str:
    """``EUR 800/day bill · 600 pay · margin 200 (25%)``; one rate alone when only one is set; '' for none."""
    if bill is None and pay is None:
        return ""
    parts = []
    if bill is not None:
        parts.append(f"{money(bill, currency)}{per(unit)} bill")
    if pay is not None:
        parts.append(f"{money(pay, '' if parts else currency)}{per(unit) if not parts else ''} pay")
    m = margin(bill, pay)
    if m is not None:
        parts.append(f"margin {money(m.amount, '')}" + (f" ({m.percent:g}%)" if m.percent is not None else ""))
    return " · ".join(parts)
