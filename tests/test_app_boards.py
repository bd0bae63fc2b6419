"""Pilot tests of the boards: real key presses (H/L/J/K/m, the placement form, ctrl+z) on a
seeded database file, checking what the database holds afterwards."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
from seed import keys, query, run_app, screen_text, seed, settle
from textual.widgets import Input, Static

from deskcrm.screens.dialogs.form import FormDialog
from deskcrm.screens.job_pipeline import JobPipelineScreen
from deskcrm.screens.jobs_board import JobsBoardScreen
from deskcrm.screens.placements_board import PlacementsBoardScreen
from deskcrm.widgets.kanban import Kanban

SIZE = (120, 40)


@pytest.fixture
def desk(tmp_path, today):
    path = tmp_path / "desk.db"
    seed(path)
    return path


def run(path, body, size=SIZE):
    run_app(path, body, size)


async def fill(pilot, field: str, value: str) -> None:
    box = pilot.app.screen.query_one(f"#field-{field}", Input)
    box.focus()
    box.value = ""
    await pilot.press(*value)
    await pilot.pause()


def focused(app):
    return app.screen.query_one(Kanban).focused


def job_stage(path, job_id):
    return query(path, "SELECT stage FROM job_order WHERE id = ?", job_id)[0][0]


def sub_stage(path, sub_id):
    return query(path, "SELECT stage FROM submission WHERE id = ?", sub_id)[0][0]


def test_jobs_board_moves_reorders_and_undoes(desk):
    async def body(app, pilot):
        await keys(pilot, "4")
        assert isinstance(app.screen, JobsBoardScreen)
        assert focused(app) == (1, "interviewing")  # the first column with cards
        await keys(pilot, "L")
        assert job_stage(desk, 1) == "offer"
        assert focused(app) == (1, "offer")  # the cursor went with the card
        await keys(pilot, "H")
        assert job_stage(desk, 1) == "interviewing"
        await keys(pilot, "m")
        await pilot.press(*"sourcing")
        await keys(pilot, "enter")
        assert job_stage(desk, 1) == "sourcing" and focused(app) == (1, "sourcing")
        await keys(pilot, "ctrl+z")
        assert job_stage(desk, 1) == "interviewing" and focused(app) == (1, "interviewing")
        # closing asks why (terminal), and hides the job unless closed jobs are shown
        await keys(pilot, "m")
        await pilot.press(*"lost")
        await keys(pilot, "enter")
        await pilot.press(*"client hired internally")
        await keys(pilot, "ctrl+s")
        assert query(desk, "SELECT stage, close_reason FROM job_order WHERE id = 1") == [
            ("closed_lost", "client hired internally")]
        await keys(pilot, "c")
        assert "Closed: lost" in screen_text(app)
        await keys(pilot, "ctrl+z")
        assert job_stage(desk, 1) == "interviewing"
        # J/K reorder the Placed column (jobs 2, 3, 4 by rank, then id)
        order = "SELECT id FROM job_order WHERE stage = 'placed' ORDER BY rank, id"
        assert [r[0] for r in query(desk, order)] == [2, 3, 4]
        await keys(pilot, "l", "l")
        assert focused(app) == (2, "placed")
        await keys(pilot, "J")
        assert [r[0] for r in query(desk, order)] == [3, 2, 4]
        assert focused(app) == (2, "placed")
        await keys(pilot, "J", "K", "K")
        assert [r[0] for r in query(desk, order)] == [2, 3, 4]

    run(desk, body)


def test_undoing_a_reorder_names_the_card_and_a_refused_undo_says_so(desk):
    async def body(app, pilot):
        await keys(pilot, "4", "l", "l")
        assert focused(app) == (2, "placed")
        title = query(desk, "SELECT title FROM job_order WHERE id = 2")[0][0]
        await keys(pilot, "J")
        await keys(pilot, "ctrl+z")
        note = list(app._notifications)[-1]
        assert note.message == f"Undone: reorder of {title}"  # was "Undone: last change to job order"
        await keys(pilot, "J")
        import sqlite3

        conn = sqlite3.connect(desk)  # someone else edits the moved card meanwhile
        conn.execute("UPDATE job_order SET urgency = 1, version = version + 1 WHERE id = 2")
        conn.commit()
        conn.close()
        await keys(pilot, "ctrl+z")
        note = list(app._notifications)[-1]
        assert note.title == "Could not undo" and "can no longer be undone" in note.message  # was "Not saved"
        assert f"the job order “{title}” (#2) changed after that action" in note.message  # not "job_order 2"
        assert note.severity == "error"

    run(desk, body)


def test_a_stale_move_is_refused_and_the_board_refreshed(desk):
    async def body(app, pilot):
        await keys(pilot, "4")
        query(desk, "SELECT 1")  # nothing; then someone else edits job 1
        import sqlite3

        conn = sqlite3.connect(desk)
        conn.execute("UPDATE job_order SET stage = 'offer', version = version + 1 WHERE id = 1")
        conn.commit()
        conn.close()
        await keys(pilot, "H")  # the board still thinks it is at Interviewing
        assert job_stage(desk, 1) == "offer"
        assert any("changed elsewhere" in n.message for n in app._notifications)
        assert focused(app) == (1, "offer")  # refreshed: the card where the database has it

    run(desk, body)


def test_interview_time_is_asked_and_saved(desk):
    async def body(app, pilot):
        await keys(pilot, "4", "enter")
        assert isinstance(app.screen, JobPipelineScreen)
        assert focused(app) == (8, "submitted")  # Lena
        await keys(pilot, "L")
        assert isinstance(app.screen, FormDialog)
        await fill(pilot, "interview_at", "no idea")
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, FormDialog)  # invalid: stays, error at the field
        assert "not a date" in str(app.screen.query_one("#error-interview_at", Static).render())
        await fill(pilot, "interview_at", "2026-11-25 14:00")
        await keys(pilot, "ctrl+s")
        assert query(desk, "SELECT stage, interview_at FROM submission WHERE id = 8")[0][0] == "interviewing"
        assert query(desk, "SELECT interview_at FROM submission WHERE id = 8")[0][0] is not None
        assert focused(app) == (8, "interviewing")

    run(desk, body)


def _errors(app) -> dict[str, str]:
    out = {}
    for name in ("offer_accepted_on", "start_date", "salary", "fee_percent", "flat_fee"):
        shown = str(app.screen.query_one(f"#error-{name}", Static).render())
        if shown:
            out[name] = shown
    return out


def test_placed_end_to_end_with_invalid_input_then_undo(desk):
    before = {t: query(desk, f"SELECT count(*) FROM {t}")[0][0] for t in ("placement", "activity")}

    async def body(app, pilot):
        await keys(pilot, "4", "enter")
        await keys(pilot, "l")
        assert focused(app) == (1, "interviewing")  # Dev
        await keys(pilot, "L")
        assert sub_stage(desk, 1) == "offered"
        await keys(pilot, "L")  # to Placed: the placement form
        assert isinstance(app.screen, FormDialog)
        assert app.screen.query_one("#field-fee_percent", Input).value == "20"  # the client agreement
        await fill(pilot, "offer_accepted_on", "2026-11-18")
        await fill(pilot, "start_date", "2026-11-01")  # before the offer
        await fill(pilot, "salary", "-5000")
        await fill(pilot, "fee_percent", "150")
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, FormDialog)
        errors = _errors(app)
        assert "before the offer" in errors["start_date"]
        assert "salary must be more than 0" in errors["salary"]
        assert "over 100%" in errors["fee_percent"]
        assert query(desk, "SELECT count(*) FROM placement")[0][0] == before["placement"]
        await fill(pilot, "start_date", "2027-01-04")
        await fill(pilot, "salary", "90k")
        await fill(pilot, "fee_percent", "25")
        await keys(pilot, "ctrl+s")
        assert not isinstance(app.screen, FormDialog)
        rows = query(desk, """SELECT salary, fee_amount, start_date, guarantee_end, checkin_30, checkin_90, status
                              FROM placement WHERE submission_id = 1""")
        assert rows == [(90000.0, 22500.0, "2027-01-04", "2027-04-04", "2027-02-03", "2027-04-04", "offer_accepted")]
        assert sub_stage(desk, 1) == "placed" and job_stage(desk, 1) == "placed"  # 1 opening: filled
        assert focused(app) == (1, "placed")
        # the placement is on the placements board
        await keys(pilot, "5")
        assert "Dev Patel" in screen_text(app)
        await keys(pilot, "4")
        assert isinstance(app.screen, JobsBoardScreen)  # a section key goes back to the board
        await keys(pilot, "ctrl+z")  # undoes the whole move
        assert query(desk, "SELECT count(*) FROM placement")[0][0] == before["placement"]
        assert sub_stage(desk, 1) == "offered" and job_stage(desk, 1) == "interviewing"
        assert query(desk, "SELECT count(*) FROM activity")[0][0] == before["activity"] + 1  # the offered move

    run(desk, body)


def test_placing_asks_to_withdraw_other_open_submissions(desk):
    import sqlite3

    conn = sqlite3.connect(desk)  # Dev is also submitted to the finance job
    conn.execute("""INSERT INTO submission (job_id, person_id, stage, stage_changed_at, source, rank, created_at,
                    version) VALUES (2, 4, 'submitted', '2026-11-10T09:00:00+00:00', 'LinkedIn', 0,
                    '2026-11-01T09:00:00+00:00', 1)""")
    conn.execute("UPDATE submission SET stage = 'offered' WHERE id = 1")
    conn.commit()
    conn.close()

    async def body(app, pilot):
        await keys(pilot, "4", "enter")
        app.screen.query_one(Kanban).focus_card(1)
        await keys(pilot, "L")
        await fill(pilot, "start_date", "2027-01-04")
        await fill(pilot, "salary", "91500")
        await keys(pilot, "ctrl+s")
        assert "1 other open submission" in screen_text(app)
        assert "esc back to the form" in screen_text(app)
        await keys(pilot, "escape")  # back to the placement form, everything typed kept
        assert isinstance(app.screen, FormDialog)
        assert app.screen.query_one("#field-start_date", Input).value == "2027-01-04"
        assert app.screen.query_one("#field-salary", Input).value == "91500"
        assert sub_stage(desk, 1) == "offered"
        await keys(pilot, "ctrl+s")
        assert "1 other open submission" in screen_text(app)
        await keys(pilot, "y")
        assert sub_stage(desk, 1) == "placed"
        assert query(desk, "SELECT start_date, salary FROM placement WHERE submission_id = 1") == [
            ("2027-01-04", 91500.0)]
        assert query(desk, "SELECT stage FROM submission WHERE person_id = 4 AND job_id = 2") == [("candidate_withdrew",)]

    run(desk, body)


def test_placing_esc_on_the_withdraw_question_then_n_places_without_withdrawing(desk):
    import sqlite3

    conn = sqlite3.connect(desk)
    conn.execute("""INSERT INTO submission (job_id, person_id, stage, stage_changed_at, source, rank, created_at,
                    version) VALUES (2, 4, 'submitted', '2026-11-10T09:00:00+00:00', 'LinkedIn', 0,
                    '2026-11-01T09:00:00+00:00', 1)""")
    conn.execute("UPDATE submission SET stage = 'offered' WHERE id = 1")
    conn.commit()
    conn.close()

    async def body(app, pilot):
        await keys(pilot, "4", "enter")
        app.screen.query_one(Kanban).focus_card(1)
        await keys(pilot, "L")
        await fill(pilot, "start_date", "2027-02-01")
        await keys(pilot, "ctrl+s", "escape")
        assert isinstance(app.screen, FormDialog)
        assert app.screen.query_one("#field-start_date", Input).value == "2027-02-01"
        await keys(pilot, "ctrl+s", "n")
        assert sub_stage(desk, 1) == "placed"
        assert query(desk, "SELECT start_date FROM placement WHERE submission_id = 1") == [("2027-02-01",)]
        assert query(desk, "SELECT stage FROM submission WHERE person_id = 4 AND job_id = 2") == [("submitted",)]

    run(desk, body)


def test_exit_asks_for_a_reason(desk):
    async def body(app, pilot):
        await keys(pilot, "4", "enter", "m")
        await pilot.press(*"by client")
        await keys(pilot, "enter")
        await keys(pilot, "ctrl+s")  # a reason is required
        assert isinstance(app.screen, FormDialog)
        await pilot.press(*"went quiet")
        await keys(pilot, "ctrl+s")
        assert query(desk, "SELECT stage, exit_reason FROM submission WHERE id = 8") == [
            ("rejected_by_client", "went quiet")]
        assert focused(app) == (8, "rejected_by_client")
        await keys(pilot, "escape")
        assert isinstance(app.screen, JobsBoardScreen)

    run(desk, body)


def test_enter_saves_the_one_field_reason_dialog(desk):
    async def body(app, pilot):
        await keys(pilot, "4", "enter", "m")
        await pilot.press(*"by client")
        await keys(pilot, "enter")
        assert isinstance(app.screen, FormDialog)
        await keys(pilot, "enter")  # a reason is required: refused at the field, the dialog stays
        assert isinstance(app.screen, FormDialog)
        assert query(desk, "SELECT stage FROM submission WHERE id = 8") != [("rejected_by_client",)]
        await pilot.press(*"no budget")
        await keys(pilot, "enter")
        assert not isinstance(app.screen, FormDialog)
        assert query(desk, "SELECT stage, exit_reason FROM submission WHERE id = 8") == [
            ("rejected_by_client", "no budget")]

    run(desk, body)


def test_enter_in_a_longer_form_does_not_save_it(desk):
    async def body(app, pilot):
        await keys(pilot, "5", "m")  # guarantee failed: a reason and what is owed
        await pilot.press(*"failed")
        await keys(pilot, "enter")
        assert isinstance(app.screen, FormDialog)
        await pilot.press(*"left")
        await keys(pilot, "enter")
        assert isinstance(app.screen, FormDialog)
        assert query(desk, "SELECT status FROM placement WHERE id = 1") == [("started",)]

    run(desk, body)


def test_placements_board_fee_checkins_and_moves(desk):
    fee = "SELECT fee_status FROM placement WHERE id = ?"

    async def body(app, pilot):
        await keys(pilot, "5")
        assert isinstance(app.screen, PlacementsBoardScreen)
        assert focused(app) == (1, "started")
        await keys(pilot, "j")
        assert focused(app) == (2, "started")
        await keys(pilot, "dollar_sign")
        assert query(desk, fee, 2) == [("paid",)]
        done = "SELECT checkin_30_done_at IS NOT NULL, checkin_60_done_at IS NOT NULL FROM placement WHERE id = 2"
        first = query(desk, done)[0]
        await keys(pilot, "x")
        assert query(desk, done)[0] != first
        await keys(pilot, "ctrl+z")
        assert query(desk, done)[0] == first
        await keys(pilot, "L")
        assert query(desk, "SELECT status FROM placement WHERE id = 2") == [("guarantee_passed",)]
        assert focused(app) == (2, "guarantee_passed")
        await keys(pilot, "H", "m")
        await pilot.press(*"failed")
        await keys(pilot, "enter")
        await pilot.press(*"left after 3 weeks")
        await keys(pilot, "ctrl+s")
        assert query(desk, "SELECT status, fail_reason, owed FROM placement WHERE id = 2") == [
            ("guarantee_failed", "left after 3 weeks", "replacement")]
        await keys(pilot, "c")
        assert focused(app) == (2, "guarantee_failed")
        await keys(pilot, "enter")
        assert "Ben Okafor" in screen_text(app) and "Person" in screen_text(app)

    run(desk, body)


def test_ticking_a_check_in_more_than_a_week_ahead_asks_first(desk):
    import sqlite3

    conn = sqlite3.connect(desk)  # Ana's 90-day check-in (her next) moved to 8 days from today
    conn.execute("UPDATE placement SET checkin_90 = '2026-11-26' WHERE id = 1")
    conn.commit()
    conn.close()
    done = "SELECT checkin_90_done_at IS NOT NULL FROM placement WHERE id = 1"

    async def body(app, pilot):
        await keys(pilot, "5")
        assert focused(app) == (1, "started")
        await keys(pilot, "x")
        from deskcrm.screens.dialogs.confirm import ConfirmDialog

        assert isinstance(app.screen, ConfirmDialog)
        assert "not due until 26 Nov 2026 (in 8" in screen_text(app) and "Mark it done now?" in screen_text(app)
        await keys(pilot, "escape")
        assert query(desk, done) == [(0,)] and isinstance(app.screen, PlacementsBoardScreen)
        await keys(pilot, "x", "y")
        assert query(desk, done) == [(1,)]

    run(desk, body)


def test_ticking_a_check_in_a_week_ahead_or_sooner_does_not_ask(desk):
    done = "SELECT checkin_90_done_at IS NOT NULL FROM placement WHERE id = 1"

    async def body(app, pilot):
        await keys(pilot, "5")  # Ana's 90-day check-in is in 7 days
        assert focused(app) == (1, "started")
        await keys(pilot, "x")
        assert isinstance(app.screen, PlacementsBoardScreen)
        assert query(desk, done) == [(1,)]

    run(desk, body)


def test_new_job_order_for_a_client_from_the_board(desk):
    async def body(app, pilot):
        await keys(pilot, "4", "n")
        await pilot.press(*"glob")
        await keys(pilot, "enter")
        assert isinstance(app.screen, FormDialog)
        assert app.screen.query_one("#field-fee_percent", Input).value == "22"  # Globex's agreement
        await keys(pilot, "ctrl+s")  # no title: refused at the field
        assert isinstance(app.screen, FormDialog)
        await fill(pilot, "title", "Staff [Data] Engineer")
        await fill(pilot, "openings", "2")
        await fill(pilot, "comp_max", "95k")
        await keys(pilot, "ctrl+s")
        rows = query(desk, """SELECT id, company_id, title, openings, comp_max, stage, fee_percent_override
                              FROM job_order WHERE title = 'Staff [Data] Engineer'""")
        assert rows and rows[0][1:] == (3, "Staff [Data] Engineer", 2, 95000.0, "intake", None)
        assert focused(app) == (rows[0][0], "intake")
        assert "Staff [Data] Eng…" in screen_text(app)  # literally (cut to the card)
        await keys(pilot, "ctrl+z")
        assert query(desk, "SELECT count(*) FROM job_order WHERE title = 'Staff [Data] Engineer'") == [(0,)]

    run(desk, body)


def test_new_job_order_refuses_a_fee_percent_and_a_flat_fee_at_the_field(desk):
    async def body(app, pilot):
        await keys(pilot, "4", "n")
        await pilot.press(*"glob")
        await keys(pilot, "enter")
        await fill(pilot, "title", "Fee Both Ways")
        await fill(pilot, "flat_fee", "5k")  # Fee % is still 22 from the agreement
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, FormDialog)  # not saved; everything typed still there
        assert "percentage OR a flat amount" in str(app.screen.query_one("#error-flat_fee", Static).render())
        assert app.screen.query_one("#field-title", Input).value == "Fee Both Ways"
        assert query(desk, "SELECT count(*) FROM job_order WHERE title = 'Fee Both Ways'") == [(0,)]
        await fill(pilot, "fee_percent", "")
        await keys(pilot, "ctrl+s")
        rows = query(desk, "SELECT fee_percent_override, flat_fee_override FROM job_order WHERE title = 'Fee Both Ways'")
        assert rows == [(None, 5000.0)]

    run(desk, body)


def test_a_long_column_pages_from_the_store(desk):
    import sqlite3

    conn = sqlite3.connect(desk)
    conn.executemany(
        """INSERT INTO job_order (company_id, title, remote, currency, openings, job_type, urgency, stage, opened_on,
                                  rank, version, skills)
           VALUES (2, ?, 'onsite', 'EUR', 1, 'perm', 2, 'intake', '2026-11-01', ?, 1, '[]')""",
        [(f"Intake job {i:02d}", float(i)) for i in range(55)],
    )
    conn.commit()
    conn.close()

    async def body(app, pilot):
        await keys(pilot, "4", "h", "h", "h")
        kanban = app.screen.query_one(Kanban)
        intake = kanban.columns[0]
        assert (intake.count, len(intake.cards)) == (55, 40)  # one page loaded
        assert "+47 more" in screen_text(app)  # 8 cards fit
        await keys(pilot, "G")  # the last loaded card asks for the next page
        assert len(kanban.columns[0].cards) == 55
        await keys(pilot, "G")
        assert focused(app)[1] == "intake"
        assert "Intake job 54" in screen_text(app)

    run(desk, body)


def test_a_logs_an_activity_on_the_focused_card(desk):
    async def body(app, pilot):
        await keys(pilot, "4", "enter", "a", "o")
        await pilot.press(*"Sent the [brief]")
        await keys(pilot, "ctrl+s")
        assert query(desk, """SELECT kind, body, person_id, job_id, submission_id FROM activity
                              WHERE body = 'Sent the [brief]'""") == [("note", "Sent the [brief]", 12, 1, 8)]
        await keys(pilot, "5", "a", "t")
        await pilot.press(*"30-day call")
        await keys(pilot, "ctrl+s")
        assert query(desk, "SELECT kind, placement_id FROM activity WHERE body = '30-day call'") == [("call_talked", 1)]

    run(desk, body)


def test_a_terminal_stage_asks_first(desk):
    async def body(app, pilot):
        await keys(pilot, "4", "L")  # Interviewing -> Offer: no question
        assert job_stage(desk, 1) == "offer"
        await keys(pilot, "L")  # Offer -> Placed: terminal, asks
        assert "Move Senior Backend Engineer to Placed?" in screen_text(app)
        await keys(pilot, "escape")
        assert job_stage(desk, 1) == "offer" and focused(app) == (1, "offer")
        await keys(pilot, "L", "y")
        assert job_stage(desk, 1) == "placed" and focused(app) == (1, "placed")
        await keys(pilot, "L")  # the last stage: says how to go on
        assert any("press m" in n.message for n in app._notifications)

    run(desk, body)


def test_a_fast_burst_after_an_opening_key_goes_where_it_was_meant(desk):
    """What a terminal delivers for a quick "/Benix" or "m" + "sour": the keys arrive before
    the box or dialog has focus; none of them may run as a board key (i: invoiced, x: check-in,
    l: next column)."""
    from textual import events

    fees = "SELECT id, fee_status, checkin_30_done_at, checkin_60_done_at FROM placement ORDER BY id"
    before = query(desk, fees)

    async def burst(app, pilot, text):
        for ch in text:
            app.post_message(events.Key("slash" if ch == "/" else ch, ch))
        for _ in range(10):
            await pilot.pause(0.05)
        await settle(pilot)

    async def body(app, pilot):
        await keys(pilot, "5")
        await burst(app, pilot, "/Benix")
        assert app.screen.query_one("#kanban-filter", Input).value == "Benix"
        assert query(desk, fees) == before
        await keys(pilot, "escape", "4")
        await burst(app, pilot, "msour")
        assert app.screen.query_one("#pick-filter", Input).value == "sour"
        await keys(pilot, "enter")
        assert job_stage(desk, 1) == "sourcing"

    run(desk, body)


def test_a_burst_waits_for_a_dialog_slow_to_open(desk, monkeypatch):
    """On a busy box the "Move to…" dialog can take longer to open than the board holds a burst
    for (CI lost "sour" of "msour" so): the held keys wait for the dialog's box, not the dialog."""
    import time

    from textual import events

    from deskcrm.screens.dialogs import pick

    compose = pick.PickDialog.compose

    def slow(self):
        time.sleep(0.3)  # twice the hold: the keys are handed on before the box exists
        return compose(self)

    monkeypatch.setattr(pick.PickDialog, "compose", slow)

    async def body(app, pilot):
        await keys(pilot, "4")
        for ch in "msour":
            app.post_message(events.Key(ch, ch))
        for _ in range(16):
            await pilot.pause(0.05)
        await settle(pilot)
        assert app.screen.query_one("#pick-filter", Input).value == "sour"
        await keys(pilot, "enter")
        assert job_stage(desk, 1) == "sourcing"

    run(desk, body)


def test_open_record_job_opens_its_pipeline(desk):
    from deskcrm.screens.open_record import open_record

    async def body(app, pilot):
        assert open_record(app, "job", 1)
        await settle(pilot)
        assert isinstance(app.screen, JobPipelineScreen)
        assert "Senior Backend Engineer · Northwind Logistics" in screen_text(app)

    run(desk, body)


def test_move_to_puts_labels_starting_with_the_typed_word_first():
    """"m", "act", enter on the BD board means Active client, not Contacted (which only contains
    "act"): the pick list ranks word-start matches first, and keeps the given order otherwise."""
    from textual.app import App

    from deskcrm.screens.dialogs.pick import PickDialog

    stages = [("contacted", "Contacted"), ("meeting", "Meeting"), ("active_client", "Active client"),
              ("lost", "Lost")]
    picked: list = []

    class Host(App):
        def on_mount(self) -> None:
            self.push_screen(PickDialog("Move to…", stages), picked.append)

    async def go():
        async with Host().run_test() as pilot:
            await pilot.press(*"act", "enter")
            await pilot.pause()
            assert picked == ["active_client"]
            picked.clear()
            app = pilot.app
            app.push_screen(PickDialog("Move to…", stages), picked.append)
            await pilot.pause()
            await pilot.press(*"t", "enter")  # no label starts with "t": the given order
            await pilot.pause()
            assert picked == ["contacted"]

    asyncio.run(go())


@pytest.mark.parametrize(("size", "shown"), [((120, 40), "EUR 20,900 · GBP 16,400 · CHF 16,200"),
                                              ((80, 24), "EUR 20.9k +2 cur")])
def test_column_totals_are_per_currency_and_fit_the_column(desk, size, shown):
    """Issue 9 item 5: fees in EUR, GBP and CHF are never added up into one "≈" figure."""
    with sqlite3.connect(desk) as conn:
        conn.execute("UPDATE placement SET currency = 'GBP' WHERE fee_amount = 16400")
        conn.execute("UPDATE placement SET currency = 'CHF' WHERE fee_amount = 16200")

    async def body(app, pilot):
        await keys(pilot, "5")
        screen = screen_text(app)
        assert shown in screen, screen
        assert "≈" not in screen and "in fees" not in screen

    run(desk, body, size)


def test_a_new_job_hidden_by_the_filter_clears_the_filter_and_is_focused(desk):
    """Issue 9 item 4: `n` saves a job the `/` filter hides — the board drops the filter, says so,
    and focuses the new card (never a silent save that seems to vanish)."""

    async def body(app, pilot):
        await keys(pilot, "4", "slash")
        await pilot.press(*"acme")
        await keys(pilot, "enter")
        assert app.screen.filter_text == "acme"
        await keys(pilot, "n")
        await pilot.press(*"glob")
        await keys(pilot, "enter")
        await fill(pilot, "title", "Platform Lead")
        await keys(pilot, "ctrl+s")
        await settle(pilot)
        new_id = query(desk, "SELECT id FROM job_order WHERE title = 'Platform Lead'")[0][0]
        assert app.screen.filter_text == ""
        assert focused(app) == (new_id, "intake")
        assert "Platform Lead" in screen_text(app) and "filter:" not in screen_text(app)
        messages = [n.message for n in app._notifications]
        assert any("Filter “acme” cleared to show the new job “Platform Lead”" in m for m in messages), messages

    run_app(desk, body, SIZE, notifications=True)


def test_a_new_job_the_filter_shows_keeps_the_filter(desk):
    async def body(app, pilot):
        await keys(pilot, "4", "slash")
        await pilot.press(*"globex")
        await keys(pilot, "enter")
        await keys(pilot, "n")
        await pilot.press(*"glob")
        await keys(pilot, "enter")
        await fill(pilot, "title", "Platform Lead")
        await keys(pilot, "ctrl+s")
        await settle(pilot)
        new_id = query(desk, "SELECT id FROM job_order WHERE title = 'Platform Lead'")[0][0]
        assert app.screen.filter_text == "globex" and focused(app) == (new_id, "intake")
        assert not any("cleared" in n.message for n in app._notifications)

    run_app(desk, body, SIZE, notifications=True)


def test_the_cursor_shows_in_an_empty_column_of_the_pipeline(desk):
    """Acceptance of issue 9: l onto Placed (no candidate yet) left no visible cursor. The empty
    focused column says so under its title, and says how to leave it."""

    async def body(app, pilot):
        await keys(pilot, "4", "enter")
        assert isinstance(app.screen, JobPipelineScreen)
        assert "empty — h/l to move" not in screen_text(app)
        await keys(pilot, "l", "l", "l")
        assert focused(app) == (None, "placed")
        lines = screen_text(app).splitlines()
        at = lines[2].index("Placed") - 1  # a column is 19 cells here: the hint takes two lines
        assert lines[5][at:].startswith("▌empty ") and lines[6][at:].startswith("▌h/l to move"), lines[5:7]
        await keys(pilot, "h")
        assert "▌h/l to move" in screen_text(app)  # Offered is empty too
        await keys(pilot, "h")
        assert focused(app)[1] == "interviewing" and "empty — h/l" not in screen_text(app)

    run(desk, body)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_the_pipeline_breadcrumb_names_the_job_and_client(desk, size):
    """Acceptance of issue 9: at 80 columns the pipeline's breadcrumb was only "› …". The bar
    keeps the lit section and the job (and its client) as much as fits; the other sections keep
    their number keys."""

    async def body(app, pilot):
        await keys(pilot, "4", "enter")
        assert isinstance(app.screen, JobPipelineScreen)
        bar = screen_text(app).splitlines()[0].rstrip()
        assert "4 Job orders" in bar and all(f" {n} " in bar for n in "1235"), bar
        if size[0] >= 120:
            assert bar.endswith("› Senior Backend Engineer — Northwind Logistics"), bar
        else:
            assert "› Senior Backend Engineer — Northwind" in bar and len(bar) <= 80, bar

    run(desk, body, size)
