"""Issue 15 item 3 in the TUI, one user path: Due today's two gone-cold candidates in a nurture
batch (one with a hostile name, shown as text), one skipped with space, enter sends the other to a
real SMTP server on loopback; the toast sums it up and only the one sent is logged."""

from __future__ import annotations

import sqlite3

from mail_server import MailServer
from seed import Names, keys, query, run_app, screen_text, seed, settle, toasts, until

from deskcrm.config import paths
from deskcrm.screens.dialogs.nurture_batch import NurtureBatchDialog
from deskcrm.screens.due import DueScreen

HOSTILE = "George [@click=app.quit] [/] \x1b[31mLi\u202eevil"


def test_two_gone_cold_one_skipped_one_sent(tmp_path, today):
    path = tmp_path / "desk.db"
    ids = seed(path, Names(george=HOSTILE))
    with sqlite3.connect(path) as con:  # George gone cold too (as Farah: 100 days since the last touch)
        con.execute("UPDATE person SET last_contact_at = (SELECT last_contact_at FROM person WHERE id = ?) WHERE id = ?",
                    (ids["farah"], ids["george"]))
    before = query(path, "SELECT count(*) FROM activity WHERE kind = 'email'")[0][0]
    with MailServer() as server:
        config = paths.config_file()
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(f'me = "SR"\n[mail]\nmethod = "smtp"\nhost = "127.0.0.1"\nport = {server.port}\n'
                          'security = "none"\nfrom = "sam@agency.example"\ntimeout = 5\n')

        async def body(app, pilot):
            assert isinstance(app.screen, DueScreen)
            await keys(pilot, "B")
            await until(pilot, lambda: isinstance(app.screen, NurtureBatchDialog))
            await settle(pilot)
            shown = screen_text(app)
            assert "Nurture batch: 2 gone cold" in shown and "farah@example.com" in shown
            assert "George [@click=app.quit] [/] ␛[31m" in shown and "\x1b" not in shown  # as text
            assert "2 to send · 0 skipped" in shown and "space Skip" in shown.splitlines()[-1]
            dialog = app.screen
            george = next(i for i, item in enumerate(dialog._items) if item.person_id == ids["george"])
            await keys(pilot, *["j"] * george, "space")
            assert "1 to send · 1 skipped" in screen_text(app)
            await keys(pilot, "enter")
            await until(pilot, lambda: "Sent 1, 1 skipped" in toasts(app))
            await settle(pilot)
            assert "Done: 1 sent — esc closes" in screen_text(app)  # each row says how it went
            await keys(pilot, "escape")
            assert isinstance(app.screen, DueScreen) and app.is_running

        run_app(path, body)
    (got,) = server.received
    assert got.recipients == ["farah@example.com"] and got.message["Subject"] == "Keeping in touch"
    assert got.message.get_body(("plain",)).get_content().startswith("Hi Farah,")
    logged = query(path, "SELECT person_id FROM activity WHERE kind = 'email' ORDER BY id")[before:]
    assert logged == [(ids["farah"],)]
    assert query(path, "SELECT state, to_addrs FROM outbox") == [("sent", "farah@example.com")]
