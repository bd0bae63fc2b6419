"""Property tests (hypothesis) for the date and amount parsers: any value printed in any
accepted form parses back to itself, in either date order; ISO never swaps."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from conftest import TODAY
from hypothesis import given
from hypothesis import strategies as st

from deskcrm.domain import clock, dates, validate

ORDERS = st.sampled_from(dates.ORDERS)
DAYS = st.dates(min_value=date(dates.FIRST_YEAR, 1, 1), max_value=date(dates.LAST_YEAR, 12, 31))
MOMENTS = st.datetimes(min_value=datetime(dates.FIRST_YEAR, 1, 1), max_value=datetime(dates.LAST_YEAR, 12, 31, 23, 59))
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def _iso_forms(d: date) -> list[str]:
    return [d.isoformat(), f"{d.year}-{d.month}-{d.day}", f"{d.year}/{d.month:02}/{d.day:02}", f"{d:%Y.%m.%d}"]


def _numeric_forms(d: date, order: str) -> list[str]:
    a, b = (d.day, d.month) if order == "dmy" else (d.month, d.day)
    return [f"{a}/{b}/{d.year}", f"{a:02}.{b:02}.{d.year}", f"{a}-{b}-{d.year}"]


def _word_forms(d: date) -> list[str]:
    month = MONTHS[d.month - 1]
    return [f"{d.day} {month[:3]} {d.year}", f"{month} {d.day}, {d.year}", f"{d:%a} {d.day} {month} {d.year}",
            dates.spoken(d)]


def _clock_forms(at: datetime) -> list[str]:
    twelve = at.hour % 12 or 12
    return [f"{at:%H:%M}", f"{twelve}:{at:%M}{'am' if at.hour < 12 else 'pm'}", f"{at.hour}h{at:%M}"]


@given(DAYS, ORDERS)
def test_any_day_printed_in_any_accepted_form_parses_back(d, order):
    clock.freeze(TODAY)
    dates.configure(order)
    for typed in _iso_forms(d) + _numeric_forms(d, order) + _word_forms(d):
        assert dates.day(typed) == d, typed


@given(MOMENTS, ORDERS)
def test_any_moment_printed_in_any_accepted_form_parses_back(at, order):
    clock.freeze(TODAY)
    dates.configure(order)
    at = at.replace(second=0, microsecond=0)
    d = at.date()
    for on in _iso_forms(d) + _numeric_forms(d, order) + _word_forms(d):
        for hour in _clock_forms(at):
            assert dates.moment(f"{on} {hour}") == at, f"{on} {hour}"
    assert dates.moment(f"{at:%Y-%m-%dT%H:%M}") == at
    assert dates.moment(dates.spoken(at)) == at  # what the form shows reads back the same


@given(DAYS, ORDERS, st.booleans())
def test_iso_never_swaps_day_and_month(d, order, with_time):
    """2026-12-10 is 10 Dec in every order, with or without a time (day ≤ 12 included)."""
    dates.configure(order)
    if with_time:
        assert dates.moment(f"{d.isoformat()} 14:00") == datetime(d.year, d.month, d.day, 14, 0)
    else:
        assert dates.day(d.isoformat()) == d


@given(st.integers(min_value=0, max_value=9999), st.sampled_from(("d", "w")))
def test_relative_days_count_from_today(n, unit):
    clock.freeze(TODAY)
    expected = TODAY + timedelta(days=n * (7 if unit == "w" else 1))
    if expected.year <= dates.LAST_YEAR:
        assert dates.day(f"+{n}{unit}") == expected
    else:
        try:
            dates.day(f"+{n}{unit}")
        except validate.Invalid as exc:
            assert "between 1900 and 2200" in str(exc)
        else:
            raise AssertionError(f"+{n}{unit} is after {dates.LAST_YEAR}")


def _amount_forms(cents: int) -> list[str]:
    whole, rest = divmod(cents, 100)
    if rest:  # 72500.5 and 72,500.50
        return [str(Decimal(cents) / 100), f"{whole:,}.{rest:02}"]
    forms = [str(whole), f"{whole:,}", f"{whole:,}".replace(",", " "), f"{whole:,}".replace(",", ".")]
    forms.append(f"{(Decimal(whole) / 1000).normalize():f}k")  # 85k, 85.5k, 1.234k, 0.25k
    if whole >= 100_000:
        forms.append(f"{(Decimal(whole) / 1_000_000).normalize():f}m")  # 1.2m
    return forms


@given(st.integers(min_value=0, max_value=10**11), st.sampled_from(("{}", "€{}", "{} EUR", "EUR {}", "€ {}", "{}EUR")))
def test_any_amount_printed_in_any_accepted_form_parses_back(cents, currency):
    expected = cents / 100
    for typed in _amount_forms(cents):
        assert validate.money(currency.format(typed)) == expected, currency.format(typed)


@given(st.integers(min_value=0, max_value=10**11),
       st.sampled_from((("{}", None), ("€{}", "EUR"), ("{} GBP", "GBP"), ("USD {}", "USD"), ("£ {}", "GBP"),
                        ("{}EUR", "EUR"), ("${}", "USD"))))
def test_the_currency_typed_with_any_amount_is_read(cents, marked):
    """What ``money`` drops from an amount, ``written_currency`` says: a form compares it with
    its Currency field, so "£90k" is never saved as EUR 90,000."""
    pattern, code = marked
    for typed in _amount_forms(cents):
        assert validate.written_currency(pattern.format(typed)) == code, pattern.format(typed)
        clash = validate.currency_clash(pattern.format(typed), "EUR", "Currency")
        assert (clash is None) == (code in (None, "EUR")), pattern.format(typed)


@given(st.from_regex(r"[1-9][0-9]{5,14}", fullmatch=True), st.sampled_from(("+", "", "00")),
       st.sampled_from(("", " x{}", " ext {}", " ext. {}", ", extension {}", " #{}")), st.integers(1, 999999))
def test_any_phone_with_or_without_an_extension_keeps_its_digits(digits, lead, ext, n):
    """The number's digits are kept as typed (grouped any way), the extension too; the matching
    key is the number's alone."""
    grouped = " ".join(digits[i:i + 3] for i in range(0, len(digits), 3))
    typed = lead + grouped + ext.format(n)
    written = validate.phone(typed)
    assert written is not None
    number, _, extension = written.partition(" ext. ")
    assert number.lstrip("+").replace(" ", "") == digits
    assert extension == (str(n) if ext else "")
    assert validate.phone_norm(written) == validate.phone_norm(lead + grouped) == ("+" if lead else "") + digits
