"""The live desk (issue 11 item 6): a colleague's commit on another connection — a move, a logged
call, a new placement — shows on the open board / due list / clients list after the poll, with
the cursor on the same record; an open dialog is not disturbed; a hidden screen refreshes when
shown; the desk's own writes are no change, and nothing is redrawn under a write in flight.

The poll is called directly (``writes.live.poll_now()``): no sleeping for the timer."""

from __future__ import annotations

import threading

import pytest
from moves_helpers import add_job, placement, version
from seed import keys, run_app, screen_text, seed, settle, until

from deskcrm.domain import clock
from deskcrm.screens.clients import ClientsScreen
from deskcrm.screens.dialogs.pick import PickDialog
from deskcrm.screens.due import DueScreen
from deskcrm.screens.job_pipeline import JobPipelineScreen
from deskcrm.screens.jobs_board import JobsBoardScreen
from deskcrm.screens.placements_board import PlacementsBoardScreen
from deskcrm.store import companies_write, db, due_store, moves
from deskcrm.widgets.kanban import Kanban


@pytest.fixture
def desk(tmp_path, today):
    path = tmp_path / "desk.db"
    ids = seed(path)
    conn = db.connect(path)
    for title in ("Platform Engineer", "SRE Lead", "Data Scientist"):
        ids[title] = add_job(conn, 1, title, stage="interviewing")
    conn.close()
    return path, ids


class Colleague:
    """Another recruiter's deskcrm: its own connection to the same file."""

    def __init__(self, path):
        self.conn = db.connect(path)

    def move_job(self, job_id: int, stage: str) -> None:
        moves.move_job(self.conn, job_id, stage, expected_version=version(self.conn, "job_order", job_id))

    def close(self) -> None:
        self.conn.close()


def focused(app):
    return app.screen.query_one(Kanban).focused


def column_ids(app, stage):
    column = next(c for c in app.screen.query_one(Kanban).columns if c.key == stage)
    return [card.id for card in column.cards]


def counting_loads(screen):
    """Count the screen's reads from now on."""
    seen = []
    plain = screen.reload

    def reload():
        seen.append(1)
        plain()

    screen.reload = reload
    return seen


def live(path, body, size=(120, 40)):
    colleague = Colleague(path)

    async def run_body(app, pilot):
        app.writes.live.poll_now()  # where the desk stands (the timer's first poll may have done it)
        await body(app, pilot, colleague)

    try:
        run_app(path, run_body, size)
    finally:
        colleague.close()


async def poll(app, pilot) -> None:
    app.writes.live.poll_now()
    await settle(pilot)


def test_a_colleagues_move_shows_on_the_board_with_the_cursor_on_the_same_card(desk):
    path, ids = desk
    sre, data = ids["SRE Lead"], ids["Data Scientist"]

    async def body(app, pilot, colleague):
        await keys(pilot, "4")
        assert isinstance(app.screen, JobsBoardScreen)
        await keys(pilot, "j", "j")
        assert focused(app) == (sre, "interviewing")
        before = column_ids(app, "interviewing")
        # a card above the cursor's leaves the column: the cursor stays on its card
        colleague.move_job(before[0], "offer")
        await poll(app, pilot)
        assert before[0] in column_ids(app, "offer") and before[0] not in column_ids(app, "interviewing")
        assert focused(app) == (sre, "interviewing")
        # the focused card itself moves: the cursor goes with it
        colleague.move_job(sre, "offer")
        await poll(app, pilot)
        assert focused(app) == (sre, "offer")
        assert "SRE Lead" in screen_text(app)
        # a card the colleague closes is gone; the cursor stays where it was
        colleague.move_job(data, "on_hold")
        await poll(app, pilot)
        assert data not in column_ids(app, "interviewing") and focused(app) == (sre, "offer")

    live(path, body)


def test_a_colleagues_placement_shows_on_the_placements_board(desk):
    path, ids = desk

    async def body(app, pilot, colleague):
        await keys(pilot, "5")
        assert isinstance(app.screen, PlacementsBoardScreen)
        await keys(pilot, "j")
        kept = focused(app)
        assert kept[0] is not None
        sub = ids["sub_dev"]  # Dev, interviewing for the backend job: placed by a colleague
        moves.move_submission(colleague.conn, sub, "placed", expected_version=version(colleague.conn, "submission", sub),
                              placement=placement())
        new = colleague.conn.execute("SELECT id FROM placement WHERE submission_id = ?", (sub,)).fetchone()[0]
        await poll(app, pilot)
        assert new in app.screen.cards
        assert focused(app) == kept
        assert app.writes.live.seen == 1

    live(path, body)


def test_a_colleagues_move_in_a_pipeline_shows_with_the_cursor_kept(desk):
    path, ids = desk

    async def body(app, pilot, colleague):
        await keys(pilot, "4")
        while focused(app)[0] != ids["job_backend"]:
            await keys(pilot, "k")
        await keys(pilot, "enter")
        assert isinstance(app.screen, JobPipelineScreen)
        await keys(pilot, "j")
        kept = focused(app)
        other = next(s for s in (ids["sub_dev"], ids["sub_eva"]) if s != kept[0])
        moves.move_submission(colleague.conn, other, "rejected_by_us", exit_reason="not a fit",
                              expected_version=version(colleague.conn, "submission", other))
        await poll(app, pilot)
        assert app.screen.cards[other].stage == "rejected_by_us"
        assert focused(app) == kept

    live(path, body)


def test_a_colleagues_logged_call_shows_in_the_due_list_keeping_the_cursor(desk):
    path, ids = desk

    async def body(app, pilot, colleague):
        screen = app.screen
        assert isinstance(screen, DueScreen)
        await keys(pilot, "j", "j")
        kept = screen.table.cursor_key
        assert kept is not None
        before = set(screen._items)
        # a call back scheduled for today by a colleague: a new item
        due_store.log_activity(colleague.conn, "call_voicemail", "left a message", person_id=ids["hana"],
                               next_touch_on=clock.today())
        await poll(app, pilot)
        assert set(screen._items) - before  # the new item is on the list
        assert screen.table.cursor_key == kept

    live(path, body)


def test_an_open_dialog_is_not_disturbed_and_the_board_refreshes_when_it_closes(desk):
    path, ids = desk

    async def body(app, pilot, colleague):
        await keys(pilot, "4")
        board = app.screen
        kept = focused(app)
        loads = counting_loads(board)
        await keys(pilot, "m")
        assert isinstance(app.screen, PickDialog)
        await pilot.press(*"offe")
        await settle(pilot)
        typed = app.screen.query_one("Input").value
        colleague.move_job(ids["Platform Engineer"], "sourcing")
        await poll(app, pilot)
        assert isinstance(app.screen, PickDialog) and app.screen.query_one("Input").value == typed == "offe"
        assert loads == []  # nothing read under the dialog
        await keys(pilot, "escape")
        assert app.screen is board
        await until(pilot, lambda: ids["Platform Engineer"] in column_ids(app, "sourcing"))
        assert len(loads) == 1 and focused(app) == kept

    live(path, body)


def test_a_hidden_screen_refreshes_when_shown_not_before(desk):
    path, ids = desk

    async def body(app, pilot, colleague):
        await keys(pilot, "4")
        board = app.screen
        loads = counting_loads(board)
        await keys(pilot, "3")
        assert isinstance(app.screen, ClientsScreen)
        colleague.move_job(ids["Platform Engineer"], "offer")
        await poll(app, pilot)
        assert loads == []  # hidden: not read
        await keys(pilot, "4")
        assert app.screen is board and len(loads) == 1
        assert ids["Platform Engineer"] in column_ids(app, "offer")

    live(path, body)


def test_the_clients_list_shows_a_colleagues_new_client_keeping_the_cursor(desk):
    path, ids = desk

    async def body(app, pilot, colleague):
        await keys(pilot, "3")
        screen = app.screen
        await keys(pilot, "j")
        kept = screen.table.cursor_key
        rows = screen.table.row_count
        companies_write.create_company(colleague.conn, {"name": "Zenith Robotics", "bd_stage": "target"})
        await poll(app, pilot)
        assert screen.table.row_count == rows + 1
        assert screen.table.cursor_key == kept
        assert "Zenith Robotics" in screen_text(app)

    live(path, body)


def test_the_desks_own_write_is_no_change_and_nothing_is_redrawn_under_a_write_in_flight(desk):
    path, ids = desk

    async def body(app, pilot, colleague):
        await keys(pilot, "4")
        board = app.screen
        await keys(pilot, "L")  # the desk's own move
        assert app.writes.live.poll_now() is False
        gate = threading.Event()
        app.writes.submit(lambda conn: gate.wait(10), "held")  # a write in flight (queued, running)
        loads = counting_loads(board)
        colleague.move_job(ids["SRE Lead"], "offer")
        assert app.writes.live.poll_now() is True
        await pilot.pause()
        assert loads == []  # not while a write is on its way
        gate.set()
        await settle(pilot)
        assert len(loads) == 1  # the write's landing reloads, with the colleague's move
        assert ids["SRE Lead"] in column_ids(app, "offer")

    live(path, body)
