"""Merge two records of one human into one, in ONE transaction that ``journal.undo`` reverts.

    preview = merge_preview(conn, keep_id, drop_id)       # field-by-field rows, what moves
    txn = merge(conn, keep_id, drop_id, choices={"email": "drop"},
                keep_version=preview.keep_version, drop_version=preview.drop_version)

For each field the surviving value is the kept record's unless ``choices[field] == "drop"``
(an empty kept value takes the dropped one by default); lists (skills, tags) and notes default
to ``"both"`` (union / both texts). Then everything that names the dropped person moves to the
kept one: activities, submissions (a clash on the same job keeps the further stage; the other
is deleted and the clash recorded in an activity), placements, contact roles (and reports-to),
hiring-manager links on job orders, consents, due-list done/snooze state, the dropped email and
phone as extra contact points — and the dropped person row is deleted. Every change is
journaled row by row (cascading deletes are done explicitly first), so undo restores all of it
exactly, search index included.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from deskcrm import clock
from deskcrm.stages import PIPELINES, stage_label
from deskcrm.store import db, journal
from deskcrm.store.errors import Conflict, StoreError
from deskcrm.store.search_index import index_people
from deskcrm.store.values import loads_list, ts

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
_LISTS = ("tags", "skills")
_BOTH_OK = ("tags", "skills", "notes")
_NORM = {"email": "email_norm", "phone": "phone_norm", "linkedin_url": "linkedin_norm"}
_STAGE_RANK = {s.key: (-1 if s.exit else i) for i, s in enumerate(PIPELINES["submission"])}


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


def _load(conn: sqlite3.Connection, person_id: int) -> tuple[dict[str, Any], dict[str, Any] | None]:
    p = journal.row(conn, "person", person_id)
    if p is None or p.get("erased_at"):
        raise StoreError(f"person {person_id} no longer exists (merged, erased or deleted)")
    return p, journal.row(conn, "candidate_profile", person_id)


_BLANK_PERSON = {"version": 0, "other_contacts": "[]", "last_contact_at": None, "next_touch_on": None,
                 "created_at": None, "owner_id": None, "email_norm": None, "phone_norm": None, "linkedin_norm": None}


def _drop_images(
    conn: sqlite3.Connection, drop_id: int | None, values: Mapping[str, Any] | None
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The dropped side: a stored record, with the form's typed ``values`` laid over it (an edit
    being saved), or only typed values (a person being created) — nothing is written for them."""
    from deskcrm.store import person_write as pw

    if drop_id is not None:
        p, cp = _load(conn, drop_id)
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
    if field in _LISTS:
        return loads_list(v) if v else []
    return v


def _empty(v: Any) -> bool:
    return v is None or v == "" or v == []


def _result(field: str, kept: Any, dropped: Any, choice: str) -> Any:
    if choice == "drop":
        return dropped
    if choice == "both":
        if field in _LISTS:
            seen = {str(x).casefold() for x in kept}
            return list(kept) + [x for x in dropped if str(x).casefold() not in seen]
        if field == "notes":
            parts = [x for x in (kept, dropped) if not _empty(x)]
            return "\n\n".join(dict.fromkeys(parts)) if parts else None
    return kept


def _default(field: str, kept: Any, dropped: Any) -> str:
    if field in _BOTH_OK and not _empty(kept) and not _empty(dropped) and kept != dropped:
        return "both"
    return "drop" if _empty(kept) and not _empty(dropped) else "keep"


def _show(conn: sqlite3.Connection, field: str, v: Any) -> str:
    if _empty(v):
        return ""
    if field == "owner_id":
        found = conn.execute("SELECT initials FROM recruiter WHERE id = ?", (v,)).fetchone()
        return found[0] if found else str(v)
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    if isinstance(v, float):
        return f"{v:,.0f}"
    return str(v)


def _plan(conn, keep, keep_cp, drop, drop_cp, choices: Mapping[str, str]) -> list[tuple[str, str, str, Any, Any, Any, str]]:
    out = []
    for field, label, table in FIELDS:
        if table == "candidate_profile" and keep_cp is None and drop_cp is None:
            continue
        kv, dv = _value(keep, keep_cp, field, table), _value(drop, drop_cp, field, table)
        choice = choices.get(field) or _default(field, kv, dv)
        if choice == "both" and field not in _BOTH_OK:
            choice = "keep"
        if choice not in ("keep", "drop", "both"):
            raise StoreError(f"{label}: choose keep, drop or both, not {choice!r}")
        out.append((field, label, table, kv, dv, _result(field, kv, dv, choice), choice))
    return out


def _moves(conn: sqlite3.Connection, drop_id: int) -> tuple[tuple[str, int], ...]:
    counts = []
    for label, sql in (
        ("activities", "SELECT count(*) FROM activity WHERE person_id = ?"),
        ("submissions", "SELECT count(*) FROM submission WHERE person_id = ?"),
        ("placements", "SELECT count(*) FROM placement WHERE person_id = ?"),
        ("contact roles", "SELECT count(*) FROM contact_role WHERE person_id = ?"),
        ("consents", "SELECT count(*) FROM consent WHERE person_id = ?"),
    ):
        counts.append((label, conn.execute(sql, (drop_id,)).fetchone()[0]))
    return tuple(counts)


def merge_preview(
    conn: sqlite3.Connection,
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
    keep, keep_cp = _load(conn, keep_id)
    drop, drop_cp = _drop_images(conn, drop_id, values)
    rows = []
    for field, label, _table, kv, dv, rv, choice in _plan(conn, keep, keep_cp, drop, drop_cp, choices or {}):
        options = ("keep", "drop", "both") if field in _BOTH_OK else ("keep", "drop")
        outcomes = tuple(_show(conn, field, _result(field, kv, dv, o)) for o in options)
        rows.append(MergeRow(field, label, _show(conn, field, kv), _show(conn, field, dv), _show(conn, field, rv),
                             choice, kv != dv and not (_empty(kv) and _empty(dv)), options, outcomes))
    moves = _moves(conn, drop_id) if drop_id is not None else ()
    return MergePreview(keep_id, drop_id, keep["name"], drop["name"], keep["version"],
                        drop["version"] if drop_id is not None else None, tuple(rows), moves)


# --------------------------------------------------------------------------- the merge


def _contacts(p: dict[str, Any]) -> list[dict[str, Any]]:
    try:
        found = json.loads(p.get("other_contacts") or "[]")
    except ValueError:
        found = []
    out = [e for e in found if isinstance(e, dict) and e.get("value")]
    for kind in ("email", "phone"):
        if p.get(kind):
            out.insert(0, {"kind": kind, "value": p[kind], "norm": p.get(f"{kind}_norm")})
    return out


def _other_contacts(keep: dict[str, Any], drop: dict[str, Any], person: dict[str, Any],
                    stored_drop: dict[str, Any] | None = None) -> str:
    """Every email and phone of both records that is not the surviving main one."""
    mains = {(k, person.get(f"{k}_norm") or person.get(k)) for k in ("email", "phone")}
    out, seen = [], set(mains)
    for entry in _contacts(keep) + _contacts(drop) + (_contacts(stored_drop) if stored_drop else []):
        ident = (entry.get("kind"), entry.get("norm") or entry.get("value"))
        if ident in seen:
            continue
        seen.add(ident)
        out.append(entry)
    return json.dumps(out, ensure_ascii=False)


def _move(conn: sqlite3.Connection, txn: str, table: str, column: str, drop_id: int, keep_id: int) -> int:
    ids = [r[0] for r in conn.execute(f'SELECT id FROM "{table}" WHERE "{column}" = ? ORDER BY id', (drop_id,))]
    for rid in ids:
        journal.update(conn, txn, table, rid, {column: keep_id})
    return len(ids)


def _submissions(conn: sqlite3.Connection, txn: str, keep_id: int, drop_id: int) -> list[str]:
    """Move the dropped person's submissions; a clash on one job keeps the further stage."""
    notes = []
    kept = {job: (sid, stage) for sid, job, stage in conn.execute(
        "SELECT id, job_id, stage FROM submission WHERE person_id = ?", (keep_id,))}
    for sid, job, stage in conn.execute(
        "SELECT id, job_id, stage FROM submission WHERE person_id = ? ORDER BY id", (drop_id,)
    ).fetchall():
        if job not in kept:
            journal.update(conn, txn, "submission", sid, {"person_id": keep_id})
            continue
        other, other_stage = kept[job]
        win, lose = (sid, other) if _STAGE_RANK.get(stage, -1) > _STAGE_RANK.get(other_stage, -1) else (other, sid)
        lose_stage = other_stage if lose == other else stage
        win_stage = stage if win == sid else other_stage
        title = conn.execute("SELECT title FROM job_order WHERE id = ?", (job,)).fetchone()[0]
        # whatever named the losing submission now names the winner
        for (aid,) in conn.execute("SELECT id FROM activity WHERE submission_id = ?", (lose,)).fetchall():
            journal.update(conn, txn, "activity", aid, {"submission_id": win})
        for (pl,) in conn.execute("SELECT id FROM placement WHERE submission_id = ?", (lose,)).fetchall():
            taken = conn.execute("SELECT 1 FROM placement WHERE submission_id = ?", (win,)).fetchone()
            journal.update(conn, txn, "placement", pl, {"submission_id": None if taken else win})
        journal.delete(conn, txn, "submission", lose)
        if win == sid:
            journal.update(conn, txn, "submission", sid, {"person_id": keep_id})
        notes.append(f"both were on {title}: kept {stage_label('submission', win_stage)}, "
                     f"dropped {stage_label('submission', lose_stage)}")
    return notes


_NOUNS = {"activity": ("activity", "activities"), "placement": ("placement", "placements"),
          "contact_role": ("contact role", "contact roles"), "consent": ("consent", "consents")}
_DEFAULTS = {"skills": "[]", "salary_currency": "EUR", "status": "active"}  # NOT NULL, ORM-side defaults


def _set(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


_KEY = re.compile(r":person(\d+)(?=:|$)")


def _due_state(conn: sqlite3.Connection, txn: str, keep_id: int, drop_id: int) -> None:
    for row in conn.execute(
        "SELECT * FROM due_state WHERE key LIKE ? ORDER BY key", (f"%:person{drop_id}%",)
    ).fetchall():
        key = row[0]
        if not any(int(m) == drop_id for m in _KEY.findall(key)):
            continue
        image = journal.row(conn, "due_state", key)
        journal.delete(conn, txn, "due_state", key)
        new_key = _KEY.sub(lambda m: f":person{keep_id}" if int(m.group(1)) == drop_id else m.group(0), key)
        if journal.row(conn, "due_state", new_key) is None:
            journal.insert(conn, txn, "due_state", {**image, "key": new_key})


def merge(
    conn: sqlite3.Connection,
    keep_id: int,
    drop_id: int | None,
    *,
    choices: Mapping[str, str] | None = None,
    keep_version: int,
    drop_version: int | None = None,
    values: Mapping[str, Any] | None = None,
) -> str:
    """Merge ``drop_id`` into ``keep_id`` (see the module docstring). Returns the txn id.

    ``values``: the form's typed values for the dropped side — laid over the stored record (an
    edit saved as a merge; undo brings back the record as it was before the edit) or, with
    ``drop_id=None``, a person who was being created and never is: their values merge into
    ``keep_id`` and nothing else is written."""
    if keep_id == drop_id:
        raise StoreError("a record cannot be merged into itself")
    txn = journal.new_txn()
    now = ts(clock.utcnow())
    with db.write(conn):
        keep, keep_cp = _load(conn, keep_id)
        drop, drop_cp = _drop_images(conn, drop_id, values)
        checks = [(keep, keep_version)] + ([(drop, drop_version)] if drop_id is not None else [])
        for p, expected in checks:
            if expected is not None and p["version"] != expected:
                raise Conflict(f"{p['name']} was changed elsewhere since the merge preview; look again and retry")
        plan = _plan(conn, keep, keep_cp, drop, drop_cp, choices or {})
        person: dict[str, Any] = {}
        profile: dict[str, Any] = {}
        for field, _label, table, _kv, _dv, rv, _choice in plan:
            target = person if table == "person" else profile
            target[field] = json.dumps(rv, ensure_ascii=False) if field in _LISTS else rv
            if field in _NORM:  # the norm travels with the value it was made from
                src = drop if _choice == "drop" else keep
                person[_NORM[field]] = src.get(_NORM[field])
        # the dropped record's stored contact points too (an edit may have typed over them)
        stored_drop = journal.row(conn, "person", drop_id) if drop_id is not None else None
        person["other_contacts"] = _other_contacts(keep, drop, person, stored_drop)
        person["last_contact_at"] = max((x for x in (keep["last_contact_at"], drop["last_contact_at"]) if x), default=None)
        person["next_touch_on"] = min((x for x in (keep["next_touch_on"], drop["next_touch_on"]) if x), default=None)
        person["created_at"] = min(x for x in (keep["created_at"], drop["created_at"]) if x)
        person["updated_at"] = now
        if drop_id is None:  # a person being created: only their values join the kept record
            journal.update(conn, txn, "person", keep_id, person, expected_version=keep_version)
            if keep_cp is not None:
                journal.update(conn, txn, "candidate_profile", keep_id, profile)
            elif drop_cp is not None:
                journal.insert(conn, txn, "candidate_profile", {**_DEFAULTS, **_set(profile), "person_id": keep_id,
                                                                 "version": 1})
            journal.insert(conn, txn, "activity", {"kind": "system", "at": now, "person_id": keep_id,
                                                   "body": f"Merged a new entry for {drop['name']} into this record"})
            index_people(conn, [keep_id])
            return txn

        # 1. what hangs off the dropped person moves (cascading children explicitly, journaled)
        for (nd,) in conn.execute(
            "SELECT id FROM not_duplicate WHERE person_a = ? OR person_b = ? ORDER BY id", (drop_id, drop_id)
        ).fetchall():
            journal.delete(conn, txn, "not_duplicate", nd)
        notes = _submissions(conn, txn, keep_id, drop_id)
        moved = {t: _move(conn, txn, t, "person_id", drop_id, keep_id)
                 for t in ("activity", "placement", "contact_role", "consent")}
        _move(conn, txn, "contact_role", "reports_to_id", drop_id, keep_id)
        _move(conn, txn, "job_order", "hiring_manager_id", drop_id, keep_id)
        _due_state(conn, txn, keep_id, drop_id)
        if drop_cp is not None:
            journal.delete(conn, txn, "candidate_profile", drop_id)
        # 2. the dropped person goes; the kept one takes the chosen values
        journal.delete(conn, txn, "person", drop_id)
        journal.update(conn, txn, "person", keep_id, person, expected_version=keep_version)
        if keep_cp is not None:
            journal.update(conn, txn, "candidate_profile", keep_id, profile)
        elif drop_cp is not None:
            base = {k: v for k, v in drop_cp.items() if k not in ("person_id", "version")}
            journal.insert(conn, txn, "candidate_profile", {**base, **_set(profile), "person_id": keep_id, "version": 1})
        body = f"Merged {drop['name']} (#{drop_id}) into this record"
        counts = ", ".join(f"{n} {_NOUNS[t][n != 1]}" for t, n in moved.items() if n)
        if counts:
            body += f"; moved {counts}"
        if notes:
            body += "; " + "; ".join(notes)
        journal.insert(conn, txn, "activity", {"kind": "system", "body": body, "at": now, "person_id": keep_id})
        index_people(conn, [keep_id, drop_id])
    return txn
