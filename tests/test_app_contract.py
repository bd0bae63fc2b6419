"""The contract terms and added stages as a recruiter uses them (real key presses): a contract job
whose bill rate is below its pay rate is refused at the field, then saved and shown in the
pipeline's header; an added stage with a hostile name is a column H/L move through."""

from __future__ import annotations

from seed import fill, keys, query, run_app, screen_text, seed, settle, toasts
from test_hostile import assert_safe
from test_jobs_edit import field_error
from textual.widgets import Select

from deskcrm.domain import stages
from deskcrm.screens.dialogs.form import FormDialog
from deskcrm.screens.job_pipeline import JobPipelineScreen
from deskcrm.widgets.kanban import Kanban


def test_a_contract_job_with_a_bill_rate_below_pay_is_refused_at_the_field_then_saved(tmp_path, today):
    path = tmp_path / "desk.db"
    seed(path)

    async def body(app, pilot):
        await keys(pilot, "4", "enter")
        assert isinstance(app.screen, JobPipelineScreen)
        job_id = app.screen.job_id
        await keys(pilot, "e")
        await fill(pilot, "fee_percent", "")  # a contract earns its margin: no fee on top
        form = app.screen
        kind = form.query_one("#field-job_type", Select)
        kind.focus()
        await pilot.press("enter", "down", "enter")  # Permanent → Contract
        await settle(pilot)
        assert kind.value == "contract"
        await fill(pilot, "bill_rate", "550")
        await fill(pilot, "pay_rate", "600")
        await fill(pilot, "end_date", "2027-06-30")
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, FormDialog)  # refused at the bill rate, with why
        assert "bill rate 550 is below the pay rate 600" in field_error(app, "bill_rate")
        assert query(path, "SELECT version FROM job_order WHERE id = ?", job_id) == [(1,)]
        await fill(pilot, "bill_rate", "750")
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, JobPipelineScreen)
        assert query(path, "SELECT job_type, bill_rate, pay_rate, rate_unit, end_date FROM job_order WHERE id = ?",
                     job_id) == [("contract", 750.0, 600.0, "day", "2027-06-30")]
        shown = screen_text(app)
        assert "750/day bill · 600 pay · margin 150 (20%) · ends 30 Jun 2027" in shown  # the header
        assert_safe(app, shown)

    run_app(path, body, (160, 40), notifications=True)


HOSTILE_STAGE = "[@click=app.quit]\x1b[31m\u202eTech"


def test_a_hostile_added_stage_is_a_column_shown_literally_moved_through_and_kept_while_used(tmp_path, today):
    from deskcrm.screens import stage_actions
    from deskcrm.store import db
    from deskcrm.store.user_stages import add_stage

    path = tmp_path / "desk.db"
    seed(path)
    conn = db.connect(path)
    try:
        stage_id = add_stage(conn, HOSTILE_STAGE, "sourced").stage_id  # between Sourced and Contacted
    finally:
        conn.close()
    stages.set_added("submission", [])  # the app reads them itself
    key = stages.added_key(stage_id)

    async def body(app, pilot):
        await keys(pilot, "4", "enter")
        assert isinstance(app.screen, JobPipelineScreen)
        board = app.screen.query_one(Kanban)
        assert board.column_keys.index(key) == board.column_keys.index("sourced") + 1
        shown = screen_text(app)
        assert "[@click=app.qui…" in shown  # the column's title, literally
        assert_safe(app, shown)
        card, column = board.focused
        assert column == "submitted"
        await keys(pilot, "H", "H", "H")  # Submitted → Qualified → Contacted → the added stage
        await settle(pilot)
        assert query(path, "SELECT stage, user_stage_id FROM submission WHERE id = ?", card) == [("sourced", stage_id)]
        assert board.focused == (card, key)
        stage_actions.remove(app)  # the palette's "Remove pipeline stage…"
        await settle(pilot)
        await keys(pilot, "enter")
        await settle(pilot)
        said = toasts(app)
        assert "1 candidate is at [@click=app.quit]" in said and "move them first" in said
        assert query(path, "SELECT count(*) FROM user_stage") == [(1,)]
        await keys(pilot, "L")  # on to Contacted: the stage is empty again
        await settle(pilot)
        assert query(path, "SELECT stage, user_stage_id FROM submission WHERE id = ?", card) == [("contacted", None)]
        assert_safe(app, screen_text(app))
        assert app.is_running

    run_app(path, body, (160, 40), notifications=True)
    stages.set_added("submission", [])
