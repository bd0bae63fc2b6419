"""A column mapping saved as a TOML file the user can edit, and read back.

    # deskcrm import mapping: each column of the file -> what it is imported as ("" ignores it)
    format = "linkedin"
    kind = "people"
    date_order = "dmy"   # optional: how 03/04/2026 reads when no cell of a date column tells

    [columns]
    "First Name" = "first_name"
    "Connected On" = "connected_on"
    "Favourite colour" = "custom:Favourite colour"

:func:`save` writes that (strings escaped as TOML basic strings); :func:`load` reads it and
refuses what it cannot use, naming the file and the key: an unknown kind, a target the kind
does not have. :func:`fit` lays a loaded mapping over a file's header: the mapping's columns
the file lacks, and the file's columns the mapping does not name (both ignored), are reported.
"""

from __future__ import annotations

from pathlib import Path

from deskcrm.store.errors import StoreError
from deskcrm.store.imports import KINDS, TARGETS, Mapping

HEAD = '# deskcrm import mapping: each column of the file -> what it is imported as ("" ignores it)\n'


class BadMapping(StoreError):
    """A mapping file deskcrm cannot use; ``str(err)`` names the file and the key."""


def save(mapping: Mapping, path: Path | str) -> Path:
    """Write ``mapping`` to ``path`` as TOML (the file is replaced whole)."""
    path = Path(path)
    from deskcrm.files import temp_beside

    partial = temp_beside(path)
    try:
        partial.write_text(text(mapping), encoding="utf-8")
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


def text(mapping: Mapping) -> str:
    """``mapping`` as the TOML a mapping file holds (what ``save`` writes, what a batch records)."""
    targets = ", ".join(TARGETS[mapping.kind])
    lines = [HEAD, f"# targets for {mapping.kind}: {targets}, or \"custom:<label>\" (kept in the notes)\n",
             f"format = {quote(mapping.format)}\n", f"kind = {quote(mapping.kind)}\n"]
    if mapping.date_order:
        lines.append(f"date_order = {quote(mapping.date_order)}\n")
    lines.append("\n[columns]\n")
    lines += [f"{quote(header)} = {quote(target)}\n" for header, target in mapping.columns.items()]
    return "".join(lines)


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def quote(text: str) -> str:
    """``text`` as a TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F or 0x80 <= ord(ch) < 0xA0:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def load(path: Path | str, kind: str | None = None) -> Mapping:
    """The mapping in the TOML file ``path``; :class:`BadMapping` naming the file and key when
    it cannot be used. ``kind`` is the kind of a file that does not say its own."""
    import tomllib

    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise BadMapping(f"{path}: not a TOML mapping ({exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadMapping(f"{path}: cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    for name in data:
        if name not in ("format", "kind", "date_order", "columns"):
            raise BadMapping(f"{path}: {name} is not a mapping setting; known: format, kind, date_order, [columns]")
    kind = data.get("kind", kind)
    if kind not in KINDS:
        raise BadMapping(f"{path}: kind = {kind!r} is not a kind; one of {', '.join(KINDS)}")
    fmt = data.get("format", "generic")
    if not isinstance(fmt, str):
        raise BadMapping(f"{path}: format must be a quoted name, e.g. format = \"generic\"")
    order = data.get("date_order")
    if order is not None and order not in ("dmy", "mdy"):
        raise BadMapping(f'{path}: date_order = {order!r}: "dmy" (3/12/2026 is 3 Dec) or "mdy" (12 Mar)')
    columns = data.get("columns", {})
    if not isinstance(columns, dict):
        raise BadMapping(f'{path}: [columns] must be a table of "Header" = "target" lines')
    allowed = TARGETS[kind]
    for header, target in columns.items():
        if not isinstance(target, str):
            raise BadMapping(f'{path}: [columns] {quote(header)} must be a quoted target, e.g. "email" or ""')
        if target and target not in allowed and not (target.startswith("custom:") and target[7:].strip()):
            raise BadMapping(f"{path}: [columns] {quote(header)} = {quote(target)}: not a target for {kind}; "
                             f"known: {', '.join(allowed)}, custom:<label>, or \"\" to ignore the column")
    return Mapping(kind=kind, format=fmt, columns=dict(columns), date_order=order)


def fit(mapping: Mapping, header: list[str], source: Path | str) -> tuple[Mapping, list[str]]:
    """``mapping`` limited to ``header``'s columns, and one note per mismatch: a mapped column
    the file does not have, a column of the file the mapping does not name (not imported)."""
    notes = [f"{source}: the mapping names {quote(name)}, which is not a column of the file (ignored)"
             for name in mapping.columns if name not in header]
    notes += [f"{source}: column {quote(name)} is not in the mapping (not imported)"
              for name in header if name not in mapping.columns]
    columns = {name: mapping.columns[name] for name in header if name in mapping.columns}
    return Mapping(kind=mapping.kind, format=mapping.format, columns=columns, date_order=mapping.date_order), notes
