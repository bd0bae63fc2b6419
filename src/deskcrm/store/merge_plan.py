"""Merge, the plan: which fields a merge touches, what each side holds, what survives, and the
field-by-field preview the merge dialog shows (``merge_preview``). Read-only; ``store.merge``
does the write. Plain ``sqlite3``; no Textual/Rich.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from deskcrm.store.db import Connection
from deskcrm.store import journal
from deskcrm.store.errors import NotFound, StoreError
from deskcrm.store.values import loads_list

# (field, label, table) in the order the preview shows them
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("name", "Name", "person"),
    ("email", "Email", "person"),
    ("phone", "Phone", "person"),
    ("linkedin_url", "LinkedIn", "person"),
    ("city", "City", "person"),
    ("country", "Country", "person"),
    ("headline", "Headline", "person"),
    ("source", "Source", "person"),
    ("owner_id", "Owner", "person"),
    ("tags", "Tags", "person"),
    ("notes", "Notes", "person"),
    ("current_title", "Current title", "candidate_profile"),
    ("current_employer", "Employer", "candidate_profile"),
    ("skills", "Skills", "candidate_profile"),
    ("current_salary", "Current salary", "candidate_profile"),
    ("desired_salary", "Desired salary", "candidate_profile"),
    ("salary_currency", "Currency", "candidate_profile"),
    ("notice_days", "Notice (days)", "candidate_profile"),
    ("available_from", "Available from", "candidate_profile"),
    ("status", "Status", "candidate_profile"),
    ("seniority", "Seniority", "candidate_profile"),
)
LISTS = ("tags", "skills")
_BOTH_OK = ("tags", "skills", "notes")
NORM = {"email": "email_norm", "phone": "phone_norm", "linkedin_url": "linkedin_norm"}


@dataclass(frozen=True, slots=True)
class MergeRow:
    field: str
    label: str
    kept: str  # display text ("" when empty)
    dropped: str
    result: str
    choice: str  # "keep" | "drop" | "both"
    differs: bool
    choices: tuple[str, ...]  # what the row can be set to
    outcomes: tuple[str, ...]  # the result shown for each of ``choices``, in order

    def outcome(self, choice: str) -> str:
        return self.outcomes[self.choices.index(choice)]


@dataclass(frozen=True, slots=True)
class MergePreview:
    keep_id: int
    drop_id: int | None  # None: the record being created (its typed values)
    keep_name: str
    drop_name: str
    keep_version: int
    drop_version: int | None
    rows: tuple[MergeRow, ...]
    moves: tuple[tuple[str, int], ...]  # ("activities", 12), ...


def load_person_rows(conn: Connection, person_id: int) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """A person and their profile; inside a write (a merge), locked until it commits."""
    lock = conn.in_transaction
    p = journal.row(conn, "person", person_id, lock=lock)
    if p is None or p.get("erased_at"):
        raise NotFound(f"person {person_id} no longer exists (merged, erased or deleted)", "person")
    return p, journal.row(conn, "candidate_profile", person_id, lock=lock)


_BLANK_PERSON = {"version": 0, "other_contacts": "[]", "last_contact_at": None, "next_touch_on": None,
                 "created_at": None, "owner_id": None, "email_norm": None, "phone_norm": None, "linkedin_norm": None}


def drop_images(
    conn: Connection, drop_id: int | None, values: Mapping[str, Any] | None
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The dropped side: a stored record, with the form's typed ``values`` laid over it (an edit
    being saved), or only typed values (a person being created) — nothing is written for them."""
    from deskcrm.store import person_write as pw

    if drop_id is not None:
        p, cp = load_person_rows(conn, drop_id)
    else:
        p, cp = {**_BLANK_PERSON, "name": ""}, None
    if not values:
        return p, cp
    p = {**p, **pw._person_columns(conn, values, [f for f in pw.PERSON_FIELDS if f in values])}
    if "owner" in values:
        p["owner_id"] = pw._owner(conn, values)
    fields = [f for f in pw.PROFILE_FIELDS if f in values]
    if fields and (cp is not None or values.get("candidate", True)):
        cp = {**(cp or {}), **pw._profile_columns(values, fields)}
    return p, cp


def _value(p: dict[str, Any], cp: dict[str, Any] | None, field: str, table: str) -> Any:
    src = p if table == "person" else (cp or {})
    v = src.get(field)
    if field in LISTS:
        return loads_list(v) if v else []
    return v


# The value rules below are shared with the company merge (``store.company_merge``).


def empty(v: Any) -> bool:
    return v is None or v == "" or v == []


def merged_value(field: str, kept: Any, dropped: Any, choice: str) -> Any:
    if choice == "drop":
        return dropped
    if choice == "both":
        if field in LISTS:
            seen = {str(x).casefold() for x in kept}
            return list(kept) + [x for x in dropped if str(x).casefold() not in seen]
        if field == "notes":
            parts = [x for x in (kept, dropped) if not empty(x)]
            return "\n\n".join(dict.fromkeys(parts)) if parts else None
    return kept


def default_choice(field: str, kept: Any, dropped: Any) -> str:
    if field in _BOTH_OK and not empty(kept) and not empty(dropped) and kept != dropped:
        return "both"
    return "drop" if empty(kept) and not empty(dropped) else "keep"


def _show(conn: Connection, field: str, v: Any) -> str:
    if empty(v):
        return ""
    if field == "owner_id":
        found = conn.execute("SELECT initials FROM recruiter WHERE id = ?", (v,)).fetchone()
        return found[0] if found else str(v)
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    if isinstance(v, float):
        return f"{v:,.0f}"
    return str(v)


def plan(conn, keep, keep_cp, drop, drop_cp, choices: Mapping[str, str]) -> list[tuple[str, str, str, Any, Any, Any, str]]:
    out = []
    for field, label, table in FIELDS:
        if table == "candidate_profile" and keep_cp is None and drop_cp is None:
            continue
        kv, dv = _value(keep, keep_cp, field, table), _value(drop, drop_cp, field, table)
        choice = choices.get(field) or default_choice(field, kv, dv)
        if choice == "both" and field not in _BOTH_OK:
            choice = "keep"
        if choice not in ("keep", "drop", "both"):
            raise StoreError(f"{label}: choose keep, drop or both, not {choice!r}")
        out.append((field, label, table, kv, dv, merged_value(field, kv, dv, choice), choice))
    return out


def _moves(conn: Connection, drop_id: int) -> tuple[tuple[str, int], ...]:
    counts = []
    for label, sql in (
        ("activities", "SELECT count(*) FROM activity WHERE person_id = ?"),
        ("submissions", "SELECT count(*) FROM submission WHERE person_id = ?"),
        ("placements", "SELECT count(*) FROM placement WHERE person_id = ?"),
        ("contact roles", "SELECT count(*) FROM contact_role WHERE person_id = ?"),
        ("consents", "SELECT count(*) FROM consent WHERE person_id = ?"),
        ("files", "SELECT count(*) FROM attachment WHERE person_id = ?"),
    ):
        counts.append((label, conn.execute(sql, (drop_id,)).fetchone()[0]))
    return tuple(counts)


def merge_preview(
    conn: Connection,
    keep_id: int,
    drop_id: int | None,
    choices: Mapping[str, str] | None = None,
    *,
    values: Mapping[str, Any] | None = None,
) -> MergePreview:
    """What ``merge`` would do: one row per field (kept, dropped, result) and what moves.
    ``values``: what the form holds for the dropped side (``drop_id=None``: a new person)."""
    if keep_id == drop_id:
        raise StoreError("a record cannot be merged into itself")
    keep, keep_cp = load_person_rows(conn, keep_id)
    drop, drop_cp = drop_images(conn, drop_id, values)
    rows = []
    for field, label, _table, kv, dv, rv, choice in plan(conn, keep, keep_cp, drop, drop_cp, choices or {}):
        options = ("keep", "drop", "both") if field in _BOTH_OK else ("keep", "drop")
        outcomes = tuple(_show(conn, field, merged_value(field, kv, dv, o)) for o in options)
        rows.append(MergeRow(field, label, _show(conn, field, kv), _show(conn, field, dv), _show(conn, field, rv),
                             choice, kv != dv and not (empty(kv) and empty(dv)), options, outcomes))
    moves = _moves(conn, drop_id) if drop_id is not None else ()
    return MergePreview(keep_id, drop_id, keep["name"], drop["name"], keep["version"],
                        drop["version"] if drop_id is not None else None, tuple(rows), moves)


# --------------------------------------------------------------------------- the merge


