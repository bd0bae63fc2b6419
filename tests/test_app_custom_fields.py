"""Pilot: the "Custom fields" settings from the palette — add a "Security clearance" choice field
and a "Day rate" money field, fill them in the person form (a bad value refused at its box),
see them on the person screen, find the person with ``clearance:sc rate<700``, archive one
(the question counts the values kept). Hostile labels stay text."""

from __future__ import annotations

import json

from seed import fill, index, keys, open_person, query, run_app, screen_text, seed, settle, toasts, until
from textual.widgets import Static

import pytest

from deskcrm.domain import custom_query
from deskcrm.screens.custom_fields import CustomFieldsDialog
from deskcrm.screens.dialogs.confirm import ConfirmDialog
from deskcrm.screens.dialogs.form import FormDialog


@pytest.fixture(autouse=True)
def _no_fields_after():
    """The session's fields (``custom_query.configure``) are the process's: none for the next test."""
    yield
    custom_query.configure(())


async def _add_field(pilot, entity, label, kind, choices=""):
    await keys(pilot, "n")
    form = pilot.app.screen
    assert isinstance(form, FormDialog)
    await fill(pilot, "entity", entity)
    await fill(pilot, "label", label)
    await fill(pilot, "kind", kind)
    if choices:
        await fill(pilot, "choices", choices)
    await keys(pilot, "ctrl+s")
    await until(pilot, lambda: isinstance(pilot.app.screen, CustomFieldsDialog))
    await settle(pilot)


def _error(form, name):
    error = form.query_one(f"#error-{name}", Static)
    return str(error.render()) if error.has_class("-shown") else ""


def test_add_fields_fill_them_see_them_and_find_by_them(tmp_path):
    path = tmp_path / "desk.db"
    ids = seed(path)
    index(path)

    async def body(app, pilot):
        from deskcrm.screens import custom_fields

        custom_fields.open_settings(app)  # the palette's "Custom fields" calls this
        await until(pilot, lambda: isinstance(app.screen, CustomFieldsDialog))
        await settle(pilot)
        assert "No custom fields yet" in screen_text(app)
        await _add_field(pilot, "candidate", "Security clearance", "choice", "SC, DV, BPSS")
        await _add_field(pilot, "candidate", "Day rate", "money")
        shown = screen_text(app)
        assert "Security clearance (candidate profile) · one choice: SC, DV, BPSS · 0 hold a value" in shown
        assert "Day rate (candidate profile) · money" in shown
        await keys(pilot, "escape")

        await open_person(pilot, ids["lena"])
        await keys(pilot, "e")
        await until(pilot, lambda: isinstance(app.screen, FormDialog))
        form = app.screen
        await fill(pilot, "custom_security_clearance", "top")
        await fill(pilot, "custom_day_rate", "650 GBP")
        await keys(pilot, "ctrl+s")
        assert app.screen is form and "one of: SC, DV, BPSS" in _error(form, "custom_security_clearance")
        await fill(pilot, "custom_security_clearance", "sc")
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, FormDialog))
        await settle(pilot)
        stored = json.loads(query(path, "SELECT custom FROM person WHERE id = ?", ids["lena"])[0][0])
        assert stored == {"day_rate": {"amount": 650.0, "currency": "GBP"}, "security_clearance": "SC"}
        shown = screen_text(app)
        assert "Security cl… SC" in shown and "Day rate     GBP 650" in shown

        from deskcrm.domain.search_query import parse
        from deskcrm.store import db
        from deskcrm.store.search import SqliteSearch
        from deskcrm.domain import clock

        conn = db.connect(path)
        try:
            page = SqliteSearch(conn, clock.today()).search(parse("clearance:sc rate<700", typing=False))
        finally:
            conn.close()
        assert [r.id for r in page.rows] == [ids["lena"]]  # the session's filters know the fields

        from deskcrm.screens import custom_fields

        custom_fields.open_settings(app)
        await until(pilot, lambda: isinstance(app.screen, CustomFieldsDialog) and app.screen.fields)
        await keys(pilot, "d")
        assert isinstance(app.screen, ConfirmDialog)
        assert "1 record holds a value" in screen_text(app)
        await keys(pilot, "y")
        await until(pilot, lambda: isinstance(app.screen, CustomFieldsDialog) and app.screen.fields[0].archived)
        await settle(pilot)
        assert "ARCHIVED: 1 holds a value" in screen_text(app)

    run_app(path, body, notifications=True)


def test_hostile_labels_and_values_stay_text(tmp_path):
    path = tmp_path / "desk.db"
    ids = seed(path)
    index(path)
    from deskcrm.store import custom_fields, db, person_write

    conn = db.connect(path)
    f = custom_fields.add_field(conn, "person", "[@click=app.quit]\u202e[/]", "choice",
                                choices=["[b]x\x1b[31m", "ok"]).field
    version = conn.execute("SELECT version FROM person WHERE id = ?", (ids["lena"],)).fetchone()[0]
    person_write.update_person(conn, ids["lena"], {f"custom_{f.key}": "[b]x\x1b[31m"}, expected_version=version)
    conn.close()

    async def body(app, pilot):
        from deskcrm.screens import custom_fields as screen

        screen.open_settings(app)
        await until(pilot, lambda: isinstance(app.screen, CustomFieldsDialog) and app.screen.fields)
        shown = screen_text(app)
        assert "[@click=app.quit]" in shown and "\x1b" not in shown and "\u202e" not in shown
        await keys(pilot, "escape")
        await open_person(pilot, ids["lena"])
        shown = screen_text(app)
        assert "[b]x" in shown and "\x1b" not in shown
        assert app.is_running

    run_app(path, body)


def test_a_jobs_fields_show_on_its_pipeline_and_a_colleagues_new_field_reaches_the_form(tmp_path):
    """The job's own fields on the pipeline's details line (user data as text); a field a colleague
    adds (another connection) reaches the job form after the live poll, without a restart."""
    path = tmp_path / "desk.db"
    ids = seed(path)
    from deskcrm.store import custom_fields, db, jobs_write

    conn = db.connect(path)
    hostile = "[@click=app.quit]\x1b[31m\u202e"
    f = custom_fields.add_field(conn, "job", "Clearance [/]", "choice", choices=[hostile, "SC"]).field
    version = conn.execute("SELECT version FROM job_order WHERE id = ?", (ids["job_backend"],)).fetchone()[0]
    jobs_write.update_job(conn, ids["job_backend"], {f"custom_{f.key}": hostile}, expected_version=version)

    async def body(app, pilot):
        from deskcrm.screens.job_pipeline import JobPipelineScreen

        app.push_screen(JobPipelineScreen(ids["job_backend"]))
        await until(pilot, lambda: "Clearance [/]: [@click=app.quit]" in screen_text(app))
        shown = screen_text(app)
        assert "\x1b" not in shown and "\u202e" not in shown
        await until(pilot, lambda: app.writes.on_version)  # the session follows the desk's fields
        app.writes.live.poll_now()  # where the desk stands
        custom_fields.add_field(conn, "job", "Day rate", "money")  # a colleague's new field
        app.writes.live.poll_now()
        await until(pilot, lambda: any(d.key == "day_rate" for d in getattr(app, "custom_fields", ())))
        await keys(pilot, "e")
        await until(pilot, lambda: isinstance(app.screen, FormDialog))
        await fill(pilot, "custom_day_rate", "650 GBP")
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, JobPipelineScreen))
        await until(pilot, lambda: "Day rate: GBP 650" in screen_text(app))
        assert app.is_running

    try:
        run_app(path, body)
    finally:
        conn.close()
