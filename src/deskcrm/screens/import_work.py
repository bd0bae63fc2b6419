"""The TUI import flow's ONE seam to ``store.imports`` (issue 12): the screens call these
functions only, so a name changed in the store at merge is re-pointed here, once.

    found = preview(path)                      # BadFile: one line naming the file (and where)
    found.read_as, found.mapping, found.rows   # the first PREVIEW_ROWS rows only: never the whole file
    with_target(found.mapping, column, target) # a column's target changed by the user
    plan = dry_run(conn, path, mapping, progress)   # counts, the updates (field by field), the duplicates
                                                    # and the errors (each list capped)
    done = commit(conn, path, mapping, progress)    # ONE batch (apply_import); .txn for ctrl+z
    undo_if_import(conn, txn, progress=p)      # the batch undone (marked undone) or None: not an import

``progress(done, total)`` is called from the worker thread a chunk at a time; ``total`` is the
row count of the file's first pass (``check``), which also refuses a malformed file before
anything is planned or written (``file_read``: for a long file, in the process reading it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from deskcrm.store.imports import KINDS, TARGETS, Mapping, mapped
from deskcrm.store.imports.apply import DUPLICATE_RULES as RULES  # what becomes of a likely duplicate
from deskcrm.store.imports.formats import recognise
from deskcrm.store.imports.file_read import file_read
from deskcrm.store.imports.source import BadFile, open_table
from deskcrm.store.imports.wording import plural

__all__ = ["BadFile", "KINDS", "TARGETS", "Preview", "DryRun", "preview", "recognised", "with_target",
           "dry_run", "decided_counts", "commit", "undo_if_import", "next_kind", "target_label", "plural"]

PREVIEW_ROWS = 4  # rows of the file shown beside its columns
LISTED = 500  # duplicates / errors kept for the dry run's list (the counts count them all)

Progress = Callable[[int, "int | None"], None]


@dataclass(frozen=True)
class Preview:
    path: Path
    read_as: str
    header: list[str]
    mapping: Mapping
    rows: list[dict[str, str]]  # the first PREVIEW_ROWS rows: header -> cell text


@dataclass(frozen=True)
class Listed:
    line: int
    label: str
    why: str  # a duplicate's reason, or an error's column and message
    record_id: int | None = None
    as_update: str = "skip"  # a duplicate: what "update" makes of it ("update" | "unchanged" | "skip": none to update)


@dataclass(frozen=True)
class DryRun:
    counts: dict[str, int]
    duplicates: list[Listed] = field(default_factory=list)
    errors: list[Listed] = field(default_factory=list)
    as_update: dict[str, int] = field(default_factory=dict)  # ALL the duplicates by Listed.as_update
    cvs: list[Any] = field(default_factory=list)  # with a CV folder: each row's CvMatch (cv_match)
    updates: list[Listed] = field(default_factory=list)  # each with its fields (why: as the CLI says them)


def preview(path: Path | str, kind: str | None = None) -> Preview:
    """The file at ``path`` opened and recognised; only its first rows are read."""
    path = Path(path).expanduser()
    with open_table(path) as table:
        rows = []
        for row in table.rows():
            rows.append(row.cells)
            if len(rows) >= PREVIEW_ROWS:
                break
        return Preview(path, table.read_as, list(table.header), recognise(table.header, kind), rows)


def recognised(found: Preview, kind: str) -> Preview:
    """``found`` read as a ``kind`` file (each column's target recognised again for it)."""
    return replace(found, mapping=recognise(found.header, kind))


def next_kind(kind: str) -> str:
    return KINDS[(KINDS.index(kind) + 1) % len(KINDS)]


def with_target(mapping: Mapping, column: str, target: str) -> Mapping:
    """``mapping`` with ``column`` imported as ``target`` ("" ignores it, "custom" keeps it in the
    notes under its header)."""
    if target == "custom":
        target = f"custom:{column}"
    elif target and target not in TARGETS[mapping.kind]:
        raise ValueError(f"{target!r} is not a target for {mapping.kind}")
    return replace(mapping, columns={**mapping.columns, column: target})


def target_label(target: str) -> str:
    if not target:
        return "(ignored)"
    if target.startswith("custom:"):
        return f"custom: {target[7:]} (kept in notes)"
    return target


def _rows(table: Any, mapping: Mapping):
    return (mapped(r, mapping) for r in table.rows())


def dry_run(conn: Any, path: Path, mapping: Mapping, progress: Progress | None = None, *,
            phone_region: str | None = None, cvs: Path | None = None) -> DryRun:
    """What importing ``path`` with ``mapping`` would do; nothing is written. ``cvs``: a CV
    folder — which CV each row would get (or why none) is in ``.cvs``."""
    from deskcrm.store.imports.apply import planner_for, resolved_duplicate
    from deskcrm.store.imports.wording import cell_error, changes_text, column_headers

    with open_table(path) as table, file_read(table, mapping, phone_region) as found:
        total = found.total
        planner = planner_for(conn, mapping.kind, rules=found.rules, total=total)
        duplicates: list[Listed] = []
        errors: list[Listed] = []
        updates: list[Listed] = []
        as_update = {"update": 0, "unchanged": 0, "skip": 0}
        done = 0
        people = mapping.kind in ("people", "contacts")
        headers = column_headers(mapping.columns)  # an error names the file's column, as the CLI's does
        for chunk in planner.chunks(found.rows):
            for p in chunk:
                if p.action == "duplicate":  # what the rule "update" would make of it, as the import would
                    made = resolved_duplicate(conn, planner, p, "update").action if people else "skip"
                    made = made if made in ("update", "unchanged") else "skip"
                    as_update[made] += 1
                    if len(duplicates) < LISTED:
                        duplicates.append(Listed(p.line, p.label, p.reason, p.record_id, made))
                elif p.action == "error" and len(errors) < LISTED:
                    errors.append(Listed(p.line, p.label, cell_error(p, headers)))
                elif p.action in ("update", "unchanged") and p.changes and len(updates) < LISTED:
                    # an update, or a row whose every field the desk keeps: listed as the CLI lists them
                    updates.append(Listed(p.line, p.label, changes_text(p.changes), p.record_id, p.action))
            done += len(chunk)
            if progress is not None:
                progress(done, total)
        found = []
        if cvs is not None and mapping.kind == "people":
            from deskcrm.store.imports.cv_import import CvImport

            folder = CvImport(cvs)
            folder.look(_rows(table, mapping))
            found = folder.outcomes(written=False)
        return DryRun(dict(planner.counts), duplicates, errors, as_update, found, updates)


def decided_counts(plan: DryRun, rule: str, decisions: dict[int, str]) -> dict[str, int]:
    """The dry run's counts as the import will make them: each likely duplicate as the user
    decided it (``decisions``: line -> rule, else ``rule``) — a new row, an update (or unchanged),
    or skipped (``skip``; "update" with nobody on the desk to update skips it too)."""
    counts = {**plan.counts, "skip": 0}
    rest = dict(plan.as_update)

    def land(decision: str, made: str, n: int) -> None:
        if decision == "new":
            counts["new"] += n
        elif decision == "update" and made in ("update", "unchanged"):
            counts[made] += n
        else:
            counts["skip"] += n

    for d in plan.duplicates:
        land(decisions.get(d.line, rule), d.as_update, 1)
        rest[d.as_update] = rest.get(d.as_update, 0) - 1
    for made, n in rest.items():
        if n > 0:  # the duplicates not listed: the rule for all decides them
            land(rule, made, n)
    return counts


RULE_WORDS = {"skip": "skip them (not imported)", "new": "import them as new people",
              "update": "update the desk's person (empty fields filled)"}


def rules_for(kind: str) -> tuple[str, ...]:
    """The duplicate rules a ``kind`` file offers (import-as-new: people and contacts only)."""
    return RULES if kind in ("people", "contacts") else ("skip",)


def commit(conn: Any, path: Path, mapping: Mapping, progress: Progress | None = None, *,
           rule: str = "skip", decisions: dict[int, str] | None = None, phone_region: str | None = None,
           cvs: Any = None) -> Any:
    """``path`` imported as ONE batch (all or nothing): ``.batch_id``, ``.txn``, ``.counts``.
    ``rule`` decides every likely duplicate (``RULES``); ``decisions`` (line -> rule) decide
    single rows against it. ``cvs``: what :func:`read_cvs` made ready, attached in the batch
    (the copies left unused removed after it, landed or not)."""
    from deskcrm.store.imports.apply import apply_import
    from deskcrm.store.imports.mapping import text as mapping_text

    decisions = {line: d for line, d in (decisions or {}).items() if d != rule}
    if rule not in rules_for(mapping.kind) or any(d not in rules_for(mapping.kind) for d in decisions.values()):
        raise ValueError(f"a {mapping.kind} file's likely duplicates can only be skipped")
    with open_table(path) as table, file_read(table, mapping, phone_region) as found:
        decide = None if rule == "skip" and not decisions else (lambda line: decisions.get(line, rule))
        try:
            return apply_import(conn, found.rows, kind=mapping.kind, file_name=path.name,
                                format=mapping.format, mapping=mapping_text(mapping), progress=progress,
                                total=found.total, rules=found.rules, decide=decide,
                                on_people=cvs.on_people if cvs is not None else None)
        finally:
            if cvs is not None:
                cvs.cleanup(conn)


# --------------------------------------------------------------------------- CVs from a folder


def cv_folder(value: str) -> Path:
    """The CV folder typed (``CvRefused``: not a folder, one line naming it)."""
    from deskcrm.store.imports.cv_import import CvImport

    folder = Path(value).expanduser()
    CvImport(folder)
    return folder


def read_cvs(path: Path, mapping: Mapping, folder: Path, data_dir: Path, progress: Progress | None = None) -> Any:
    """Before the import's write: each row's CV matched, copied and read (``CvImport.prepare``)."""
    from deskcrm.store.imports.cv_import import CvImport

    if mapping.kind != "people":
        raise ValueError(f"CVs come with a people file, not {mapping.kind} (t: the kind)")
    cvs = CvImport(folder, data_dir)
    with open_table(path) as table:
        cvs.prepare(_rows(table, mapping), progress)
    return cvs


CV_SAID = 8  # CVs not attached said after an import, one line each (the rest counted)


def cv_trouble(found: list[Any]) -> list[str]:
    """After an import: each row's CV that was not attached, and why — the file unreadable
    (encrypted, damaged, too big), the cv_file missing, several files fitting, the row not
    imported — as the CLI says them, the first ``CV_SAID`` (then how many more)."""
    lines = [f"line {m.line}  {m.label}: {m.reason}" for m in found
             if m.status in ("refused", "missing", "ambiguous", "skipped")]
    if len(lines) > CV_SAID:
        lines[CV_SAID:] = [f"… and {plural(len(lines) - CV_SAID, 'more CV')} not attached"]
    return lines


def cv_summary(found: list[Any], *, written: bool) -> str:
    from deskcrm.store.imports.cv_import import OUTCOMES, summary

    counts = dict.fromkeys(OUTCOMES, 0)
    for m in found:
        counts[m.status] += 1
    return summary(counts, written=written)


# --------------------------------------------------------------------------- mapping files


def save_mapping(mapping: Mapping, value: str) -> Path:
    """``mapping`` written to the TOML file ``value`` (as ``--save-map``); BadMapping naming the
    file when it cannot be written."""
    from deskcrm.store.imports.mapping import BadMapping, save

    from deskcrm.files import missing_folder_of

    path = Path(value).expanduser()
    if (why := missing_folder_of(path)) is not None:
        raise BadMapping(why)
    try:
        return save(mapping, path)
    except OSError as exc:
        raise BadMapping(f"{path}: cannot be written ({exc.strerror or exc})") from None


def load_mapping(found: Preview, value: str) -> tuple[Preview, list[str]]:
    """``found`` with the mapping of the TOML file ``value`` laid over its header (``fit``), and
    the notes on the columns either side lacks; BadMapping (the file and the key) when unusable."""
    from deskcrm.store.imports.mapping import fit, load

    path = Path(value).expanduser()
    mapping, notes = fit(load(path, found.mapping.kind), found.header, path.name)
    return replace(found, mapping=mapping), notes


def undo_if_import(conn: Any, txn: str, data_dir: Path | None = None, *, progress: Any = None) -> str | None:
    """If ``txn`` is an import's, undo its batch (marked undone, in one transaction) and say
    what was undone; None when ``txn`` is not an import (the caller undoes it as usual).
    ``data_dir``: the CV copies the batch brought that nothing refers to any more are deleted.
    ``progress`` (``undo_progress.UndoProgress``): ``begin(what)``, then called ``(done, total)``
    a chunk at a time and told each ``stage``."""
    from deskcrm.store.imports.batches import batch_of_txn, undo_batch

    found = batch_of_txn(conn, txn)
    if found is None:
        return None
    batch_id, file_name = found
    what = f"the import of {file_name} (batch #{batch_id})"
    if progress is not None:  # the batch first: at 80 columns a long file name is what is cut
        progress.begin(f"batch #{batch_id}, the import of {file_name}")
    undo_batch(conn, batch_id, data_dir=data_dir, progress=progress,
               stage=progress.stage if progress is not None else None)
    return what
