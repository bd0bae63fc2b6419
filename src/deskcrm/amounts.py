"""Money as a recruiter reads it. Pure, no I/O.

- ``money(18000, "EUR")``        -> ``EUR 18,000`` (``GBP 1,234.50`` with cents; ``""`` for None)
- ``compact(1_840_000)``         -> ``1.8m`` (``85.5k``, ``900``)
- ``short_money(85500, "EUR")``  -> ``EUR 85.5k`` (narrow columns, salaries, board totals)
- ``plain(85000.0)``             -> ``85000`` (``22.5``; ``""`` for None): a number as a form box shows it
- ``money_totals([("EUR", 1.2e6), ("GBP", 3.4e5)])`` -> ``("EUR 1,200,000 · GBP 340,000", "EUR 1.2m ·
  GBP 340k", "EUR 1.2m +1 cur")``: sums in several currencies, never added together
"""

from __future__ import annotations

from collections.abc import Sequence


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


def money_totals(sums: Sequence[tuple[str, float]]) -> tuple[str, ...]:
    """Totals in several currencies, each on its own in the order given (never added together):
    variants fullest first, for a narrow column to draw the first that fits — every amount in
    full, then short, then the first currencies with "+N cur" for the rest. ``()`` for none."""
    if not sums:
        return ()
    variants = [" · ".join(money(amount, currency) for currency, amount in sums)]
    short = [short_money(amount, currency) for currency, amount in sums]
    for keep in range(len(short), 0, -1):
        rest = len(short) - keep
        variants.append(" · ".join(short[:keep]) + (f" +{rest} cur" if rest else ""))
    return tuple(dict.fromkeys(variants))  # in order, without repeats
