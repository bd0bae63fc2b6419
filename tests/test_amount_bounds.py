"""Amounts typed into a pre-filled box replace it, and an implausible amount asks first (issue 9,
item 2): in the placement form, salary ``85000`` + typed ``78000`` saved ``8500078000`` (a fee of
EUR 1.7bn), fee % ``20`` became ``2022``.

Every form with a pre-filled amount is opened as a user does, the new value typed over the old
one (tab into it, no clearing), and the saved value checked. A salary or fee over its ceiling —
10× the job's salary range, or ``[amounts] max_salary`` / ``max_fee`` (5,000,000) — asks
"save anyway?" in the TUI (esc: back to the form, everything typed kept) and needs ``--force``
in the CLI.
"""

from __future__ import annotations

import asyncio

import pytest
from clirun import assert_one_line_error, run
from seed import index, keys, open_person, query, run_app, screen_text, seed, settle
from textual.widgets import Input, Static

from deskcrm.domain import amounts
from deskcrm.config import settings as settings_mod
from deskcrm.screens.dialogs.confirm import ConfirmDialog
from deskcrm.screens.dialogs.form import FormDialog
from deskcrm.screens.job_pipeline import JobPipelineScreen

SIZE = (120, 40)


@pytest.fixture
def desk(tmp_path, today):
    path = tmp_path / "desk.db"
    ids = seed(path)
    return path, ids


async def tab_to(pilot, field: str) -> None:
    """Tab to ``field`` as a person does (the box selects what it holds)."""
    form = pilot.app.screen
    for _ in range(30):
        if form.focused is not None and form.focused.id == f"field-{field}":
            return
        await pilot.press("tab")
    raise AssertionError(f"no field {field}")


async def retype(pilot, field: str, value: str) -> None:
    await tab_to(pilot, field)
    await pilot.press(*value)
    await pilot.pause()


def question(app) -> str:
    """The "save anyway?" dialog's text, one line (the dialog wraps it)."""
    assert isinstance(app.screen, ConfirmDialog)
    return " ".join(str(w.render()) for w in app.screen.query(Static)).replace("\n", " ")


async def open_placement_form(app, pilot) -> FormDialog:
    await keys(pilot, "4", "enter")
    assert isinstance(app.screen, JobPipelineScreen)
    await keys(pilot, "l", "L", "L")  # Dev: interviewing → offered → placed: the placement form
    assert isinstance(app.screen, FormDialog)
    return app.screen


# --------------------------------------------------------------------------- the rule


def test_over_ten_times_the_job_range_or_the_ceiling():
    limits = amounts.Limits()
    assert (limits.max_salary, limits.max_fee, limits.range_times) == (5_000_000, 5_000_000, 10)
    job = (70_000, 90_000)
    assert amounts.over_limit("Salary", 900_000, "GBP", "max_salary", job, limits) is None
    assert amounts.over_limit("Salary", 8_500_078_000, "GBP", "max_salary", job, limits) == (
        "Salary GBP 8,500,078,000 is over 10× this job's range (70k–90k)")
    assert amounts.over_limit("Salary", 900_001, "GBP", "max_salary", job, limits) == (
        "Salary GBP 900,001 is over 10× this job's range (70k–90k)")
    assert amounts.over_limit("Fee", 2_125_019_500, "EUR", "max_fee", (None, 90_000), limits) == (
        "Fee EUR 2,125,019,500 is over 10× this job's range (90k)")
    assert amounts.over_limit("Salary", 5_000_000, "EUR", "max_salary", (None, None), limits) is None
    assert amounts.over_limit("Desired salary", 5_000_001, "EUR", "max_salary", (None, None), limits) == (
        "Desired salary EUR 5,000,001 is over 5,000,000 (the ceiling: [amounts] max_salary in config.toml)")
    assert amounts.over_limit("Fee", 6e6, "", "max_fee", (1e6, 2e6), limits) == (
        "Fee 6,000,000 is over 5,000,000 (the ceiling: [amounts] max_fee in config.toml)")
    assert amounts.over_limit("Salary", None, "EUR", "max_salary", job, limits) is None


def test_the_ceilings_come_from_the_config(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[amounts]\nmax_salary = 100_000_000\nmax_fee = 2e7\nrange_times = 20\n", encoding="utf-8")
    limits = settings_mod.amount_limits(settings_mod.load(path))
    assert (limits.max_salary, limits.max_fee, limits.range_times) == (100_000_000, 20_000_000, 20)
    for bad in ("max_salary = -1", "max_salary = \"lots\"", "maxsalary = 5", "range_times = 0.5", "max_fee = true"):
        path.write_text(f"[amounts]\n{bad}\n", encoding="utf-8")
        with pytest.raises(settings_mod.ConfigError, match=r"\[amounts\]"):
            settings_mod.load(path)


# --------------------------------------------------------------------------- the placement form


def test_placement_salary_and_fee_typed_over_the_prefilled_ones_are_saved(desk):
    path, ids = desk

    async def body(app, pilot):
        form = await open_placement_form(app, pilot)
        assert form.query_one("#field-salary", Input).value == "90000"
        assert form.query_one("#field-fee_percent", Input).value == "20"
        await retype(pilot, "salary", "78000")
        await retype(pilot, "fee_percent", "22")
        await keys(pilot, "ctrl+s")
        assert not isinstance(app.screen, FormDialog)
        assert query(path, "SELECT salary, fee_percent, fee_amount FROM placement WHERE submission_id = ?",
                     ids["sub_dev"]) == [(78000.0, 22.0, 17160.0)]

    run_app(path, body, SIZE)


def test_an_implausible_salary_asks_and_esc_goes_back_to_the_form_with_everything_typed(desk):
    path, ids = desk

    async def body(app, pilot):
        form = await open_placement_form(app, pilot)
        await tab_to(pilot, "salary")
        await pilot.press("end", *"78000")  # appended, as the bug did: 9000078000
        await retype(pilot, "fee_percent", "25")
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmDialog)
        shown = question(app)
        assert "Salary EUR 9,000,078,000 is over 10× this job's range (70k–90k) — save anyway?" in shown
        assert "Fee EUR" not in shown  # a percentage of that salary: it follows the salary
        assert "esc back to the form" in shown
        await keys(pilot, "escape")
        assert app.screen is form
        assert form.query_one("#field-salary", Input).value == "9000078000"  # nothing lost
        assert form.query_one("#field-fee_percent", Input).value == "25"
        assert form.focused.id == "field-salary"
        await pilot.press(*"78000")  # the salary is selected: typing replaces it
        await keys(pilot, "ctrl+s")
        assert not isinstance(app.screen, (FormDialog, ConfirmDialog))
        assert query(path, "SELECT salary, fee_amount FROM placement WHERE submission_id = ?", ids["sub_dev"]) == [
            (78000.0, 19500.0)]

    run_app(path, body, SIZE)


def test_yes_saves_an_implausible_salary_as_typed(desk):
    path, ids = desk

    async def body(app, pilot):
        await open_placement_form(app, pilot)
        await retype(pilot, "salary", "1.2m")  # a real, if rare, salary: over 10× the range
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmDialog)
        await keys(pilot, "y")
        assert query(path, "SELECT salary FROM placement WHERE submission_id = ?", ids["sub_dev"]) == [(1_200_000.0,)]

    run_app(path, body, SIZE)


def test_a_flat_fee_over_the_ceiling_asks(desk, tmp_path):
    path, ids = desk
    config = tmp_path / "home-config.toml"
    config.write_text("[amounts]\nmax_fee = 50_000\n", encoding="utf-8")

    async def go():
        from deskcrm.app import DeskApp

        settings = settings_mod.load(config)
        app = DeskApp(path, settings)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await open_placement_form(app, pilot)
            await retype(pilot, "fee_percent", "")
            await pilot.press("backspace")
            await retype(pilot, "flat_fee", "60k")
            await keys(pilot, "ctrl+s")
            assert isinstance(app.screen, ConfirmDialog)
            assert "Fee EUR 60,000 is over 50,000 (the ceiling: [amounts] max_fee in config.toml)" in question(app)

    asyncio.run(go())


# --------------------------------------------------------------------------- the other forms


def test_job_form_salary_range_typed_over_the_prefilled_one(desk):
    path, ids = desk

    async def body(app, pilot):
        await keys(pilot, "4", "e")  # edit the focused job: the backend job
        assert isinstance(app.screen, FormDialog)
        await retype(pilot, "comp_min", "75k")
        await retype(pilot, "comp_max", "95000")
        await retype(pilot, "fee_percent", "18")
        await keys(pilot, "ctrl+s")
        assert not isinstance(app.screen, FormDialog)
        assert query(path, "SELECT comp_min, comp_max, fee_percent_override FROM job_order WHERE id = ?",
                     ids["job_backend"]) == [(75000.0, 95000.0, 18.0)]
        await keys(pilot, "e")
        await tab_to(pilot, "comp_max")
        await pilot.press("end", *"000")  # 95,000,000
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Salary to EUR 95,000,000 is over 5,000,000" in question(app)
        await keys(pilot, "escape")  # back to the form, on the amount, selected
        await pilot.press(*"95000")
        await keys(pilot, "ctrl+s")
        assert not isinstance(app.screen, (FormDialog, ConfirmDialog))
        assert query(path, "SELECT comp_max FROM job_order WHERE id = ?", ids["job_backend"]) == [(95000.0,)]

    run_app(path, body, SIZE)


def test_person_form_salaries_typed_over_the_prefilled_ones(desk):
    path, ids = desk
    index(path)

    async def go():
        from deskcrm.app import DeskApp
        from deskcrm.screens.person import PersonScreen

        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            app.push_screen(PersonScreen(ids["lena"]))
            await settle(pilot)
            await keys(pilot, "e")
            form = app.screen
            assert form.query_one("#field-desired_salary", Input).value == "110,000"
            await retype(pilot, "current_salary", "99000")
            await retype(pilot, "desired_salary", "120k")
            await keys(pilot, "ctrl+s")
            assert not isinstance(app.screen, FormDialog)
            assert query(path, "SELECT current_salary, desired_salary FROM candidate_profile WHERE person_id = ?",
                         ids["lena"]) == [(99000.0, 120000.0)]
            await keys(pilot, "e")
            await tab_to(pilot, "desired_salary")
            await pilot.press("end", *"120000")  # 120,000120000: not read as 120,000,120,000 but asked
            await keys(pilot, "ctrl+s")
            assert isinstance(app.screen, FormDialog)
            assert "commas go between thousands" in screen_text(app)
            await pilot.press(*["backspace"] * 6, *",000")  # 120,000,000
            await keys(pilot, "ctrl+s")
            assert isinstance(app.screen, ConfirmDialog)
            assert "Desired salary EUR 120,000,000 is over 5,000,000" in question(app)
            await keys(pilot, "escape")
            assert isinstance(app.screen, FormDialog)
            assert app.screen.query_one("#field-desired_salary", Input).value == "120,000,000"

    asyncio.run(go())


def test_an_amount_typed_in_another_currency_is_refused_then_saved_once_the_currency_says_it(desk):
    """The person's salaries are in EUR: "120k GBP" (or £120k) is not EUR 120,000 — the form says which field
    and what to do; with Currency set to GBP the same typing saves, as GBP. (Lena's stored current
    salary is in EUR: the form does not take GBP from the typed amount and relabel it.) The placement
    form (its salary and flat fee beside the job's currency) does the same once its Currency was set
    by hand (left as it opened, it takes the typed one: test_form_currency)."""
    path, ids = desk
    index(path)

    async def person(app, pilot):
        await open_person(pilot, ids["lena"])
        await keys(pilot, "e")
        await tab_to(pilot, "desired_salary")
        await pilot.press(*"120k", "space", *"GBP")  # (a Pilot cannot press £)
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, FormDialog)
        error = str(app.screen.query_one("#error-desired_salary", Static).render())
        assert error == "typed in GBP, but Currency is EUR: set Currency to GBP, or type the amount alone"
        assert app.screen.query_one("#field-desired_salary", Input).value == "120k GBP"  # kept as typed
        await retype(pilot, "salary_currency", "GBP")
        await keys(pilot, "ctrl+s")
        assert not isinstance(app.screen, FormDialog)
        assert query(path, "SELECT desired_salary, salary_currency FROM candidate_profile WHERE person_id = ?",
                     ids["lena"]) == [(120000.0, "GBP")]

    async def placement(app, pilot):
        await open_placement_form(app, pilot)
        await retype(pilot, "currency", "CHF")
        await tab_to(pilot, "salary")
        await pilot.press(*"95k", "space", *"USD")
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, FormDialog)
        assert "typed in USD, but Currency is CHF" in str(app.screen.query_one("#error-salary", Static).render())
        assert query(path, "SELECT count(*) FROM placement WHERE submission_id = ?", ids["sub_dev"]) == [(0,)]

    run_app(path, person, SIZE, notifications=True)
    run_app(path, placement, SIZE)


def test_fee_agreement_typed_over_the_prefilled_one(desk):
    path, ids = desk

    async def go():
        from deskcrm.app import DeskApp
        from deskcrm.screens.account import AccountScreen

        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            app.push_screen(AccountScreen(ids["northwind"]))
            await settle(pilot)
            await keys(pilot, "f")
            assert app.screen.query_one("#field-fee_percent", Input).value == "20"
            await pilot.press(*"25", "tab", "tab", "tab", *"45")  # fee %, payment days
            await keys(pilot, "ctrl+s")
            assert not isinstance(app.screen, FormDialog)
            assert query(path, "SELECT fee_percent, payment_terms_days FROM company WHERE id = ?",
                         ids["northwind"]) == [(25.0, 45)]

    asyncio.run(go())


# --------------------------------------------------------------------------- the CLI


def test_cli_move_placed_with_an_implausible_salary_needs_force(desk):
    path, ids = desk
    args = ("move", "submission", str(ids["sub_dev"]), "placed", "--db", str(path), "--offer", "2026-11-18",
            "--start", "2026-12-01")
    result = run(*args, "--salary", "8500078000")
    assert_one_line_error(result, "--salary", "EUR 8,500,078,000 is over 10× this job's range (70k–90k)", "--force")
    assert result.returncode == 2
    assert query(path, "SELECT count(*) FROM placement WHERE submission_id = ?", ids["sub_dev"]) == [(0,)]
    result = run(*args, "--salary", "90k", "--fee", "2m")
    assert_one_line_error(result, "--fee", "Fee EUR 2,000,000 is over 10× this job's range", "--force")
    result = run(*args, "--salary", "8500078000", "--force")
    assert result.returncode == 0, result.stderr
    assert query(path, "SELECT salary FROM placement WHERE submission_id = ?", ids["sub_dev"]) == [(8500078000.0,)]


def test_cli_ceiling_from_the_config(desk, tmp_path):
    import os

    path, ids = desk
    config_dir = tmp_path / "xdg"
    (config_dir / "deskcrm").mkdir(parents=True)
    (config_dir / "deskcrm" / "config.toml").write_text("[amounts]\nrange_times = 2\n", encoding="utf-8")
    env = {**os.environ, "XDG_CONFIG_HOME": str(config_dir)}
    result = run("move", "submission", str(ids["sub_dev"]), "placed", "--db", str(path), "--offer", "2026-11-18",
                 "--start", "2026-12-01", "--salary", "200k", env=env)
    assert_one_line_error(result, "over 2× this job's range (70k–90k)")


def test_job_form_says_the_client_agreement_with_thousands():
    """The fee hint reads as the amounts the recruiter types do: "10,000 flat", not "10000 flat"."""
    from deskcrm.screens.job_form import fields

    hints = {f.name: f.hint for f in fields((None, 10000.0), "EUR")}
    assert hints["fee_percent"] == "client agreement: 10,000 flat (change to override it)"
    hints = {f.name: f.hint for f in fields((18.5, None), "EUR")}
    assert hints["fee_percent"] == "client agreement: 18.5% (change to override it)"


def test_an_edited_jobs_hint_names_the_clients_flat_fee_currency(desk):
    """Editing a job said "client agreement: 10,000 flat" with no currency (the new-job form said
    EUR): the edit view carries what the client's flat fee is in."""
    from deskcrm.screens.job_form import fields
    from deskcrm.store import db
    from deskcrm.store.jobs_write import job_for_edit

    path, ids = desk
    _flat_fee_client(path, ids["northwind"])
    conn = db.connect(path)
    job = conn.execute("SELECT id FROM job_order WHERE company_id = ? LIMIT 1", (ids["northwind"],)).fetchone()[0]
    edit = job_for_edit(conn, job)
    conn.close()
    assert edit.agreement_currency == "EUR"
    made = {f.name: f for f in fields(edit.agreement, "GBP", None, edit.values, agreement_currency="EUR", edit=True)}
    assert made["fee_percent"].hint == "client agreement: EUR 12,000 flat (change to override it)"
    assert made["flat_fee"].value_currency == ""  # the box holds the job's own terms: not checked as the client's


def _flat_fee_client(path, company_id: int) -> None:
    from deskcrm.store import db

    conn = db.connect(path)
    with db.write(conn):
        conn.execute("UPDATE company SET fee_percent = NULL, flat_fee = 12000, fee_currency = 'EUR' WHERE id = ?",
                     (company_id,))
    conn.close()


def test_a_clients_flat_fee_is_not_relabelled_into_the_placements_currency(desk):
    """Northwind's flat fee is EUR 12,000: a placement in GBP left with that fee as it was pre-filled
    is refused at the fee (it was saved as GBP 12,000); the fee typed in GBP saves."""
    path, ids = desk
    _flat_fee_client(path, ids["northwind"])

    async def body(app, pilot):
        form = await open_placement_form(app, pilot)
        assert form.query_one("#field-flat_fee", Input).value == "12000"
        await retype(pilot, "currency", "GBP")
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, FormDialog)
        error = str(app.screen.query_one("#error-flat_fee", Static).render())
        assert error == "EUR 12,000 is in EUR: type the flat fee in GBP, or set Currency to EUR"
        assert app.screen.focused.id == "field-flat_fee"  # the field to fix, its text kept, the cursor at its end
        await pilot.press("end", *["backspace"] * 5, *"10500")
        await keys(pilot, "ctrl+s")
        assert not isinstance(app.screen, FormDialog)
        assert query(path, "SELECT currency, fee_amount FROM placement WHERE submission_id = ?",
                     ids["sub_dev"]) == [("GBP", 10500.0)]

    run_app(path, body, SIZE)


def test_cli_move_placed_in_another_currency_than_the_flat_fee_needs_the_fee(desk):
    path, ids = desk
    _flat_fee_client(path, ids["northwind"])
    base = ("move", "submission", str(ids["sub_dev"]), "placed", "--db", str(path), "--offer", "2026-11-18", "--start", "2026-12-01",
            "--salary", "80k", "--currency", "GBP")
    refused = run(*base)
    assert_one_line_error(refused, "--currency GBP: the flat fee agreed is EUR 12,000", "--fee")
    assert query(path, "SELECT count(*) FROM placement WHERE submission_id = ?", ids["sub_dev"]) == [(0,)]
    placed = run(*base, "--fee", "10.5k")
    assert placed.returncode == 0, placed.stderr
    assert query(path, "SELECT currency, fee_amount FROM placement WHERE submission_id = ?",
                 ids["sub_dev"]) == [("GBP", 10500.0)]


def test_a_new_job_in_another_currency_than_the_clients_flat_fee_asks_for_the_fee(desk):
    path, ids = desk
    _flat_fee_client(path, ids["northwind"])

    async def body(app, pilot):
        await keys(pilot, "4", "n")
        await pilot.press(*"northwind")
        await settle(pilot)
        await keys(pilot, "enter")
        assert isinstance(app.screen, FormDialog)
        assert "client agreement: EUR 12,000 flat" in screen_text(app)
        await pilot.press(*"Data Lead")
        await retype(pilot, "currency", "GBP")
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, FormDialog)
        assert str(app.screen.query_one("#error-flat_fee", Static).render()) == \
            "EUR 12,000 is in EUR: type the flat fee in GBP, or set Currency to EUR"
        assert query(path, "SELECT count(*) FROM job_order WHERE title = 'Data Lead'") == [(0,)]

    run_app(path, body, SIZE)
