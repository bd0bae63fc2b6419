"""A currency typed with an amount is taken while the form's Currency still holds what it opened
with (acceptance finding: Due today ``n``, Current salary ``£85k`` was refused because Currency was
pre-filled with the desk's EUR, which the recruiter never chose). Two currencies typed, a currency
the user set themselves, or a stored amount left as it was keep the refusal."""

from __future__ import annotations

from seed import keys, query, run_app, settle
from test_amount_bounds import desk, tab_to  # noqa: F401 - desk: the seeded desk's fixture
from textual.widgets import Input, Static

from deskcrm.domain.validate import currency_typed
from deskcrm.screens.dialogs.form import FormDialog

SIZE = (120, 40)


# --------------------------------------------------------------------------- the rule


def test_the_one_currency_typed_is_taken():
    assert currency_typed([("£85k", ""), ("", "")]) == "GBP"
    assert currency_typed([("85k gbp", ""), ("95k", "")]) == "GBP"  # an amount alone goes with it
    assert currency_typed([("£85k", ""), ("95k GBP", "")]) == "GBP"
    assert currency_typed([("85k CHF", "")]) == "CHF"


def test_nothing_is_taken_from_nothing_nor_from_a_doubt():
    assert currency_typed([("85k", ""), ("", "")]) is None  # no currency typed: none guessed
    assert currency_typed([("£85k", ""), ("95k USD", "")]) is None  # two currencies: the form asks
    assert currency_typed([("£85k", ""), ("80000", "80000")]) is None  # a stored amount is not relabelled
    assert currency_typed([("85k net", "")]) is None  # a word, not a currency
    assert currency_typed([("£", "")]) is None  # not an amount yet
    assert currency_typed([]) is None


# --------------------------------------------------------------------------- the forms


def shown(form: FormDialog, kind: str, name: str) -> str:
    """A field's error or read line as shown ("" when hidden)."""
    line = form.query_one(f"#{kind}-{name}", Static)
    return str(line.render()) if line.has_class("-shown") else ""


def test_a_new_person_s_salary_typed_in_gbp_sets_the_prefilled_currency(desk):
    """Due today ``n``: ``85k GBP`` in Current salary sets Currency (pre-filled EUR) to GBP, and the
    read line says so; a second currency typed in Desired salary is refused as before; fixed, the
    person saves in GBP."""
    path, _ids = desk

    async def body(app, pilot):
        await keys(pilot, "1", "n")
        form = app.screen
        assert isinstance(form, FormDialog)
        assert form.query_one("#field-salary_currency", Input).value == "EUR"
        await pilot.press(*"Zoe Quinn")
        await tab_to(pilot, "source")
        await pilot.press(*"Referral")
        await tab_to(pilot, "current_salary")
        await pilot.press(*"85k", "space", *"GBP")  # (a Pilot cannot press £)
        await settle(pilot)
        assert form.query_one("#field-salary_currency", Input).value == "GBP"
        assert shown(form, "read", "current_salary") == "read as GBP 85,000 — Currency set to GBP"
        await tab_to(pilot, "desired_salary")
        await pilot.press(*"95k", "space", *"USD")
        await keys(pilot, "ctrl+s")
        assert app.screen is form  # two currencies typed: not guessed
        assert shown(form, "error", "desired_salary") == (
            "typed in USD, but Currency is GBP: set Currency to USD, or type the amount alone")
        await pilot.press(*["backspace"] * 4)  # "95k": in the currency the form took
        await keys(pilot, "ctrl+s")
        assert not isinstance(app.screen, FormDialog)
        assert query(path, "SELECT cp.current_salary, cp.desired_salary, cp.salary_currency FROM person p"
                           " JOIN candidate_profile cp ON cp.person_id = p.id WHERE p.name = 'Zoe Quinn'") == [
            (85000.0, 95000.0, "GBP")]

    run_app(path, body, SIZE)


def test_a_currency_the_user_set_is_not_overruled_by_a_typed_amount(desk):
    """The job form: Currency set to CHF by hand, then ``70k GBP`` typed: refused, Currency stays CHF;
    left at what it opened with, ``70k GBP`` sets it and the job saves in GBP."""
    path, _ids = desk

    async def body(app, pilot):
        await keys(pilot, "4", "n")
        await pilot.press(*"northwind")
        await settle(pilot)
        await keys(pilot, "enter")
        form = app.screen
        assert isinstance(form, FormDialog)
        await pilot.press(*"Data Lead")
        await tab_to(pilot, "currency")
        await pilot.press(*"CHF")
        await tab_to(pilot, "comp_min")
        await pilot.press(*"70k", "space", *"GBP")
        await keys(pilot, "ctrl+s")
        assert app.screen is form
        assert form.query_one("#field-currency", Input).value == "CHF"
        assert shown(form, "error", "comp_min") == (
            "typed in GBP, but Currency is CHF: set Currency to GBP, or type the amount alone")
        await tab_to(pilot, "currency")
        await pilot.press(*"EUR")  # back to what it opened with: the typed currency is taken again
        await tab_to(pilot, "comp_min")
        await pilot.press(*"70k", "space", *"GBP")
        await settle(pilot)
        assert form.query_one("#field-currency", Input).value == "GBP"
        await keys(pilot, "ctrl+s")
        assert not isinstance(app.screen, FormDialog)
        assert query(path, "SELECT comp_min, currency FROM job_order WHERE title = 'Data Lead'") == [(70000.0, "GBP")]

    run_app(path, body, SIZE)
