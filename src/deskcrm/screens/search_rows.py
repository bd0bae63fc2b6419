"""How a search result looks: the columns for a terminal width and the cells of one row.

Formats are ours, values are user data and go through ``deskcrm.text.cell`` (never markup).
"""

from __future__ import annotations

from datetime import date

from rich.text import Text

from deskcrm import text
from deskcrm.domain.amounts import short_money
from deskcrm.domain.relevance import Hit, why_text
from deskcrm.store.search import PersonRow
from deskcrm.widgets.paged_table import Column

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Fields of a row, in the order ``cells`` builds them.
NAME, HEADLINE, LOCATION, SKILLS, AVAILABLE, SALARY, CONTACTED, STATUS, MISSING = range(9)
_LABELS = ("Name", "Headline", "Location", "Skills", "Available", "Desired", "Contacted", "Status", "Missing")
WIDE = 100  # from this width the skills and last-contact columns show


def columns(width: int, *, missing: bool = False) -> list[Column]:
    """Columns for a table ``width`` cells wide (1 cell of padding each, 1 for the scrollbar).

    Headline (and skills, when shown) take what is left. Narrower than ``WIDE``: skills and
    last contact are left out. ``missing``: partial matches (no one matches it all), with what
    each misses after the name.
    """
    room = max(width - 1, 60)
    if width >= WIDE:
        fixed = {NAME: 20, LOCATION: 11, AVAILABLE: 11, SALARY: 8, CONTACTED: 11, STATUS: 7}
        flexible = (HEADLINE, SKILLS)
    else:
        fixed = {NAME: 18, LOCATION: 10, AVAILABLE: 11, SALARY: 8, STATUS: 7}
        flexible = (HEADLINE,)
    if missing:  # narrow: the availability gives way to it
        fixed[MISSING] = 18 if width >= WIDE else 14
        if width < WIDE:
            del fixed[AVAILABLE]
    shown = sorted([*fixed, *flexible], key=lambda f: (f != NAME, f != MISSING, f))
    left = max(room - len(shown) - sum(fixed.values()), 10 * len(flexible))
    if len(flexible) == 2:
        fixed[SKILLS] = left * 2 // 5
    fixed[HEADLINE] = left - fixed.get(SKILLS, 0)
    return [Column(_LABELS[f], fixed[f], f) for f in shown]


def about(n: int) -> str:
    """An estimated count as precise as it is: exact under 100, else two significant digits
    ("12,000", "1,100,000")."""
    if n < 100:
        return f"{n:,}"
    return f"{round(n, 2 - len(str(n))):,}"


def short_day(d: date, today: date) -> str:
    """'1 Mar' this year, '1 Mar 2027' otherwise."""
    return f"{d.day} {_MONTHS[d.month - 1]}" + ("" if d.year == today.year else f" {d.year}")


def availability(d: date | None, today: date) -> str:
    """'now' · 'in 5 days' · 'in 3 weeks' · '1 Mar' ('' when unknown)."""
    if d is None:
        return ""
    days = (d - today).days
    if days <= 0:
        return "now"
    if days == 1:
        return "tomorrow"
    if days < 14:
        return f"in {days} days"
    if days < 56:
        return f"in {days // 7} weeks"
    return short_day(d, today)


def contacted(d: date | None, today: date) -> str:
    """'today' · 'yesterday' · '3 d ago' (under a month) · '2 Nov' · '12 Nov 2025' · 'never'."""
    if d is None:
        return "never"
    days = (today - d).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if 1 < days < 31:
        return f"{days} d ago"
    return short_day(d, today)


_STATUS = {"active": ("active", ""), "passive": ("passive", ""), "placed": ("placed", "$success"),
           "do_not_contact": ("dnc", "bold $error")}


def status(row: PersonRow) -> tuple[str, str]:
    """(label, style): the candidate status, or 'contact' for a client contact only."""
    if row.status in _STATUS:
        return _STATUS[row.status]
    if row.status:
        return row.status, ""
    return ("contact", "$accent") if len(row.roles) else ("", "")


def missed(missing: tuple[str, ...]) -> str:
    """What a partial match misses: 'no berlin, no salary<60k'."""
    return ", ".join(f"no {m}" for m in missing)


def cells(row: PersonRow, today: date, colours: dict[str, str], missing: tuple[str, ...] = ()) -> tuple[Text, ...]:
    """Every field of a row, as literal cells (see the field constants); ``missing``: the parts
    of the query a partial match misses (the query's own text: literal too)."""
    label, style = status(row)
    style = " ".join(colours.get(part[1:], "") if part.startswith("$") else part for part in style.split())
    dim = "dim"
    return (
        text.cell(row.name),
        text.cell(row.headline or ""),
        text.cell(row.location or ""),
        text.cell(", ".join(row.top_skills)),
        text.cell(availability(row.available_from, today)),
        text.cell(short_money(row.desired_salary, row.salary_currency)),
        text.cell(contacted(row.last_contact, today), "" if row.last_contact else dim),
        text.cell(label, style.strip()),
        text.cell(missed(missing), colours.get("warning", "")),
    )


def why(hits: tuple[Hit, ...]) -> str:
    """The why line of the selected row: "why: python → title, skills · berlin → location"
    ('' without free text). Plain text: the caller wraps it as literal content."""
    return f"why: {why_text(hits)}" if hits else ""
