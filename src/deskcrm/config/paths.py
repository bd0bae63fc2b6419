"""Where things live: platformdirs locations, with ``--db`` and ``DESKCRM_DB`` overrides.

No I/O at import time; directories are created (0700) only when a command needs them.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "deskcrm"
DB_ENV = "DESKCRM_DB"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP, appauthor=False))


def state_dir() -> Path:
    """What this machine remembers for this user (``whoami``: who you are on each database)."""
    return Path(platformdirs.user_state_dir(APP, appauthor=False))


def checks_dir() -> Path:
    """Where clean integrity checks of database files are remembered (``store.health``)."""
    return cache_dir() / "checks"


def config_file() -> Path:
    return config_dir() / "config.toml"


def default_db() -> Path:
    return data_dir() / "deskcrm.db"


def demo_db() -> Path:
    """Where ``deskcrm demo`` builds without ``--db``: one file, replaced by each run."""
    return Path(platformdirs.user_cache_dir(APP, appauthor=False)) / "demo.db"


def resolve_db(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """``--db`` wins, then ``$DESKCRM_DB``, then the platform data dir."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return default_db()


def builtin_themes_dir() -> Path:
    """Themes shipped in the wheel (``deskcrm/themes``) or, in a source checkout, ``themes/``."""
    package = Path(__file__).parent.parent  # deskcrm/ (this file is deskcrm/config/paths.py)
    packaged = package / "themes"
    if packaged.is_dir():
        return packaged
    return package.resolve().parents[1] / "themes"


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def ensure_private_dir(path: Path) -> Path:
    """``path`` and any missing parent, created 0700."""
    from deskcrm.files import private_dir

    return private_dir(path)
