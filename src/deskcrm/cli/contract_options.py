"""``deskcrm move submission ID placed`` on a contract: ``--bill-rate``, ``--pay-rate``, ``--per``
and ``--end``, each defaulting to the job's term (``domain.contract_rates`` checks them)."""

from __future__ import annotations

from typing import Any

from deskcrm.cli.launch import parse_option
from deskcrm.errors import CliError


def contract_terms(d, options: dict[str, Any]) -> dict[str, Any] | None:  # noqa: ANN001 - PlacementDefaults
    """A contract placement's terms: on a contract job, or when a rate is given; each option given
    wins over the job's term. None: a permanent placement."""
    from deskcrm.domain import dates, validate

    given = {name: options.get(name) for name in ("bill_rate", "pay_rate", "per", "end")}
    if d.job_type != "contract" and not any(v is not None for v in given.values()):
        return None
    per = given["per"]
    unit = (per.strip().lower().removeprefix("per ").strip() if per is not None else d.rate_unit) or "day"
    if unit not in ("day", "hour"):
        from deskcrm.text import clean

        raise CliError(f"--per: {clean(per)!r}: say day or hour", 2)
    bill = parse_option(validate.money, given["bill_rate"], "--bill-rate")
    pay = parse_option(validate.money, given["pay_rate"], "--pay-rate")
    end = parse_option(dates.day_ahead, given["end"], "--end")
    return {"placement_type": "contract", "bill_rate": d.bill_rate if bill is None else bill,
            "pay_rate": d.pay_rate if pay is None else pay, "rate_unit": unit, "end_date": end or d.end_date}
