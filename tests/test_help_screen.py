"""The help screen (``?``): its title names where it was opened, long descriptions wrap under
themselves at 80 columns, and it scrolls with the keys its footer shows."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from seed import run_app, screen_text, seed, settle
from textual.screen import Screen

from deskcrm.screens import help as help_mod

ABSTRACT = {"DeskScreen", "BoardScreen", "TableListScreen"}  # bases: their sections name themselves


def test_every_screen_names_itself_in_its_help():
    import deskcrm.screens as screens

    missing = []
    for found in pkgutil.walk_packages(screens.__path__, "deskcrm.screens."):
        module = importlib.import_module(found.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if (issubclass(cls, Screen) and cls.__module__ == module.__name__ and name not in ABSTRACT
                    and cls is not help_mod.HelpScreen and not getattr(cls, "HELP_TITLE", "")):
                missing.append(f"{found.name}.{name}")
    assert missing == []  # "Keys — deskcrm" said nothing of where ? was pressed (Reports did)


def test_help_at_80_columns_wraps_under_the_descriptions_and_pages(tmp_path, today):
    path = tmp_path / "desk.db"
    seed(path)

    async def body(app, pilot):
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        await pilot.pause(0.1)
        shown = screen_text(app)
        assert "Keys — Reports" in shown
        footer = shown.splitlines()[-1]
        assert "j Scroll down" in footer and "space Page down" in footer
        keys = app.screen.query_one("#help-keys")
        lines = str(keys.render()).splitlines()
        indent = len(lines[1]) - len(lines[1].lstrip())  # a key's line: "  tab   Report …"
        assert any(len(line) - len(line.lstrip()) > indent for line in lines)  # a wrapped description
        for line in lines:
            if line.strip() and not line.startswith(" "):
                assert not line[0].islower(), line  # a heading, never a description's second line
        scroller = app.screen.query_one("#keys")
        await pilot.press("space")
        await pilot.pause(0.1)
        paged = scroller.scroll_y
        assert paged > 5  # a page, not a line
        await pilot.press("k")
        await pilot.pause(0.1)
        assert scroller.scroll_y == paged - 1  # k: a line back

    run_app(path, body, size=(80, 24))


def test_a_text_boxs_own_editing_keys_are_one_line_and_focus_keys_are_in_words(tmp_path, today):
    """Search's help: the box's two dozen Textual editing keys as one line, not "Copy selected
    text", "Page Left", "Focus Next" — deskcrm's own keys each with their id."""
    path = tmp_path / "desk.db"
    seed(path)

    async def body(app, pilot):
        await pilot.press("2")
        await settle(pilot)
        groups = help_mod.key_groups(app.screen)
        said = [description for _where, rows in groups for _keys, description, _on, _id in rows]
        assert said.count(help_mod._EDITING) == 1
        assert "Next box" in said and "Previous box" in said
        for gone in ("Copy selected text", "Page Left", "Focus Next", "Delete all to the right"):
            assert gone not in said
        assert all(binding_id for _w, rows in groups for _k, d, _on, binding_id in rows
                   if d not in (help_mod._EDITING, "Next box", "Previous box")), groups

    run_app(path, body, size=(120, 40))
