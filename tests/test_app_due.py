"""Pilot tests of the app and the due-today screen: real key presses, real database file."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from seed import COUNTS, TODAY, query, screen_text, seed, settle

from deskcrm.domain import clock
from deskcrm.config import settings as settings_mod
from deskcrm.app import DeskApp

SIZE = (120, 40)
INVOICE = f"invoice:p3:{TODAY - timedelta(days=18)}"  # the seeded overdue invoice (key: placement and due date)


@pytest.fixture
def desk(tmp_path, today):
    path = tmp_path / "desk.db"
    ids = seed(path)
    return path, ids


def run(coro):
    return asyncio.run(coro)


def make_app(path) -> DeskApp:
    return DeskApp(path, settings_mod.load())


def visible_keys(app) -> list[str]:
    table = app.screen.table
    return [k for k in table._keys if k is not None]


async def goto(pilot, key: str) -> None:
    """Move the cursor with j until it is on the item ``key``."""
    table = pilot.app.screen.table
    await pilot.press("g")
    for _ in range(40):
        if table.cursor_key == key:
            return
        await pilot.press("j")
    raise AssertionError(f"{key} not reachable with j")


def test_due_list_grouped_with_counts(desk):
    path, _ = desk

    async def go():
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            shown = screen_text(app)
            assert "Wednesday 18 November 2026" in shown
            assert "15 due: 5 overdue · 3 today · 7 coming up" in shown
            assert f"Overdue ({COUNTS['overdue']})" in shown
            assert f"Today ({COUNTS['today']})" in shown
            assert f"Coming up ({COUNTS['upcoming']})" in shown
            # overdue group above today above coming up; a row names what, who, where, how late
            assert shown.index("Overdue (") < shown.index("Today (") < shown.index("Coming up (")
            line = next(row for row in shown.splitlines() if "Invoice overdue" in row)
            assert "Chloe Martin" in line and "Acme Ltd" in line and "18 days late" in line
            assert "Guarantee ends" in shown  # guarantee within 14 days is in "Coming up"
            # the cursor starts on the first item, never on a group title
            assert app.screen.table.cursor_key == INVOICE
            await pilot.press("k")
            assert app.screen.table.cursor_key == INVOICE
            await pilot.press("G")
            assert app.screen.table.cursor_key == visible_keys(app)[-1]
            await pilot.press("g", "j", "j", "j", "j", "j")  # passes over the "Today" title
            assert app.screen.table.cursor_key == visible_keys(app)[5]
            await pilot.press("down", "up")
            assert app.screen.table.cursor_key == visible_keys(app)[5]

    run(go())


def test_done_persists(desk):
    path, _ = desk

    async def go():
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await goto(pilot, "checkin60:p3")
            before = visible_keys(app)
            index = before.index("checkin60:p3")
            await pilot.press("x")
            await settle(pilot)
            assert "checkin60:p3" not in visible_keys(app)
            # the cursor stays where it was: on the next item
            assert app.screen.table.cursor_key == before[index + 1]
        assert query(path, "SELECT checkin_60_done_at IS NOT NULL FROM placement WHERE id = 3") == [(1,)]

        again = make_app(path)  # a NEW app on the same file
        async with again.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "checkin60:p3" not in visible_keys(again)
            assert "60-day check-in" not in screen_text(again)
            # Done writes a system activity; it is not contact with the client, so Acme's own
            # check-in stays due: only the ticked item is gone.
            assert len(visible_keys(again)) == len(before) - 1

    run(go())


def test_snooze_a_day_then_it_comes_back(desk):
    path, ids = desk
    key = f"art14:person{ids['hana']}"

    async def go():
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await goto(pilot, key)
            await pilot.press("z")
            await pilot.pause()
            assert "one day" in screen_text(app)
            await pilot.press("d")
            await settle(pilot)
            assert key not in visible_keys(app)
        assert query(path, "SELECT snoozed_until FROM due_state WHERE key = ?", key) == [("2026-11-19",)]

        reopened = make_app(path)
        async with reopened.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert key not in visible_keys(reopened)

        clock.freeze(TODAY + timedelta(days=1))
        tomorrow = make_app(path)
        async with tomorrow.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert key in visible_keys(tomorrow)
            assert "Thursday 19 November 2026" in screen_text(tomorrow)

    run(go())


def test_snooze_escape_cancels(desk):
    path, _ = desk

    async def go():
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("z", "escape")
            await settle(pilot)
            assert len(visible_keys(app)) == 15
        assert query(path, "SELECT count(*) FROM due_state") == [(0,)]

    run(go())


def test_log_a_call(desk):
    path, ids = desk

    async def go():
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await goto(pilot, "checkin30:p2")
            await pilot.press("a")
            await pilot.pause()
            assert "Log activity" in screen_text(app)
            await pilot.press("t")  # call, talked: focus moves to the note
            await pilot.press(*"Happy in role")
            await pilot.press("ctrl+s")
            await settle(pilot)
        rows = query(
            path,
            "SELECT kind, body, person_id, company_id, job_id, placement_id FROM activity "
            "WHERE kind = 'call_talked' ORDER BY id DESC LIMIT 1",
        )
        assert rows == [("call_talked", "Happy in role", ids["ben"], ids["northwind"], ids["job_finance"], ids["p2"])]
        (last,) = query(path, "SELECT last_contact_at FROM person WHERE id = ?", ids["ben"])[0]
        assert last.startswith("2026-11-18")

    run(go())


def test_log_needs_a_kind_and_escape_keeps_a_draft(desk):
    path, _ = desk

    async def go():
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            count = query(path, "SELECT count(*) FROM activity")[0][0]
            await pilot.press("a", "tab")
            await pilot.press(*"left msg")
            await pilot.press("ctrl+s")  # no kind picked: says so, saves nothing
            await pilot.pause()
            assert "Pick what happened first" in screen_text(app)
            await pilot.press("escape")
            await settle(pilot)
            assert query(path, "SELECT count(*) FROM activity")[0][0] == count
            await pilot.press("a")  # the draft is back
            await pilot.pause()
            assert "left msg" in screen_text(app)
            await pilot.press("v", "ctrl+s")
            await settle(pilot)
            assert query(path, "SELECT count(*) FROM activity")[0][0] == count + 1
            assert query(path, "SELECT kind, body FROM activity ORDER BY id DESC LIMIT 1") == [
                ("call_voicemail", "left msg")
            ]

    run(go())


def test_enter_shows_details(desk):
    path, _ = desk

    async def go():
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await goto(pilot, INVOICE)
            await pilot.press("enter")
            await settle(pilot)
            shown = screen_text(app)
            assert "Chloe Martin" in shown
            assert "chloe@example.com" in shown
            assert "Acme Ltd" in shown and "18% · 30-day payment · 90-day guarantee" in shown
            assert "Cara Diaz" in shown  # the client contact
            assert "EUR 90,000" in shown  # salary
            assert "60 ○ 31 Oct" in shown  # check-in not done
            assert "30 ✓ 1 Oct" in shown  # check-in done
            assert "Data Analyst" in shown
            assert "Spoke about the role" in shown  # recent activity
            await pilot.press("a", "o")
            await pilot.press(*"Chased")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "Chased" in screen_text(app)  # details reloaded
            await pilot.press("escape")
            await settle(pilot)
            assert "due: 5 overdue" in screen_text(app)  # back on the list

    run(go())


def test_help_lists_every_key(desk):
    path, _ = desk

    async def go():
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            underneath = app.screen
            await pilot.press("question_mark")
            await pilot.pause()
            from deskcrm.screens.help import HelpScreen, textual_words

            assert isinstance(app.screen, HelpScreen)
            content = str(app.screen.query_one("#help-keys").render())
            for word in ("Snooze", "Quit", "Done", "Log", "Undo", "Refresh", "Help", "Due today", "Next row"):
                assert word in content, word
            # every binding of the app and the screen is there, with its description
            for active in underneath.active_bindings.values():
                if active.binding.description and not active.binding.system:
                    said = textual_words(active.node, active.binding) or active.binding.description
                    assert said in content
            await pilot.press("escape")
            await pilot.press("f1")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("q")  # closes help, does not quit
            await pilot.pause()
            assert app.is_running and not isinstance(app.screen, HelpScreen)

    run(go())


def test_every_binding_has_id_and_description():
    from deskcrm.screens.details import DetailsScreen
    from deskcrm.screens.dialogs.activity import ActivityDialog
    from deskcrm.screens.dialogs.snooze import SnoozeDialog
    from deskcrm.screens.due import DueScreen
    from deskcrm.screens.help import HelpScreen
    from deskcrm.widgets.grouped_table import GroupedTable

    for cls in (DeskApp, DueScreen, DetailsScreen, ActivityDialog, SnoozeDialog, HelpScreen, GroupedTable):
        for binding in cls.BINDINGS:
            assert binding.id, (cls.__name__, binding)
            assert binding.description, (cls.__name__, binding)


def test_undo_a_done(desk):
    path, _ = desk

    async def go():
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await goto(pilot, "checkin30:p2")
            await pilot.press("x")
            await settle(pilot)
            assert "checkin30:p2" not in visible_keys(app)
            await pilot.press("ctrl+z")
            await settle(pilot)
            assert "checkin30:p2" in visible_keys(app)
            messages = [n.message for n in app._notifications]
            assert "Undone: “30-day check-in” marked done" in messages, messages
        assert query(path, "SELECT checkin_30_done_at FROM placement WHERE id = 2") == [(None,)]
        assert query(path, "SELECT count(*) FROM due_state WHERE done_at IS NOT NULL") == [(0,)]

    run(go())


def test_undo_with_nothing_to_undo_is_a_message(desk):
    path, _ = desk

    async def go():
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+z")
            await settle(pilot)
            assert app.is_running
            assert any("nothing to undo" in n.message.lower() for n in app._notifications)

    run(go())


def test_q_quits(desk):
    path, _ = desk

    async def go():
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("q")
            await pilot.pause()
            assert not app.is_running

    run(go())


def test_q_while_typing_types(desk):
    path, _ = desk

    async def go():
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("a", "o", "q")
            await pilot.pause()
            assert app.is_running
            assert app.screen.query_one("#body").text == "q"

    run(go())


def test_palette_opens(desk):
    path, _ = desk

    async def go():
        from textual.command import CommandPalette

        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p")
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette)
            await pilot.press(*"snooze")
            await pilot.pause(0.3)
            assert "Snooze" in screen_text(app)
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("colon")
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette)

    run(go())


def test_section_key_goes_home(desk):
    path, _ = desk

    async def go():
        from deskcrm.screens.due import DueScreen

        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert not isinstance(app.screen, DueScreen)
            await pilot.press("1")
            await settle(pilot)
            assert isinstance(app.screen, DueScreen)

    run(go())


def test_empty_state(tmp_path, today):
    from deskcrm.store.migrate import ensure_current

    path = tmp_path / "empty.db"
    ensure_current(path)

    async def go():
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            shown = screen_text(app)
            assert "This desk is empty" in shown  # not "all caught up": issue 9 item 19
            await pilot.press("x", "z", "a", "enter")  # nothing to act on: nothing happens
            await settle(pilot)
            assert app.is_running

    run(go())


def test_busy_database_is_a_message_not_a_crash(desk, monkeypatch):
    path, _ = desk

    async def go():
        from deskcrm.store import due_store
        from deskcrm.store.errors import StoreError

        def busy(*_a, **_k):
            raise StoreError("the database is busy (another deskcrm is writing); try again")

        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            monkeypatch.setattr(due_store, "mark_done", busy)
            await pilot.press("x")
            await settle(pilot)
            assert app.is_running
            assert any("database is busy" in n.message for n in app._notifications)
            assert len(visible_keys(app)) == 15

    run(go())


def test_theme_is_remembered(desk):
    path, _ = desk

    async def go():
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.theme == "deskcrm-dark"
            assert {"deskcrm-dark", "deskcrm-light"} <= set(app.available_themes)
            # through the palette: our command for it
            await pilot.press("ctrl+p")
            await pilot.press(*"light")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await settle(pilot)
            assert app.theme == "deskcrm-light"
        config = settings_mod.load()
        assert config.theme == "deskcrm-light"
        assert 'theme = "deskcrm-light"' in config.path.read_text()

        again = make_app(path)
        async with again.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert again.theme == "deskcrm-light"

    run(go())


def test_builtin_theme_picker_lists_ours(desk):
    path, _ = desk

    async def go():
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.action_change_theme()
            await pilot.pause()
            await pilot.press(*"deskcrm")
            await pilot.pause(0.3)
            shown = screen_text(app)
            assert "deskcrm-dark" in shown and "deskcrm-light" in shown

    run(go())


def test_unknown_theme_in_config_falls_back(desk):
    path, _ = desk

    async def go():
        app = DeskApp(path, settings_mod.Settings(theme="no-such-theme"))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.theme == "deskcrm-dark"
            assert any("no-such-theme" in n.message for n in app._notifications)

    run(go())


def test_launch_path_imports_no_orm(desk):
    """DESIGN §4: SQLModel/SQLAlchemy/Alembic stay off the first paint (and off every screen here)."""
    import subprocess
    import sys

    path, _ = desk
    code = f"""
import asyncio, sys
from pathlib import Path
from deskcrm.app import DeskApp

async def main():
    app = DeskApp(Path({str(path)!r}))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.press("a", "escape", "escape", "z", "escape", "question_mark", "escape", "ctrl+p")
        await app.workers.wait_for_complete()  # the palette's commands gathered (its search is a worker)
        await pilot.pause()
        await pilot.press("escape")  # closed before the app exits: an open palette's worker can outlive its list
        await app.workers.wait_for_complete()
        await pilot.pause()

asyncio.run(main())
print(sorted(m for m in ("sqlmodel", "sqlalchemy", "alembic") if m in sys.modules))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_load_failure_is_shown_not_a_crash(desk, monkeypatch):
    path, _ = desk

    async def go():
        from deskcrm.store import due_store
        from deskcrm.store.errors import StoreError

        def busy(*_a, **_k):
            raise StoreError("the database is busy (another deskcrm is writing); try again")

        monkeypatch.setattr(due_store, "load_facts", busy)
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "Could not load the due list — press r to try again" in screen_text(app)
            monkeypatch.undo()
            await pilot.press("r")
            await settle(pilot)
            assert "15 due" in screen_text(app)

    run(go())


def test_resize_keeps_columns_aligned(desk):
    path, _ = desk

    async def go():
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.resize_terminal(80, 24)
            await settle(pilot)
            lines = screen_text(app).splitlines()
            assert all(len(line.rstrip()) <= 80 for line in lines)
            header = next(line for line in lines if line.startswith(" What"))
            row = next(line for line in lines if "Invoice overdue" in line)
            assert row.index("Chloe") == header.index("Who")
            assert row.index("18 days late") == header.index("When")
            assert "Invoice overdue (EUR 16,200)" in row  # it fits at 80: whole

    run(go())


def test_an_amount_too_long_for_its_column_is_shown_short_never_cut_mid_number():
    """At 80 columns "Invoice overdue (EUR 18,562.50)" was cut to "Invoice overdue (EUR 18,562.…"
    (read as EUR 18,562): it shows "(EUR 18.6k)" instead; other titles are left to the table."""
    from deskcrm.screens.due import fitted_title

    assert fitted_title("Invoice overdue (EUR 18,562.50)", 29) == "Invoice overdue (EUR 18.6k)"
    assert fitted_title("Invoice due (GBP 1,234,567)", 20) == "Invoice due (GBP 1.2m)"
    assert fitted_title("Invoice overdue (EUR 16,200)", 29) == "Invoice overdue (EUR 16,200)"
    assert fitted_title("Gone cold: no contact in 100 days", 29) == "Gone cold: 100 days"  # the days whole
    assert fitted_title("Gone cold: no contact in 100 days", 40) == "Gone cold: no contact in 100 days"
    assert fitted_title("Prep: interview tomorrow 14:00", 29) == "Interview tomorrow 14:00"


def test_a_fast_burst_after_the_kind_key_goes_into_the_note(desk):
    """Keys typed right after `t` (a fast typist) are queued on the kind list before focus
    can move: they must land in the note, not re-pick kinds (`e` = email) or vanish."""
    from textual import events
    from textual.widgets import TextArea

    path, _ = desk

    async def go():
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("a")
            await pilot.pause()
            for ch in "tSent the offer":
                app.post_message(events.Key("space" if ch == " " else ch, ch))
            await pilot.pause()
            await pilot.pause()
            assert app.screen._kind == "call_talked"
            assert app.screen.query_one("#body", TextArea).text == "Sent the offer"
            await pilot.press("escape")  # cancelled: nothing written, the draft is kept
            await settle(pilot)

    run(go())


def test_pasting_into_the_kind_list_fills_the_note(desk):
    from textual import events
    from textual.widgets import TextArea

    path, _ = desk

    async def go():
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("a")
            await pilot.pause()
            app.screen.query_one("#kinds").post_message(events.Paste("Re: offer\nThanks, see you Monday"))
            await pilot.pause()
            body = app.screen.query_one("#body", TextArea)
            assert body.text == "Re: offer\nThanks, see you Monday"
            assert app.focused is body

    run(go())


def test_slash_filters_the_list_as_you_type_and_esc_clears(desk):
    path, _ = desk

    async def go():
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            everything = visible_keys(app)
            await pilot.press("slash", *"acme")
            await pilot.pause()
            shown = visible_keys(app)
            assert shown and len(shown) < len(everything)
            assert all("acme" in " ".join(filter(None, (app.screen._items[k].title, app.screen._items[k].company))).lower() for k in shown)
            assert f"{len(shown)} of {len(everything)} match acme" in screen_text(app)
            await pilot.press("enter", "x")  # back in the list: keys act on the filtered rows
            await settle(pilot)
            assert len(visible_keys(app)) == len(shown) - 1
            await pilot.press("escape")
            await pilot.pause()
            assert len(visible_keys(app)) == len(everything) - 1
            await pilot.press("slash", *"zzz")
            await pilot.pause()
            assert "Nothing due matches the filter" in screen_text(app)

    run(go())


def test_done_on_an_overdue_invoice_says_when_it_is_back_and_it_comes_back_until_paid(desk):
    """Issue 9 item 3: x on "Invoice overdue" means "chased today", not "gone for good"."""
    path, _ = desk

    async def go():
        app = make_app(path)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            await goto(pilot, INVOICE)
            await pilot.press("x")
            await settle(pilot)
            assert INVOICE not in visible_keys(app)
            messages = [n.message for n in app._notifications]
            assert any("Chased — back on Wed 25 Nov unless paid" in m for m in messages), messages

        clock.freeze(TODAY + timedelta(days=7))  # a week later: still unpaid, so it is back
        again = make_app(path)
        async with again.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert INVOICE in visible_keys(again)
            line = next(row for row in screen_text(again).splitlines() if "Invoice overdue" in row)
            assert "↻ 25 days late" in line

    run(go())


def test_an_empty_desk_says_how_to_get_started_and_n_adds_a_person(db_path, today):
    """Issue 9 item 19: a new, empty database is not "all caught up": it says what to do."""
    from deskcrm.screens.dialogs.form import FormDialog
    from deskcrm.screens.person import PersonScreen

    async def go():
        app = make_app(db_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            shown = screen_text(app)
            assert "all caught up" not in shown
            assert "deskcrm demo" in shown and "Import" in shown and "press i" in shown
            assert "n to add a person" in shown
            assert "n New" in shown.splitlines()[-1] and "q Quit" in shown.splitlines()[-1]  # the footer at 80 columns
            await pilot.press("n")
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            await pilot.press(*"Mia Lund")
            app.screen.query_one("#field-source").focus()
            await pilot.press(*"Referral", "ctrl+s")
            await settle(pilot)
            assert query(db_path, "SELECT name FROM person") == [("Mia Lund",)]
            assert isinstance(app.screen, PersonScreen)
            await pilot.press("escape")
            await settle(pilot)
            shown = screen_text(app)
            assert "Nothing due — you're all caught up" in shown and "deskcrm demo" not in shown

    run(go())


def test_details_panels_wrap_a_long_value_under_itself(tmp_path, today):
    """Acceptance of issue 9: on the details screen at 120 columns a long value was cut — the
    contact's phone after a long email ("…@kestrelworks.example · …"), the end of the notes. A
    value too long for its panel goes on under itself, in the value column."""
    from seed import Names

    path = tmp_path / "desk.db"
    notes = "Lost two placements to counter-offers; pre-close hard and agree the start date in writing."
    seed(path, Names(company_notes=notes, email="{first}.martin-longname@kestrelworks-recruiting.example"))

    async def go():
        app = make_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await goto(pilot, INVOICE)
            await pilot.press("enter")
            await settle(pilot)
            half = app.size.width // 2  # the company panel: the right-hand column of the grid
            panel = [line[half:].strip(" │") for line in screen_text(app).splitlines()[2:] if line[half:].strip()]
            assert not any(cell.endswith("…") for cell in panel), panel
            at = next(i for i, cell in enumerate(panel) if cell.strip().startswith("Notes"))
            said = " ".join(cell.strip() for cell in panel[at:at + 3]).removeprefix("Notes").split()
            assert " ".join(said) == notes, panel[at:at + 3]
            row = next(line for line in screen_text(app).splitlines() if "pre-close" in line)
            assert row[half:].startswith("│" + " " * 14 + "pre-close"), row  # under the value, not the label
            assert "+44 20 7946" in " ".join(panel)  # the contact's phone, after the email

    run(go())


def test_the_details_headline_is_whole_at_80x24(desk):
    """Acceptance of issue 9: at 80 columns the details headline ended "18 days late  (…" — the
    due date was lost. It goes on to a second line instead."""
    path, _ = desk

    async def go():
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await goto(pilot, INVOICE)
            await pilot.press("enter")
            await settle(pilot)
            top = " ".join(line.strip() for line in screen_text(app).splitlines()[1:3])
            assert "Invoice overdue (EUR 16,200)" in top and "18 days late" in top, top
            assert "(due 31 Oct 2026)" in top and "…" not in top, top

    run(go())
