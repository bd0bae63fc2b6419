"""What `deskcrm import list` and `deskcrm import undo BATCH` do (``store.imports.batches``).

`import undo BATCH` says how far it is on stderr (a terminal's, once it has taken a second:
``cli.progress``): rows reverted of the batch's, then the people re-indexed. Ctrl-C during it
rolls the one transaction back: one line, exit 130, the desk as before.
"""

from __future__ import annotations

from deskcrm.cli.output import echo, echo_json
from deskcrm.cli.progress import Progress
from deskcrm.errors import CliError
from deskcrm.store.imports.wording import plural


def list_imports(db: str | None, as_json: bool, pretty: bool) -> None:
    from deskcrm.cli.launch import open_db
    from deskcrm.store import db as store_db
    from deskcrm.store.imports.batches import list_batches
    from deskcrm.store.values import local

    conn = store_db.connect(open_db(db))
    try:
        with store_db.translated():
            batches = list_batches(conn)
    finally:
        conn.close()
    if as_json:
        echo_json([{"batch": b.id, "file": b.file_name, "kind": b.kind, "format": b.format, "counts": b.counts,
                    "at": b.at, "by": b.who, "state": b.state} for b in batches], pretty=pretty)
        return
    if not batches:
        echo("No imports yet.")
        return
    for b in batches:
        when = local(b.at).strftime("%Y-%m-%d %H:%M") if b.at else ""
        c = b.counts
        counts = (f"{c.get('new', 0):,} new, {c.get('update', 0):,} updated, "
                  f"{plural(c.get('duplicate', 0), 'duplicate')} skipped")
        echo(f"{b.id:>5}  {when}  {b.state:<6}  {b.kind:<10}  {b.file_name}  ({counts})  {b.who or ''}".rstrip())


def undo_import(db: str | None, me: str | None, batch: str) -> None:
    from deskcrm.cli import launch
    from deskcrm.cli.launch import open_db
    from deskcrm.cli.recruiter_cli import sign
    from deskcrm.store import db as store_db
    from deskcrm.store.imports.batches import undo_batch
    from deskcrm.store.values import is_id

    try:
        batch_id = int(batch.strip().lstrip("#"))
    except ValueError:
        raise CliError(f"import undo {batch!r}: say which batch by its number (see deskcrm import list)", 2) from None
    if not is_id(batch_id):
        raise CliError(f"import undo {batch}: no such batch (see deskcrm import list)", 2)
    from deskcrm.config import paths

    conn = store_db.connect(open_db(db, check="write"))
    try:
        with store_db.translated(launch.opened):
            sign(conn, launch.opened, me)
            progress = Progress("undoing")
            try:
                n = undo_batch(conn, batch_id, data_dir=paths.data_dir(), progress=progress, stage=progress.stage)
            except KeyboardInterrupt:  # the undo's one transaction rolled back
                raise CliError(f"import batch {batch_id}: undo stopped (Ctrl-C): nothing was undone", 130) from None
            finally:
                progress.end()
    finally:
        conn.close()
    echo(f"Undid import batch {batch_id}: {plural(n, 'row')} reverted.")
