"""Dates and times as typed into forms and CLI options (deskcrm.domain.dates): ISO never swaps,
d/m/y follows the configured order, words and +3d count from today, 1900–2200 only."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskcrm.domain import dates
from deskcrm.domain.validate import Invalid


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # ISO and every year-first form: always year-month-day (issue 9 item 1)
        ("2026-12-10 14:00", datetime(2026, 12, 10, 14, 0)),
        ("2026-12-09T10:00", datetime(2026, 12, 9, 10, 0)),
        ("2026-12-09t10:00:30", datetime(2026, 12, 9, 10, 0, 30)),
        ("2026-01-02 09:15", datetime(2026, 1, 2, 9, 15)),
        ("2026/12/10 2pm", datetime(2026, 12, 10, 14, 0)),
        ("2026-12-10 at 10:30am", datetime(2026, 12, 10, 10, 30)),
        # d/m/y: day first by default
        ("10/12/2026 14:00", datetime(2026, 12, 10, 14, 0)),
        ("10.12.26 9h30", datetime(2026, 12, 10, 9, 30)),
        # words and relative days
        ("10 Dec 2026 14:00", datetime(2026, 12, 10, 14, 0)),
        ("Thu 10 Dec 2026 14:00", datetime(2026, 12, 10, 14, 0)),
        ("tomorrow 10am", datetime(2026, 11, 19, 10, 0)),
        ("tmrw 10am", datetime(2026, 11, 19, 10, 0)),  # as a hurried recruiter types it
        ("Tmr 2pm", datetime(2026, 11, 19, 14, 0)),
        ("tomorrow noon", datetime(2026, 11, 19, 12, 0)), ("Thu at midday", datetime(2026, 11, 19, 12, 0)),
        ("tomorrow at 2:30pm", datetime(2026, 11, 19, 14, 30)),
        ("14:00 tomorrow", datetime(2026, 11, 19, 14, 0)),
        ("Thu 14:30", datetime(2026, 11, 19, 14, 30)),
        ("+3d 9:30", datetime(2026, 11, 21, 9, 30)),
        ("16:45", datetime(2026, 11, 18, 16, 45)),
    ],
)
def test_moment_forms(today, raw, expected):
    assert dates.moment(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("tomorrow", "add a time"), ("2026-11-25", "add a time"), ("soon", "not a date and time"),
        ("13pm", "not a time"), ("25:00", "no such time"), ("2026-12-10 14:61", "no such time"),
        ("Fri 10 Dec 2026 14:00", "10 Dec 2026 is a Thursday, not a Friday"),
        ("9999-12-31 10:00", "between 1900 and 2200"), ("31/02/2026 10:00", "no such date"),
    ],
)
def test_moment_rejects(today, raw, message):
    with pytest.raises(Invalid, match=message):
        dates.moment(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-12-03", date(2026, 12, 3)), ("2026-12-10", date(2026, 12, 10)), ("2026/12/10", date(2026, 12, 10)),
        ("2026.12.10", date(2026, 12, 10)), ("2026 12 10", date(2026, 12, 10)), ("2026-1-2", date(2026, 1, 2)),
        ("3/12/2026", date(2026, 12, 3)), ("3.12.2026", date(2026, 12, 3)), ("3-12-2026", date(2026, 12, 3)),
        ("3/12/26", date(2026, 12, 3)), ("3/12", date(2026, 12, 3)), ("25/12/2026", date(2026, 12, 25)),
        ("3 Dec 2026", date(2026, 12, 3)), ("Dec 3", date(2026, 12, 3)), ("December 3rd, 2026", date(2026, 12, 3)),
        ("Thursday 10 December 2026", date(2026, 12, 10)), ("29 Feb 2028", date(2028, 2, 29)),
        ("today", date(2026, 11, 18)), ("Tomorrow", date(2026, 11, 19)), ("yesterday", date(2026, 11, 17)),
        ("tmrw", date(2026, 11, 19)), ("yday", date(2026, 11, 17)),
        ("+14d", date(2026, 12, 2)), ("+2w", date(2026, 12, 2)), ("+3 days", date(2026, 11, 21)),
        ("Thu", date(2026, 11, 19)), ("wed", date(2026, 11, 18)), ("this friday", date(2026, 11, 20)),
        ("coming Thu", date(2026, 11, 19)), ("1900-01-01", date(1900, 1, 1)),
        ("2200-12-31", date(2200, 12, 31)),
    ],
)
def test_day_forms(today, raw, expected):
    assert dates.day(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("31/02/2026", "no such date — read as day/month/year"), ("2026-13-01", "no such date — read as year-month-day"),
        ("someday", "not a date"), ("3 Dec 2026 10:00", "a date only"), ("12", "not a date"),
        ("20261210", "not a date"), ("Dec", "say the day and the month"), ("3rd", "say the day and the month"),
        ("Fri 10 Dec 2026", "is a Thursday, not a Friday"),
        ("next fri", "could be 20 Nov or 27 Nov: type fri \\(the coming one\\) or the date"),  # asked, not guessed
        ("9999-12-31", "use a date between 1900 and 2200"), ("0001-01-01", "use a date between 1900 and 2200"),
        ("1899-12-31", "between 1900 and 2200"), ("2201-01-01", "between 1900 and 2200"),
        ("3 Dec 9999", "between 1900 and 2200"), ("31/12/9999", "between 1900 and 2200"),
        ("+99999w", "between 1900 and 2200"), ("0000-01-01", "between 1900 and 2200"),
    ],
)
def test_day_rejects(today, raw, message):
    with pytest.raises(Invalid, match=message):
        dates.day(raw)


def test_empty_is_none():
    assert dates.day("  ") is None and dates.moment("") is None


def test_month_first_order_reads_numeric_dates_only(today):
    dates.configure("mdy")
    assert dates.day("12/3/2026") == date(2026, 12, 3)
    assert dates.day("3/12") == date(2026, 3, 12)
    assert dates.moment("12/10/2026 2pm") == datetime(2026, 12, 10, 14, 0)
    # ISO, month names and words read the same in every order
    assert dates.day("2026-12-03") == date(2026, 12, 3)
    assert dates.moment("2026-12-10 14:00") == datetime(2026, 12, 10, 14, 0)
    assert dates.day("3 Dec 2026") == date(2026, 12, 3)
    assert dates.day("+2w") == date(2026, 12, 2)
    with pytest.raises(Invalid, match="no such date — read as month/day/year"):
        dates.day("25/12/2026")  # never swapped silently
    assert dates.numeric(date(2026, 12, 3)) == "12/3/2026"  # examples in messages and placeholders
    dates.configure("dmy")
    assert dates.numeric(date(2026, 12, 3)) == "3/12/2026"
    assert dates.day("12/3/2026") == date(2026, 3, 12)
    with pytest.raises(ValueError):
        dates.configure("ymd")


def test_follows_order_only_for_numeric_day_month():
    assert dates.follows_order("3/12/2026") and dates.follows_order("Thu 3/12 10am")
    for raw in ("2026-12-03", "2026-12-10 14:00", "tomorrow", "+7d", "3 Dec 2026", ""):
        assert not dates.follows_order(raw), raw


def test_spoken_and_read_as():
    assert dates.spoken(date(2026, 12, 10)) == "Thu 10 Dec 2026"
    assert dates.spoken(datetime(2026, 12, 10, 14, 0)) == "Thu 10 Dec 2026 14:00"
    assert dates.read_as(datetime(2026, 12, 9, 9, 5)) == "read as Wed 9 Dec 2026 09:05"
    assert dates.read_as(85000.0) is None and dates.read_as(None) is None


def test_a_day_that_looks_ahead_says_how_long_ago_it_is_when_past(today):
    """Available from, a start or end date: "15 jan" typed late in the year reads as this
    year's January; the read line says it is long past (it never moves the date itself)."""
    assert dates.read_ahead(dates.day("15 Jan")) == "read as Thu 15 Jan 2026 — 307 days ago"
    assert dates.read_ahead(dates.day("yesterday")) == "read as Tue 17 Nov 2026 — yesterday"
    assert dates.read_ahead(dates.day("today")) == "read as Wed 18 Nov 2026"
    assert dates.read_ahead(dates.day("15 Jan 2027")) == "read as Fri 15 Jan 2027"
    assert dates.read_ahead(datetime(2026, 1, 15, 9, 0)) == "read as Thu 15 Jan 2026 09:00"
    assert dates.read_ahead(None) is None
    assert dates.read_ahead(dates.day("1 Jan 1990")) == "read as Mon 1 Jan 1990 — 13,470 days ago"


def test_a_forward_field_reads_a_day_and_month_alone_as_the_nearest(today):
    """Typed on Wed 18 Nov 2026 (the frozen clock): "1/2" is next February, "1/10" last month, a
    year typed or a relative day as typed."""
    from deskcrm.domain.dates import day_ahead

    assert today == date(2026, 11, 18)
    assert day_ahead("1/2") == date(2027, 2, 1)
    assert day_ahead("15 Jan") == date(2027, 1, 15)
    assert day_ahead("1/10") == date(2026, 10, 1)
    assert day_ahead("17/11") == date(2026, 11, 17)
    assert day_ahead("1/2/2026") == date(2026, 2, 1)
    assert day_ahead("2026-02-01") == date(2026, 2, 1)
    assert day_ahead("yday") == date(2026, 11, 17)
    assert day_ahead("") is None


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)))
def test_a_day_and_month_alone_is_never_more_than_half_a_year_away(typed_day):
    from deskcrm.domain import clock
    from deskcrm.domain.dates import day_ahead, numeric

    clock.freeze(date(2026, 11, 18))
    if (typed_day.month, typed_day.day) == (2, 29):
        return
    raw = numeric(typed_day).rsplit("/", 1)[0]  # "d/m" in the configured order, no year
    found = day_ahead(raw)
    assert (found.month, found.day) == (typed_day.month, typed_day.day)
    assert abs((found - clock.today()).days) <= 183
