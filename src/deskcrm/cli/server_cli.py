"""What the command line says about a desk on a PostgreSQL server that a desk file does not
need: ``deskcrm init postgresql://…`` creates it (at this version's schema), and the commands
that are about a desk FILE (``backup``, ``restore``, ``demo``) refuse a server in one line saying
what applies there instead. Every other command and the TUI run on a server as on a file
(``cli.launch.open_db`` reaches it and brings it up to date). A server that cannot be reached, a
wrong password or a missing database is one line naming the server (password hidden:
``dburl.shown``) and what to do (``store.server``).
"""

from __future__ import annotations

from deskcrm import dburl
from deskcrm.cli.output import echo
from deskcrm.errors import CliError
from deskcrm.store.schema import HEAD

_WHY = {
    "backup": "a desk on a PostgreSQL server is backed up by the server's own backups (pg_dump, or the "
              "server's base backups); deskcrm backup copies a desk file",
    "restore": "a desk on a PostgreSQL server is restored from the server's own backups (pg_restore, or the "
               "server's base backups); deskcrm restore puts back a desk file",
    "demo": "deskcrm demo builds a desk file; build one (deskcrm demo --db PATH --no-open), then open that file "
            "to try deskcrm, or give the team's server a new empty database (deskcrm init postgresql://…)",
}


def file_only(url: str, command: str | None = None) -> CliError:
    """The one line (exit 2) for a command that works on a desk file, asked to run on a server."""
    why = _WHY.get(command or "", "this command works on a desk file only; give --db a file path")
    return CliError(f"{dburl.shown(url)}: {why}", 2)


def init(url: str) -> None:
    """``deskcrm init postgresql://…``: a new desk in an existing, empty database."""
    import shlex

    from deskcrm.store import server

    where = dburl.shown(url)
    found = server.inspect(url)
    if found.revision is not None:
        raise CliError(f"{where}: already holds a deskcrm desk (schema {found.revision}); init only creates "
                       "new ones", 2)
    server.ensure_current(url, create=True)
    echo(f"Created an empty deskcrm desk (schema {HEAD}) on the PostgreSQL server: {where}\n"
         f"  open it with: deskcrm --db {shlex.quote(where)}; add the team: deskcrm recruiter add NAME --initials AM "
         f"--db {shlex.quote(where)}")
