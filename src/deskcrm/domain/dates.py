"""Dates and times as a recruiter types them, read one way in every form and CLI option.
Pure: no Textual, no SQL, no settings (the launch calls :func:`configure`).

- ISO and every other year-first form (``2026-12-10``, ``2026/12/10``, ``2026-12-10 14:00``,
  ``2026-12-10T14:00``) is always year-month-day.
- Only numeric day/month forms (``3/12/2026``, ``3.12.26``, ``3-12``) follow the configured
  order: day first (``dmy``, the default) or month first (``mdy``, ``date_order = "mdy"`` in
  the config, for US desks). A day or month that does not exist in that order is an error,
  never swapped.
- Month names need no order: ``3 Dec 2026``, ``Dec 3`` (this year), ``Thursday 10 December``;
  a weekday alone is the next one (today included): ``Thu``. A weekday that does not match the
  date (``Fri 10 Dec 2026``) is an error.
- ``today``, ``tomorrow`` (``tmrw``, ``tmr``), ``yesterday`` (``yday``), ``+3d``, ``+2w`` count from the clock's today.
- A moment is a day (as above, or none: today) and a time: ``14:00``, ``2pm``, ``10:30am``,
  ``14h30``, ``noon``, before or after the day, e.g. ``tomorrow 10am``, ``Thu 14:30``.
- Only years 1900–2200 are dates here; anything else is "use a date between 1900 and 2200".

Forms show how a value was read with :func:`spoken` ("Thu 10 Dec 2026 14:00").
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from deskcrm.domain import clock
from deskcrm.domain.validate import Invalid, text

ORDERS = ("dmy", "mdy")
FIRST_YEAR, LAST_YEAR = 1900, 2200
_order = "dmy"

MOMENT_EXAMPLE = "a date and time — e.g. 2026-12-03 14:00, tomorrow 10am or Thu 14:30"
RANGE = f"use a date between {FIRST_YEAR} and {LAST_YEAR}"

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def configure(order: str | None) -> None:
    """How ``3/12/2026`` reads: ``"dmy"`` (3 Dec, the default) or ``"mdy"`` (12 Mar)."""
    global _order
    if order is not None and order not in ORDERS:
        raise ValueError(f"date order must be one of {ORDERS}, not {order!r}")
    _order = order or "dmy"


def order() -> str:
    return _order


def numeric(value: date) -> str:
    """``3/12/2026`` in the configured order (``12/3/2026`` on a month-first desk): examples."""
    first, second = (value.day, value.month) if _order == "dmy" else (value.month, value.day)
    return f"{first}/{second}/{value.year}"


def _day_example() -> str:
    return f"a date — e.g. 2026-12-03, {numeric(date(2026, 12, 3))}, 3 Dec 2026, tomorrow or +14d"


def spoken(value: date | datetime) -> str:
    """``Thu 10 Dec 2026`` (a date) or ``Thu 10 Dec 2026 14:00`` (a moment): unambiguous in
    every date order, and the same in every locale."""
    out = f"{_WEEKDAYS[value.weekday()]} {value.day} {_MONTHS[value.month - 1]} {value.year}"
    return f"{out} {value:%H:%M}" if isinstance(value, datetime) else out


def day_said(value: date) -> str:
    """A day in a sentence, as the screens write it: "1 Feb 2026" (messages, not ISO)."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def read_as(value: object) -> str | None:
    """What a form shows under a date or time field: ``read as Thu 10 Dec 2026``."""
    return f"read as {spoken(value)}" if isinstance(value, date) else None


def read_ahead(value: object) -> str | None:
    """:func:`read_as` for a day that looks ahead (available from, a start or end date), saying
    how long ago it is when it is past: a year-less "15 jan" typed in December is this year's
    January ("read as Thu 15 Jan 2026 — 326 days ago"), which the recruiter likely did not mean."""
    said = read_as(value)
    if said is None or isinstance(value, datetime) or not isinstance(value, date):
        return said
    days = (clock.today() - value).days
    if days <= 0:
        return said
    return f"{said} — {'yesterday' if days == 1 else f'{days:,} days ago'}"


# ------------------------------------------------------------------ days

_RELATIVE = re.compile(r"\+\s*(\d{1,5})\s*(d|days?|w|wks?|weeks?)", re.IGNORECASE)
_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1,
          "tmrw": 1, "tmr": 1, "tmw": 1, "yday": -1, "yest": -1}  # as a hurried recruiter types them
_YEAR_FIRST = re.compile(r"(\d{4})([-/. ])(\d{1,2})\2(\d{1,2})")
_DAY_MONTH = re.compile(r"(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?\.?")
_NUMERIC = re.compile(r"[\d\s./-]+")
_NEXT_WEEKDAY = re.compile(r"\s*next\s+[a-z]+\.?\s*", re.IGNORECASE)  # "next fri": asked, never guessed
_THIS_WEEKDAY = re.compile(r"\s*(?:this|coming)\s+([a-z]+\.?)\s*", re.IGNORECASE)  # "this fri" is "fri"
_WEEKDAY_WORD = re.compile(r"\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?\b\.?",
                           re.IGNORECASE)


def follows_order(raw: str) -> bool:
    """Whether reading ``raw`` depends on the configured date order (a numeric day/month)."""
    return bool(_DAY_MONTH.search(raw or "")) and not _YEAR_FIRST.search(raw or "")


def day(raw: str) -> date | None:
    """A calendar day; ``None`` for an empty field."""
    value = text(raw)
    if value is None:
        return None
    return _day(value)


def day_ahead(raw: str) -> date | None:
    """:func:`day` for a field that looks ahead (available from, a start or an end date): a day and
    month typed without a year ("1/2", "15 Jan") is the one nearest today — last year's, this
    year's or next year's (a tie: the later) — so "1/2" typed in December is next February and
    "1/11" last month (a start entered late). A year typed, ``yesterday`` or a ``+3d`` stay as
    typed; the form's read line says the day found, and how long ago when it is past."""
    value = text(raw)
    if value is None:
        return None
    found = _day(value)
    if not _yearless(value):
        return found
    today = clock.today()
    near = []
    for year in (found.year - 1, found.year, found.year + 1):
        try:
            near.append(_in_range(found.replace(year=year)))
        except (ValueError, Invalid):  # 29 Feb in a year without one; past 2200
            continue
    return min(near, key=lambda d: (abs((d - today).days), d < today)) if near else found


def _yearless(value: str) -> bool:
    """Whether ``value`` names a day and a month but no year ("1/2", "15 Jan", "Jan 15th")."""
    found = _DAY_MONTH.fullmatch(value)
    if found:
        return found.group(4) is None
    if value.lower() in _WORDS or _RELATIVE.fullmatch(value.lower()) or _YEAR_FIRST.fullmatch(value):
        return False
    numbers = re.findall(r"\d+", value)
    month = re.search(r"[a-z]{3}", value, re.IGNORECASE) is not None
    return month and len(numbers) == 1 and len(numbers[0]) <= 2


def _day(value: str) -> date:
    low = value.lower()
    if low in _WORDS:
        return _in_range(clock.today() + timedelta(days=_WORDS[low]))
    found = _RELATIVE.fullmatch(low)
    if found:
        n = int(found.group(1)) * (7 if found.group(2).startswith("w") else 1)
        try:
            return _in_range(clock.today() + timedelta(days=n))
        except OverflowError:
            raise Invalid(RANGE) from None
    found = _YEAR_FIRST.fullmatch(value)
    if found:
        y, _, m, d = found.groups()
        return _make(int(y), int(m), int(d), "year-month-day, e.g. 2026-12-03")
    found = _DAY_MONTH.fullmatch(value)
    if found:
        a, _, b, y = found.groups()
        d, m = (a, b) if _order == "dmy" else (b, a)
        how = f"{'day/month/year' if _order == 'dmy' else 'month/day/year'}, e.g. {numeric(date(2026, 12, 3))}"
        return _make(_year(y), int(m), int(d), how)
    if _NUMERIC.fullmatch(value):  # "12", "20261210", "12 10 2026": which part is which?
        raise Invalid(f"not {_day_example()}")
    return _words(value)


def _year(typed: str | None) -> int:
    today = clock.today()
    if typed is None:
        return today.year
    year = int(typed)
    if len(typed) == 2:  # 26 -> 2026; 99 -> 1999 (no more than 50 years ahead)
        year += 2000 if 2000 + year <= today.year + 50 else 1900
    return year


def _make(year: int, month: int, day_: int, how: str) -> date:
    try:
        found = date(year, month, day_)
    except ValueError:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise Invalid(RANGE) from None
        raise Invalid(f"no such date — read as {how}") from None
    return _in_range(found)


def _in_range(found: date) -> date:
    if not FIRST_YEAR <= found.year <= LAST_YEAR:
        raise Invalid(RANGE)
    return found


def _words(value: str) -> date:
    """Month and weekday names (python-dateutil): ``3 Dec 2026``, ``Dec 3``, ``Thursday``."""
    from dateutil import parser

    today = clock.today()
    weekday = _WEEKDAY_WORD.search(value)
    dayfirst = _order == "dmy"
    if weekday and (this := _THIS_WEEKDAY.fullmatch(value)):
        value = this.group(1)
    if weekday and _NEXT_WEEKDAY.fullmatch(value):  # "next fri": this week's or next week's? Ask.
        named = next(i for i, name in enumerate(_WEEKDAYS) if weekday.group(1).lower().startswith(name.lower()))
        coming = today + timedelta(days=(named - today.weekday()) % 7 or 7)
        after = coming + timedelta(days=7)
        raise Invalid(f"“{value}” could be {coming.day} {_MONTHS[coming.month - 1]} or {after.day} "
                      f"{_MONTHS[after.month - 1]}: type {_WEEKDAYS[named].lower()} (the coming one) or the date")
    try:
        if weekday and not re.search(r"\d", value):  # "Thu": the next one, today included
            parsed = other = parser.parse(value, dayfirst=dayfirst, default=datetime(today.year, today.month, today.day))
        else:
            # Parse with two defaults: a part that comes out different was not typed (it would
            # be guessed from the default), so "Dec" or "3rd" alone are refused.
            parsed = parser.parse(value, dayfirst=dayfirst, default=datetime(today.year, 1, 1))
            other = parser.parse(value, dayfirst=dayfirst, default=datetime(today.year, 2, 2))
    except (ValueError, OverflowError):
        raise Invalid(f"not {_day_example()}") from None
    if (parsed.month, parsed.day) != (other.month, other.day):
        raise Invalid(f"say the day and the month — e.g. 3 Dec {today.year}")
    if parsed.tzinfo is not None:
        raise Invalid(f"no time zone — e.g. 3 Dec {today.year}")
    if parsed.time() != time(0, 0):
        raise Invalid(f"a date only, no time — e.g. {today.isoformat()}")
    found = _in_range(parsed.date())
    if weekday and re.search(r"\d", value):
        named = next(i for i, name in enumerate(_WEEKDAYS) if weekday.group(1).lower().startswith(name.lower()))
        if named != found.weekday():
            raise Invalid(f"{found.day} {_MONTHS[found.month - 1]} {found.year} is a {_WEEKDAY_NAMES[found.weekday()]}, "
                          f"not a {_WEEKDAY_NAMES[named]}")
    return found


# ------------------------------------------------------------------ moments

_CLOCK = r"(?:at\s+)?(\d{1,2})(?:(?::|h)(\d{2})(?::(\d{2}))?)?\s*(am|pm|a\.m\.|p\.m\.|h)?"
_TIME_LAST = re.compile(rf"(?:(.*?)(?:\s+|(?<=\d)[Tt]))?{_CLOCK}", re.IGNORECASE)
_TIME_FIRST = re.compile(rf"{_CLOCK}\s+(.+)", re.IGNORECASE)
_NOON = re.compile(r"\b(?:at\s+)?(?:noon|midday)\b", re.IGNORECASE)


def moment(raw: str) -> datetime | None:
    """A local date and time (naive, the recruiter's wall clock); ``None`` for an empty field."""
    value = text(raw)
    if value is None:
        return None
    value = _NOON.sub("12:00", value)  # "tomorrow noon"
    split = _split_time(value)
    if split is None:
        try:
            _day(value)
        except Invalid:
            raise Invalid(f"not {MOMENT_EXAMPLE}") from None
        raise Invalid(f"add a time — e.g. {value} 14:00")
    day_text, at = split
    on = _day(day_text) if day_text else clock.today()
    return datetime.combine(on, at)


def _split_time(value: str) -> tuple[str, time] | None:
    """(the day part, the time) of ``value``; None when it has no time of day."""
    for pattern in (_TIME_LAST, _TIME_FIRST):
        found = pattern.fullmatch(value)
        if found is None:
            continue
        groups = found.groups()
        on, (hour, minute, second, suffix) = (groups[0], groups[1:]) if pattern is _TIME_LAST else (groups[4], groups[:4])
        if minute is None and suffix is None:
            continue  # "Dec 3 10": a bare number is not a time
        on = re.sub(r"(?:^|\s+)at$", "", (on or "").strip(), flags=re.IGNORECASE)  # "tomorrow at 10am"
        return on, _time(int(hour), int(minute or 0), int(second or 0),
                                         (suffix or "").lower().replace(".", ""))
    return None


def _time(hour: int, minute: int, second: int, suffix: str) -> time:
    if suffix in ("am", "pm"):
        if not 1 <= hour <= 12:
            raise Invalid(f"{hour}{suffix} is not a time — e.g. 10am or 14:00")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise Invalid("no such time — use 00:00 to 23:59, e.g. 14:00")
    return time(hour, minute, second)
