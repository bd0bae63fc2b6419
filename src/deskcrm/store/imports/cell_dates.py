"""Date cells into dates, never swapping day and month silently (re-exported by ``cells``).

Dates (:func:`day`; :func:`moment` keeps the time, for an activity's ``at``): ISO ``2026-12-06`` (a time after it is dropped), ``2026/12/06``, month
names (``06 Dec 2026`` — LinkedIn's — ``Dec 6, 2026``, ``6 December 2026``), Excel serial
days (10000–99999: 1927–2173; a bare year like ``2026`` is refused, never read as a serial),
and numeric ``dd/mm/yyyy`` or ``mm/dd/yyyy`` (``/`` ``.`` ``-``; a two-digit year is 1970–2069;
a time after the date, as Excel's CSV writes ``12/6/2026 14:30``, is dropped).
Which of the last two a column holds is never guessed: :func:`date_order` reads ALL the
column's cells — one that can only be day-first (``25/03/2026``) decides day-first; if the
column has both kinds, or only cells that read both ways (``03/04/2026``), it is refused naming
a line, unless the mapping says ``date_order``. :func:`date_orders` finds every date column's
order in one streaming pass over a file's rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone

from deskcrm.domain.validate import Invalid
from deskcrm.store.imports import Mapping, SourceRow
from deskcrm.store.imports.table import BadCell

FIRST_YEAR, LAST_YEAR = 1900, 2200
DATE_TARGETS = ("connected_on", "opened_on", "start_date", "at", "available_from")  # read with day(); "at" with moment()
_MONTHS = {m: n for n, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                       "nov", "dec"), 1)}
_TIME = r"(?:\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?(?:Z|[+-]\d{2}:?\d{2})?)"  # dropped
_ISO = re.compile(rf"^(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}})(?:[T ]{_TIME})?$")
_NUMERIC = re.compile(rf"^(\d{{1,2}})([/.\-])(\d{{1,2}})\2(\d{{2}}|\d{{4}})(?:,?\s+{_TIME})?$")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s\-]+([A-Za-z]{3,9})\.?,?[\s\-]+(\d{4})$")
_MONTH_DAY = re.compile(r"^([A-Za-z]{3,9})\.?[\s\-]+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
EXAMPLE = "a date — e.g. 2026-12-06, 06 Dec 2026 or 06/12/2026"


def numeric_order(text: str) -> str | None:
    """How a numeric ``a/b/yyyy`` cell can read: "dmy" (a > 12), "mdy" (b > 12), "either" (both
    ≤ 12, and they differ), "same" (a == b), or None for any other form."""
    found = _NUMERIC.match(text.strip())
    if not found:
        return None
    a, b = int(found.group(1)), int(found.group(3))
    if a > 12 and b <= 12:
        return "dmy"
    if b > 12 and a <= 12:
        return "mdy"
    if a == b:
        return "same"
    return "either" if a <= 12 and b <= 12 else None


class _Evidence:
    """What a date column's cells say about its order, fed one cell at a time (bounded memory:
    the first cell of each kind is kept, to name it)."""

    __slots__ = ("proof", "either", "numeric")

    def __init__(self) -> None:
        self.proof: dict[str, tuple[int, str]] = {}
        self.either: tuple[int, str] | None = None
        self.numeric = False

    def feed(self, line: int, text: str) -> None:
        how = numeric_order(text)
        if how is None:
            return
        self.numeric = True
        if how in ("dmy", "mdy"):
            self.proof.setdefault(how, (line, text.strip()))
        elif how == "either" and self.either is None:
            self.either = (line, text.strip())

    def order(self, column: str) -> str | None:
        if "dmy" in self.proof and "mdy" in self.proof:
            (dl, dt), (ml, mt) = self.proof["dmy"], self.proof["mdy"]
            raise BadCell(dl, column, f"{dt!r} is day-first but line {ml} ({mt!r}) is month-first — the column "
                                      "mixes both; fix the file")
        if self.proof:
            return next(iter(self.proof))
        if self.either is not None:
            line, text = self.either
            raise BadCell(line, column, f"{text!r} reads as day/month or month/day, and no cell in the column "
                                        f"tells which — {ORDER_HOW}")
        return "dmy" if self.numeric else None  # only a/a/yyyy cells: both orders read them the same


ORDER_HOW = 'set date_order = "dmy" or "mdy" in the mapping (--map)'  # how to tell (the TUI says its key)


def _given(order: str | None) -> str | None:
    if order is not None and order not in ("dmy", "mdy"):
        raise ValueError(f"date order is 'dmy' or 'mdy', not {order!r}")
    return order


def date_order(cells: Iterable[tuple[int, str]], column: str, given: str | None = None) -> str | None:
    """The order of a date column's numeric cells, from all of them: ``given`` (the mapping's
    ``date_order``) if set, else what its cells prove. None when it has no numeric d/m cell.
    :class:`BadCell` when the cells disagree, or none can tell (naming a line)."""
    if _given(given):
        return given
    evidence = _Evidence()
    for line, text in cells:
        evidence.feed(line, text)
    return evidence.order(column)


def date_orders(rows: Iterable[SourceRow], mapping: Mapping) -> dict[str, str | None]:
    """Each date column's order (by header: the columns mapped to :data:`DATE_TARGETS`), from
    one pass over ``rows`` (e.g. ``table.rows()``), in bounded memory — for the writer to read
    every date cell with :func:`day` afterwards. Raises :class:`BadCell` like :func:`date_order`."""
    columns = [header for header, target in mapping.columns.items() if target in DATE_TARGETS]
    if not columns:
        return {}
    if _given(mapping.date_order):
        return {column: mapping.date_order for column in columns}
    evidence = {column: _Evidence() for column in columns}
    for row in rows:
        for column, seen in evidence.items():
            text = row.cells.get(column)
            if text:
                seen.feed(row.line, text)
    return {column: seen.order(column) for column, seen in evidence.items()}


def day(text: str, order: str | None = None) -> date:
    """One date cell (see the module's doc); ``order`` is the column's :func:`date_order`."""
    value = " ".join(text.split())
    if not value:
        raise Invalid(EXAMPLE)
    if found := _ISO.match(value):
        return _make(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    if found := _NUMERIC.match(value):
        a, b, year = int(found.group(1)), int(found.group(3)), found.group(4)
        if order is None:  # no column order: only a cell that reads one way (25/03, 03/25, 04/04)
            order = numeric_order(value) if numeric_order(value) in ("dmy", "mdy") else ("dmy" if a == b else None)
            if order is None:
                raise Invalid("day/month or month/day? The column's order is not known")
        first_is_day = order != "mdy"
        return _make(_full_year(year), b if first_is_day else a, a if first_is_day else b)
    if found := _DAY_MONTH.match(value):
        return _make(int(found.group(3)), _month(found.group(2)), int(found.group(1)))
    if found := _MONTH_DAY.match(value):
        return _make(int(found.group(3)), _month(found.group(1)), int(found.group(2)))
    if _SERIAL.match(value):
        serial = float(value)
        if 10000 <= serial < 100000:
            return date(1899, 12, 30) + timedelta(days=int(serial))
    raise Invalid(EXAMPLE)


_CLOCK = re.compile(r"^(?P<day>.+?)(?:T|,?\s+)(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.(?P<f>\d+))?)?"
                    r"(?:\s*(?P<ampm>[AaPp][Mm]))?\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?$")


def moment(text: str, order: str | None = None) -> datetime:
    """A date and time cell (an activity's ``at``): any :func:`day` form, then ``14:30``,
    ``14:30:05.123``, ``2:30 PM``, and a zone (``Z``, ``+01:00``) when the cell has one — the
    result is aware then, naive (the file's own clock) otherwise; an Excel serial's fraction is
    its time of day. A date alone is midnight."""
    value = " ".join(text.split())
    if _SERIAL.match(value) and 10000 <= float(value) < 100000:
        return datetime(1899, 12, 30) + timedelta(seconds=round(float(value) * 86400))
    found = _CLOCK.match(value)
    if not found:
        return datetime.combine(day(value, order), time())
    on = day(found["day"], order)
    hour, minute, second = int(found["h"]), int(found["m"]), int(found["s"] or 0)
    if found["ampm"]:
        if not 1 <= hour <= 12:
            raise Invalid(f"{hour} {found['ampm']} is not a time — e.g. 2:30 PM or 14:30")
        hour = hour % 12 + (12 if found["ampm"].lower() == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise Invalid("not a time of day — e.g. 14:30 or 2:30 PM")
    zone = None
    if found["tz"]:
        tz = found["tz"].replace(":", "")
        zone = timezone.utc if tz == "Z" else timezone((-1 if tz[0] == "-" else 1) *
                                                        timedelta(hours=int(tz[1:3]), minutes=int(tz[3:5])))
    micro = int((found["f"] or "0")[:6].ljust(6, "0"))
    return datetime(on.year, on.month, on.day, hour, minute, second, micro, tzinfo=zone)


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _month(name: str) -> int:
    month = _MONTHS.get(name[:3].casefold())
    full = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december")
    if month is None or not (len(name) == 3 or name.casefold() == full[month - 1] or name.casefold() == "sept"):
        raise Invalid(f"{name!r} is not a month — {EXAMPLE}")
    return month


def _make(year: int, month: int, day_: int) -> date:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Invalid(f"use a date between {FIRST_YEAR} and {LAST_YEAR}")
    try:
        return date(year, month, day_)
    except ValueError:
        raise Invalid(f"there is no day {day_} in month {month} of {year}") from None
