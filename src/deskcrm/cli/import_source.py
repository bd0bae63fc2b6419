"""How `deskcrm import FILE` reads its file: through ``store.imports.source`` (``open_table``,
``recognise`` or ``--map`` laid over the header) and ``file_read`` (``check`` — the whole file
validated before anything is written — each column's date order from all its cells, the rows:
for a long file all of it in a second process), as a :class:`Source` the writer takes.
``--save-map`` writes the mapping used."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deskcrm.cli.output import say
from deskcrm.errors import CliError
from deskcrm.store.imports import TARGETS, CellRules, Mapping, MappedRow


@dataclass
class Source:
    """The file as the writer takes it: how it was read, its mapping, how its cells read, and
    its rows (a second pass over the file, after ``check`` validated the whole of it)."""

    table: Any
    mapping: Mapping
    rules: CellRules
    rows: Iterable[MappedRow]  # a ``file_read.FileRows``: a new pass each time it is iterated
    total: int | None = None  # the rows ``check`` counted

    @property
    def said(self) -> str:
        m = self.mapping
        fmt = "a generic sheet" if m.format == "generic" else m.format.replace("_", " ")
        return f"{self.table.read_as}; {fmt} of {m.kind}"


@contextmanager
def reading(file: Path, kind: str | None, map_file: Path | None, encoding: str | None,
            phone_region: str | None, *, dry_run: bool = False) -> Iterator[Source]:
    """``file`` opened (``open_table``), validated whole (``check``: a malformed file is refused
    before anything is written), mapped (``recognise``, or ``--map`` laid over the header) and its
    date columns' orders read from all their cells."""
    from deskcrm.store.imports.file_read import file_read
    from deskcrm.store.imports.source import BadFile, open_table
    from deskcrm.store.imports.table import BadCell

    try:
        with open_table(file, encoding) as table:
            mapping = _mapping(file, table.header, kind, map_file)
            with file_read(table, mapping, phone_region, encoding=encoding) as found:
                yield Source(table, mapping, found.rules, found.rows, found.total)
    except BadFile as exc:
        raise CliError(f"{exc}; nothing was imported", 2) from None
    except BadCell as exc:
        raise CliError(f"{file}, {exc}; nothing was imported", 2) from None
    except KeyboardInterrupt:  # e.g. while the file is checked (the process reading it ends with it)
        said = "dry run stopped (Ctrl-C): nothing was written" if dry_run else \
            "import stopped (Ctrl-C): nothing was imported"
        raise CliError(f"{file}: {said}", 130) from None


def _mapping(file: Path, header: list[str], kind: str | None, map_file: Path | None) -> Mapping:
    """The header's recognised mapping, or ``--map``'s laid over it (each column on one side
    only said on stderr); refused when no column is one the kind imports."""
    from deskcrm.store.imports import mapping as mapping_file
    from deskcrm.store.imports.formats import recognise

    if map_file is None:
        mapping = recognise(header, kind)
    else:
        try:
            mapping = mapping_file.load(map_file, kind or "people")
        except mapping_file.BadMapping as exc:
            raise CliError(f"--map {exc}", 2) from None
        if kind is not None and mapping.kind != kind:
            raise CliError(f"--map {map_file} maps {mapping.kind}, not --kind {kind}", 2)
        mapping, notes = mapping_file.fit(mapping, header, file)
        for note in notes:
            say(note)
    if not any(t and not t.startswith("custom:") for t in mapping.columns.values()):
        targets = TARGETS[mapping.kind]
        raise CliError(f"{file}: no column is one deskcrm imports as {mapping.kind} (headers such as "
                       f"{', '.join(targets[:6])}…); name them so, or give --map MAPFILE", 2)
    return mapping


def save_map_file(mapping: Mapping, path: Path) -> None:
    from deskcrm.files import missing_folder_of
    from deskcrm.store.imports import mapping as mapping_file

    if (why := missing_folder_of(path)) is not None:
        raise CliError(f"--save-map {path}: {why}", 2)
    try:
        mapping_file.save(mapping, path)
    except OSError as exc:
        raise CliError(f"--save-map {path}: cannot be written ({exc.strerror or exc})", 2) from None
