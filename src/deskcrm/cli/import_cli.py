"""What `deskcrm import FILE` does (`import list` and `import undo BATCH`: ``cli.import_batches``).

`import FILE` reads the file with ``store.imports.source`` (the encoding detected, or
``--encoding``; the delimiter sniffed), validates ALL of it first (``check``: a malformed file is
refused, naming the line and column, before anything is written), maps its columns (recognised
from the header, or ``--map MAPFILE`` laid over it, each column on one side only said), and says
on stderr how it was read and what it was recognised as (``--json``: ``read_as``, ``format``).
``--save-map FILE`` writes the mapping used, for ``--map`` next time.

`import FILE --dry-run` prints the plan: the counts, then the lists (new rows; updates field by
field, a value kept rather than overwritten said so; likely duplicates with the reason; errors
with the line, the column and what to do) — `--json` the same as one stable document; it exits
2, as the import would, when a row is in error. Without
`--dry-run` the file is written as one batch (``store.imports.apply``): all of it or, on a row
in error, none of it. Progress goes to stderr (a terminal's) once an import takes over a second.
The lists are spooled to temporary files as the plan streams, so a big file is never held in
memory. Every string printed goes through ``cli.output`` (cleaned, never markup).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import IO, Any

from deskcrm.cli.output import echo, echo_json, say
from deskcrm.cli.progress import Progress as _Progress
from deskcrm.errors import CliError
from deskcrm.cli.import_source import Source, reading, save_map_file
from deskcrm.store.imports import KINDS, Mapping
from deskcrm.store.imports.wording import column_headers, error_text, plural
from deskcrm.text import clean

_GROUPS = (("new", "New"), ("update", "Updates"),
           ("unchanged", "Unchanged, the desk's value kept (--overwrite replaces it)"),
           ("duplicate", "Likely duplicates"), ("error", "Errors"))
_KEYS = {"new": "new", "update": "updates", "unchanged": "unchanged", "duplicate": "duplicates", "error": "errors"}


# --------------------------------------------------------------------------- commands


def _kind(kind: str | None) -> str | None:
    if kind is None:
        return None
    kind = kind.strip().lower()
    if kind not in KINDS:
        raise CliError(f"--kind {kind!r}: one of {', '.join(KINDS)}", 2)
    return kind


def import_file(db: str | None, me: str | None, file: Path, kind: str | None, map_file: Path | None,
                dry_run: bool, overwrite: bool, as_json: bool, pretty: bool, encoding: str | None = None,
                save_map: Path | None = None, cvs: Path | None = None) -> None:
    from deskcrm.cli import launch
    from deskcrm.cli.launch import apply_settings, open_db
    from deskcrm.cli.recruiter_cli import sign
    from deskcrm.config import settings
    from deskcrm.store import db as store_db

    kind = _kind(kind)
    config = settings.load()
    apply_settings(config)
    target = open_db(db, check="read" if dry_run else "write")
    with reading(file, kind, map_file, encoding, config.phone_region, dry_run=dry_run) as source:
        if save_map is not None:
            save_map_file(source.mapping, save_map)
        from deskcrm.cli.import_cvs import open_folder
        from deskcrm.config import paths

        folder = open_folder(cvs, source.mapping.kind, None if dry_run else paths.data_dir())
        conn = store_db.connect(target)
        errors = 0
        try:
            with store_db.translated(launch.opened):
                if dry_run:
                    errors = _dry_run(conn, file, source, overwrite, as_json, pretty, folder)
                else:
                    sign(conn, launch.opened, me)
                    _write(conn, file, source, overwrite, as_json, folder)
        finally:
            conn.close()
        say(f"{file.name}: {source.said}")  # after: a refusal stays one line
        if save_map is not None:
            say(f"mapping saved to {save_map} (reuse it with --map {save_map})")
    if errors:  # the plan printed; its exit says what the import would (2: refused, nothing written)
        raise CliError(f"{file}: {plural(errors, 'row')} in error (listed above): the import would write nothing", 2)


def _write(conn: Any, file: Path, source: Source, overwrite: bool, as_json: bool, cvs: Any = None) -> None:
    from deskcrm.cli.import_cvs import entries, report, rows_of
    from deskcrm.store.imports.apply import ImportRefused, apply_import
    from deskcrm.store.imports.bulk_sql import settle
    from deskcrm.store.imports.mapping import text

    mapping = source.mapping
    try:
        if cvs is not None:
            reading_cvs = _Progress("reading CVs", "files")
            try:
                cvs.prepare(rows_of(source), reading_cvs)
            finally:
                reading_cvs.end()
        progress = _Progress("importing")
        try:
            done = apply_import(conn, source.rows, kind=mapping.kind, file_name=file.name, format=mapping.format,
                                mapping=text(mapping), overwrite=overwrite, progress=progress, total=source.total,
                                rules=source.rules, on_people=cvs.on_people if cvs is not None else None,
                                stage=progress.stage)
        except ImportRefused as exc:
            raise CliError(f"{file}, {exc.said(column_headers(mapping.columns))}", 2) from None
        except KeyboardInterrupt:  # the batch's one transaction rolled back; the reading process ended
            raise CliError(f"{file}: import stopped (Ctrl-C): nothing was imported", 130) from None
        finally:
            progress.end()
    finally:
        if cvs is not None:
            cvs.cleanup(conn)  # the copies no attachment refers to (rows not imported, a refused file)
    if as_json:
        doc = {"batch": done.batch_id, "file": file.name, "read_as": source.table.read_as, "kind": mapping.kind,
               "format": mapping.format, "counts": done.counts}
        if cvs is not None:
            doc["cvs"] = entries(cvs, written=True)
        echo_json(doc)
    else:
        c = done.counts
        skipped = (f", {plural(c['duplicate'], 'likely duplicate')} not imported (see them with --dry-run)"
                   if c["duplicate"] else "")
        echo(f"Imported {file.name} as batch {done.batch_id}: {c['new']:,} new, {c['update']:,} updated, "
             f"{c['unchanged']:,} unchanged{skipped}. Undo: deskcrm import undo {done.batch_id}")
        if cvs is not None:
            report(cvs, written=True)
    settle(conn)  # the result printed: the batch's WAL copied into the desk file (not by its commit)


def _dry_run(conn: Any, file: Path, source: Source, overwrite: bool, as_json: bool, pretty: bool,
             cvs: Any = None) -> int:
    """Print the plan; returns its rows in error."""
    from deskcrm.cli.import_cvs import rows_of
    from deskcrm.store.imports.apply import planner_for

    mapping, rows = source.mapping, source.rows
    headers = column_headers(mapping.columns)
    planner = planner_for(conn, mapping.kind, overwrite=overwrite, rules=source.rules, total=source.total)
    spools: dict[str, IO[str]] = {g: tempfile.TemporaryFile("w+", encoding="utf-8") for g, _ in _GROUPS}
    progress = _Progress("checking")
    try:
        done = 0
        for chunk in planner.chunks(rows):
            for p in chunk:
                group = p.action  # a row whose every field is kept: "unchanged", listed as such (not an update)
                if p.action == "unchanged" and not p.changes:
                    continue
                # a line each: a cell's line breaks (a note, a name) as spaces (text.clean)
                spools[group].write((json.dumps(_entry(p, headers), ensure_ascii=False) if as_json
                                     else clean(_line(p, headers))) + "\n")
            done += len(chunk)
            progress(done, None)
        progress.end()
        if cvs is not None:
            cvs.look(rows_of(source))
        if as_json:
            _json_document(file, source, planner.counts, spools, pretty, cvs)
        else:
            _text_document(file, mapping, planner.counts, spools, cvs)
        return planner.counts["error"]
    except KeyboardInterrupt:
        progress.end()
        raise CliError(f"{file}: dry run stopped (Ctrl-C): nothing was written", 130) from None
    finally:
        for s in spools.values():
            s.close()


def _entry(p: Any, headers: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"line": p.line, "name": p.label}
    if p.record_id is not None:
        out["record_id"] = p.record_id
    if p.action in ("update", "unchanged"):
        out["changes"] = [{"field": c.field, "old": c.old, "new": c.new, "kept": c.kept} for c in p.changes]
    if p.action == "duplicate":
        out["reason"] = p.reason
    if p.action == "error":
        out["column"], out["message"] = p.column, p.reason
        out["header"], out["cell"] = headers.get(p.column, p.column), p.cell  # the file's column, its text
    return out


def _line(p: Any, headers: dict[str, str]) -> str:
    where = f"line {p.line}"
    if p.action == "new":
        return f"  {where}  {p.label}"
    if p.action == "duplicate":
        return f"  {where}  {p.label}: {p.reason}"
    if p.action == "error":
        return f"  {error_text(p, headers)} (fix the cell, or map the column to nothing with --map)"
    from deskcrm.store.imports.wording import changes_text

    return f"  {where}  {p.label} (#{p.record_id}): {changes_text(p.changes)}"


def _summary(counts: dict[str, int]) -> str:
    return (f"{counts['new']:,} new, {plural(counts['update'], 'update')}, {counts['unchanged']:,} unchanged, "
            f"{plural(counts['duplicate'], 'likely duplicate')}, {plural(counts['error'], 'error')}")


def _text_document(file: Path, mapping: Mapping, counts: dict[str, int], spools: dict[str, IO[str]],
                   cvs: Any = None) -> None:
    echo(f"{file.name} ({mapping.format}, {mapping.kind}): {_summary(counts)}")
    for group, title in _GROUPS:
        spool = spools[group]
        if not spool.tell():
            continue
        spool.seek(0)
        echo(f"{title}:")
        for line in spool:
            echo(line.rstrip("\n"))
    if cvs is not None:
        from deskcrm.cli.import_cvs import report

        report(cvs, written=False)
    echo("Dry run: nothing was written." + (" Fix the errors first: an import with errors writes nothing."
                                            if counts["error"] else ""))


def _json_document(file: Path, source: Source, counts: dict[str, int], spools: dict[str, IO[str]],
                   pretty: bool, cvs: Any = None) -> None:
    from deskcrm.cli.import_cvs import entries

    from deskcrm.text import json_safe

    mapping = source.mapping
    head = {"file": file.name, "read_as": source.table.read_as, "kind": mapping.kind, "format": mapping.format,
            "counts": counts}
    if pretty:  # small enough to be read by a person: build it whole
        doc = dict(head)
        for group, _ in _GROUPS:
            spools[group].seek(0)
            doc[_KEYS[group]] = [json.loads(line) for line in spools[group]]
        if cvs is not None:
            doc["cvs"] = entries(cvs, written=False)
        echo_json(doc, pretty=True)
        return
    write = sys.stdout.write
    write(json_safe(json.dumps(head, ensure_ascii=False, separators=(",", ":")))[:-1])
    for group, _ in _GROUPS:
        spool = spools[group]
        spool.seek(0)
        write(f',"{_KEYS[group]}":[')
        for i, line in enumerate(spool):
            entry = json.dumps(json.loads(line), ensure_ascii=False, separators=(",", ":"))
            write(("," if i else "") + json_safe(entry))
        write("]")
    if cvs is not None:
        write(',"cvs":' + json_safe(json.dumps(entries(cvs, written=False), ensure_ascii=False,
                                               separators=(",", ":"))))
    write("}\n")
