"""The mail automations in the TUI, one user path: a move to Interviewing proposes the prep
email and the confirmation with the invite (enter sends both); with client_checkin = "send" a
30-day check-in marked done sends the client check-in without asking."""

from __future__ import annotations

from seed import keys, query, run_app, screen_text, seed, settle, until
from textual.widgets import Input

from deskcrm.config import paths
from deskcrm.screens.dialogs.confirm import ConfirmDialog
from deskcrm.screens.job_pipeline import JobPipelineScreen


def test_interview_emails_are_proposed_and_the_check_in_sent_without_asking(tmp_path, today):
    path = tmp_path / "desk.db"
    ids = seed(path)
    out = tmp_path / "out"
    out.mkdir()
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'me = "SR"\n[mail]\nmethod = "file"\nfolder = "{out}"\nfrom = "sam@agency.example"\n'
                      '[mail.automations]\nclient_checkin = "send"\n')
    emails = query(path, "SELECT count(*) FROM activity WHERE kind = 'email'")[0][0]

    async def body(app, pilot):
        await keys(pilot, "4", "enter")
        assert isinstance(app.screen, JobPipelineScreen)
        await keys(pilot, "L")  # Lena: Submitted -> Interviewing asks when
        box = app.screen.query_one("#field-interview_at", Input)
        box.value = "2026-11-25 14:00"
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        shown = screen_text(app)
        assert "Interview prep (with the calendar invite)" in shown and "To: lena@example.com" in shown
        assert "Interview confirmation (with the calendar invite)" in shown and "To: bo@example.com" in shown
        await keys(pilot, "enter")
        await until(pilot, lambda: len(list(out.glob("*.eml"))) == 2)
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmDialog)
        await keys(pilot, "escape", "1")  # Due today: the 30-day check-in of P2 (Ben at Northwind)
        table = app.screen.table
        await pilot.press("g")
        for _ in range(40):
            if table.cursor_key == f"checkin30:p{ids['p2']}":
                break
            await pilot.press("j")
        await keys(pilot, "x")
        await until(pilot, lambda: len(list(out.glob("*.eml"))) == 3)
        await settle(pilot)

    run_app(path, body)
    messages = [p.read_bytes() for p in sorted(out.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)]
    assert all(b"text/calendar" in m for m in messages[:2]) and b"text/calendar" not in messages[2]
    assert b"To: bo@example.com" in messages[2] and b"Checking in from" in messages[2]
    logged = query(path, "SELECT person_id FROM activity WHERE kind = 'email' ORDER BY id")[emails:]
    # each email is logged on who it went to (store.outbox): the prep on Lena, the confirmation and the check-in on Bo
    assert sorted(r[0] for r in logged if r[0] is not None) == sorted([ids["lena"], ids["bo"], ids["bo"]])


def test_the_proposal_shows_hostile_values_as_text(tmp_path, today):
    from deskcrm.domain.mail import Draft
    from deskcrm.store.mail_proposals import Proposal

    path = tmp_path / "desk.db"
    seed(path)
    hostile = "[@click=app.quit] [/] \x1b[31m\u202eevil"
    found = [Proposal("interview_prep", "Interview prep",
                      Draft(to=(f"{hostile}@x.example",), subject=f"Your interview {hostile}", body="", ics=b"x"))]

    async def body(app, pilot):
        from deskcrm.screens.mail_automation import proposal_text

        app.push_screen(ConfirmDialog(f"Send {hostile}?", proposal_text(found), cancel="not now"))
        await settle(pilot)
        shown = screen_text(app)
        assert "Your interview [@click=app.quit] [/] ␛[31m" in shown and "\x1b" not in shown
        footer = shown.splitlines()[-1]  # the footer says what the line under the question says
        assert "y / enter yes · esc not now" in shown and "esc Not now" in footer
        assert "Cancel" not in footer and "n No" not in footer
        await keys(pilot, "escape")
        assert not isinstance(app.screen, ConfirmDialog) and app.is_running

    run_app(path, body)
