"""What is typed into a form box is what is saved (issue 9, items 2 and 8).

- A pre-filled box is selected when it gets the focus — the form opening on it, ``tab`` or
  ``shift+tab`` into it — so typing replaces the value instead of appending to it, even when
  the keys after ``tab`` arrive in one burst.
- Typed zero-width joiners, non-joiners, direction marks and any other ordinary Unicode go into
  the box exactly. C0/C1 controls and bidi overrides/embeddings (pasted, or typed) stay in the
  box, so nothing is lost, but the field says what is wrong and the form does not save; the box
  never hands the terminal a raw control byte.
"""

from __future__ import annotations

import asyncio
import functools

from hypothesis import given, settings
from hypothesis import strategies as st
from seed import screen_text
from test_hostile import assert_safe
from textual import events
from textual.app import App
from textual.keys import _character_to_key
from textual.widgets import Input, Static, TextArea

from deskcrm import text
from deskcrm.domain import validate
from deskcrm.screens.dialogs.form import FormDialog, FormField

SIZE = (100, 30)
ZWJ, ZWNJ, LRM, RLM, NBSP = "\u200d", "\u200c", "\u200e", "\u200f", "\u00a0"


def sync(fn):
    @functools.wraps(fn)
    def run(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))

    return run


class FormApp(App):
    def __init__(self, screen) -> None:
        super().__init__()
        self.form = screen
        self.results: list = []

    def on_mount(self) -> None:
        self.push_screen(self.form, self.results.append)


def _amounts() -> list[FormField]:
    return [
        FormField("salary", "Salary", validate.required(validate.money), value="85000", required=True),
        FormField("fee_percent", "Fee %", validate.percent, value="20"),
        FormField("name", "Name"),
    ]


def _burst(app, *keys: str) -> None:
    """Keys queued at the app in one go, before any is handled: a fast typist, or tmux."""
    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key(key, key))
        else:
            app.post_message(events.Key(key, "\t" if key == "tab" else None))


async def type_text(pilot, typed: str) -> None:
    """Type ``typed`` as a terminal sends it: one key event per character, named the way
    Textual's xterm parser names it, with the character itself. (``pilot.press`` loses the
    character of a key like ``zero_width_joiner``: it looks the name up as a Unicode name.)"""
    for ch in typed:
        pilot.app.post_message(events.Key(_character_to_key(ch), ch))
        await pilot.pause()


def _error(form: FormDialog, name: str) -> str:
    widget = form.query_one(f"#error-{name}", Static)
    return str(widget.render()) if widget.has_class("-shown") else ""


# --------------------------------------------------------------------------- item 2: typing replaces


@sync
async def test_typing_into_the_prefilled_first_field_replaces_it():
    app = FormApp(FormDialog("Place", _amounts()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"78000", "ctrl+s")
        await pilot.pause()
        [result] = app.results
        assert result.values["salary"] == 78000  # not 8500078000
        assert result.values["fee_percent"] == 20


@sync
async def test_tab_and_shift_tab_into_a_prefilled_field_select_it():
    app = FormApp(FormDialog("Place", _amounts()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", *"22", "tab", *"Jane")
        await pilot.press("shift+tab", "shift+tab", *"91k", "ctrl+s")
        await pilot.pause()
        [result] = app.results
        assert result.values == {"salary": 91000, "fee_percent": 22, "name": "Jane"}  # not 2022


@sync
async def test_a_burst_after_tab_replaces_the_next_box_not_this_one():
    app = FormApp(FormDialog("Place", _amounts()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        _burst(app, *"78000", "tab", *"25", "tab", *"Jo", "ctrl+s")
        for _ in range(4):
            await pilot.pause()
        [result] = app.results
        assert result.values == {"salary": 78000, "fee_percent": 25, "name": "Jo"}


@sync
async def test_a_boxs_own_keys_in_a_burst_edit_that_box_not_the_next():
    """ctrl+u, backspace … are the box's own bindings: the app looked them up from the box
    focused when the key bubbled up to it, so ``ctrl+u 9 0 tab J o`` cleared "Jo" instead."""
    app = FormApp(FormDialog("Place", _amounts()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        _burst(app, "end", "ctrl+u", *"90", "tab", *"22", "backspace", "tab", *"Jo", "ctrl+s")
        for _ in range(4):
            await pilot.pause()
        [result] = app.results
        assert result.values == {"salary": 90, "fee_percent": 2, "name": "Jo"}


@sync
async def test_a_field_focused_to_fix_an_error_is_not_selected():
    """Focus that goes to a field with an error (a refused save, a re-opened form) leaves the
    cursor at its end: the typing there is to be corrected, not wiped by the next key."""
    form = FormDialog("Place", _amounts(), raw={"salary": "85000", "fee_percent": "1200"})
    form.initial_errors = {"fee_percent": "must be between 0 and 100 %"}
    app = FormApp(form)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("backspace", "backspace", "ctrl+s")
        await pilot.pause()
        [result] = app.results
        assert result.values["fee_percent"] == 12 and result.values["salary"] == 85000
    app = FormApp(FormDialog("Place", _amounts()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", *"2O", "ctrl+s")  # a letter O for a zero
        await pilot.pause()
        assert app.results == [] and app.screen.focused.id == "field-fee_percent"
        await pilot.press("backspace", "0", "ctrl+s")
        await pilot.pause()
        [result] = app.results
        assert result.values["fee_percent"] == 20


@sync
async def test_an_empty_box_is_typed_into_as_usual_and_a_note_keeps_its_text():
    """Selecting on focus is for one-line boxes: tabbing into a note puts the cursor at its end."""
    fields = [FormField("name", "Name", value=""), FormField("notes", "Notes", value="First call.", multiline=True)]
    app = FormApp(FormDialog("Edit", fields))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Jane", "tab", *" Liked it.", "ctrl+s")
        await pilot.pause()
        [result] = app.results
        assert result.values == {"name": "Jane", "notes": "First call. Liked it."}


# --------------------------------------------------------------------------- item 8: typed exactly


@sync
async def test_typed_joiners_direction_marks_and_nbsp_are_saved_exactly():
    typed = f"क्{ZWJ}ष A{ZWNJ}B {RLM}שלום{LRM} Jean{NBSP}Luc 👩{ZWJ}💻"
    fields = [FormField("name", "Name", validate.required(), required=True),
              FormField("notes", "Notes", multiline=True)]
    app = FormApp(FormDialog("New", fields))
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, typed)
        await pilot.press("tab")
        await type_text(pilot, typed)
        await pilot.press("ctrl+s")
        await pilot.pause()
        [result] = app.results
        assert result.values == {"name": typed, "notes": typed}
        assert result.raw["name"] == typed


@sync
async def test_a_pasted_escape_is_refused_at_the_field_and_kept_in_the_box():
    fields = [FormField("name", "Name", validate.required(), required=True), FormField("city", "City")]
    app = FormApp(FormDialog("New", fields))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Jane")
        app.post_message(events.Paste("\x1b[2J Doe\x07"))  # as a terminal sends a paste: to the focused box
        await pilot.pause()
        form = app.screen
        box = form.query_one("#field-name", Input)
        assert box.value == "Jane\x1b[2J Doe\x07"  # nothing typed is lost …
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []  # … and it is not saved
        assert _error(form, "name") == "contains a control character (␛) — remove it"
        shown = screen_text(app)
        assert "Jane␛[2J Doe␇" in shown
        assert_safe(app, shown)  # the box never hands the terminal the ESC
        await pilot.press("home", "ctrl+k", *"Jane Doe", "ctrl+s")
        await pilot.pause()
        [result] = app.results
        assert result.values["name"] == "Jane Doe"


@sync
async def test_a_typed_or_pasted_bidi_override_is_refused_with_a_message():
    fields = [FormField("name", "Name"), FormField("notes", "Notes", multiline=True)]
    app = FormApp(FormDialog("New", fields))
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "evil\u202egnp.exe")
        await pilot.press("tab")
        app.post_message(events.Paste("line one\n\u2066isolated\u2069"))
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        form = app.screen
        assert app.results == []
        assert form.query_one("#field-name", Input).value == "evil\u202egnp.exe"
        assert form.query_one("#field-notes", TextArea).text == "line one\n\u2066isolated\u2069"
        assert "U+202E" in _error(form, "name") and "remove it" in _error(form, "name")
        assert "U+2066" in _error(form, "notes")
        assert_safe(app, screen_text(app))


@sync
async def test_a_pasted_control_in_a_note_is_refused_and_shown_as_a_picture():
    fields = [FormField("notes", "Notes", multiline=True)]
    app = FormApp(FormDialog("Edit", fields))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.post_message(events.Paste("line one\r\n\x1b]0;title\x07gone"))
        await pilot.pause()
        form = app.screen
        assert form.raw()["notes"] == "line one\n\x1b]0;title\x07gone"  # CRLF is a line break
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == [] and _error(form, "notes") == "contains a control character (␛) — remove it"
        shown = screen_text(app)
        assert "␛]0;title␇gone" in shown
        assert_safe(app, shown)


@sync
async def test_the_activity_note_keeps_typed_joiners_and_refuses_a_pasted_escape():
    from deskcrm.screens.dialogs.activity import ActivityDialog
    from deskcrm.screens.activity_subject import ActivitySubject

    app = FormApp(ActivityDialog(ActivitySubject("person:1", "Jane Doe", None, None, 1)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await type_text(pilot, f"Spoke to Ana{ZWJ}Lu {RLM}ok")
        app.post_message(events.Paste("\x1b[31m"))
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert "contains a control character (␛) — remove it" in str(app.screen.query_one("#error", Static).render())
        assert_safe(app, screen_text(app))
        await pilot.press(*["backspace"] * 5, "ctrl+s")
        await pilot.pause()
        [result] = app.results
        assert (result.kind, result.body) == ("note", f"Spoke to Ana{ZWJ}Lu {RLM}ok")


# --------------------------------------------------------------------------- the rule, for any text


_REFUSED = {chr(c) for c in (*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))}


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",))))
def test_problem_is_exactly_the_refused_characters(value):
    found = text.problem(value)
    assert (found is None) == (not any(ch in _REFUSED for ch in value))
    multi = text.problem(value, multiline=True)
    assert (multi is None) == (not any(ch in _REFUSED - {"\n"} for ch in value))


@settings(max_examples=300, deadline=None)
@given(st.characters(blacklist_categories=("Cs", "Cc")))
def test_every_character_that_is_not_a_control_is_typed(ch):
    assert text.typed(ch) == ch


def test_control_characters_are_not_typed():
    for ch in ("\x1b", "\x00", "\t", "\r", "\x7f", "\x85", None, ""):
        assert text.typed(ch) is None


def test_problem_messages_name_the_character():
    assert text.problem("a\x1bb") == "contains a control character (␛) — remove it"
    assert text.problem("a\tb") == "contains a tab (␉) — use spaces"
    assert text.problem("x\u202ey") == "contains a hidden text-direction control (U+202E) — remove it"
    assert text.problem("x\x9by") == "contains a control character (U+009B) — remove it"
    assert text.problem("two\nlines") == "contains a line break (␊) — keep it on one line"
    assert text.problem("two\nlines", multiline=True) is None
    assert text.problem(f"Ana{ZWJ}{ZWNJ}{LRM}{RLM}\u061c{NBSP}") is None


def test_a_control_character_already_stored_does_not_block_an_edit(tmp_path, today):
    """Data an import saved with an ESC in it opens in the form as a visible stand-in (as every
    screen shows it), so saving another field is not refused for it."""
    import dataclasses

    from seed import Names, query, run_app, seed, settle

    from deskcrm.screens.account import AccountScreen

    path = tmp_path / "desk.db"
    ids = seed(path, dataclasses.replace(Names(), northwind="North\x1b[2Jwind"))

    async def body(app, pilot):
        app.push_screen(AccountScreen(ids["northwind"]))
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one("#field-name", Input).value == "North␛[2Jwind"
        await pilot.press("tab", "tab", *"Leeds", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormDialog)
        assert query(path, "SELECT city FROM company WHERE id = ?", ids["northwind"]) == [("Leeds",)]

    run_app(path, body, (120, 40))
