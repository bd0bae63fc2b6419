"""The submittal from a job's pipeline, as a recruiter does it (issue 15 item 4): mark two
candidates with space, S, choose Anonymise, ctrl+s — the message reaches a real SMTP server on
loopback with both CVs attached, both candidates are at Submitted, and the email is on the
timelines; ctrl+z takes the moves back. Hostile names stay text in the dialog."""

from __future__ import annotations

import pytest
from mail_server import MailServer
from seed import Names, keys, query, run_app, screen_text, settle, toasts, until
from submittal_desk import pipeline_desk
from textual.widgets import Select

from deskcrm.config import paths
from deskcrm.screens.dialogs.form import FormDialog
from deskcrm.screens.job_pipeline import JobPipelineScreen
from deskcrm.widgets.kanban import Kanban

HOSTILE = "Farah [@click=app.quit]x[/] \x1b[31mKhan"


def _config(port: int) -> None:
    folder = paths.config_file().parent
    folder.mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text(f'me = "SR"\n[mail]\nmethod = "smtp"\nfrom = "sam@desk.example"\n'
                                   f'host = "127.0.0.1"\nport = {port}\nsecurity = "none"\ntimeout = 5\n')


async def _open_pipeline(app, pilot, job_id: int) -> None:
    app.push_screen(JobPipelineScreen(job_id))
    await until(pilot, lambda: isinstance(app.screen, JobPipelineScreen) and app.screen.cards)
    await settle(pilot)


def test_mark_two_send_anonymised_then_both_submitted_and_on_the_timelines(tmp_path, today):
    path = tmp_path / "desk.db"
    ids = pipeline_desk(path, tmp_path, Names())
    with MailServer() as server:
        _config(server.port)

        async def body(app, pilot):
            await _open_pipeline(app, pilot, ids["job_backend"])
            board = app.screen.query_one(Kanban)
            assert board.focused[1] == "sourced"
            await keys(pilot, "space", "j", "space")
            assert sorted(app.screen.marked) == sorted(r[0] for r in query(
                path, "SELECT id FROM submission WHERE person_id IN (?, ?)", ids["farah"], ids["george"]))
            assert "✓ Farah Khan" in screen_text(app) and "✓ George Li" in screen_text(app)
            await keys(pilot, "S")
            await until(pilot, lambda: isinstance(app.screen, FormDialog))
            dialog = app.screen
            shown = screen_text(app)
            assert "bo@example.com" in shown and "Bo Chen (hiring manager)" in shown
            assert "2 candidates: Farah Khan, George Li" in shown
            await keys(pilot, "tab", "tab", "enter", "down", "enter")  # Anonymise: Yes
            assert dialog.query_one("#field-anonymise", Select).value == "yes"
            await keys(pilot, "ctrl+s")
            await until(pilot, lambda: len(server.received) == 1 and not app.writes.busy)
            await settle(pilot)
            assert app.screen.marked == {}
            assert "✓" not in screen_text(app)
            assert {r[0] for r in query(path, "SELECT stage FROM submission WHERE person_id IN (?, ?)",
                                        ids["farah"], ids["george"])} == {"submitted"}
            assert app.screen.query_one(Kanban).focused[1] == "submitted"
            await keys(pilot, "ctrl+z")  # the moves back; the message has gone
            assert {r[0] for r in query(path, "SELECT stage FROM submission WHERE person_id IN (?, ?)",
                                        ids["farah"], ids["george"])} == {"sourced"}

        run_app(path, body)
    (got,) = server.received
    assert got.recipients == ["bo@example.com"]
    files = sorted(p.get_filename() for p in got.message.iter_attachments())
    assert files == ["Candidate A - CV.txt", "Candidate B - CV.txt"]
    body_text = got.message.get_body(("plain",)).get_content()
    assert "Farah" not in body_text and "Candidate B" in body_text
    emails = query(path, "SELECT person_id FROM activity WHERE kind = 'email' AND job_id = ? AND person_id IS NOT NULL",
                   ids["job_backend"])
    assert sorted(r[0] for r in emails) == sorted([ids["farah"], ids["george"], ids["bo"]])


@pytest.mark.parametrize("size", [(80, 24)])
def test_hostile_names_are_text_in_the_dialog_and_nothing_marked_sends_the_focused(tmp_path, today, size):
    path = tmp_path / "desk.db"
    ids = pipeline_desk(path, tmp_path, Names(farah=HOSTILE, bo="[b]Bo[/b] \u202eChen", job_backend="[/] Role"))

    async def body(app, pilot):
        await _open_pipeline(app, pilot, ids["job_backend"])
        await keys(pilot, "space")
        assert "✓ Farah [@click=…" in screen_text(app)  # literal, cut at the card's width
        await keys(pilot, "space")  # unmarked: nothing marked, S takes the card under the cursor
        await keys(pilot, "S")
        await until(pilot, lambda: isinstance(app.screen, FormDialog))
        shown = screen_text(app)
        assert "[@click=app.quit]x[/]" in shown and "␛[31mKhan" in shown and "\x1b" not in shown
        assert "1 candidate:" in shown
        assert "^s Send" in shown.splitlines()[-1] and "Save" not in shown  # ctrl+s named for what it does
        await keys(pilot, "b", "o", "@", "ctrl+s")  # a hurried address: said at the field, nothing sent
        await settle(pilot)
        assert "'bo@' is not an email address" in screen_text(app)
        assert not any("check To" in t for t in toasts(app))  # one field: its error is where the cursor is
        await keys(pilot, *"example.com", "ctrl+s")  # no [mail] on this desk: one toast, nothing moves
        await until(pilot, lambda: any(n.severity == "error" for n in app._notifications))
        (failed,) = [n for n in app._notifications if n.severity == "error"]
        assert failed.title == "Not sent" and failed.message.startswith("/")  # "not sent" said once
        assert "mail is not set up" in failed.message
        assert isinstance(app.screen, JobPipelineScreen)
        assert query(path, "SELECT stage FROM submission WHERE person_id = ?", ids["farah"]) == [("sourced",)]

    run_app(path, body, size)
