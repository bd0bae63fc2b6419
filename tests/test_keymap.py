"""Keys remapped from the config file by binding id; every binding is remappable and named."""

from __future__ import annotations

import asyncio
import importlib
import pkgutil

import pytest
from seed import screen_text, seed, settle

import deskcrm.screens
import deskcrm.widgets
from deskcrm.config import keymap
from deskcrm.config import settings as settings_mod
from deskcrm.app import DeskApp
from deskcrm.config.settings import ConfigError


def _config(tmp_path, body: str):
    path = tmp_path / "config.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_keys_table_is_read(tmp_path):
    path = _config(tmp_path, 'theme = "deskcrm-dark"\n[keys]\n"due.done" = "d"\n"screen.undo" = "ctrl+z, u"\n')
    assert settings_mod.load(path).keys == {"due.done": "d", "screen.undo": "ctrl+z,u"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[keys]\n"due.done" = 4\n', "config.toml:2: [keys] due.done must be a quoted key"),
        ('[keys]\n\n"due.done" = "ctrl+ d"\n', "config.toml:3: [keys] due.done: 'ctrl+ d' is not a key"),
        ('keys = "d"\n', "[keys] must be a table"),
    ],
)
def test_bad_keys_name_the_line(tmp_path, body, message):
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("+", r"\+")):
        settings_mod.load(_config(tmp_path, body))


def test_every_binding_everywhere_has_an_id_and_a_description():
    """Every screen, dialog and widget: an id (remappable) and a description (footer, help).
    One id always means one action, so remapping it changes the same thing everywhere."""
    actions: dict[str, str] = {}
    for package in (deskcrm.screens, deskcrm.widgets):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for value in vars(module).values():
                if not isinstance(value, type) or value.__module__ != module.__name__:
                    continue
                for binding in value.__dict__.get("BINDINGS") or ():
                    assert binding.id and binding.description, (value.__name__, binding)
                    action = actions.setdefault(binding.id, binding.action)
                    assert action == binding.action, f"id {binding.id} runs {action} and {binding.action}"
    assert {"due.done", "screen.undo", "app.help"} <= keymap.known_ids(DeskApp.BINDINGS,
                                                                        (deskcrm.screens, deskcrm.widgets))


def test_a_remapped_key_works_and_shows_in_footer_and_help(tmp_path, today):
    db = tmp_path / "desk.db"
    seed(db)
    config = _config(tmp_path, '[keys]\n"due.done" = "d"\n"due.nope" = "y"\n')
    app = DeskApp(db, settings_mod.load(config))

    async def go():
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            before = len(app.screen.table._keys)
            await pilot.press("x")  # the old key does nothing now
            await settle(pilot)
            assert len(app.screen.table._keys) == before
            assert "d Done" in screen_text(app)
            await pilot.press("d")
            await settle(pilot)
            assert len(app.screen.table._keys) < before
            assert any("due.nope (line 3)" in n.message for n in app._notifications)
            await pilot.press("question_mark")
            await pilot.pause()
            help_text = str(app.screen.query_one("#help-keys").render())
            assert "Done  [due.done]" in help_text

    asyncio.run(go())
