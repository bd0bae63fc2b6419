"""A worker's answer that comes after its screen has gone is dropped, never a crash (Pilot, real
keys): the Attach dialog's folder listing still being read when ``enter`` attached the file
(acceptance B1: "NoMatches: No nodes match '#attach-list' on AttachDialog()"), and a path
prompt closed with ``esc`` while its file was read (``screens.still_up.call_back``)."""

from __future__ import annotations

import asyncio
import time

import pytest
from engines import sqlite_only
from seed import in_tmp_folder, index, open_person, query, seed, settle, typed, until  # noqa: F401

from deskcrm.screens.dialogs import attach_file
from deskcrm.screens.dialogs.attach_file import AttachDialog
from deskcrm.widgets import path_list
from deskcrm.widgets.key_bar import KeyBar

pytestmark = [pytest.mark.usefixtures("in_tmp_folder"), sqlite_only]  # the screens' timing; the store is elsewhere


@pytest.fixture
def desk(desk_path, today):
    ids = seed(desk_path)
    index(desk_path)
    return desk_path, ids


class SlowBar(KeyBar):
    """The dialog's key bar, slow to go: Textual takes the dialog's other widgets down first and the
    dialog waits for this one — the time in which a late listing met a dialog without its list."""

    async def on_unmount(self) -> None:
        await asyncio.sleep(0.3)


def _held(real, dialogs: list):
    """``real``, answering once Textual has begun taking the dialog down (a slow folder)."""

    def slow(*args, **kwargs):
        value = real(*args, **kwargs)
        for _ in range(2000):
            if dialogs and not dialogs[0].query("#attach-list"):
                break  # the list is gone, the dialog not yet
            time.sleep(0.002)
        return value

    return slow


def test_enter_before_the_folder_listing_attaches_and_the_app_stays_up(desk, tmp_path, monkeypatch):
    from seed import run_app

    path, ids = desk
    cv = tmp_path / "cv.txt"
    cv.write_text("Kubernetes operator\n", encoding="utf-8")
    dialogs: list[AttachDialog] = []
    monkeypatch.setattr(path_list, "entries", _held(path_list.entries, dialogs))
    monkeypatch.setattr(attach_file, "KeyBar", SlowBar)

    async def body(app, pilot):
        screen = await open_person(pilot, ids["dev"])
        await pilot.press("A")
        await until(pilot, lambda: isinstance(app.screen, AttachDialog))
        dialog = app.screen
        dialogs.append(dialog)
        dialog.query_one("#attach-path").value = ""
        await pilot.press(*typed(cv), "enter")  # every listing still being read
        await until(pilot, lambda: app.screen is screen)
        await until(pilot, lambda: [tuple(r) for r in query(path, "SELECT file_name FROM attachment")] == [("cv.txt",)])
        await settle(pilot)
        await pilot.pause(0.2)
        assert app.is_running and app.screen is screen
        assert not dialog.is_attached  # the dialog really went: the listings came after

    run_app(path, body, notifications=True)


def test_a_path_prompt_closed_while_its_file_was_read_stays_closed(desk, tmp_path, monkeypatch):
    """``esc`` while the prompt's file is read (the CV folder, a mapping file): the refusal that
    comes back meanwhile finds no prompt to write under, and says nothing (was NoMatches)."""
    from seed import run_app

    from deskcrm.screens.dialogs import path_prompt
    from deskcrm.screens.dialogs.path_prompt import PathPrompt

    path, ids = desk
    prompts: list[PathPrompt] = []

    def act(value: str) -> str:
        for _ in range(2000):
            if prompts and not prompts[0].query("#path-error"):
                break  # the prompt is being taken down: its message line is gone already
            time.sleep(0.002)
        raise ValueError(f"{value}: no such folder")

    monkeypatch.setattr(path_prompt, "KeyBar", SlowBar)

    async def body(app, pilot):
        under = await open_person(pilot, ids["dev"])
        prompt = PathPrompt("CVs from a folder", "note", act)
        prompts.append(prompt)
        app.push_screen(prompt)
        await until(pilot, lambda: app.screen is prompt)
        await pilot.press(*typed(tmp_path / "cvs"), "enter", "escape")
        await until(pilot, lambda: not prompt.is_attached)
        await settle(pilot)
        assert app.is_running and app.screen is under

    run_app(path, body)
