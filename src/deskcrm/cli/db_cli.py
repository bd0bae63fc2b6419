"""What `deskcrm init`, `paths`, `backup` and `restore` do: the database file itself.

`init` creates a database on purpose (the TUI creates only the default one); `backup` writes a
verified copy; `restore` puts a verified backup back, keeping the file it replaces. Errors are
``CliError`` (bad input, exit 2) or the store's one-line errors (exit 1).
"""

from __future__ import annotations

import shlex
from pathlib import Path

from deskcrm.errors import CliError
from deskcrm.files import missing_folder_of
from deskcrm.cli.output import echo


def _q(path: Path) -> str:
    return shlex.quote(str(path))


def _shown(value: str) -> str:
    from deskcrm import dburl

    return dburl.shown(value) if dburl.is_url(value) else value


def init(path_arg: str | None, db: str | None) -> None:
    from deskcrm import files
    from deskcrm.cli import launch
    from deskcrm.config import paths
    from deskcrm.store import db as store_db
    from deskcrm.store import health, migrate

    if path_arg and db and Path(path_arg).expanduser() != Path(db).expanduser():
        raise CliError(f"init {_shown(path_arg)} --db {_shown(db)}: two different databases; name the new one once", 2)
    path = paths.resolve_target(path_arg or db)
    if isinstance(path, str):  # postgresql://…: a desk on a server
        from deskcrm.cli.server_cli import init as init_on_server

        init_on_server(path)
        return
    if path.is_dir():
        raise CliError(f"{path}: is a directory; name the database file to create, e.g. {_q(path / 'desk.db')}", 2)
    if path == paths.default_db():
        paths.ensure_private_dir(path.parent)
    if not path.parent.is_dir():
        raise CliError(f"{path}: the directory {path.parent} does not exist", 2)
    if path.exists() and not store_db.is_empty(path):
        raise CliError(f"{path}: already exists; deskcrm opens it as it is (deskcrm --db {_q(path)}), "
                       "init only creates new ones", 2)
    launch.opened = path
    if path.exists():
        files.make_private(path)  # an empty file given to us is about to hold personal data (§6)
    migrate.ensure_current(path, create=True)
    health.check(path, health.Stamps(paths.checks_dir()))
    echo(f"Created an empty deskcrm database: {path}\n  open it with: deskcrm --db {_q(path)}")


def show_paths(db: str | None) -> None:
    from deskcrm.config import paths as p

    from deskcrm import dburl

    path = p.resolve_target(db)
    _value, source = p.named_db(db)
    shown = dburl.shown(path) if isinstance(path, str) else path
    echo(f"database:     {shown}  ({source}; override with --db PATH or $DESKCRM_DB)\n"
         f"demo:         {p.demo_db()}  (replaced by each `deskcrm demo` without --db)\n"
         f"data dir:     {p.data_dir()}\n"
         f"config file:  {p.config_file()}\n"
         f"themes:       {p.builtin_themes_dir()}  (built-in)\n"
         f"user themes:  {p.user_themes_dir()}")


def backup(dest: Path, db: str | None) -> None:
    from deskcrm.cli.launch import open_db
    from deskcrm.store import db as store_db
    from deskcrm.store.backup import write_backup

    from deskcrm.config import paths

    paths.resolve_db(db, "backup")  # a desk on a server: the server's own backups apply (one line)
    path = open_db(db, check=None)  # the backup checks its source itself, every time
    if (why := missing_folder_of(dest)) is not None:
        raise CliError(why, 2)
    conn = store_db.connect(path)
    try:
        written = write_backup(conn, dest)
    finally:
        conn.close()
    tidied = written.tidied()
    if tidied:
        echo(tidied)
    echo(f"Backup written and verified: {written.path}")


def restore(backup_file: Path, db: str | None) -> None:
    from deskcrm.cli import launch
    from deskcrm.config import paths
    from deskcrm.store import health
    from deskcrm.store.backup import tidied
    from deskcrm.store.restore import restore as put_back

    path = paths.resolve_db(db, "restore")
    launch.opened = path
    if path == paths.default_db():
        paths.ensure_private_dir(path.parent)
    done = put_back(backup_file.expanduser(), path, health.Stamps(paths.checks_dir()))
    said = tidied("restore", done.path, done.removed, done.removed_bytes)
    if said:
        echo(said)
    echo(f"Restored {done.path} from {done.backup} (verified; {done.people:,} people).")
    if done.aside is not None:
        what = "The damaged file" if done.damaged else "The file it replaced"
        echo(f"  {what} is kept as {done.aside}")
