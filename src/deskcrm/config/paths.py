"""Where things live: platformdirs locations, with ``--db``, ``DESKCRM_DB`` and ``db =`` overrides.

No I/O at import time; directories are created (0700) only when a command needs them.
"""

from __future__ import annotations

import os
import re
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


def named_db(cli_value: str | os.PathLike[str] | None = None) -> tuple[str | None, str]:
    """The database as the user named it, and where: ``--db`` wins, then ``$DESKCRM_DB``, then
    ``db =`` in the config file; (None, "default") for the platform data dir."""
    if cli_value:
        return str(cli_value), "--db"
    env = os.environ.get(DB_ENV)
    if env:
        return env, "$DESKCRM_DB"
    configured = configured_db()
    if configured:
        return configured, f"db = in {config_file()}"
    return None, "default"


def resolve_db(cli_value: str | os.PathLike[str] | None = None, command: str | None = None) -> Path:
    """The database FILE a file-only ``command`` (backup, restore) works on (:func:`named_db`).
    A PostgreSQL URL raises ``OnServer`` (the command line answers it: what applies on a
    server instead); any other URL is refused."""
    target = resolve_target(cli_value)
    if isinstance(target, str):
        from deskcrm.errors import OnServer

        raise OnServer(target, command)
    return target


def resolve_target(cli_value: str | os.PathLike[str] | None = None) -> Path | str:
    """A file path (``Path``), or a PostgreSQL URL as given (``str``)."""
    value, _source = named_db(cli_value)
    if value is None:
        return default_db()
    if "://" not in value:  # a file path: the launch path imports nothing more
        return Path(value).expanduser()
    from deskcrm import dburl

    if dburl.is_server(value):
        return value
    if dburl.is_url(value):
        from deskcrm.errors import CliError

        raise CliError(f"{dburl.shown(value)}: deskcrm opens a database file (a path) or a PostgreSQL server "
                       "(postgresql://user@host/dbname), not a URL of this kind", 2)
    return Path(value).expanduser()


def configured_db() -> str | None:
    """``db = "…"`` in the config file (a path or a postgresql:// URL), read without the rest of
    the settings: a file with no ``db`` line costs one read, no TOML parse."""
    path = config_file()
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):  # none (the usual case), or unreadable: settings.load says so
        return None
    if "db" not in source or not _DB_LINE.search(source):
        return None
    import tomllib

    from deskcrm.errors import ConfigError

    try:
        value = tomllib.loads(source).get("db")
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}; fix or delete the file") from None
    return check_db_setting(path, value)


def check_db_setting(path: Path, value: object) -> str | None:
    """The config's ``db`` value, or a ``ConfigError`` naming the file and what to write."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        from deskcrm.errors import ConfigError

        raise ConfigError(f"{path}: 'db' must be a quoted file path or PostgreSQL URL, e.g. "
                          'db = "~/desk.db" or db = "postgresql://me@server/agency"')
    return value


_DB_LINE = re.compile(r"(?m)^[ \t]*db[ \t]*=")


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
