"""esc in a merge preview goes back to "Already on file?" as it was (the same match highlighted),
not to the form: every dialog's esc is "back to the dialog as it was" (DESIGN.md §3). For a
company and for a person. Real key presses."""

from __future__ import annotations

import pytest
from seed import index, keys, query, run_app, screen_text, seed, until
from textual.widgets import Input, OptionList

from deskcrm.screens.account import AccountScreen
from deskcrm.screens.dialogs.duplicates import DuplicatesDialog
from deskcrm.screens.dialogs.form import FormDialog
from deskcrm.screens.dialogs.merge import MergeDialog
from deskcrm.screens.person import PersonScreen
from deskcrm.store import db


@pytest.fixture
def desk(tmp_path, today):
    path = tmp_path / "desk.db"
    ids = seed(path)
    index(path)
    conn = db.connect(path)
    with db.write(conn):  # a second Globex: "Globex" typed matches two companies
        conn.execute("INSERT INTO company (name, name_norm, name_key, bd_stage, fee_currency, payment_terms_days,"
                     " guarantee_days, prorata_rule, created_at, updated_at, version) VALUES ('Globex GmbH',"
                     " 'globex gmbh', 'globex', 'target', 'CHF', 30, 90, 'none', ?, ?, 1)",
                     ("2026-01-01", "2026-01-01"))
    conn.close()
    return path, ids


def _highlighted(app) -> int:
    return app.screen.query_one(OptionList).highlighted


def test_esc_in_the_company_merge_preview_goes_back_to_the_question(desk):
    path, ids = desk
    before = query(path, "SELECT count(*), sum(version) FROM company")

    async def body(app, pilot):
        await keys(pilot, "3", "n")
        await pilot.press(*"Globex")
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, DuplicatesDialog) and "2 existing companies" in screen_text(app)
        await keys(pilot, "j")  # the second match
        second = _highlighted(app)
        assert second == 1
        await keys(pilot, "m")
        assert isinstance(app.screen, MergeDialog)
        assert "Fee, currency" in screen_text(app)
        await keys(pilot, "escape")
        assert isinstance(app.screen, DuplicatesDialog), type(app.screen)  # the question, as it was
        assert _highlighted(app) == second
        await keys(pilot, "escape")  # and from there, the form with what was typed
        assert isinstance(app.screen, FormDialog)
        assert app.screen.query_one("#field-name", Input).value == "Globex"
        assert query(path, "SELECT count(*), sum(version) FROM company") == before
        await keys(pilot, "ctrl+s", "m", "ctrl+s")  # it still merges: into the first match
        assert isinstance(app.screen, AccountScreen) and app.screen.company_id == ids["globex"]

    run_app(path, body)


def test_esc_in_the_person_merge_preview_goes_back_to_the_question(desk):
    path, ids = desk

    async def body(app, pilot):
        app.push_screen(PersonScreen(ids["dev"]))
        await until(pilot, lambda: "dev@example.com" in screen_text(app))  # the record has loaded
        await keys(pilot, "e")
        field = app.screen.query_one("#field-email", Input)
        field.focus()
        field.value = "lena@example.com"  # Dev's record is Lena's really
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, DuplicatesDialog)
        await keys(pilot, "m")
        assert isinstance(app.screen, MergeDialog)
        await keys(pilot, "escape")
        assert isinstance(app.screen, DuplicatesDialog), type(app.screen)
        await keys(pilot, "escape")
        assert isinstance(app.screen, FormDialog)
        assert app.screen.query_one("#field-email", Input).value == "lena@example.com"
        assert query(path, "SELECT email FROM person WHERE id = ?", ids["dev"]) == [("dev@example.com",)]

    run_app(path, body)
