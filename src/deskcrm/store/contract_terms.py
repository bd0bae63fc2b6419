"""Contract terms as the store checks and stores them: bill rate, pay rate, rate unit, end date
on a job order or a placement (migration 0020). The rules are ``domain.contract_rates``; this
turns given values into columns and refuses what the rules refuse, by field.

    cols = rate_columns({"bill_rate": 800, "pay_rate": 600, "rate_unit": "day"}, errors)
    check_rates("contract", {**row, **cols}, errors)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

from deskcrm.domain.contract_rates import RATE_UNITS, rate_errors
from deskcrm.store.values import ds, parse_date

RATE_FIELDS = ("bill_rate", "pay_rate", "rate_unit", "end_date")
LABELS = {"bill_rate": "bill rate", "pay_rate": "pay rate", "rate_unit": "rate unit", "end_date": "end date"}


def rate_column(name: str, value: Any, errors: dict[str, str]) -> Any:
    """One contract column from what was given (None for empty), a problem added to ``errors``."""
    if value in (None, ""):
        return None
    if name == "rate_unit":
        unit = str(value).strip().lower().removeprefix("per ").strip()
        if unit not in RATE_UNITS:
            errors[name] = f"{value!r}: a rate is per hour or per day"
        return unit
    if name == "end_date":
        try:
            return ds(value) if isinstance(value, date) else ds(date.fromisoformat(str(value)))
        except ValueError:
            errors[name] = f"{value!r} is not a date (year-month-day, e.g. 2027-03-31)"
            return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number) or isinstance(value, bool):
        errors[name] = f"{value!r} is not an amount, e.g. 650"
        return None
    return number


def rate_columns(values: Mapping[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    """The contract columns present in ``values``."""
    return {name: rate_column(name, values[name], errors) for name in RATE_FIELDS if name in values}


def check_rates(kind: str | None, row: Mapping[str, Any], errors: dict[str, str], start: Any = None) -> None:
    """The record's terms as they will be saved (``row``: its columns after the change)."""
    end = parse_date(row.get("end_date")) if isinstance(row.get("end_date"), str) else row.get("end_date")
    begin = parse_date(start) if isinstance(start, str) else start
    for name, problem in rate_errors(kind, row.get("bill_rate"), row.get("pay_rate"), row.get("rate_unit"),
                                     end, begin).items():
        errors.setdefault(name, problem)
