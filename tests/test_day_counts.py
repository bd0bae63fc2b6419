"""Fields counted in days read "30 days", "2w", "fortnightly" (acceptance finding: Account ``f``,
Payment days ``30 days`` was refused as "not a whole number"; Check-in days "fortnightly" too).
One parser (``domain.day_counts``) for the forms and the import's notice cells; a month is refused
saying why (it is not a fixed number of days)."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st
from seed import keys, query, run_app, screen_text, settle
from test_form_currency import desk, shown  # noqa: F401 - desk: the seeded desk's fixture
from textual.widgets import Input

from deskcrm.domain.day_counts import days, read_days, whole_days
from deskcrm.domain.validate import Invalid
from deskcrm.screens.account import AccountScreen
from deskcrm.screens.dialogs.form import FormDialog
from deskcrm.store.imports import MappedRow
from deskcrm.store.imports.apply import ImportRefused, apply_import

SIZE = (120, 40)
UNITS = {"": 1, " days": 1, "d": 1, " day": 1, "D": 1, " weeks": 7, "w": 7, " wk": 7, " Weeks": 7,
         " fortnights": 14}


# --------------------------------------------------------------------------- the parser


@given(st.integers(min_value=0, max_value=100_000), st.sampled_from(sorted(UNITS)), st.sampled_from(["", " ", "  "]))
def test_a_count_in_days_weeks_or_fortnights_reads_as_days(n, unit, pad):
    assert days(f"{pad}{n}{unit}{pad}") == n * UNITS[unit]


@given(st.text(max_size=12))
def test_anything_typed_is_a_number_of_days_or_a_message_never_a_crash(raw):
    try:
        value = days(raw)
    except Invalid as refused:
        assert str(refused) and "\n" not in str(refused)
    else:
        assert value is None or (isinstance(value, int) and value >= 0)


@pytest.mark.parametrize(("typed", "n"), [("weekly", 7), ("Fortnightly", 14), ("a fortnight", 14), ("daily", 1),
                                          ("30 days", 30), ("30d", 30), ("2 weeks", 14), ("2w", 14), ("", None)])
def test_words_for_a_cadence(typed, n):
    assert days(typed) == n


@pytest.mark.parametrize(("typed", "said"), [
    ("1 month", "a month is not a fixed number of days — type the days, e.g. 30 or 4 weeks"),
    ("monthly", "a month is not a fixed number of days — type the days, e.g. 30 or 4 weeks"),
    ("3 months", "a month is not a fixed number of days — type the days, e.g. 30 or 4 weeks"),
    ("1 year", "a year is not a fixed number of days — type the days, e.g. 365 or 4 weeks"),
    ("quarterly", "a quarter is not a fixed number of days — type the days, e.g. 30 or 4 weeks"),
    ("soon", "not a number of days — e.g. 30, 30 days, 2 weeks or fortnightly"),
    ("1.5 weeks", "not a number of days — e.g. 30, 30 days, 2 weeks or fortnightly"),
    ("-5", "not a number of days — e.g. 30, 30 days, 2 weeks or fortnightly"),
])
def test_a_month_is_refused_saying_why(typed, said):
    with pytest.raises(Invalid) as refused:
        days(typed)
    assert str(refused.value) == said


def test_bounds_and_the_read_line():
    assert whole_days(1)("fortnightly") == 14
    with pytest.raises(Invalid, match="must be 1 days or more"):
        whole_days(1)("0")
    assert (read_days(14), read_days(1), read_days(None)) == ("read as 14 days", "read as 1 day", None)


# --------------------------------------------------------------------------- the import (both engines)


def test_an_imported_notice_uses_the_same_parser(seeded_store):
    conn, _ids, _path = seeded_store
    rows = [MappedRow(2, {"full_name": "Fort Night", "email": "fort@new.example", "notice_days": "fortnightly"})]
    apply_import(conn, rows, kind="people", file_name="t.csv", format="generic", mapping="")
    assert conn.execute("SELECT cp.notice_days FROM candidate_profile cp JOIN person p ON p.id = cp.person_id"
                        " WHERE p.email = 'fort@new.example'").fetchall() == [(14,)]
    with pytest.raises(ImportRefused, match='line 2, notice_days "1 month": a month is not a fixed number of days'):
        apply_import(conn, [MappedRow(2, {"full_name": "Mo Nth", "email": "mo@new.example", "notice_days": "1 month"})],
                     kind="people", file_name="t.csv", format="generic", mapping="")


# --------------------------------------------------------------------------- the forms


async def _retype(pilot, form: FormDialog, name: str, value: str) -> None:
    box = form.query_one(f"#field-{name}", Input)
    box.focus()
    await pilot.pause()
    box.value = ""
    await pilot.press(*value)
    await pilot.pause()


def test_the_fee_agreement_and_the_company_read_days_as_typed(desk):
    """Account ``f``: Payment days ``30 days``, Guarantee days ``2 weeks`` say how they read and save;
    ``1 month`` is refused at the field saying why. ``e``: Check-in days ``fortnightly`` saves 14."""
    path, ids = desk

    async def body(app, pilot):
        await settle(pilot)
        app.push_screen(AccountScreen(ids["northwind"]))
        await settle(pilot)
        await keys(pilot, "f")
        form = app.screen
        assert isinstance(form, FormDialog)
        await _retype(pilot, form, "payment_terms_days", "1 month")
        await keys(pilot, "ctrl+s")
        assert app.screen is form
        assert shown(form, "error", "payment_terms_days") == (
            "a month is not a fixed number of days — type the days, e.g. 30 or 4 weeks")
        await _retype(pilot, form, "payment_terms_days", "30 days")
        assert shown(form, "read", "payment_terms_days") == "read as 30 days"
        await _retype(pilot, form, "guarantee_days", "2 weeks")
        assert shown(form, "read", "guarantee_days") == "read as 14 days"
        await keys(pilot, "ctrl+s")
        assert not isinstance(app.screen, FormDialog)
        await keys(pilot, "e")
        form = app.screen
        assert isinstance(form, FormDialog)
        await _retype(pilot, form, "checkin_cadence_days", "fortnightly")
        assert "read as 14 days" in screen_text(app)
        await keys(pilot, "ctrl+s")
        assert not isinstance(app.screen, FormDialog)

    run_app(path, body, SIZE)
    assert query(path, "SELECT payment_terms_days, guarantee_days, checkin_cadence_days FROM company WHERE id = ?",
                 ids["northwind"]) == [(30, 14, 14)]
