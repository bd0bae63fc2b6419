"""Theme files: the shipped two, user themes, and broken files reported (never fatal)."""

from __future__ import annotations

from deskcrm.config import paths, themes


def test_shipped_themes_load():
    found, errors = themes.load_themes([paths.builtin_themes_dir()])
    assert errors == []
    by_name = {t.name: t for t in found}
    assert set(by_name) == {"deskcrm-dark", "deskcrm-light"}
    assert by_name["deskcrm-dark"].dark and not by_name["deskcrm-light"].dark
    for theme in found:
        theme.to_color_system().generate()  # every colour and variable is usable


def test_user_theme_overrides_and_bad_files_are_reported(tmp_path):
    user = tmp_path / "themes"
    user.mkdir()
    (user / "mine.toml").write_text('name = "deskcrm-dark"\nprimary = "#336699"\n')
    (user / "broken.toml").write_text('name = "x"\nprimary = \n')
    (user / "badcolour.toml").write_text('name = "y"\nprimary = "not-a-colour"\n')
    (user / "badname.toml").write_text('name = "a\\" b"\nprimary = "#000000"\n')
    (user / "unknown.toml").write_text('name = "z"\nprimary = "#000000"\nsparkle = "#fff"\n')
    found, errors = themes.load_themes([paths.builtin_themes_dir(), user])
    by_name = {t.name: t for t in found}
    assert by_name["deskcrm-dark"].primary == "#336699"  # the user's file wins
    assert "deskcrm-light" in by_name
    assert len(errors) == 4
    joined = "\n".join(errors)
    for name in ("broken.toml", "badcolour.toml", "badname.toml", "unknown.toml"):
        assert name in joined
    assert "not a colour" in joined and "sparkle" in joined


def test_broken_user_theme_is_a_warning_in_the_app(tmp_path, today):
    import asyncio

    from seed import seed, settle

    from deskcrm.config import settings as settings_mod
    from deskcrm.app import DeskApp

    user = paths.user_themes_dir()
    user.mkdir(parents=True)
    (user / "broken.toml").write_text("name = \n")
    path = tmp_path / "desk.db"
    seed(path)

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert app.is_running and app.theme == "deskcrm-dark"
            assert any("broken.toml" in n.message for n in app._notifications)

    asyncio.run(go())
