"""A paste of several lines into a one-line box keeps every line, joined with a space (tabs too):
"Python" and "Berlin" copied from an email search for both (Textual's Input kept the first line
only). A control character in the paste is still kept, drawn visibly and refused at the field."""

from __future__ import annotations

import asyncio

from hypothesis import given
from hypothesis import strategies as st
from seed import index, run_app, screen_text, seed, settle, until
from textual import events

from deskcrm import text
from deskcrm.screens.dialogs.form import FormDialog, FormField


def test_a_paste_of_lines_is_one_line_of_words():
    assert text.pasted("Python\nBerlin") == "Python Berlin"
    assert text.pasted("Python\r\n  Berlin \r\n\r\nremote\n") == "Python Berlin remote"
    assert text.pasted("+49 172\u20282310\t4960") == "+49 172 2310 4960"
    assert text.pasted("  Jane  Roe ") == "  Jane  Roe "  # one line: as pasted
    assert text.pasted("Jane\n\x1b[2J") == "Jane \x1b[2J"  # a control stays (refused at the field)


@given(st.text(alphabet=st.sampled_from("ab \t\r\n\u2028\x1b")))
def test_a_pasted_line_has_no_line_break_and_loses_no_word(paste):
    line = text.pasted(paste)
    assert not any(ch in line for ch in "\t\r\n\u2028")
    assert [ch for ch in line if ch not in " "] == [ch for ch in paste if ch not in " \t\r\n\u2028"]


def test_a_multi_line_paste_into_the_search_box_searches_every_line(tmp_path, today):
    path = tmp_path / "desk.db"
    seed(path)
    index(path)

    async def body(app, pilot):
        await pilot.press("2")
        await settle(pilot)
        box = app.screen.query_one("#query")
        assert app.focused is box
        app.post_message(events.Paste("Python\r\nBerlin\t\n"))  # as a terminal sends it: to the focused box
        await settle(pilot)
        assert box.value == "Python Berlin"
        await until(pilot, lambda: "Python Berlin" in screen_text(app))

    run_app(path, body, size=(80, 24))


def test_a_name_and_a_phone_pasted_on_two_lines_keep_both_and_a_control_is_still_refused():
    from test_form import FormApp

    async def go():
        app = FormApp(FormDialog("New", [FormField("name", "Name"), FormField("phone", "Phone")]))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.post_message(events.Paste("Jane\nRoe\n"))
            await pilot.press("tab")
            app.post_message(events.Paste("+49 172\n2310 4960\x1b"))
            await pilot.pause()
            form = app.screen
            assert form.raw() == {"name": "Jane Roe", "phone": "+49 172 2310 4960\x1b"}
            assert "4960␛" in screen_text(app)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is form and app.results == []  # refused at the field, nothing lost

    asyncio.run(go())


def test_a_paste_on_the_clients_list_filters_by_every_line(tmp_path, today):
    path = tmp_path / "desk.db"
    seed(path)

    async def body(app, pilot):
        await pilot.press("3")
        await settle(pilot)
        app.screen.table.post_message(events.Paste("Northwind\nLogistics"))  # on the list: into the filter
        await settle(pilot)
        assert app.screen.filter.text == "Northwind Logistics"

    run_app(path, body)

