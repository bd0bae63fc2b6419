"""At 80 columns a table fits the screen (``widgets.columns``): the Outbox's subject, a pool's
employer and the Clients list's owner come out whole or ending in "…" — never cut mid-word at the
screen's edge with no sign that text is missing. Hostile text in a narrowed cell stays literal."""

from __future__ import annotations

from seed import index, run_app, screen_text, seed, unsent, until
from test_hostile import assert_safe

from deskcrm.widgets.columns import clip, fit_widths

SUBJECT = "Second interview at Northwind Robotics for the senior backend role [@click=app.quit]x[/] \x1b[31m"
EMPLOYER = "Northwind Robotics Engineering International GmbH [/] \u202eevil"


def test_the_widest_column_that_may_give_way_narrows_first_and_a_fixed_one_never():
    assert fit_widths([5, 40, 26], [None, 16, 14], 66, 2) == [5, 29, 26]
    assert fit_widths([5, 40], [None, 16], 200, 2) == [5, 40]  # room to spare: as asked
    assert fit_widths([5, 40], [None, 16], 10, 2) == [5, 16]  # no further: the table scrolls
    assert fit_widths([5, 30, 40], [None, 10, 16], 100, 2, grow=True) == [5, 30, 59]  # the spare: to the last
    assert clip("Employer", 6) == "Emplo…" and clip("Own", 3) == "Own" and clip("Owner", 0) == ""


def _lines_with(shown: str, needle: str) -> list[str]:
    return [line.rstrip() for line in shown.splitlines() if needle in line]


def test_the_outbox_at_80_columns_ends_a_long_subject_in_an_ellipsis(tmp_path, today):
    from deskcrm.screens.outbox_view import OutboxScreen

    path = tmp_path / "desk.db"
    unsent(path, seed(path)["dev"], SUBJECT)

    async def body(app, pilot):
        app.push_screen(OutboxScreen())
        await until(pilot, lambda: "Second interview" in screen_text(app))
        shown = screen_text(app)
        (row,) = _lines_with(shown, "Second interview")
        assert row.endswith("…") and "dev@example.com" in row
        assert "Subject" in _lines_with(shown, "Tries")[0]
        assert_safe(app, shown)

    run_app(path, body, size=(80, 24))


def test_a_pools_people_and_the_clients_list_at_80_columns(tmp_path, today):
    from deskcrm.screens.clients import ClientsScreen
    from deskcrm.screens.pool_people import PoolPeopleScreen
    from deskcrm.store import db, pools

    path = tmp_path / "desk.db"
    ids = seed(path)
    index(path)
    conn = db.connect(path)
    with db.write(conn):
        conn.execute("UPDATE candidate_profile SET current_employer = ? WHERE person_id = ?", (EMPLOYER, ids["dev"]))
    pool_id = pools.add_to_pool(conn, "Backend", [ids["dev"]]).pool.id
    conn.close()

    async def body(app, pilot):
        app.push_screen(PoolPeopleScreen(pool_id, "Backend"))
        await until(pilot, lambda: "Northwind" in screen_text(app))
        shown = screen_text(app)
        (row,) = _lines_with(shown, "Northwind")
        employer = row.split("Northwind", 1)[1].split("  ", 1)[0]  # up to the next column
        assert employer.endswith("…") and "Senior Backend" in row and row.endswith("…")
        assert "Employer" in shown and "Headline" in shown  # both titles on screen
        assert_safe(app, shown)
        app.pop_screen()
        await pilot.press("3")
        await until(pilot, lambda: isinstance(app.screen, ClientsScreen) and "Owner" in screen_text(app))
        header = _lines_with(screen_text(app), "BD stage")[0]
        assert header.endswith("Owner")  # the whole title, not "Own"

    run_app(path, body, size=(80, 24))
