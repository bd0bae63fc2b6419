"""The contract block of the job order form and the placement form (issue 16): bill rate, pay
rate, per hour / per day and the end date. One block, kept apart from the other fields so the
forms stay easy to read (and to merge).

The margin is never typed: it is bill − pay, shown where the record shows its terms. A bill
rate below the pay rate is refused at the bill rate with the reason, and a rate on a permanent
role at the rate (``domain.contract_rates.rate_errors``).
"""

from __future__ import annotations

from typing import Any

from deskcrm import text
from deskcrm.domain import dates, validate
from deskcrm.domain.amounts import plain
from deskcrm.domain.contract_rates import RATE_UNIT_CHOICES, rate_errors
from deskcrm.screens.dialogs.form import FormField

NAMES = ("bill_rate", "pay_rate", "rate_unit", "end_date")
PLACEMENT_TYPES = (("perm", "Permanent"), ("contract", "Contract"))


def contract_fields(values: dict[str, Any] | None = None) -> list[FormField]:
    """The four boxes, prefilled from ``values`` (a record's stored terms) when given."""
    v = values or {}
    return [
        FormField("bill_rate", "Bill rate", validate.rate, value=plain(v.get("bill_rate")), placeholder="e.g. 800",
                  currency_of="currency", hint="contract only (the client pays it; the margin is bill − pay)"),
        FormField("pay_rate", "Pay rate", validate.rate, value=plain(v.get("pay_rate")), placeholder="e.g. 600",
                  currency_of="currency"),
        FormField("rate_unit", "Rate per", choices=RATE_UNIT_CHOICES, value=v.get("rate_unit") or "day"),
        FormField("end_date", "End date", dates.day_ahead, value=_day(v.get("end_date")), placeholder="e.g. 2027-03-31",
                  describe=dates.read_ahead),
    ]


def placement_type_field(job_type: str) -> FormField:
    """A placement's type: a contract job's placement starts as a contract."""
    return FormField("placement_type", "Type", choices=PLACEMENT_TYPES, required=True,
                     value="contract" if job_type == "contract" else "perm")


def _day(value: Any) -> str:
    return text.clean(str(value)[:10]) if value else ""


def contract_check(values: dict[str, Any], kind: str | None, start=None) -> dict[str, str]:  # noqa: ANN001
    """The rates' errors by field (a bill rate below the pay rate; a rate on a permanent role)."""
    return rate_errors(kind, values.get("bill_rate"), values.get("pay_rate"), values.get("rate_unit"),
                       values.get("end_date"), start)


def contract_values(values: dict[str, Any]) -> dict[str, Any]:
    """No rate given: no rate unit stored either (the choice box always holds one)."""
    out = dict(values)
    if "rate_unit" in out and values.get("bill_rate") is None and values.get("pay_rate") is None:
        out["rate_unit"] = None
    return out

