"""Themes as TOML files: the shipped ones (``paths.builtin_themes_dir()``) and the user's own
(``paths.user_themes_dir()``; a user theme with a shipped name replaces it).

A theme file holds ``name``, ``dark`` and colours (``primary`` is required), plus an optional
``[variables]`` table of Textual theme variables. A broken file never stops the app: it is
skipped and reported (file and reason) so the app can tell the user.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

from textual.color import Color, ColorParseError
from textual.theme import Theme

from deskcrm.config import paths

DEFAULT = "deskcrm-dark"
COLOURS = (
    "primary", "secondary", "accent", "foreground", "background", "surface", "panel", "boost",
    "success", "warning", "error",
)  # fmt: skip
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")  # also safe to write into config.toml


class ThemeFileError(Exception):
    """``str(err)`` names the file and what is wrong."""


def _colour(path: Path, key: str, value: object) -> str:
    if not isinstance(value, str):
        raise ThemeFileError(f"{path}: {key} must be a quoted colour such as \"#5B9BD5\"")
    try:
        Color.parse(value)
    except ColorParseError:
        raise ThemeFileError(f"{path}: {key} = {value!r} is not a colour") from None
    return value


def parse_theme(path: Path) -> Theme:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ThemeFileError(f"{path}: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ThemeFileError(f"{path}: cannot read ({exc})") from None
    name = data.pop("name", path.stem)
    if not isinstance(name, str) or not _NAME.match(name):
        raise ThemeFileError(f"{path}: name must be letters, digits, '-', '_' or '.' (e.g. \"my-theme\")")
    dark = data.pop("dark", True)
    if not isinstance(dark, bool):
        raise ThemeFileError(f"{path}: dark must be true or false")
    variables = data.pop("variables", {})
    if not isinstance(variables, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in variables.items()
    ):
        raise ThemeFileError(f"{path}: [variables] must map names to quoted values")
    unknown = sorted(set(data) - set(COLOURS))
    if unknown:
        raise ThemeFileError(f"{path}: unknown key {unknown[0]!r}; known: name, dark, {', '.join(COLOURS)}, [variables]")
    if "primary" not in data:
        raise ThemeFileError(f"{path}: primary colour is required")
    colours = {key: _colour(path, key, value) for key, value in data.items()}
    return Theme(name=name, dark=dark, variables=dict(variables), **colours)


def theme_dirs() -> tuple[Path, ...]:
    return (paths.builtin_themes_dir(), paths.user_themes_dir())


def load_themes(dirs: Iterable[Path] | None = None) -> tuple[list[Theme], list[str]]:
    """All themes found (later directories win on a name clash) and one message per bad file."""
    found: dict[str, Theme] = {}
    errors: list[str] = []
    for directory in theme_dirs() if dirs is None else dirs:
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.toml")):
            try:
                theme = parse_theme(path)
            except ThemeFileError as exc:
                errors.append(str(exc))
                continue
            found[theme.name] = theme
    return list(found.values()), errors
