"""Call outcomes (t / v / u): the call is logged and the next touch scheduled, on the person
screen and on a search result; ctrl+z takes both back; the due list's "Call back / follow up";
[touch] settings; a long note in $EDITOR."""

from __future__ import annotations

import asyncio
import contextlib
import os
import stat
from datetime import timedelta

import pytest
from seed import index, query, screen_text, seed, settle

from deskcrm.work import editor
from deskcrm.config import settings as settings_mod
from deskcrm.app import DeskApp
from deskcrm.screens.person import PersonScreen
from deskcrm.config.settings import ConfigError, Settings
from deskcrm.store import db, due_store, journal
from deskcrm.domain.touch import TouchSettings, next_touch, when

SIZE = (120, 40)


@pytest.fixture
def desk(tmp_path, today):
    path = tmp_path / "desk.db"
    ids = seed(path)
    return path, ids


@pytest.fixture
def store_desk(desk_path, today):
    """The same desk on each engine under test (the store tests; the screens' run on a file)."""
    return desk_path, seed(desk_path)


def person_row(path, pid):
    return query(path, "SELECT next_touch_on, last_contact_at FROM person WHERE id = ?", pid)[0]


def calls(path, pid):
    return query(path, "SELECT kind, body FROM activity WHERE person_id = ? AND kind LIKE 'call%' ORDER BY id", pid)


# --------------------------------------------------------------------------- pure + settings


def test_next_touch_per_outcome(today):
    assert next_touch("call_talked", today) == today + timedelta(days=30)
    assert next_touch("call_voicemail", today) == today + timedelta(days=2)
    assert next_touch("call_no_answer", today) == today + timedelta(days=1)
    assert next_touch("email", today) is None
    assert next_touch("call_talked", today, TouchSettings(talked_days=14)) == today + timedelta(days=14)
    assert when(today + timedelta(days=1), today) == "tomorrow"
    assert when(today + timedelta(days=2), today) == "Fri 20 Nov"


def test_touch_settings_are_read_and_checked(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[touch]\ntalked_days = 21\nno_answer_days = 3\n", encoding="utf-8")
    s = settings_mod.load(path)
    assert settings_mod.touch_settings(s) == TouchSettings(talked_days=21, voicemail_days=2, no_answer_days=3)
    for body, message in (
        ("[touch]\ntalked_days = 0\n", "[touch] talked_days must be a whole number of days ≥ 1"),
        ('[touch]\nvoicemail_days = "soon"\n', "[touch] voicemail_days must be a whole number of days ≥ 1"),
        ("[touch]\nlater_days = 3\n", "[touch] later_days is not a setting; did you mean talked_days? known: no_answer_days, talked_days"),
        ("touch = 3\n", "[touch] must be a table of numbers"),
    ):
        path.write_text(body, encoding="utf-8")
        with pytest.raises(ConfigError) as err:
            settings_mod.load(path)
        assert message in str(err.value) and str(path) in str(err.value)


# --------------------------------------------------------------------------- store


def test_an_outcome_is_one_transaction_and_undo_takes_back_both(store_desk, today):
    path, ids = store_desk
    before = person_row(path, ids["george"])
    conn = db.connect(path)
    txn = due_store.log_activity(conn, "call_voicemail", "", person_id=ids["george"],
                                 next_touch_on=today + timedelta(days=2))
    conn.close()
    nxt, last = person_row(path, ids["george"])
    assert nxt == "2026-11-20" and last != before[1]
    assert query(path, "SELECT entity FROM event WHERE txn = ? ORDER BY id", txn) == [("activity",), ("person",)]
    conn = db.connect(path)
    with db.write(conn):
        journal.undo(conn, txn)
    conn.close()
    assert person_row(path, ids["george"]) == before
    # no answer is not contact: the next touch moves, the last contact does not
    conn = db.connect(path)
    due_store.log_activity(conn, "call_no_answer", "", person_id=ids["george"], next_touch_on=today)
    conn.close()
    assert person_row(path, ids["george"]) == ("2026-11-18", before[1])


def test_follow_ups_are_loaded_and_listed(store_desk, today):
    path, ids = store_desk
    conn = db.connect(path)
    with db.write(conn):
        conn.execute("UPDATE person SET next_touch_on = '2026-11-18' WHERE id IN (?, ?, ?)",
                     (ids["george"], ids["bo"], ids["ivan"]))
        conn.execute("UPDATE person SET next_touch_on = '2026-11-19' WHERE id = ?", (ids["dev"],))
        conn.execute("UPDATE candidate_profile SET status = 'do_not_contact' WHERE person_id = ?", (ids["ivan"],))
    facts = due_store.load_facts(conn, today)
    conn.close()
    found = {f.person_id: f for f in facts.follow_ups}
    assert set(found) == {ids["george"], ids["bo"]}  # not tomorrow's, not do-not-contact
    assert found[ids["bo"]].company == "Northwind Logistics"  # a contact: their company
    assert (found[ids["bo"]].last_call, str(found[ids["bo"]].last_call_on)) == ("call_talked", "2026-10-10")
    assert found[ids["george"]].last_call is None  # emailed, never called


# --------------------------------------------------------------------------- screens


async def open_person(pilot, pid):
    await settle(pilot)
    screen = PersonScreen(pid)
    pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


def test_outcome_keys_on_the_person_screen_then_undo(desk, today):
    path, ids = desk
    lena = ids["lena"]
    before = person_row(path, lena)

    async def go():
        app = DeskApp(path, Settings(touch={"talked_days": 7}))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            screen = await open_person(pilot, lena)
            assert "Next touch" not in screen_text(app)
            await pilot.press("t")
            await settle(pilot)
            assert calls(path, lena)[-1] == ("call_talked", "")
            assert person_row(path, lena)[0] == "2026-11-25"  # [touch] talked_days = 7
            shown = screen_text(app)
            assert "Call: talked — Lena Hoffmann · next touch Wed 25 Nov" in shown
            assert "Next touch   25 Nov 2026 (in 7 days)" in str(screen.query_one("#contact").render())
            await pilot.press("v")
            await settle(pilot)
            assert person_row(path, lena)[0] == "2026-11-20"
            await pilot.press("ctrl+z")  # the voicemail goes; the talked call stays
            await settle(pilot)
            assert calls(path, lena)[-1] == ("call_talked", "")
            assert person_row(path, lena)[0] == "2026-11-25"
            await pilot.press("ctrl+z")
            await settle(pilot)
            assert person_row(path, lena) == before
            assert [k for k, _ in calls(path, lena)] == ["call_talked"]  # the seeded one only
            assert "Next touch" not in screen_text(app)
            await pilot.press("u", "a")  # no answer, then a note can follow
            await pilot.pause()
            assert "Log activity" in screen_text(app)

    asyncio.run(go())


def test_outcome_on_a_search_result_then_undo_from_search(desk, today):
    path, ids = desk
    index(path)
    dev = ids["dev"]

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("2")
            await settle(pilot)
            await pilot.press("t")  # typed into the query box: not an outcome
            await settle(pilot)
            assert app.screen.query_input.value == "t"
            await pilot.press("backspace", *"dev pat", "enter")  # best match, focus on the results
            await settle(pilot)
            assert "t Talked" in screen_text(app)
            await pilot.press("v")
            await settle(pilot)
            assert calls(path, dev)[-1] == ("call_voicemail", "")
            assert person_row(path, dev)[0] == "2026-11-20"
            assert "Call: left voicemail — Dev Patel · next touch Fri 20 Nov" in screen_text(app)
            await pilot.press("1")  # another section: its own undo
            await settle(pilot)
            await pilot.press("ctrl+z")
            await settle(pilot)
            assert "Nothing to undo in this section" in screen_text(app)
            assert person_row(path, dev)[0] == "2026-11-20"
            await pilot.press("2")  # the query box, "dev pat" still in it
            await settle(pilot)
            await pilot.press("enter")  # the best matches, the results focused
            await settle(pilot)
            await pilot.press("enter")  # open the person from the results: same section
            await settle(pilot)
            assert isinstance(app.screen, PersonScreen) and app.screen.person_id == dev
            await pilot.press("ctrl+z")  # undoes the outcome logged on the search screen
            await settle(pilot)
            assert person_row(path, dev)[0] is None
            assert calls(path, dev)[-1][0] == "call_voicemail" and len(calls(path, dev)) == 1  # seeded one

    asyncio.run(go())


def test_due_list_shows_call_back_instead_of_nurture(desk, today):
    path, ids = desk
    conn = db.connect(path)
    with db.write(conn):  # Farah is 10 days into nurture; a call-back for today replaces it
        conn.execute("UPDATE person SET next_touch_on = '2026-11-18' WHERE id = ?", (ids["farah"],))
    conn.close()

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            shown = screen_text(app)
            assert "Call back / follow up (last call 10 Aug: talked)" in shown
            assert "Gone cold" not in shown
            assert "15 due" in shown  # one item for Farah, as before

    asyncio.run(go())


# --------------------------------------------------------------------------- $EDITOR


def fake_editor(tmp_path, body: str, status: int = 0):
    script = tmp_path / "fake-editor.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$(cat "$1") {body}" > "$1"\nexit {status}\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def test_editor_round_trip_and_failures(tmp_path, monkeypatch):
    script = fake_editor(tmp_path, "and more")
    assert editor.edit("First line", [script]) == "First line and more"
    monkeypatch.setenv("EDITOR", f"{script} --wait")
    assert editor.command() == [script, "--wait"]
    monkeypatch.delenv("EDITOR")
    assert editor.command() == ["vi"]
    with pytest.raises(editor.EditorError, match="no editor 'no-such-editor-x' found: set \\$EDITOR"):
        editor.edit("kept", ["no-such-editor-x"])
    with pytest.raises(editor.EditorError, match="exited with status 3; your note is unchanged"):
        editor.edit("kept", [fake_editor(tmp_path, "x", status=3)])
    assert not [p for p in os.listdir(os.environ.get("TMPDIR", "/tmp")) if p.startswith("deskcrm-note-")]


def test_ctrl_e_in_the_activity_dialog_uses_the_editor(desk, tmp_path, monkeypatch):
    """Headless Textual cannot suspend; App.suspend is replaced by a no-op around the real
    editor call, so the key, the subprocess and the text coming back are all exercised."""
    path, ids = desk
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "Long note from the editor"))
    monkeypatch.setattr(DeskApp, "suspend", lambda self: contextlib.nullcontext())

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_person(pilot, ids["lena"])
            await pilot.press("a", "m", *"Met", "ctrl+e")
            await settle(pilot)
            assert app.screen.query_one("#body").text == "Met Long note from the editor"
            assert "ctrl+e editor" in screen_text(app)
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert query(path, "SELECT kind, body FROM activity ORDER BY id DESC LIMIT 1") == [
            ("meeting", "Met Long note from the editor")]

    asyncio.run(go())


def test_ctrl_e_without_an_editor_keeps_the_note(desk, monkeypatch):
    path, ids = desk
    monkeypatch.setenv("EDITOR", "no-such-editor-x")
    monkeypatch.setattr(DeskApp, "suspend", lambda self: contextlib.nullcontext())

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_person(pilot, ids["lena"])
            await pilot.press("a", "o", *"Keep me", "ctrl+e")
            await settle(pilot)
            assert app.screen.query_one("#body").text == "Keep me"
            assert "no editor 'no-such-editor-x' found" in screen_text(app)

    asyncio.run(go())


def test_ctrl_e_where_the_terminal_cannot_suspend(desk):
    path, ids = desk  # the headless driver cannot suspend: a clear notice, the note stays

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_person(pilot, ids["lena"])
            await pilot.press("a", "o", *"Keep me", "ctrl+e")
            await settle(pilot)
            assert app.screen.query_one("#body").text == "Keep me"
            assert "cannot hand over to an editor" in screen_text(app)

    asyncio.run(go())


def test_a_right_after_an_outcome_writes_that_calls_note(desk, today):
    path, ids = desk
    lena = ids["lena"]

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            screen = await open_person(pilot, lena)
            await pilot.press("t")
            await settle(pilot)
            await pilot.press("a")
            await pilot.pause()
            shown = screen_text(app)
            assert "Note on the call just logged (Call: talked)" in shown
            await pilot.press(*"Back from leave in May", "ctrl+s")
            await settle(pilot)
            assert calls(path, lena)[-1] == ("call_talked", "Back from leave in May")
            assert len(calls(path, lena)) == 2  # the seeded call and this one: no second activity
            assert "Note added to Call: talked" in screen_text(app)
            assert screen.record.timeline[0].body == "Back from leave in May"
            await pilot.press("ctrl+z")  # the note goes, the call stays
            await settle(pilot)
            assert calls(path, lena)[-1] == ("call_talked", "")
            await pilot.press("a")  # nothing pending now: the usual dialog, pick a kind
            await pilot.pause()
            assert "Note on the call" not in screen_text(app)
            await pilot.press("escape")
            # picking another kind in the note dialog logs a new activity instead
            await pilot.press("u", "a")
            await settle(pilot)
            await pilot.press("shift+tab", "e", *"Sent the spec", "ctrl+s")
            await settle(pilot)
            assert query(path, "SELECT kind, body FROM activity WHERE person_id = ? ORDER BY id DESC LIMIT 2", lena) == [
                ("email", "Sent the spec"), ("call_no_answer", "")]

    asyncio.run(go())


def test_a_on_a_search_result_after_an_outcome(desk, today):
    path, ids = desk
    index(path)

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("2", *"eva nov", "enter")
            await settle(pilot)
            await pilot.press("v", "a")
            await settle(pilot)
            await pilot.press(*"Try Friday", "ctrl+s")
            await settle(pilot)
            assert calls(path, ids["eva"])[-1] == ("call_voicemail", "Try Friday")

    asyncio.run(go())


def test_do_not_contact_is_asked_about_before_a_call_or_a_submission(desk, today):
    path, ids = desk
    lena = ids["lena"]
    conn = db.connect(path)
    with db.write(conn):
        conn.execute("UPDATE candidate_profile SET status = 'do_not_contact' WHERE person_id = ?", (lena,))
    conn.close()
    before = calls(path, lena)

    async def go():
        app = DeskApp(path, Settings())
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_person(pilot, lena)
            await pilot.press("t")
            await settle(pilot)
            shown = screen_text(app)
            assert "Lena Hoffmann is marked do not contact." in shown and "No next touch will be set" in shown
            await pilot.press("escape")  # not logged
            await settle(pilot)
            assert calls(path, lena) == before
            await pilot.press("t", "y")  # logged, with no next touch
            await settle(pilot)
            assert calls(path, lena)[-1] == ("call_talked", "") and person_row(path, lena)[0] is None
            assert "Lena Hoffmann · no next touch (do not" in screen_text(app)
            await pilot.press("s")
            await settle(pilot)
            assert "Submit them to a job order anyway?" in screen_text(app)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, PersonScreen)  # no job picker

    asyncio.run(go())


def test_the_log_dialog_uses_the_outcome_keys():
    """One meaning, one key: a call outcome in the Log-activity dialog is the key it is on the
    person screen and the search results (u no answer, not n)."""
    from deskcrm.screens.dialogs.activity import KIND_BY_KEY
    from deskcrm.domain.touch import OUTCOMES

    for outcome in OUTCOMES:
        assert KIND_BY_KEY[outcome.key] == outcome.kind
    assert "n" not in KIND_BY_KEY
    assert {"e": "email", "m": "meeting", "o": "note"}.items() <= KIND_BY_KEY.items()


def test_u_in_the_log_dialog_is_a_call_with_no_answer(desk, today):
    path, ids = desk
    lena = ids["lena"]

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_person(pilot, lena)
            await pilot.press("a")
            await pilot.pause()
            shown = screen_text(app)
            assert "t v u e m o pick" in shown and "u  Call — no answer" in shown
            await pilot.press("n")  # not a kind (any more): nothing is picked
            await pilot.pause()
            assert app.screen.focused.id == "kinds"
            await pilot.press("u", *"Rang twice", "ctrl+s")
            await settle(pilot)
            assert calls(path, lena)[-1] == ("call_no_answer", "Rang twice")

    asyncio.run(go())


def test_relative_days_read_naturally(today):
    from deskcrm.screens.panels import ago

    assert [ago(today + timedelta(days=n), today) for n in (-2, -1, 0, 1, 2)] == [
        "2 days ago", "yesterday", "today", "tomorrow", "in 2 days"]  # never "in 1 days"
