"""Section 6, Reports, driven by real keys on the seeded desk (frozen on Wed 18 Nov 2026): open
with 6, switch reports, move and pick the period (a bad custom date named in one line), pick a
scope, drill into a figure's records and back, hostile names shown literally."""

from __future__ import annotations

import pytest
from engines import sqlite_only
from seed import Names, keys, run_app, screen_text, seed, settle

from deskcrm.screens.report_records import RecordsScreen
from deskcrm.screens.reports import ReportsScreen


@pytest.fixture
def desk(desk_path, today):
    seed(desk_path)
    return desk_path


def _reports(app) -> ReportsScreen:
    return next(s for s in app.screen_stack if isinstance(s, ReportsScreen))


def _head(app) -> str:
    return str(_reports(app).query_one("#report-head").render())


def _tabs(app) -> str:
    return str(app.screen.query_one("#report-tabs").render())


def _current(app) -> str:
    return app.screen.report


async def _row(pilot, label: str) -> None:
    """Move the cursor down to the row that starts with ``label``."""
    screen = pilot.app.screen
    for _ in range(60):
        index = screen.rows.highlighted
        if index is not None and screen._lines[index].label == label:
            return
        await pilot.press("j")
        await pilot.pause()
    raise AssertionError(f"no row {label!r}")


def test_reports_open_on_6_switch_and_drill_down(desk):
    """On both engines: the four reports, each computed in a worker; the KPIs' client lifetime
    value of Globex opens its placement, esc comes back to the same row, enter opens the person."""

    async def body(app, pilot):
        await keys(pilot, "6")
        assert isinstance(app.screen, ReportsScreen)
        shown = screen_text(app)
        assert "6 Reports" in shown and "2026-11 · 1 Nov – 30 Nov 2026" in shown and "the team" in shown
        assert "The pipeline ahead" in shown and "Not yet paid" in shown and "EUR 32.6k" in shown
        assert "Loading…" not in shown
        await keys(pilot, "tab")
        assert _current(app) == "kpis"
        shown = screen_text(app)
        assert "Time to fill" in shown and "Fill rate" in shown and "Client lifetime value" in shown
        await keys(pilot, "tab")
        assert _current(app) == "activity"
        shown = screen_text(app)
        assert "Call talked" in shown and "Stage funnel" in shown
        await keys(pilot, "tab")
        assert _current(app) == "clients" and "Northwind Logistics" in screen_text(app)
        await keys(pilot, "tab")
        assert _current(app) == "revenue"
        await keys(pilot, "shift+tab", "shift+tab", "shift+tab")
        assert _current(app) == "kpis"

        await _row(pilot, "Globex")
        where = app.screen.rows.highlighted
        await keys(pilot, "enter")
        assert isinstance(app.screen, RecordsScreen)
        shown = screen_text(app)
        assert "Client lifetime value · EUR · Globex" in shown
        assert "Ana Silva" in shown and "1 record" in shown
        await keys(pilot, "escape")
        assert isinstance(app.screen, ReportsScreen) and app.screen.rows.highlighted == where
        await keys(pilot, "enter", "enter")
        assert type(app.screen).__name__ == "PersonScreen"

    run_app(desk, body, size=(100, 30))


@sqlite_only
def test_period_keys_and_picker(desk):
    async def body(app, pilot):
        await keys(pilot, "6")
        assert "2026-11" in _head(app)
        await keys(pilot, "left_square_bracket")
        assert "2026-10 · 1 Oct – 31 Oct 2026" in _head(app)
        await keys(pilot, "right_square_bracket", "right_square_bracket")
        assert "2026-12" in _head(app)
        await keys(pilot, "p")
        shown = screen_text(app)
        assert "This quarter · 1 Oct – 31 Dec 2026" in shown and "Last 12 months" in shown
        await keys(pilot, "down", "down", "enter")  # week, month, quarter
        assert "2026 Q4 · 1 Oct – 31 Dec 2026" in _head(app)
        await keys(pilot, "p", "down", "down", "down", "down", "enter")  # the last 12 months
        assert "1 Dec 2025 – 30 Nov 2026" in _head(app)
        assert "Fees by month · EUR" in screen_text(app)  # the seeded placements' months, as bars
        await _row(pilot, "2026-10")
        await keys(pilot, "l", "enter")  # the month's second figure: invoiced
        assert isinstance(app.screen, RecordsScreen)
        shown = screen_text(app)
        assert "Invoiced · 1 Oct – 31 Oct 2026 · EUR" in shown and "2 records" in shown
        await keys(pilot, "escape", "h", "enter")  # placed: none that month
        assert isinstance(app.screen, ReportsScreen)
        await keys(pilot, "left_square_bracket")  # the twelve months before
        assert "1 Dec 2024 – 30 Nov 2025" in _head(app)

    run_app(desk, body)


@sqlite_only
def test_a_custom_period_typed_as_in_forms_and_a_bad_date_named(desk):
    async def body(app, pilot):
        await keys(pilot, "6", "p", "down", "down", "down", "down", "down", "enter")
        assert "Custom period" in screen_text(app)
        await keys(pilot, *"31/2/2026")  # the From box is selected: typing replaces it
        await keys(pilot, "ctrl+s")
        shown = screen_text(app)
        assert "Custom period" in shown  # not taken
        assert "no such date — read as day/month/year" in shown  # at the field, the period unchanged
        assert "2026-11" in _head(app)
        for _ in range(9):
            await pilot.press("backspace")
        await keys(pilot, *"1/9/2026", "tab", *"15 Nov", "ctrl+s")
        assert isinstance(app.screen, ReportsScreen)
        assert "1 Sep – 15 Nov 2026" in _head(app)
        await keys(pilot, "left_square_bracket")  # a custom period moves by its own length
        assert "17 Jun – 31 Aug 2026" in _head(app)

    run_app(desk, body)


@sqlite_only
def test_scope_a_recruiter_then_a_client(desk):
    async def body(app, pilot):
        await keys(pilot, "6", "s")
        shown = screen_text(app)
        assert "The team" in shown and "SR · Sam Reed" in shown and "A client…" in shown
        await keys(pilot, *"sam", "enter")
        assert "SR · Sam Reed" in _head(app)
        await keys(pilot, "s", *"client", "enter")
        assert "Which client?" in screen_text(app)
        await keys(pilot, *"glob", "enter")
        assert "client Globex" in _head(app)
        await keys(pilot, "tab")  # KPIs for Globex only: its value, not Northwind's
        shown = screen_text(app)
        assert "Globex" in shown and "Northwind Logistics" not in shown
        await keys(pilot, "s", "enter")  # the team again
        assert "the team" in _head(app)

    run_app(desk, body)


def test_a_client_typed_in_the_scope_picker_is_listed_and_picked(desk):
    """``s``, ``north``, ``enter`` (typed in one burst: the clients may still be read) scopes the report
    to Northwind without "A client…" first; a name that matches nothing says so in one line."""

    async def body(app, pilot):
        await keys(pilot, "6")
        await pilot.press("s", *"north", "enter")
        await settle(pilot)
        assert "client Northwind Logistics" in _head(app)
        await keys(pilot, "s", *"zqx")
        shown = screen_text(app)
        assert "Nothing matches “zqx”: no client or recruiter" in shown
        await keys(pilot, "escape")
        assert "client Northwind Logistics" in _head(app)

    run_app(desk, body)


@sqlite_only
def test_definitions_on_i_and_help_on_question_mark(desk):
    async def body(app, pilot):
        await keys(pilot, "6", "i")
        shown = screen_text(app)
        assert "Revenue: what the figures count" in shown and "Placed" in shown and "offer" in shown
        await keys(pilot, "escape", "question_mark")
        shown = screen_text(app)
        assert "What each figure of this report counts" in shown and "The period before" in shown  # the help lists the section's keys
        await keys(pilot, "escape")
        assert isinstance(app.screen, ReportsScreen)

    run_app(desk, body)


@sqlite_only
def test_a_newer_period_drops_the_older_computation(desk):
    async def body(app, pilot):
        await pilot.press("6")
        await pilot.press("left_square_bracket", "left_square_bracket", "right_square_bracket")
        await settle(pilot)
        screen = app.screen
        assert "2026-10" in _head(app)
        assert screen._views["revenue"][0] == screen._seq  # what is shown is the last one asked for
        assert "Loading…" not in screen_text(app)

    run_app(desk, body)


HOSTILE = "[bold]Acme[/] \x1b[2J [@click=app.quit]x[/]"


@sqlite_only
def test_hostile_recruiter_company_and_source_names_are_shown_literally(desk_path, today):
    from deskcrm.store import db
    from deskcrm import text

    seed(desk_path, Names.every(HOSTILE))
    conn = db.connect(desk_path)
    with db.write(conn):
        conn.execute("UPDATE recruiter SET name = ?", (HOSTILE,))
        conn.execute("UPDATE submission SET source = ?", (HOSTILE,))
    conn.close()
    literal = text.clean(HOSTILE)

    async def body(app, pilot):
        await keys(pilot, "6", "p", "down", "down", "down", "down", "enter", "tab")  # KPIs, last 12 months
        shown = screen_text(app)
        assert app.is_running
        assert literal[:20] in shown  # the companies' and the source's names, cut to their column
        assert "\x1b" not in shown
        await keys(pilot, "s")
        assert literal in screen_text(app)  # the recruiter's name in the scope picker
        await keys(pilot, "down", "enter")  # that recruiter
        assert literal in _head(app) and "\x1b" not in screen_text(app)
        await keys(pilot, "s", *"acme")  # the clients typed for, listed literally
        assert f"{literal} · client"[:50] in screen_text(app).replace("\n", "")
        await keys(pilot, "escape")
        await _row(pilot, text.clean(HOSTILE))  # a top client (every company has the hostile name)
        await keys(pilot, "enter")
        assert isinstance(app.screen, RecordsScreen)
        shown = screen_text(app)
        assert literal[:30] in shown and "\x1b" not in shown  # its title and its records' lines
        await keys(pilot, "escape", "tab", "tab")  # clients
        assert literal[:20] in screen_text(app)

    run_app(desk_path, body, size=(120, 40))


@sqlite_only
def test_the_rows_are_made_again_for_a_new_width(desk):
    async def body(app, pilot):
        await keys(pilot, "6", "p", "down", "down", "down", "down", "enter")
        wide = max(line.text.cell_len for line in app.screen._lines)
        assert wide > 100
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert max(line.text.cell_len for line in app.screen._lines) <= 80 - 2
        assert "Fees by month · EUR" in screen_text(app)

    run_app(desk, body, size=(140, 40))
