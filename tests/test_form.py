"""The form dialog: errors at the field as you type, nothing lost, and a failed save (a
conflict) re-opens the form with everything typed and the reason on top."""

from __future__ import annotations

import asyncio
import functools
from datetime import date

from seed import screen_text, seed, settle
from textual.app import App
from textual.widgets import Input, Static

from deskcrm.config import settings as settings_mod
from deskcrm.domain import dates, validate
from deskcrm import text
from deskcrm.app import DeskApp
from deskcrm.screens.dialogs.form import FormDialog, FormField, FormResult
from deskcrm.store.errors import Conflict

SIZE = (100, 30)


def sync(fn):
    @functools.wraps(fn)
    def run(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))

    return run


def _fields() -> list[FormField]:
    return [
        FormField("name", "Name", validate.required(), required=True),
        FormField("email", "Email", validate.email),
        FormField("salary", "Desired salary", validate.money, hint="85k, 85,000 or 85000"),
        FormField("start", "Start", dates.day),
        FormField("status", "Status", choices=(("active", "Active"), ("passive", "Passive")), value="active"),
    ]


def _after_start(values):
    if values["start"] and values["start"] < date(2026, 1, 1):
        return {"start": "must be in 2026 or later"}
    return {}


class FormApp(App):
    def __init__(self, form: FormDialog) -> None:
        super().__init__()
        self.form = form
        self.results: list[FormResult] = []

    def on_mount(self) -> None:
        self.push_screen(self.form, self.results.append)


def _error(app, name: str) -> str:
    widget = app.screen.query_one(f"#error-{name}", Static)
    return str(widget.render()) if widget.has_class("-shown") else ""


@sync
async def test_invalid_email_is_shown_at_the_field_then_fixed():
    app = FormApp(FormDialog("New person", _fields(), check=_after_start))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Jane Doe", "tab", *"jane@", "tab")
        assert "not an email address" in _error(app, "email")
        await pilot.press("ctrl+s")
        assert app.results == []  # not saved
        assert app.screen.focused.id == "field-email"  # focus goes to the field to fix
        await pilot.press(*"example.com")
        assert _error(app, "email") == ""
        await pilot.press("tab", *"85,000", "tab", *"3/2/2026", "ctrl+s")
        await pilot.pause()
        [result] = app.results
        assert result.values == {
            "name": "Jane Doe", "email": "jane@example.com", "salary": 85000.0,
            "start": date(2026, 2, 3), "status": "active",
        }
        assert result.raw["salary"] == "85,000" and not result.cancelled


@sync
async def test_cross_field_check_and_required():
    app = FormApp(FormDialog("New person", _fields(), check=_after_start))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        assert _error(app, "name") == "required"
        await pilot.press(*"Jane", "tab", "tab", "tab", *"2025-05-01", "ctrl+s")
        assert app.results == []
        assert _error(app, "start") == "must be in 2026 or later"


@sync
async def test_escape_asks_before_discarding_typed_text():
    app = FormApp(FormDialog("New person", _fields()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Jane", "escape")
        assert app.results == [] and "esc again" in str(app.screen.query_one("#form-banner", Static).render())
        await pilot.press("escape")
        [result] = app.results
        assert result.cancelled and result.raw["name"] == "Jane"


@sync
async def test_hostile_labels_values_and_errors_are_plain_text():
    hostile = "[@click=app.quit]Jane [Acme Ltd][/]\x1b[31m"
    fields = [FormField("name", hostile, validate.required(), value=hostile, hint=hostile)]
    app = FormApp(FormDialog(hostile, fields, banner=hostile))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # the value is kept as it is, and its ESC sequence is drawn visibly instead of reaching the terminal
        assert app.screen.query_one("#field-name", Input).value == hostile
        assert text.clean(hostile) in screen_text(app)
        shown = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "[@click=app.quit]Jane [Acme Ltd][/]" in shown and "\x1b" not in shown


@sync
async def test_a_conflicting_save_reopens_the_form_with_what_was_typed(tmp_path, today):
    path = tmp_path / "desk.db"
    seed(path)
    app = DeskApp(path, settings_mod.load())
    saved: list[dict] = []

    def op_for(values):
        def op(conn):
            if not saved:
                saved.append(values)
                raise Conflict("person 1 was changed elsewhere since you opened it; reload and try again")
            saved.append(values)
            return "txn-1"
        return op

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.form_write(lambda raw, banner: FormDialog("Edit", _fields(), raw=raw, banner=banner), op_for, "Saved")
        await pilot.pause()
        await pilot.press(*"Jane", "tab", *"jane@example.com", "ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormDialog)
        assert "changed elsewhere" in str(form.query_one("#form-banner", Static).render())
        assert form.query_one("#field-email", Input).value == "jane@example.com"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormDialog)
        assert len(saved) == 2 and saved[1]["email"] == "jane@example.com"
        assert app.undo_log["due"] == ["txn-1"]


@sync
async def test_pasted_escape_sequences_are_kept_drawn_visibly_and_refused_at_the_field():
    from textual import events

    for field, paste, drawn in (
        (FormField("notes", "Notes", multiline=True), "line one\n\x1b[2Jgone\u202e", "\u241b[2Jgone\ufffd"),
        (FormField("notes", "Name"), "Jane\x1b]0;title\x07", "Jane\u241b]0;title\u2407"),
    ):
        app = FormApp(FormDialog("Edit", [field]))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.post_message(events.Paste(paste))  # as a terminal sends it: to the focused box
            await pilot.pause()
            assert app.screen.raw()["notes"] == paste  # nothing lost
            assert drawn in screen_text(app)  # nothing raw drawn
            assert "control character (␛)" in _error(app, "notes")  # refused at once
            await pilot.press("ctrl+s")
            assert app.results == []


@sync
async def test_escape_on_a_reopened_form_still_asks_before_dropping_the_typing():
    """A form re-opened after a conflict or a duplicate check holds unsaved typing: esc asks."""
    form = FormDialog("Edit Jane", _fields(), raw={"name": "Jane Doe", "email": "jane@x.io"})
    form.unsaved = True
    app = FormApp(form)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        assert app.results == [] and "esc again" in str(app.screen.query_one("#form-banner", Static).render())
        await pilot.press("escape")
        [result] = app.results
        assert result.cancelled and result.raw["name"] == "Jane Doe"


@sync
async def test_escape_on_an_untouched_form_closes_at_once():
    hostile = "Jane\x1b[31m"
    app = FormApp(FormDialog("Edit", [FormField("name", "Name", value=hostile),
                                      FormField("status", "Status", choices=(("a", "A"),), value="gone")]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        [result] = app.results
        assert result.cancelled


@sync
async def test_every_mistake_shows_at_once_even_when_one_field_does_not_parse():
    def check(values):
        if values["start"] is not None and values["start"] < date(2026, 1, 1):
            return {"start": "before the offer"}
        return {}

    app = FormApp(FormDialog("Place", _fields(), check=check))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Jane", "tab", "tab", *"lots", "tab", *"2025-05-01", "ctrl+s")
        await pilot.pause()
        shown = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "before the offer" in shown  # the cross-field error, though salary does not parse
        assert "Desired salary" in shown and app.results == []


def _burst(app, keys: str, *then: str) -> None:
    """Keys arriving in one burst, as a terminal sends a fast typist's (or tmux's) keys: all are
    queued at the app before any is handled."""
    from textual import events

    for ch in keys:
        app.post_message(events.Key(ch, ch))
    for key in then:
        app.post_message(events.Key(key, None))


@sync
async def test_a_burst_of_typing_then_ctrl_s_saves_every_key():
    app = FormApp(FormDialog("New person", _fields()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        _burst(app, "Jane Doe-Smythe of Berlin", "ctrl+s")
        await pilot.pause()
        await pilot.pause()
        [result] = app.results
        assert result.values["name"] == "Jane Doe-Smythe of Berlin"


@sync
async def test_a_burst_of_note_then_ctrl_s_keeps_the_whole_note():
    from deskcrm.screens.dialogs.activity import ActivityDialog
    from deskcrm.screens.activity_subject import ActivitySubject

    app = FormApp(ActivityDialog(ActivitySubject("person:1", "Jane Doe", None, None, 1)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")  # a note: the focus goes to the text
        await pilot.pause()
        _burst(app, "Spoke about the Berlin role; calls back Monday", "ctrl+s")
        await pilot.pause()
        await pilot.pause()
        [result] = app.results
        assert (result.kind, result.body) == ("note", "Spoke about the Berlin role; calls back Monday")


@sync
async def test_an_empty_note_is_not_saved():
    from deskcrm.screens.dialogs.activity import ActivityDialog
    from deskcrm.screens.activity_subject import ActivitySubject

    app = FormApp(ActivityDialog(ActivitySubject("person:1", "Jane Doe", None, None, 1)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o", "ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert "A note needs its text" in " ".join(str(w.render()) for w in app.screen.query(Static))
        await pilot.press(*"Prefers calls", "ctrl+s")
        await pilot.pause()
        [result] = app.results
        assert (result.kind, result.body) == ("note", "Prefers calls")


@sync
async def test_every_tab_stop_is_a_field_so_nothing_typed_is_lost():
    """tab and shift+tab go round the fields only: the box they scroll in took a stop of its own,
    where typed letters went nowhere."""
    app = FormApp(FormDialog("New person", _fields()))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        seen = []
        for key in ["tab"] * 6 + ["shift+tab"] * 6:
            await pilot.press(key)
            focused = app.screen.focused
            assert focused is not None and (focused.id or "").startswith("field-"), (key, focused)
            seen.append(focused.id)
        assert set(seen) == {f"field-{f.name}" for f in _fields()}
        await pilot.press("shift+tab")  # from the first field: the last one
        await pilot.press(*"QQ")
        assert app.screen.focused.id in {f"field-{f.name}" for f in _fields()}


@sync
async def test_a_field_tabbed_to_quickly_is_on_screen():
    """At 80x24 a long form scrolls: tabs leave the focused field in view, not behind the frame.
    (A real terminal's quick tabs cut Textual's animated scroll short; Pilot waits for each key, so
    this holds the rule, not that race: ``FormDialog.on_descendant_focus`` scrolls at once.)"""
    fields = [FormField(f"f{i}", f"Field {i}") for i in range(30)]
    app = FormApp(FormDialog("Long", fields))
    async with app.run_test(size=(80, 24)) as pilot:
        app.animation_level = "full"  # as on a terminal (tests run without animations)
        await settle(pilot)
        from textual.containers import VerticalScroll

        scroll = app.screen.query_one(VerticalScroll)
        for stop in (17, 25, 29):
            while app.screen.focused.id != f"field-f{stop}":
                await pilot.press("tab")
            await settle(pilot)
            await pilot.pause(0.5)  # any animation done
            box = app.screen.focused.region
            assert scroll.region.y <= box.y < scroll.region.bottom, (stop, box, scroll.region)
