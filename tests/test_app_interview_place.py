"""The Interviewing dialog's Place (0022) as a recruiter types it: saved exactly, shown on the
candidate's record as literal text (markup never runs), refused at the field when too long."""

from __future__ import annotations

from seed import fill, keys, open_person, query, run_app, screen_text, seed, settle, until
from textual.widgets import Static

from deskcrm.domain.pipeline_rules import MAX_PLACE
from deskcrm.screens.dialogs.form import FormDialog
from deskcrm.screens.job_pipeline import JobPipelineScreen

PLACE = "[@click=app.quit] Room 2 [/][b]"


def test_a_place_typed_with_the_time_is_saved_and_shown_literally(tmp_path, today):
    path = tmp_path / "desk.db"
    ids = seed(path)
    sid = ids["sub_lena_backend"]

    async def body(app, pilot):
        await keys(pilot, "4", "enter")
        assert isinstance(app.screen, JobPipelineScreen)
        await keys(pilot, "L")  # Lena: Submitted -> Interviewing asks when and where
        assert isinstance(app.screen, FormDialog)
        await fill(pilot, "interview_at", "2026-11-25 14:00")
        await fill(pilot, "interview_place", "x" * (MAX_PLACE + 1))
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, FormDialog)  # too long: stays, said at the field, nothing lost
        said = str(app.screen.query_one("#error-interview_place", Static).render())
        assert f"keep it to {MAX_PLACE}" in said
        await fill(pilot, "interview_place", PLACE)
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: query(path, "SELECT interview_place FROM submission WHERE id = ?", sid)[0][0])
        assert query(path, "SELECT stage, interview_place FROM submission WHERE id = ?", sid)[0] == (
            "interviewing", PLACE)
        await settle(pilot)
        await open_person(pilot, ids["lena"])
        assert "at " + PLACE in screen_text(app)  # the markup is text: the app is still running

    run_app(path, body, (120, 40))
