"""What a failed guarantee owes the client, by the fee agreement's rule (pure: no SQL, no UI).

    out = guarantee_outcome("prorata", "refund", fee=18_000, currency="EUR", guarantee_days=90,
                            start=date(2026, 9, 1), left_on=date(2026, 11, 12))
    out.credit   # 3600.0: fee × (90 − 72 days worked) / 90
    out.explain  # "EUR 3,600 credited: pro-rata refund, EUR 18,000 × 18/90 days not worked (left on day 72 of 90)"

Rules (``client_rules.PRORATA``):
- ``none``: nothing is owed back — no credit, no replacement; the fee stands.
- ``full``: a refund credits the whole fee; a replacement is owed in full (no credit).
- ``prorata``: a refund credits fee × (guarantee days − days worked) / guarantee days, rounded to
  cents, where days worked = last day − start date; a replacement is owed (no credit).

The last day must fall between the start date and the end of the guarantee:
``guarantee_errors`` says what is wrong, naming the ``left_on`` field.

A refund is a credit against an invoice: a fee never invoiced has nothing to refund or credit
(``credit_refused`` says why and what to do: invoice it first, or a replacement).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from deskcrm.domain.amounts import money
from deskcrm.domain.dates import day_said

OWED = ("refund", "replacement")


@dataclass(frozen=True, slots=True)
class GuaranteeOutcome:
    rule: str  # none | full | prorata
    owed: str | None  # refund | replacement; None: nothing owed
    credit: float  # credited to the client (a refund), 0 otherwise
    fee: float
    currency: str
    guarantee_days: int
    days_worked: int | None  # None: no last day known

    @property
    def summary(self) -> str:
        """The result, short: 'EUR 4,180 credited' · 'replacement owed' · 'nothing owed (rule none)'."""
        if self.owed is None:
            return "nothing owed (rule none)"
        if self.owed == "replacement":
            return "replacement owed"
        return f"{money(self.credit, self.currency)} credited"

    @property
    def basis(self) -> str:
        """How a credit was counted, short: 'pro-rata: 18/90 days not worked' · 'full refund' · ''."""
        if self.owed != "refund":
            return ""
        if self.rule == "full":
            return "full refund"
        return f"pro-rata: {self.guarantee_days - (self.days_worked or 0)}/{self.guarantee_days} days not worked"

    @property
    def explain(self) -> str:
        """How it was worked out, in one line, the result first (the move's message, the account,
        the CLI): "EUR 4,180 credited: pro-rata refund, EUR 20,900 × 18/90 days not worked (…)"."""
        worked = (f"left on day {self.days_worked} of {self.guarantee_days}" if self.days_worked is not None
                  else f"{self.guarantee_days}-day guarantee")
        if self.owed is None:
            return f"nothing owed back: the agreement's rule is none, the fee stands ({worked})"
        if self.owed == "replacement":
            return f"replacement owed, no credit ({worked})"
        if self.rule == "full":
            return f"{money(self.credit, self.currency)} credited: full refund ({worked})"
        left = self.guarantee_days - (self.days_worked or 0)
        return (f"{money(self.credit, self.currency)} credited: pro-rata refund, {money(self.fee, self.currency)}"
                f" × {left}/{self.guarantee_days} days not worked ({worked})")


def rule_hint(rule: str, *, company: str, fee: float, currency: str, guarantee_days: int) -> str:
    """What ``company``'s agreement says a failed guarantee owes, with this placement's fee —
    shown when the recruiter is asked what is owed."""
    fee_text = money(fee, currency)
    if rule == "none":
        return (f"{company}'s agreement: nothing owed back (rule none); the fee of {fee_text} stands."
                " f on the account changes the agreement.")
    if rule == "full":
        return f"{company}'s agreement: full fee. A refund credits all {fee_text}; a replacement credits nothing."
    if rule == "prorata":
        return (f"{company}'s agreement: pro-rata. A refund credits {fee_text} × days not worked ÷ {guarantee_days};"
                " a replacement credits nothing.")
    return f"{company}'s pro-rata rule {rule!r} is not one this version knows: fix the fee agreement first."


NEVER_INVOICED = "not_invoiced"  # the fee status of a fee never invoiced


def credit_refused(fee_status: str, credit: float) -> str | None:
    """Why ``credit`` (a failed guarantee's refund, a fee credited) cannot be written on a fee of
    ``fee_status``, or None: a refund or a credit note follows an invoice, so a fee never invoiced
    has nothing to credit — the one line says what to do instead."""
    if fee_status != NEVER_INVOICED or credit <= 0:
        return None
    return ("the fee was never invoiced, so there is nothing to refund or credit: invoice it first"
            " (the refund is then a credit against that invoice), or choose a replacement")


def guarantee_errors(start: date, left_on: date, guarantee_days: int) -> dict[str, str]:
    """``{"left_on": why}`` when the last day cannot end this guarantee; {} when it can."""
    end = start + timedelta(days=guarantee_days)
    if left_on < start:
        return {"left_on": f"{day_said(left_on)} is before the start date {day_said(start)}; a placement"
                           " that never started is Fell off before start"}
    if left_on > end:
        return {"left_on": f"{day_said(left_on)} is after the guarantee ended ({day_said(end)}):"
                           " the guarantee passed"}
    return {}


def guarantee_outcome(rule: str, owed: str | None, *, fee: float, currency: str, guarantee_days: int,
                      start: date | None, left_on: date | None) -> GuaranteeOutcome:
    """What is owed (see the module docstring). ``owed`` is what the recruiter said the client
    chose; an unknown rule is treated as ``none`` only by the caller's choice — here it raises."""
    if rule not in ("none", "full", "prorata"):
        raise ValueError(f"unknown pro-rata rule {rule!r}")
    worked = (left_on - start).days if start is not None and left_on is not None else None
    if rule == "none" or owed is None:
        return GuaranteeOutcome(rule, None, 0.0, fee, currency, guarantee_days, worked)
    if owed not in OWED:
        raise ValueError(f"owed must be refund or replacement, not {owed!r}")
    credit = 0.0
    if owed == "refund":
        if rule == "full":
            credit = round(float(fee), 2)
        elif guarantee_days > 0 and worked is not None:
            left = max(0, min(guarantee_days, guarantee_days - worked))
            credit = round(float(fee) * left / guarantee_days, 2)
    return GuaranteeOutcome(rule, owed, credit, fee, currency, guarantee_days, worked)
