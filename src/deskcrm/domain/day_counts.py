"""A number of days as a recruiter types it (payment terms, a guarantee, a check-in cadence, a
notice period — in a form, a CLI option or an import's cell). Pure: no Textual, no SQL.

- ``days("30")``, ``days("30 days")``, ``days("30d")`` -> ``30``
- ``days("2 weeks")``, ``days("2w")``, ``days("fortnightly")``, ``days("a fortnight")`` -> ``14``
- ``days("weekly")`` -> ``7``, ``days("daily")`` -> ``1``, ``days("")`` -> ``None``
- ``days("1 month")`` is refused saying why: a month is not a fixed number of days (28 to 31),
  so how many a month of notice or payment terms is, the contract says — never guessed.
- ``whole_days(0)``: the form's parser, with bounds; ``read_days(14)`` -> ``read as 14 days`` (a form
  says it under "2w", not under "14": ``FormDialog`` leaves out a whole number read as typed).
"""

from __future__ import annotations

import re

from deskcrm.domain import validate

_UNIT = {"d": 1, "day": 1, "days": 1, "w": 7, "wk": 7, "wks": 7, "week": 7, "weeks": 7,
         "fortnight": 14, "fortnights": 14}
_WORDS = {"daily": 1, "a day": 1, "weekly": 7, "a week": 7, "fortnightly": 14, "a fortnight": 14, "biweekly": 14}
_COUNT = re.compile(r"^(\d+)\s*([a-z]+)?$")
# a length with no fixed number of days: named to say why it is refused
_VARIES = re.compile(r"\b(months?|mos?|mths?|monthly|quarters?|quarterly|years?|yrs?|yearly|annually|annual)\b")
EXAMPLES = "e.g. 30, 30 days, 2 weeks or fortnightly"


def days(raw: str | None) -> int | None:
    """The number of days ``raw`` says (module doc), None when empty; else ``validate.Invalid``."""
    value = validate.text(raw or "")
    if value is None:
        return None
    low = " ".join(value.lower().split())
    if low in _WORDS:
        return _WORDS[low]
    found = _COUNT.match(low)
    if found and (found.group(2) or "d") in _UNIT:
        return int(found.group(1)) * _UNIT[found.group(2) or "d"]
    varies = _VARIES.search(low)
    if varies:
        word = varies.group(1)
        length = "a year" if word.startswith(("y", "annual")) else "a quarter" if word.startswith("quarter") else "a month"
        raise validate.Invalid(f"{length} is not a fixed number of days — type the days, "
                               f"e.g. {'365' if length == 'a year' else '30'} or 4 weeks")
    raise validate.Invalid(f"not a number of days — {EXAMPLES}")


def whole_days(minimum: int = 0, maximum: int | None = None) -> validate.Parser:
    """:func:`days` within bounds: a form's or an option's parser for a field counted in days."""

    def parse(raw: str) -> int | None:
        number = days(raw)
        if number is None:
            return None
        if number < minimum:
            raise validate.Invalid(f"must be {minimum} days or more")
        if maximum is not None and number > maximum:
            raise validate.Invalid(f"must be {maximum} days or less")
        return number

    return parse


def read_days(value: object) -> str | None:
    """What a form says under a days field: ``read as 14 days`` (``read as 1 day``)."""
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    return f"read as {value:,} day{'' if value == 1 else 's'}"
