"""Import: bring a desk in from other tools (issue 12).

The pieces, one module each, and the seam between reading a file and writing a batch:

- reading (``source``, ``formats``, ``mapping``, ``cells``): a file becomes a :class:`Table` —
  its encoding and delimiter (said, never guessed silently), its header, its rows streamed with
  their line numbers — and a :class:`Mapping` from its columns to :data:`TARGETS`, recognised
  from the header (LinkedIn, Bullhorn, OpenCATS, a generic sheet) or read from a TOML file.
- writing (``plan``, ``apply``, ``batches``): mapped rows are matched against the desk and each
  other (the dry run), then written as ONE journalled batch that ``deskcrm import undo`` reverts.

Nothing here imports Textual or Rich; cells are kept as text, exactly, and never evaluated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# What a column can be imported as, per kind of file. A column mapped to "" is ignored; a column
# mapped to "custom:<label>" is kept on the record's notes as "<label>: <value>". A column mapped to
# "id" (the other tool's record id: Bullhorn's candidateID, OpenCATS' ID) is kept the same way,
# under its header ("candidateID: 501"): the desk has ids of its own and stores no other.
TARGETS: dict[str, tuple[str, ...]] = {
    "people": ("id", "full_name", "first_name", "last_name", "email", "phone", "company", "title", "city",
               "skills", "salary", "currency", "linkedin", "source", "owner", "tags", "notes", "status",
               "headline", "connected_on", "cv_file", "desired_salary", "available_from", "notice_days"),
    "companies": ("id", "name", "website", "industry", "city", "phone", "owner", "notes", "bd_stage"),
    "contacts": ("id", "full_name", "first_name", "last_name", "email", "phone", "company", "title", "city",
                 "linkedin", "owner", "notes", "hiring_manager"),
    "jobs": ("id", "title", "company", "city", "status", "openings", "salary_min", "salary_max", "currency",
             "fee_percent", "owner", "notes", "opened_on"),
    "placements": ("id", "person", "person_email", "company", "job", "start_date", "salary", "currency",
                   "fee_percent", "fee", "owner", "status"),
    "activities": ("person", "person_email", "kind", "at", "body", "author"),
}
KINDS = tuple(TARGETS)


@dataclass(frozen=True, slots=True)
class Mapping:
    """Which column of the file feeds which target, for one kind of record."""

    kind: str  # one of KINDS
    format: str  # linkedin | bullhorn_candidates | bullhorn_contacts | bullhorn_companies | opencats_* | generic
    columns: dict[str, str] = field(default_factory=dict)  # header as in the file -> target ("" ignored)
    # How numeric d/m dates in this file read ("dmy" | "mdy"), when its cells cannot tell
    # (cells.date_order); None: from the cells, refused when ambiguous. Added by the reading half.
    date_order: str | None = None


@dataclass(frozen=True, slots=True)
class CellRules:
    """How one file's cells read, decided before the first row is written: ``european`` amounts
    (``Table.european``: ``85.000`` is 85,000), each date target's column order from ALL its
    cells (``cell_dates.date_orders``, by target; None: only cells that read one way), and the
    config's ``phone_region`` for national phone numbers."""

    european: bool = False
    date_orders: dict[str, str | None] = field(default_factory=dict)
    phone_region: str | None = None
    # the desk's live person and candidate custom fields: a ``custom:<label>`` column naming one
    # (by its name or key, any case) fills it (``rows.custom_values``); any other is kept in the notes
    custom_fields: tuple = ()


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One data row: where it starts in the file (1-based line, for messages) and its cells by
    header, as text exactly as read (stripped of surrounding whitespace only)."""

    line: int
    cells: dict[str, str]


@dataclass(frozen=True, slots=True)
class MappedRow:
    """One data row as targets: only the mapped, non-empty cells; ``custom`` keeps the
    ``custom:<label>`` columns in file order."""

    line: int
    values: dict[str, str]
    custom: tuple[tuple[str, str], ...] = ()


def mapped(row: SourceRow, mapping: Mapping) -> MappedRow:
    """``row`` through ``mapping``: targets -> cell text; empty cells and ignored columns left out."""
    values: dict[str, str] = {}
    custom: list[tuple[str, str]] = []
    for header, target in mapping.columns.items():
        cell = row.cells.get(header, "")
        if not target or not cell:
            continue
        if target.startswith("custom:") or target == "id":
            custom.append((_label(header, target), cell))
        elif target not in values:
            values[target] = cell
    return MappedRow(row.line, values, tuple(custom))


def _label(header: str, target: str) -> str:
    """The label a kept column's cells go into the notes under: ``custom:<label>``'s, an id
    column's header (``candidateID``)."""
    return header if target == "id" else target[7:]


def mapper(mapping: Mapping, header: list[str]) -> Callable[[int, list[str]], MappedRow]:
    """:func:`mapped` for rows read as lists of cells in ``header``'s order, the columns looked up
    once per file (what ``Table.mapped_rows`` uses: no dict of every cell a row)."""
    at = {h: i for i, h in enumerate(header)}
    plain = [(at[h], t) for h, t in mapping.columns.items()
             if t and h in at and not t.startswith("custom:") and t != "id"]
    extra = [(at[h], _label(h, t)) for h, t in mapping.columns.items()
             if (t.startswith("custom:") or t == "id") and h in at]

    def row(line: int, cells: list[str]) -> MappedRow:
        values: dict[str, str] = {}
        for i, target in plain:
            cell = cells[i]
            if cell and target not in values:
                values[target] = cell
        if not extra:
            return MappedRow(line, values)
        return MappedRow(line, values, tuple((label, cells[i]) for i, label in extra if cells[i]))

    return row
