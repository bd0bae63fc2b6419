"""What a card on each board says: store cards (``store.boards``) as kanban cards of safe text.

Every string here is user data or built from it, so it goes through ``deskcrm.text.cell``
(a literal rich Text, never markup); styles are applied as a whole, never parsed from data.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text

from deskcrm import text
from deskcrm.amounts import compact, money
from deskcrm.stages import stage_label
from deskcrm.store.boards import Column, JobCard, PlacementCard, SubmissionCard
from deskcrm.widgets.kanban import Card, ColumnData

_URGENCY = {3: ("▲", "bold red"), 1: ("▽", "dim")}  # hot, low (normal: no mark)
_FEE_STATUS = {"not_invoiced": "not invoiced", "invoiced": "invoiced", "paid": "paid", "credited": "credited"}


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
    if c.exit_reason:
        third = text.cell(c.exit_reason, "italic")
    elif c.interview_at and (c.stage == "interviewing" or c.interview_at.date() >= today):
        third = text.cell(f"{c.interview_at:%a} {_day(c.interview_at.date())} {c.interview_at:%H:%M}", "yellow")
    elif c.stage_changed_at:
        third = text.cell(f"{(today - c.stage_changed_at.date()).days}d in {stage_label('submission', c.stage)}", "dim")
    else:
        third = Text("")
    return Card(c.id, (text.cell(c.candidate, "bold"), text.cell(c.headline or ""), third))


def placement_card(c: PlacementCard, today: date) -> Card:
    status = _FEE_STATUS.get(c.fee_status, c.fee_status)
    fee = _line(text.cell(money(c.fee_amount, c.currency)), text.cell(status, "green" if c.fee_status == "paid" else ""))
    left = f"{c.guarantee_days_left}d left" if c.guarantee_days_left is not None else ""
    checkin = ""
    if c.next_checkin:
        checkin = text.cell(f"check {_day(c.next_checkin)}", "bold red" if c.next_checkin <= today else "")
    third = _line(f"start {_day(c.start_date)}", left, checkin)
    first = _line(text.cell(c.candidate, "bold"), text.cell(c.company))
    return Card(c.id, (first, fee, third))


def column(col: Column, pipeline: str, make, today: date, currency: str | None = None) -> ColumnData:
    """A store column as a kanban column; the total in the cards' currency, or marked as a sum
    of several currencies (≈) when they differ."""
    total = None
    if col.total:
        total = money(col.total, currency) if currency else f"≈{compact(col.total)} in fees"
    return ColumnData(
        col.stage, col.label or stage_label(pipeline, col.stage), col.count,
        tuple(make(c, today) for c in col.cards), total,
    )


def board_currency(cards) -> str | None:
    """The currency a column total is in (the first card's); None when the cards disagree."""
    found = {getattr(c, "currency", None) for c in cards}
    return found.pop() if len(found) == 1 else None
