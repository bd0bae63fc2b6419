"""Editing a job order: ``update_job`` (create's checks, openings never below the placements made,
fee terms vs the client agreement, Conflict on a stale version, one undoable transaction) and
``e`` on the Job orders board and in a job's pipeline (real key presses, what the database holds
afterwards, what the card shows)."""

from __future__ import annotations

import pytest
from moves_helpers import add_job, add_submission, placement, tables
from seed import Names, keys, query, run_app, screen_text, seed, settle
from test_hostile import assert_safe
from textual.widgets import Input, Static

from deskcrm import text
from deskcrm.screens.dialogs.form import FormDialog
from deskcrm.screens.job_pipeline import JobPipelineScreen
from deskcrm.store import db, journal
from deskcrm.store.errors import Conflict, Invalid, StoreError
from deskcrm.store.moves import create_job, job_for_edit, move_submission, update_job
from deskcrm.widgets.kanban import Kanban

# --------------------------------------------------------------------------- store


@pytest.fixture
def desk(seeded_store):
    return seeded_store


def _job(conn, job_id):
    return journal.row(conn, "job_order", job_id)


def _activities(conn, job_id):
    return [r[0] for r in conn.execute("SELECT body FROM activity WHERE job_id = ? ORDER BY id", (job_id,))]


def test_an_edit_changes_the_fields_given_in_one_transaction(desk):
    conn, ids, _ = desk
    job_id = ids["job_backend"]
    before = _job(conn, job_id)
    result = update_job(conn, job_id, {
        "title": "  Staff Backend Engineer ", "openings": 2, "urgency": 3, "comp_min": 80_000.0, "comp_max": 110_000.0,
        "currency": "gbp", "job_type": "contract", "remote": "remote", "city": "Leeds",
        "requirements": "Go or Python;\nowns the payments API", "skills": ["Python", "Kafka", "python"],
    }, expected_version=1)
    job = _job(conn, job_id)
    assert (job["title"], job["openings"], job["urgency"], job["comp_min"], job["comp_max"], job["currency"],
            job["job_type"], job["remote"], job["city"], job["requirements"], job["skills"]) == (
        "Staff Backend Engineer", 2, 3, 80_000.0, 110_000.0, "GBP", "contract", "remote", "Leeds",
        "Go or Python;\nowns the payments API", '["Python", "Kafka"]')
    assert job["version"] == 2
    assert (job["stage"], job["company_id"], job["owner_id"], job["opened_on"]) == (
        before["stage"], before["company_id"], before["owner_id"], before["opened_on"])  # not an edit's business
    body = _activities(conn, job_id)[-1]
    assert body.startswith("Job order edited: title Senior Backend Engineer → Staff Backend Engineer; openings 1 → 2;")
    assert "urgency normal → hot" in body and "city London → Leeds" in body and "requirements" in body
    events = conn.execute("SELECT entity, action FROM event WHERE txn = ? ORDER BY id", (result.txn,)).fetchall()
    assert events == [("job_order", "update"), ("activity", "insert")]
    assert "Staff Backend Engineer" in result.message and result.job_id == job_id


def test_only_the_fields_given_change(desk):
    conn, ids, _ = desk
    job_id = ids["job_backend"]
    before = _job(conn, job_id)
    update_job(conn, job_id, {"city": "Manchester"}, expected_version=1)
    after = _job(conn, job_id)
    assert {k for k in before if before[k] != after[k]} == {"city", "version"}
    assert _activities(conn, job_id)[-1] == "Job order edited: city London → Manchester"


@pytest.mark.parametrize(("values", "field", "says"), [
    ({"title": "  "}, "title", "needs a title"),
    ({"openings": 0}, "openings", "whole number ≥ 1"),
    ({"openings": "2"}, "openings", "whole number ≥ 1"),
    ({"urgency": 5}, "urgency", "1 (low), 2 (normal) or 3 (hot)"),
    ({"comp_min": -1}, "comp_min", "must be ≥ 0"),
    ({"comp_max": "lots"}, "comp_max", "is not a number"),
    ({"comp_min": 100_000}, "comp_max", "below its bottom"),  # the stored top is 90k
    ({"currency": "EURO"}, "currency", "3-letter currency code"),
    ({"job_type": "temp"}, "job_type", "use one of perm, contract, retained"),
    ({"remote": "mars"}, "remote", "use one of onsite, hybrid, remote"),
    ({"fee_percent": 140}, "fee_percent", "from 0 to 100"),
    ({"flat_fee": float("inf")}, "flat_fee", "is not a number"),
    ({"hiring_manager_id": 9999}, "hiring_manager_id", "no person 9999"),
])
def test_a_bad_value_is_refused_at_its_field_and_nothing_is_written(desk, values, field, says):
    conn, ids, _ = desk
    before = tables(conn)
    with pytest.raises(Invalid) as err:
        update_job(conn, ids["job_backend"], values, expected_version=1)
    assert list(err.value.field_errors) == [field]
    assert says in err.value.field_errors[field] and str(err.value).startswith(f"{field}: ")
    assert tables(conn) == before


def test_every_bad_field_is_named_at_once(desk):
    conn, ids, _ = desk
    with pytest.raises(Invalid) as err:
        update_job(conn, ids["job_backend"], {"title": "", "openings": -2, "fee_percent": 101}, expected_version=1)
    assert set(err.value.field_errors) == {"title", "openings", "fee_percent"}


def test_create_uses_the_same_checks(desk):
    conn, ids, _ = desk
    with pytest.raises(Invalid) as err:
        create_job(conn, ids["acme"], {"title": "QA", "currency": "euros", "remote": "moon", "comp_min": 5, "comp_max": 1})
    assert set(err.value.field_errors) == {"currency", "remote", "comp_max"}
    made = create_job(conn, ids["acme"], {"title": "QA", "skills": ["SQL", " sql "], "currency": "usd"})
    job = _job(conn, made.job_id)
    assert (job["skills"], job["currency"], job["remote"], job["job_type"]) == ('["SQL"]', "USD", "onsite", "perm")


def _filled_twice(conn, ids) -> int:
    """A job with three openings and two placements made (through the real moves)."""
    job_id = add_job(conn, ids["northwind"], openings=3)
    for who in ("dev", "eva"):
        sub = add_submission(conn, ids[who], job_id)
        move_submission(conn, sub, "placed", expected_version=1, placement=placement())
    return job_id


def test_openings_never_go_below_the_placements_made(desk):
    conn, ids, _ = desk
    job_id = _filled_twice(conn, ids)
    version = _job(conn, job_id)["version"]
    with pytest.raises(Invalid) as err:
        update_job(conn, job_id, {"openings": 1}, expected_version=version)
    assert err.value.field_errors == {"openings": "2 already filled: openings cannot go below 2"}
    assert str(err.value) == "openings: 2 already filled: openings cannot go below 2"
    assert _job(conn, job_id)["openings"] == 3
    update_job(conn, job_id, {"openings": 2}, expected_version=version)
    job = _job(conn, job_id)
    assert (job["openings"], job["stage"]) == (2, "submitting")  # the stage is left to moves
    assert job_for_edit(conn, job_id).filled == 2


def test_fee_terms_equal_to_the_agreement_are_no_override(desk):
    conn, ids, _ = desk
    job_id = ids["job_backend"]  # Northwind: 20 %, no override
    assert job_for_edit(conn, job_id).values["fee_percent"] == 20.0
    update_job(conn, job_id, {"fee_percent": 25.0, "flat_fee": None}, expected_version=1)
    assert (_job(conn, job_id)["fee_percent_override"], _job(conn, job_id)["flat_fee_override"]) == (25.0, None)
    assert _activities(conn, job_id)[-1] == "Job order edited: fee 20% (client agreement) → 25%"
    update_job(conn, job_id, {"fee_percent": 20.0, "flat_fee": None}, expected_version=2)
    job = _job(conn, job_id)
    assert (job["fee_percent_override"], job["flat_fee_override"], job["version"]) == (None, None, 3)
    assert _activities(conn, job_id)[-1] == "Job order edited: fee 25% → 20% (client agreement)"
    with pytest.raises(Invalid) as err:  # the % not given keeps what applies: both would be set
        update_job(conn, job_id, {"flat_fee": 15_000.0}, expected_version=3)
    assert "percentage OR a flat amount" in err.value.field_errors["flat_fee"]
    update_job(conn, job_id, {"fee_percent": None, "flat_fee": 15_000.0}, expected_version=3)
    job = _job(conn, job_id)
    assert (job["fee_percent_override"], job["flat_fee_override"]) == (None, 15_000.0)
    assert job_for_edit(conn, job_id).values["flat_fee"] == 15_000.0


def test_a_stale_version_is_a_conflict_and_writes_nothing(desk):
    conn, ids, _ = desk
    job_id = ids["job_backend"]
    update_job(conn, job_id, {"title": "Theirs"}, expected_version=1)
    before = tables(conn)
    with pytest.raises(Conflict, match="changed elsewhere"):
        update_job(conn, job_id, {"title": "Mine"}, expected_version=1)
    assert tables(conn) == before
    assert _job(conn, job_id)["title"] == "Theirs"


def test_nothing_changed_writes_nothing(desk):
    conn, ids, _ = desk
    before = tables(conn)
    events = conn.execute("SELECT count(*) FROM event").fetchone()
    result = update_job(conn, ids["job_backend"], {"title": "Senior Backend Engineer", "city": "London"},
                        expected_version=1)
    assert result.txn == "" and "nothing changed" in result.message
    assert tables(conn) == before and conn.execute("SELECT count(*) FROM event").fetchone() == events


def test_the_stage_is_not_an_edit(desk):
    conn, ids, _ = desk
    with pytest.raises(StoreError, match="moves change the stage"):
        update_job(conn, ids["job_backend"], {"stage": "offer"}, expected_version=1)


def test_undo_restores_the_job_exactly(desk):
    conn, ids, _ = desk
    before = tables(conn)
    result = update_job(conn, ids["job_backend"], {"title": "X", "openings": 4, "fee_percent": 30.0, "flat_fee": None},
                        expected_version=1)
    with db.write(conn):
        journal.undo(conn, result.txn)
    assert tables(conn) == before


# --------------------------------------------------------------------------- the screens

SIZE = (120, 40)


def run(path, body, size=SIZE):
    run_app(path, body, size, notifications=True)


async def retype(pilot, field: str, value: str) -> None:
    """Go to ``field`` with tab (as a person would), clear it and type ``value``."""
    form = pilot.app.screen
    for _ in range(20):
        if form.focused is not None and form.focused.id == f"field-{field}":
            break
        await pilot.press("tab")
    assert form.focused.id == f"field-{field}"
    await pilot.press("home", "ctrl+k", *value)
    await pilot.pause()


def field_error(app, field: str) -> str:
    return str(app.screen.query_one(f"#error-{field}", Static).render())


def focused(app):
    return app.screen.query_one(Kanban).focused


@pytest.fixture
def path(tmp_path, today):
    p = tmp_path / "desk.db"
    seed(p)
    return p


def test_e_on_the_board_edits_the_focused_job(path):
    async def body(app, pilot):
        await keys(pilot, "4")
        job_id, column = focused(app)
        title = query(path, "SELECT title FROM job_order WHERE id = ?", job_id)[0][0]
        await keys(pilot, "e")
        assert isinstance(app.screen, FormDialog)
        assert app.screen.query_one("#field-title", Input).value == title
        assert app.screen.focused.id == "field-title"
        await pilot.press("home", "ctrl+k", *"[@click=app.quit]x")
        await keys(pilot, "ctrl+s")
        assert not isinstance(app.screen, FormDialog)
        assert query(path, "SELECT title, version FROM job_order WHERE id = ?", job_id) == [("[@click=app.quit]x", 2)]
        assert query(path, "SELECT body FROM activity WHERE job_id = ? ORDER BY id DESC LIMIT 1", job_id) == [
            (f"Job order edited: title {title} → [@click=app.quit]x",)]
        assert focused(app) == (job_id, column)
        app.clear_notifications()  # the toast names the title too: look at the card alone
        await settle(pilot)
        shown = screen_text(app)
        assert "▌[@click=app.quit…" in shown  # literally, on the (focused) card, cut to its width
        assert_safe(app, shown)
        await keys(pilot, "enter")  # the pipeline's header has room for all of it
        assert "[@click=app.quit]x · " in screen_text(app)
        assert_safe(app, screen_text(app))
        await keys(pilot, "escape", "ctrl+z")
        assert query(path, "SELECT title, version FROM job_order WHERE id = ?", job_id) == [(title, 1)]
        app.clear_notifications()
        await settle(pilot)
        assert "[@click=app.quit" not in screen_text(app)

    run(path, body)


def test_an_invalid_value_is_shown_at_the_field_then_fixed_in_the_pipeline(path):
    async def body(app, pilot):
        await keys(pilot, "4", "enter")
        assert isinstance(app.screen, JobPipelineScreen)
        job_id = app.screen.job_id
        await keys(pilot, "e")
        assert app.screen.query_one("#field-fee_percent", Input).value == "20"  # Northwind's agreement
        await retype(pilot, "fee_percent", "140")
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, FormDialog)  # refused at the field
        assert field_error(app, "fee_percent") == "must be between 0 and 100 %"
        assert app.screen.focused.id == "field-fee_percent"
        await pilot.press("home", "ctrl+k", *"25")
        await settle(pilot)
        assert field_error(app, "fee_percent") == ""
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, JobPipelineScreen)
        assert query(path, "SELECT fee_percent_override, version FROM job_order WHERE id = ?", job_id) == [(25.0, 2)]
        assert "25% fee" in screen_text(app)  # the header follows
        await keys(pilot, "ctrl+z")
        assert query(path, "SELECT fee_percent_override, version FROM job_order WHERE id = ?", job_id) == [(None, 1)]
        assert "20% fee" in screen_text(app)

    run(path, body)


def test_openings_below_the_filled_ones_are_refused_at_the_field(tmp_path, today):
    path = tmp_path / "desk.db"
    ids = seed(path)
    conn = db.connect(path)
    try:
        job_id = _filled_twice(conn, ids)
    finally:
        conn.close()

    async def body(app, pilot):
        await keys(pilot, "4", "/", *"Platform", "enter")
        assert focused(app)[0] == job_id
        await keys(pilot, "e")
        await retype(pilot, "openings", "1")
        await keys(pilot, "ctrl+s")
        assert field_error(app, "openings") == "2 already filled: openings cannot go below 2"
        await pilot.press("home", "ctrl+k", "2")
        await keys(pilot, "ctrl+s")
        assert query(path, "SELECT openings FROM job_order WHERE id = ?", job_id) == [(2,)]
        assert "2/2" in screen_text(app)

    run(path, body)


def test_a_save_made_elsewhere_meanwhile_reopens_the_form_then_saves_on_top(path):
    async def body(app, pilot):
        await keys(pilot, "4")
        job_id, _column = focused(app)
        await keys(pilot, "e")
        conn = db.connect(path)  # another desk saves the job while the form is open
        try:
            update_job(conn, job_id, {"city": "Bristol"}, expected_version=1)
        finally:
            conn.close()
        await retype(pilot, "title", "Mine")
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, FormDialog)  # re-opened, typing kept, their city shown
        banner = str(app.screen.query_one("#form-banner", Static).render())
        assert banner.startswith("Someone else saved this job order")
        assert app.screen.query_one("#field-title", Input).value == "Mine"
        assert app.screen.query_one("#field-city", Input).value == "Bristol"
        await keys(pilot, "ctrl+s")
        assert not isinstance(app.screen, FormDialog)
        assert query(path, "SELECT title, city, version FROM job_order WHERE id = ?", job_id) == [("Mine", "Bristol", 3)]

    run(path, body)


def test_a_stored_hostile_title_is_shown_visibly_and_kept_byte_for_byte(tmp_path, today):
    path = tmp_path / "desk.db"
    hostile = "\x1b[2J\u202eevil"
    seed(path, Names.every(hostile))

    async def body(app, pilot):
        await keys(pilot, "4")
        job_id, _column = focused(app)
        await keys(pilot, "e")
        assert app.screen.query_one("#field-title", Input).value == text.clean(hostile)
        assert_safe(app, screen_text(app))
        await retype(pilot, "openings", "3")
        await keys(pilot, "ctrl+s")
        assert query(path, "SELECT title, openings FROM job_order WHERE id = ?", job_id) == [(hostile, 3)]
        assert_safe(app, screen_text(app))

    run(path, body)


def test_e_with_no_card_says_so(tmp_path, today):
    path = tmp_path / "desk.db"
    seed(path)

    async def body(app, pilot):
        await keys(pilot, "4", "/", *"no such job anywhere", "enter", "e")
        assert not isinstance(app.screen, FormDialog)
        assert any("No job order here" in n.message for n in app._notifications)

    run(path, body)
