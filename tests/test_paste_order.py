"""A bracketed paste that holds an ESC arrives whole and in order (acceptance, 7 Dec).

Textual's terminal parser typed the characters after a pasted ESC as keys and pasted the rest
after them: ``Data \\e[31mEngineer`` became ``^[31mEngineerData``. ``PasteParser`` keeps the
paste one ``Paste`` event; the box shows the ESC as ␛ and the form refuses to save it.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from seed import index, keys, open_person, run_app, screen_text, seed, settle
from test_hostile import assert_safe
from textual.widgets import Input, Static

from deskcrm.screens.dialogs.form import FormDialog
from deskcrm.widgets.paste_parser import END, MARK, START, PasteParser, hidden, unhidden

HEADLINE = "Data \x1b[31mEngineer\x1b[0m \x1b]0;pwned\x07end"


def parsed(wire: str, chunk: int = 4096) -> list:
    parser = PasteParser()
    out: list = []
    for i in range(0, len(wire), chunk):
        out += parser.feed(wire[i:i + chunk])
    return out


def test_the_reported_pastes_arrive_in_order_as_one_paste():
    for pasted in (HEADLINE, "python \x1b[2J\x1b[31mberlin", "ab\x1bcd", "\x1b", "a\x1b[201", "\x1b\x1b[20"):
        for chunk in (1, 3, 4096):  # however the terminal's bytes are split between reads
            events_ = parsed(f"x{START}{pasted}{END}y", chunk)
            assert [(type(e).__name__, getattr(e, "text", None) or e.key) for e in events_] == [
                ("Key", "x"), ("Paste", pasted), ("Key", "y")], (pasted, chunk)


def test_keys_outside_a_paste_are_read_as_before():
    from textual._xterm_parser import XTermParser

    wire = "\x1b[A\x1bbq\x1b[1;5C\x1b[200"
    assert [e.key for e in parsed(wire, 1)] == [e.key for e in XTermParser().feed(wire)]
    assert [e.key for e in parsed(wire)][:3] == ["up", "ctrl+left", "q"]


@settings(max_examples=150, deadline=None)
@given(st.text(st.sampled_from("ab \x1b[]~0129;\x07\u202e" + MARK)), st.integers(1, 9))
def test_any_paste_arrives_exactly(pasted, chunk):
    wire = f"{START}{pasted.replace(END, '')}{END}"
    expected = pasted.replace(END, "")
    assert [(type(e).__name__, e.text) for e in parsed(wire, chunk)] == [("Paste", expected)]
    assert unhidden(hidden(pasted)) == pasted


def test_a_pasted_headline_keeps_its_order_and_is_refused(tmp_path, today):
    path = tmp_path / "desk.db"
    ids = seed(path)
    index(path)

    async def body(app, pilot):
        await open_person(pilot, ids["lena"])
        await keys(pilot, "e")
        form = app.screen
        assert isinstance(form, FormDialog)
        box = form.query_one("#field-headline", Input)
        box.focus()
        await pilot.pause()
        box.value = ""
        for event in parsed(f"{START}{HEADLINE}{END}", 7):  # as the terminal driver hands them on
            app.post_message(event)
        await settle(pilot)
        assert box.value == HEADLINE  # in order, nothing lost
        shown = screen_text(app)
        assert "Data ␛[31mEngineer␛[0m ␛]0;pwned␇end" in shown
        assert_safe(app, shown)
        await keys(pilot, "ctrl+s")
        assert app.screen is form  # not saved: the field says why
        assert str(form.query_one("#error-headline", Static).render()) == "contains a control character (␛) — remove it"

    run_app(path, body)
