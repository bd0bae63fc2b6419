"""Merge two records of one human into one, in ONE transaction that ``journal.undo`` reverts.

    preview = merge_preview(conn, keep_id, drop_id)       # field-by-field rows, what moves
    txn = merge(conn, keep_id, drop_id, choices={"email": "drop"},
                keep_version=preview.keep_version, drop_version=preview.drop_version)

For each field the surviving value is the kept record's unless ``choices[field] == "drop"``
(an empty kept value takes the dropped one by default); lists (skills, tags) and notes default
to ``"both"`` (union / both texts). Then everything that names the dropped person moves to the
kept one: activities, submissions (a clash on the same job keeps the further stage; the other
is deleted and the clash recorded in an activity), placements, contact roles (and reports-to),
hiring-manager links on job orders, consents, attached files (CVs: the newest becomes the resume),
due-list done/snooze state, the dropped email and
phone as extra contact points — and the dropped person row is deleted. Every change is
journaled row by row (cascading deletes are done explicitly first), so undo restores all of it
exactly, search index included.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from deskcrm.store.db import Connection
from deskcrm.domain import clock
from deskcrm.domain.stages import PIPELINES, stage_label
from deskcrm.store import db, journal
from deskcrm.store.errors import Conflict, StoreError
from deskcrm.store.merge_plan import (
    FIELDS,
    LISTS,
    NORM,
    MergePreview,
    MergeRow,
    drop_images,
    load_person_rows,
    merge_preview,
    plan,
)
from deskcrm.store.locking import lock_rows, retry_once
from deskcrm.store.search_index import index_people
from deskcrm.store.values import ts

__all__ = ["FIELDS", "MergePreview", "MergeRow", "merge", "merge_preview"]

_STAGE_RANK = {s.key: (-1 if s.exit else i) for i, s in enumerate(PIPELINES["submission"])}

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


def _move(conn: Connection, txn: str, table: str, column: str, drop_id: int, keep_id: int) -> int:
    ids = [r[0] for r in conn.execute(f'SELECT id FROM "{table}" WHERE "{column}" = ? ORDER BY id', (drop_id,))]
    for rid in ids:
        journal.update(conn, txn, table, rid, {column: keep_id})
    return len(ids)


def _submissions(conn: Connection, txn: str, keep_id: int, drop_id: int) -> list[str]:
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


def _pools(conn: Connection, txn: str, keep_id: int, drop_id: int) -> None:
    """The dropped person's talent pools become the kept one's (a pool they are both in: once)."""
    have = {r[0] for r in conn.execute("SELECT pool_id FROM pool_member WHERE person_id = ?", (keep_id,))}
    for mid, pool_id in conn.execute("SELECT id, pool_id FROM pool_member WHERE person_id = ? ORDER BY id",
                                     (drop_id,)).fetchall():
        if pool_id in have:
            journal.delete(conn, txn, "pool_member", mid)
        else:
            journal.update(conn, txn, "pool_member", mid, {"person_id": keep_id})


_NOUNS = {"activity": ("activity", "activities"), "placement": ("placement", "placements"),
          "contact_role": ("contact role", "contact roles"), "consent": ("consent", "consents"),
          "consent_entry": ("consent ledger entry", "consent ledger entries"),
          "attachment": ("file", "files")}
_DEFAULTS = {"skills": "[]", "salary_currency": "EUR", "status": "active"}  # NOT NULL, ORM-side defaults


def _set(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


_KEY = re.compile(r":person(\d+)(?=:|$)")


def _due_state(conn: Connection, txn: str, keep_id: int, drop_id: int) -> None:
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


@retry_once
def merge(
    conn: Connection,
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
        lock_rows(conn, "person", [i for i in (keep_id, drop_id) if i is not None])  # in id order: no deadlock
        keep, keep_cp = load_person_rows(conn, keep_id)
        drop, drop_cp = drop_images(conn, drop_id, values)
        checks = [(keep, keep_version)] + ([(drop, drop_version)] if drop_id is not None else [])
        for p, expected in checks:
            if expected is not None and p["version"] != expected:
                raise Conflict(f"{p['name']} was changed elsewhere since the merge preview; look again and retry")
        rows = plan(conn, keep, keep_cp, drop, drop_cp, choices or {})
        person: dict[str, Any] = {}
        profile: dict[str, Any] = {}
        for field, _label, table, _kv, _dv, rv, choice in rows:
            target = person if table == "person" else profile
            target[field] = json.dumps(rv, ensure_ascii=False) if field in LISTS else rv
            if field in NORM:  # the norm travels with the value it was made from
                src = drop if choice == "drop" else keep
                person[NORM[field]] = src.get(NORM[field])
        # the dropped record's stored contact points too (an edit may have typed over them)
        stored_drop = journal.row(conn, "person", drop_id) if drop_id is not None else None
        person["other_contacts"] = _other_contacts(keep, drop, person, stored_drop)
        person["last_contact_at"] = max((x for x in (keep["last_contact_at"], drop["last_contact_at"]) if x), default=None)
        person["next_touch_on"] = min((x for x in (keep["next_touch_on"], drop["next_touch_on"]) if x), default=None)
        person["created_at"] = min(x for x in (keep["created_at"], drop["created_at"]) if x)
        # custom fields (store.custom_values): the kept record's values, the dropped one's where it has none
        from deskcrm.store.custom_values import import_change

        filled = import_change(keep.get("custom"), drop.get("custom"), overwrite=False)
        if filled is not None and not filled[1]:
            person["custom"] = filled[0]
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
        _pools(conn, txn, keep_id, drop_id)
        moved = {t: _move(conn, txn, t, "person_id", drop_id, keep_id)
                 for t in ("activity", "placement", "contact_role", "consent", "consent_entry", "attachment")}
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
        if moved["attachment"]:  # the dropped person's CVs came along: the newest is the resume
            from deskcrm.store.attachments import refresh_resume

            refresh_resume(conn, txn, keep_id)
        body = f"Merged {drop['name']} (#{drop_id}) into this record"
        counts = ", ".join(f"{n} {_NOUNS[t][n != 1]}" for t, n in moved.items() if n)
        if counts:
            body += f"; moved {counts}"
        if notes:
            body += "; " + "; ".join(notes)
        journal.insert(conn, txn, "activity", {"kind": "system", "body": body, "at": now, "person_id": keep_id})
        index_people(conn, [keep_id, drop_id])
    return txn
