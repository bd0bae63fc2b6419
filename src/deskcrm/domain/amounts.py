"""Money as a recruiter reads it. Pure, no I/O.

- ``money(18000, "EUR")``        -> ``EUR 18,000`` (``GBP 1,234.50`` with cents; ``""`` for None)
- ``compact(1_840_000)``         -> ``1.8m`` (``85.5k``, ``900``)
- ``short_money(85500, "EUR")``  -> ``EUR 85.5k`` (narrow columns, salaries, board totals)
- ``plain(85000.0)``             -> ``85000`` (``22.5``; ``""`` for None): a number as a form box shows it
- ``money_totals([("EUR", 1.2e6), ("GBP", 3.4e5)])`` -> ``("EUR 1,200,000 · GBP 340,000", "EUR 1.2m ·
  GBP 340k", "EUR 1.2m +1 cur")``: sums in several currencies, never added together
- ``over_limit("Salary", 8500078000, "GBP", "max_salary", (70e3, 90e3), limits)``
  -> ``Salary GBP 8,500,078,000 is over 10× this job's range (70k–90k)`` (None when plausible)
- ``currency_typed([("£85k", ""), ("", "")])`` -> ``"GBP"``: the one currency the amounts typed
  beside a form's Currency name, for the form to take while the user has not set it
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

def money(amount: float | None, currency: str) -> str:
    """'EUR 18,000' / 'GBP 1,234.50'; '' when there is no amount."""
    if amount is None:
        return ""
    shown = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return f"{currency} {shown}" if currency else shown


def compact(amount: float) -> str:
    """'1.8m' · '85.5k' · '900': at most one decimal, none when it is zero."""
    for size, suffix in ((1e6, "m"), (1e3, "k")):
        if abs(amount) >= size:
            return f"{amount / size:,.1f}".rstrip("0").rstrip(".") + suffix
    return f"{amount:,.0f}"


def short_money(amount: float | None, currency: str | None) -> str:
    """'EUR 85.5k' · 'GBP 1.2m' · 'EUR 900' ('' when unknown)."""
    if amount is None:
        return ""
    return f"{currency} {compact(amount)}" if currency else compact(amount)


def plain(value: float | None) -> str:
    """A number as a form's text box holds it: no separators, no exponent, at most two decimals
    ('85000', '22.5', '12345.67'); '' when there is none."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")


def money_totals(sums: Sequence[tuple[str, float]], most: int | None = None) -> tuple[str, ...]:
    """Totals in several currencies, each on its own in the order given (never added together):
    variants fullest first, for a narrow column to draw the first that fits — every amount in
    full, then short, then the first currencies with "+N cur" for the rest. ``()`` for none.

    The variants are levels that line up across the columns of a board: with ``most`` (the
    number of currencies of the board's busiest column) variant ``i`` means the same format in
    every column — 0 all in full, 1 all short, then at most ``most - 1``, …, 1 currencies — so
    the board can draw one level everywhere (``kanban_paint``)."""
    if not sums:
        return ()
    most = max(most or 0, len(sums))
    variants = [" · ".join(money(amount, currency) for currency, amount in sums)]
    short = [short_money(amount, currency) for currency, amount in sums]
    for keep in range(most, 0, -1):
        rest = max(len(short) - keep, 0)
        variants.append(" · ".join(short[:keep]) + (f" +{rest} cur" if rest else ""))
    return tuple(variants)


@dataclass(frozen=True)
class Limits:
    """When an amount is implausible enough to ask "save anyway?" (the CLI: ``--force``);
    ``[amounts]`` in the config file."""

    max_salary: float = 5_000_000
    max_fee: float = 5_000_000
    range_times: float = 10  # a salary or fee over this many times the top of the job's salary range


def over_limit(
    label: str,
    amount: float | None,
    currency: str | None,
    ceiling: str,
    job_range: tuple[float | None, float | None],
    limits: Limits,
) -> str | None:
    """Why ``amount`` looks mistyped (``85000`` + ``78000`` = ``8500078000``), or None.

    Over ``range_times`` × the top of the job's salary range when the job has one, or over the
    ``ceiling`` (``"max_salary"`` or ``"max_fee"`` of ``limits``), whichever is lower."""
    if amount is None:
        return None
    most = getattr(limits, ceiling)
    shown = money(amount, currency or "")
    bounds = [b for b in job_range if b]
    if bounds and limits.range_times * max(bounds) < most and amount > limits.range_times * max(bounds):
        span = "–".join(compact(b) for b in dict.fromkeys(bounds))
        return f"{label} {shown} is over {limits.range_times:g}× this job's range ({span})"
    if amount > most:
        return f"{label} {shown} is over {money(most, '')} (the ceiling: [amounts] {ceiling} in config.toml)"
    return None


def doubts(
    values: dict[str, float | None],
    labels: dict[str, tuple[str, str]],
    currency: str | None,
    limits: Limits,
    job_range: tuple[float | None, float | None] = (None, None),
    before: dict[str, object] | None = None,
) -> dict[str, str]:
    """Field -> why its amount looks mistyped, for the fields in ``labels`` (field -> (label,
    ``"max_salary"`` or ``"max_fee"``)); a form asks "save anyway?" with these. An amount equal
    to the one ``before`` the edit is not asked about again."""
    out: dict[str, str] = {}
    for name, (label, ceiling) in labels.items():
        if before is not None and name in before and before[name] == values.get(name):
            continue
        problem = over_limit(label, values.get(name), currency, ceiling, job_range, limits)
        if problem:
            out[name] = problem
    return out
