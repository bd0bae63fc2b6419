"""What a card on each board says: store cards (``store.boards``) as kanban cards of safe text.

Every string here is user data or built from it, so it goes through ``deskcrm.text.cell``
(a literal rich Text, never markup); styles are applied as a whole, never parsed from data.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from rich.text import Text

from deskcrm import text
from deskcrm.domain.amounts import money, money_totals
from deskcrm.domain.contract_rates import margin, per, rates_text
from deskcrm.domain.stages import stage_label
from deskcrm.store.boards import Board, Column, ContractTerms, JobCard, PlacementCard, SubmissionCard
from deskcrm.widgets.kanban import Card, ColumnData

_URGENCY = {3: ("▲", "bold red"), 1: ("▽", "dim")}  # hot, low (normal: no mark)
_FEE_STATUS = {"not_invoiced": "not invoiced", "invoiced": "invoiced", "paid": "paid", "credited": "credited"}
_FEE_SHORT = {"not_invoiced": "unbilled", "invoiced": "invoiced", "paid": "paid", "credited": "credited"}


def _day(d: date | None) -> str:
    return f"{d.day} {d:%b}" if d else "—"


def _line(*parts: Text | str, sep: str = " · ") -> Text:
    line = Text(no_wrap=True, overflow="ellipsis")
    for i, part in enumerate(p for p in parts if p):
        if i:
            line.append(sep, style="dim")
        line.append_text(part if isinstance(part, Text) else text.cell(part))
    return line


def job_card(c: JobCard, today: date) -> Card:
    age = (today - c.opened_on).days if c.opened_on else None
    third = _line(  # filled/openings, open submissions, days open: narrow cards keep all three
        f"{c.filled}/{c.openings}",
        f"{c.submissions} sub{'s' if c.submissions != 1 else ''}",
        f"{age}d" if age is not None else "",
        sep=" ",
    )
    second = _line(text.cell(c.company), text.cell(c.owner or "", "dim"))
    first = text.cell(c.title, "bold")
    mark = _URGENCY.get(c.urgency)
    if mark:
        first = Text.assemble((mark[0], mark[1]), " ", first, no_wrap=True, overflow="ellipsis")
    return Card(c.id, (first, second, third))


def submission_card(c: SubmissionCard, today: date) -> Card:
    """Candidate, headline, then why it left, the interview (Interviewing only: in Offered or
    Placed the interview is history), or how long it has been in its stage."""
    if c.exit_reason:
        third = text.cell(c.exit_reason, "italic")
    elif c.interview_at and c.stage == "interviewing":
        third = text.cell(f"{c.interview_at:%a} {_day(c.interview_at.date())} {c.interview_at:%H:%M}", "yellow")
    elif c.stage_changed_at:
        third = text.cell(f"{(today - c.stage_changed_at.date()).days}d in {stage_label('submission', c.stage)}", "dim")
    else:
        third = Text("")
    return Card(c.id, (text.cell(c.candidate, "bold"), text.cell(c.headline or ""), third))


def placement_card(c: PlacementCard, today: date) -> Card:
    """Candidate · client; fee · fee status; then the dates. Lines 2 and 3 come in a full and a
    short variant (a narrow column, e.g. at 80x24, draws the short one: whole currency units,
    short status words, the start date only while it is still ahead or no days left to show)."""
    paid = "green" if c.fee_status == "paid" else ""
    if c.terms is not None:  # a contract earns its margin: the rates instead of a fee of 0
        rates = contract_line(c.terms, c.currency)
        fee = (_line(text.cell(rates[0])), _line(text.cell(rates[1])))
    else:
        fee = (
        _line(text.cell(money(c.fee_amount, c.currency)), text.cell(_FEE_STATUS.get(c.fee_status, c.fee_status), paid)),
        _line(text.cell(_whole(c.fee_amount, c.currency)), text.cell(_FEE_SHORT.get(c.fee_status, c.fee_status), paid)),
        )
    checkin = chk = ""
    if c.next_checkin:
        due = "bold red" if c.next_checkin <= today else ""
        checkin, chk = text.cell(f"check {_day(c.next_checkin)}", due), text.cell(f"chk {_day(c.next_checkin)}", due)
    if c.start_date and c.start_date > today and c.guarantee_days_left is not None:
        # not started yet: when it starts and how long the guarantee will run (the check-ins come after)
        starts = f"starts {_day(c.start_date)}"
        third = (_line(starts, f"{c.guarantee_days_left}d guarantee"), _line(starts))
    elif c.guarantee_days_left is not None:
        left = f"{c.guarantee_days_left}d left"
        third = (_line(f"start {_day(c.start_date)}", left, checkin), _line(left, checkin), _line(left, chk))
    else:
        third = (_line(f"start {_day(c.start_date)}", checkin), _line(checkin or f"start {_day(c.start_date)}"))
    first = _line(text.cell(c.candidate, "bold"), text.cell(c.company))
    return Card(c.id, (first, fee, third))


def contract_line(terms: ContractTerms, currency: str) -> tuple[str, str]:
    """A contract's terms, in full and short: ``EUR 800/day bill · 600 pay · margin 200 (25%) · ends
    31 Mar 2027`` / ``margin EUR 200/day (25%)``."""
    full = rates_text(terms.bill_rate, terms.pay_rate, currency, terms.unit)
    if terms.end_date:
        full = f"{full} · ends {_day(terms.end_date)} {terms.end_date.year}".lstrip(" ·")
    m = margin(terms.bill_rate, terms.pay_rate)
    short = (f"margin {money(m.amount, currency)}{per(terms.unit)}" + (f" ({m.percent:g}%)" if m.percent is not None
                                                                        else "")) if m else full
    return full or "contract: no rates yet", short or "contract"


def _whole(amount: float | None, currency: str) -> str:
    """'EUR 13,633': the fee in whole units, for a narrow card."""
    if amount is None:
        return ""
    return money(float(math.floor(amount + 0.5)), currency)  # half up: 13,632.50 → 13,633


def columns(board: Board, pipeline: str, make, today: date) -> list[ColumnData]:
    """The board's columns as kanban columns, their fees listed alike in every column: the same
    currencies in the same order (``currency_order``), as variants that line up by level so the
    board draws one format everywhere ("EUR 1.2m · GBP 340k" / "EUR 1.2m +1 cur")."""
    order = currency_order(board)
    most = max((len(col.totals) for col in board.columns), default=0)
    return [column(col, pipeline, make, today, order, most) for col in board.columns]


def column(col: Column, pipeline: str, make, today: date, order: Sequence[str] = (), most: int = 0) -> ColumnData:
    """A store column as a kanban column; its fees per currency in ``order`` (the board's; a
    currency not in it goes last) as variants a narrow column picks from."""
    rank = {currency: i for i, currency in enumerate(order)}
    sums = sorted(col.totals, key=lambda s: rank.get(s[0], len(rank)))  # stable: the rest as the store gave them
    return ColumnData(
        col.stage, col.label or stage_label(pipeline, col.stage), col.count,
        tuple(make(c, today) for c in col.cards), money_totals([(cur, amount) for cur, _n, amount in sums], most) or None,
    )


def main_currency(board: Board) -> str | None:
    """The board's main currency: the one with the most cards over all its columns."""
    cards: dict[str, int] = {}
    for col in board.columns:
        for currency, n, _amount in col.totals:
            cards[currency] = cards.get(currency, 0) + n
    return min(cards, key=lambda c: (-cards[c], c), default=None)  # a tie: alphabetical, so it is stable


def currency_order(board: Board) -> list[str]:
    """Every currency on the board, in the order each column lists its fees: the main currency
    first, then the largest total over the whole board first (it only sets the order: amounts in
    different currencies are never added together), a tie by code."""
    main = main_currency(board)
    totals: dict[str, float] = {}
    for col in board.columns:
        for currency, _n, amount in col.totals:
            totals[currency] = totals.get(currency, 0.0) + amount
    return sorted(totals, key=lambda c: (c != main, -totals[c], c))
