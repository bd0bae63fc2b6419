"""What the command line does with a desk on a PostgreSQL server, in this version: ``deskcrm
init postgresql://…`` creates it (at this version's schema); every other command, and the TUI,
reaches the server, brings an older desk up to date (a newer one is refused, as a file is), and
then says in one line that running them on PostgreSQL is not built yet — exit status 2. A server
that cannot be reached, a wrong password or a missing database is one line naming the server
(password hidden: ``dburl.shown``) and what to do (``store.server``).
"""

from __future__ import annotations

from deskcrm import dburl
from deskcrm.cli.output import echo, say
from deskcrm.errors import CliError
from deskcrm.store.schema import HEAD

NOT_BUILT = ("running the screens and commands on PostgreSQL is not built yet in this version of deskcrm "
             "(only `deskcrm init` is); use a desk file for now (--db PATH)")


def not_yet(url: str) -> CliError:
    """The one line (exit 2) for a command asked to run on a server desk."""
    from deskcrm.store import server

    server.ensure_current(url, create=False, announce=say)
    return CliError(f"{dburl.shown(url)}: the deskcrm desk on this PostgreSQL server is created (schema {HEAD}), "
                    f"but {NOT_BUILT}", 2)


def init(url: str) -> None:
    """``deskcrm init postgresql://…``: a new desk in an existing, empty database."""
    from deskcrm.store import server

    where = dburl.shown(url)
    found = server.inspect(url)
    if found.revision is not None:
        raise CliError(f"{where}: already holds a deskcrm desk (schema {found.revision}); init only creates "
                       "new ones", 2)
    server.ensure_current(url, create=True)
    echo(f"Created an empty deskcrm desk (schema {HEAD}) on the PostgreSQL server: {where}\n"
         f"  Note: {NOT_BUILT}.")
