"""What `deskcrm import FILE`, `deskcrm import list` and `deskcrm import undo BATCH` do.

`import FILE --dry-run` prints the plan: the counts, then the lists (new rows; updates field by
field, a value kept rather than overwritten said so; likely duplicates with the reason; errors
with the line, the column and what to do) — `--json` the same as one stable document. Without
`--dry-run` the file is written as one batch (``store.imports.apply``): all of it or, on a row
in error, none of it. Progress goes to stderr (a terminal's) once an import takes over a second.
The lists are spooled to temporary files as the plan streams, so a big file is never held in
memory. Every string printed goes through ``cli.output`` (cleaned, never markup).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from deskcrm.errors import CliError
from deskcrm.cli.output import echo, echo_json
from deskcrm.store.imports import KINDS, TARGETS, Mapping, MappedRow, SourceRow, mapped

_GROUPS = (("new", "New"), ("update", "Updates"), ("duplicate", "Likely duplicates"), ("error", "Errors"))


# --------------------------------------------------------------------------- reading (interim)


def _interim_read(path: Path, kind: str, map_file: Path | None) -> tuple[Mapping, Iterator[SourceRow]]:
    """INTERIM reader, to be replaced at merge by the real ``open_table`` / ``recognise``
    (``store.imports.source`` / ``formats`` / ``mapping``): UTF-8 (BOM or not), commas, the
    header on the first line; a column is mapped when its header IS a target of ``kind`` (or as
    the ``[columns]`` table of a ``--map`` TOML file says)."""
    import csv

    try:
        f = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by the generator
    except FileNotFoundError:
        raise CliError(f"{path}: no such file", 2) from None
    except IsADirectoryError:
        raise CliError(f"{path}: is a directory, not a file to import", 2) from None
    except OSError as exc:
        raise CliError(f"{path}: cannot be read ({exc.strerror})", 2) from None
    reader = csv.reader(f, strict=True)
    try:
        header = [h.strip() for h in next(reader, [])]
    except (csv.Error, UnicodeDecodeError) as exc:
        f.close()
        raise CliError(f"{path}, line 1: cannot be read as UTF-8 CSV ({exc})", 2) from None
    if map_file is not None:
        columns = _map_file(map_file, header, kind)
    else:
        columns = {h: (h if h in TARGETS[kind] else "") for h in header}
    if not any(columns.values()):
        f.close()
        raise CliError(f"{path}: no column is one deskcrm imports as {kind} (headers such as "
                       f"{', '.join(TARGETS[kind][:6])}…); name them so, or give --map MAPFILE", 2)

    def rows() -> Iterator[SourceRow]:
        with f:
            try:
                for cells in reader:
                    if not any(c.strip() for c in cells):
                        continue
                    if len(cells) != len(header):
                        raise CliError(f"{path}, line {reader.line_num}: {len(cells)} cells where the header has "
                                       f"{len(header)}; nothing was imported", 2)
                    yield SourceRow(reader.line_num, {h: c.strip() for h, c in zip(header, cells)})
            except (csv.Error, UnicodeDecodeError) as exc:
                raise CliError(f"{path}, line {reader.line_num}: cannot be read ({exc}); nothing was imported",
                               2) from None

    return Mapping(kind, "generic", columns), rows()


def _map_file(map_file: Path, header: list[str], kind: str) -> dict[str, str]:
    import tomllib

    try:
        with open(map_file, "rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise CliError(f"--map {map_file}: no such file", 2) from None
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CliError(f"--map {map_file}: not a mapping file ({exc})", 2) from None
    given = data.get("columns", {})
    if not isinstance(given, dict):
        raise CliError(f"--map {map_file}: [columns] must be a table of \"header\" = \"target\"", 2)
    for header_name, target in given.items():
        if not isinstance(target, str) or (target and not target.startswith("custom:") and target not in TARGETS[kind]):
            raise CliError(f"--map {map_file}: {header_name!r} = {target!r} is not a target of {kind} "
                           f"({', '.join(TARGETS[kind])}, custom:<label> or \"\")", 2)
    return {h: given.get(h, "") for h in header}


def mapping_toml(mapping: Mapping) -> str:
    """The mapping used, as the TOML a ``--map`` file holds (JSON strings are TOML basic strings)."""
    lines = [f"kind = {json.dumps(mapping.kind)}", f"format = {json.dumps(mapping.format)}", "", "[columns]"]
    lines += [f"{json.dumps(h)} = {json.dumps(t)}" for h, t in mapping.columns.items()]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- commands


def _kind(kind: str | None) -> str:
    kind = (kind or "people").strip().lower()
    if kind not in KINDS:
        raise CliError(f"--kind {kind!r}: one of {', '.join(KINDS)}", 2)
    return kind


def import_file(db: str | None, me: str | None, file: Path, kind: str | None, map_file: Path | None,
                dry_run: bool, overwrite: bool, as_json: bool, pretty: bool) -> None:
    from deskcrm.cli import launch
    from deskcrm.cli.launch import apply_settings, open_db
    from deskcrm.cli.recruiter_cli import sign
    from deskcrm.config import settings
    from deskcrm.store import db as store_db

    kind = _kind(kind)
    mapping, source = _interim_read(file, kind, map_file)
    rows = (mapped(r, mapping) for r in source)
    apply_settings(settings.load())  # how a date like 3/12/2026 reads
    conn = store_db.connect(open_db(db, check="read" if dry_run else "write"))
    try:
        with store_db.translated(launch.opened):
            if dry_run:
                _dry_run(conn, file, mapping, rows, overwrite, as_json, pretty)
                return
            sign(conn, launch.opened, me)
            _write(conn, file, mapping, rows, overwrite, as_json)
    finally:
        conn.close()


def _write(conn: Any, file: Path, mapping: Mapping, rows: Iterator[MappedRow], overwrite: bool,
           as_json: bool) -> None:
    from deskcrm.store.imports.apply import ImportRefused, apply_import

    progress = _Progress("importing")
    try:
        done = apply_import(conn, rows, kind=mapping.kind, file_name=file.name, format=mapping.format,
                            mapping=mapping_toml(mapping), overwrite=overwrite, progress=progress)
    except ImportRefused as exc:
        raise CliError(f"{file}, {exc}", 2) from None
    finally:
        progress.end()
    if as_json:
        echo_json({"batch": done.batch_id, "file": file.name, "kind": mapping.kind, "counts": done.counts})
        return
    c = done.counts
    skipped = f", {c['duplicate']} likely duplicates not imported (see them with --dry-run)" if c["duplicate"] else ""
    echo(f"Imported {file.name} as batch {done.batch_id}: {c['new']} new, {c['update']} updated, "
         f"{c['unchanged']} unchanged{skipped}. Undo: deskcrm import undo {done.batch_id}")


def _dry_run(conn: Any, file: Path, mapping: Mapping, rows: Iterator[MappedRow], overwrite: bool,
             as_json: bool, pretty: bool) -> None:
    from deskcrm.store.imports.apply import planner_for

    planner = planner_for(conn, mapping.kind, overwrite=overwrite)
    spools: dict[str, IO[str]] = {g: tempfile.TemporaryFile("w+", encoding="utf-8") for g, _ in _GROUPS}
    progress = _Progress("checking")
    try:
        done = 0
        for chunk in planner.chunks(rows):
            for p in chunk:
                group = "update" if p.action == "unchanged" else p.action
                if p.action == "unchanged" and not p.changes:
                    continue
                spools[group].write((json.dumps(_entry(p), ensure_ascii=False) if as_json else _line(p)) + "\n")
            done += len(chunk)
            progress(done, None)
        progress.end()
        if as_json:
            _json_document(file, mapping, planner.counts, spools, pretty)
        else:
            _text_document(file, mapping, planner.counts, spools)
    finally:
        for s in spools.values():
            s.close()


def _entry(p: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"line": p.line, "name": p.label}
    if p.record_id is not None:
        out["record_id"] = p.record_id
    if p.action in ("update", "unchanged"):
        out["changes"] = [{"field": c.field, "old": c.old, "new": c.new, "kept": c.kept} for c in p.changes]
    if p.action == "duplicate":
        out["reason"] = p.reason
    if p.action == "error":
        out["column"], out["message"] = p.column, p.reason
    return out


def _line(p: Any) -> str:
    where = f"line {p.line}"
    if p.action == "new":
        return f"  {where}  {p.label}"
    if p.action == "duplicate":
        return f"  {where}  {p.label}: {p.reason}"
    if p.action == "error":
        return f"  {where}  {p.column}: {p.reason} (fix the cell, or map the column to nothing with --map)"
    fields = "; ".join(f"{c.field}: {_shown(c.old)} kept (file: {_shown(c.new)})" if c.kept
                       else f"{c.field}: {_shown(c.old)} -> {_shown(c.new)}" for c in p.changes)
    return f"  {where}  {p.label} (#{p.record_id}): {fields}"


def _shown(value: Any) -> str:
    return "(empty)" if value in (None, "", "[]") else str(value)


def _summary(counts: dict[str, int]) -> str:
    return (f"{counts['new']} new, {counts['update']} updates, {counts['unchanged']} unchanged, "
            f"{counts['duplicate']} likely duplicates, {counts['error']} errors")


def _text_document(file: Path, mapping: Mapping, counts: dict[str, int], spools: dict[str, IO[str]]) -> None:
    echo(f"{file.name} ({mapping.format}, {mapping.kind}): {_summary(counts)}")
    for group, title in _GROUPS:
        spool = spools[group]
        if not spool.tell():
            continue
        spool.seek(0)
        echo(f"{title}:")
        for line in spool:
            echo(line.rstrip("\n"))
    echo("Dry run: nothing was written." + (" Fix the errors first: an import with errors writes nothing."
                                            if counts["error"] else ""))


def _json_document(file: Path, mapping: Mapping, counts: dict[str, int], spools: dict[str, IO[str]],
                   pretty: bool) -> None:
    from deskcrm.text import json_safe

    head = {"file": file.name, "kind": mapping.kind, "format": mapping.format, "counts": counts}
    if pretty:  # small enough to be read by a person: build it whole
        doc = dict(head)
        for group, _ in _GROUPS:
            spools[group].seek(0)
            doc[group + ("s" if group != "new" else "")] = [json.loads(line) for line in spools[group]]
        echo_json(doc, pretty=True)
        return
    write = sys.stdout.write
    write(json_safe(json.dumps(head, ensure_ascii=False, separators=(",", ":")))[:-1])
    for group, _ in _GROUPS:
        spool = spools[group]
        spool.seek(0)
        write(f',"{group + ("s" if group != "new" else "")}":[')
        for i, line in enumerate(spool):
            entry = json.dumps(json.loads(line), ensure_ascii=False, separators=(",", ":"))
            write(("," if i else "") + json_safe(entry))
        write("]")
    write("}\n")


class _Progress:
    """``done`` rows on stderr, once the work has taken a second, and only on a terminal."""

    def __init__(self, verb: str) -> None:
        self.verb, self.start, self.shown = verb, time.monotonic(), False

    def __call__(self, done: int, total: int | None) -> None:
        err = sys.stderr
        if err is None or not err.isatty() or time.monotonic() - self.start < 1.0:
            return
        of = f" of {total:,}" if total else ""
        err.write(f"\r{self.verb}: {done:,}{of} rows…")
        err.flush()
        self.shown = True

    def end(self) -> None:
        if self.shown and sys.stderr is not None:
            sys.stderr.write("\n")


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
        counts = f"{c.get('new', 0)} new, {c.get('update', 0)} updated, {c.get('duplicate', 0)} duplicates skipped"
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
    conn = store_db.connect(open_db(db, check="write"))
    try:
        with store_db.translated(launch.opened):
            sign(conn, launch.opened, me)
            n = undo_batch(conn, batch_id)
    finally:
        conn.close()
    echo(f"Undid import batch {batch_id}: {n} rows reverted.")
