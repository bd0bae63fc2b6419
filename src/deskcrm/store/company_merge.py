"""Merge two records of one company into one, in ONE transaction that ``journal.undo`` reverts.

    preview = company_merge_preview(conn, keep_id, drop_id)   # field by field, and what moves
    txn = merge_companies(conn, keep_id, drop_id, choices={"website": "drop"},
                          keep_version=preview.keep_version, drop_version=preview.drop_version)

The preview is the person merge's (``merge_plan.MergePreview`` rows, the same dialog): each field
keeps the kept company's value unless ``choices[field] == "drop"`` (an empty kept value takes the
other by default), notes default to both. The fee (percent or flat amount) and the currency the
fees are invoiced in are one row, shown together ("20% · EUR", "flat CHF 10,000", "no fee ·
CHF"), so a merge never ends with a percent AND a flat fee, nor with one company's fee in the
other's currency unseen. (Placements keep their own currency: the account shows each.) Then everything that names the
dropped company moves to the kept one: contacts (a person who is a current contact at both keeps
one role, with the flags of both), job orders, placements, activities, due-list state — and the
dropped company row is deleted. Every change is journaled row by row. ``drop_id=None`` merges the
``values`` typed for a new company into ``keep_id`` (nothing else is written).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from deskcrm.store.locking import retry_once
from deskcrm.store.db import Connection
from deskcrm.domain import clock
from deskcrm.domain.client_rules import PRORATA_SHORT, company_errors, fee_summary
from deskcrm.domain.stages import stage_label
from deskcrm.store import db, journal
from deskcrm.store.company_duplicates import keys as dup_keys
from deskcrm.store.errors import Conflict, Invalid, StoreError
from deskcrm.store.last_contact import refresh_companies
from deskcrm.store.merge_plan import MergePreview, MergeRow, default_choice, empty, merged_value
from deskcrm.store.search_index import index_people
from deskcrm.store.values import ts

FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "Name"), ("industry", "Industry"), ("size", "Size"), ("city", "City"), ("country", "Country"),
    ("website", "Website"), ("bd_stage", "BD stage"), ("owner_id", "Owner"), ("fee", "Fee, currency"),
    ("payment_terms_days", "Payment days"), ("guarantee_days", "Guarantee days"), ("prorata_rule", "If it fails"),
    ("nps", "NPS"), ("checkin_cadence_days", "Check-in days"), ("notes", "Notes"),
)
_FEE = ("fee_percent", "flat_fee", "fee_currency")
_MOVES = (("contacts", "contact_role"), ("job orders", "job_order"), ("placements", "placement"),
          ("activities", "activity"))
_ONE = {"contacts": "contact", "job orders": "job order", "placements": "placement", "activities": "activity"}


def _company(conn: Connection, company_id: int) -> dict[str, Any]:
    found = journal.row(conn, "company", company_id)
    if found is None:
        raise StoreError(f"company {company_id} no longer exists (merged or deleted)")
    return found


def _drop_image(conn: Connection, drop_id: int | None, values: Mapping[str, Any] | None) -> dict[str, Any]:
    """The dropped side: the stored company with the form's typed ``values`` over it, or only
    the typed values of a company being created."""
    from deskcrm.store.companies_write import COMPANY_FIELDS, _clean

    base = _company(conn, drop_id) if drop_id is not None else {"version": 0, "name": "", "fee_currency": "EUR"}
    typed = _clean({k: v for k, v in (values or {}).items() if k in COMPANY_FIELDS}, COMPANY_FIELDS)
    return {**base, **typed}


def _value(c: Mapping[str, Any], field: str) -> Any:
    if field == "fee":
        fee = tuple(c.get(k) for k in _FEE)
        return None if fee[0] is None and fee[1] is None and not fee[2] else fee
    return c.get(field)


def _show(conn: Connection, field: str, v: Any) -> str:
    if empty(v):
        return ""
    if field == "fee":
        pct, flat, currency = v
        if flat is not None:
            return fee_summary(pct, flat, currency or "")  # "flat CHF 10,000"
        return " · ".join(x for x in (f"{pct:g}%" if pct is not None else "no fee", currency) if x)
    if field == "owner_id":
        found = conn.execute("SELECT initials FROM recruiter WHERE id = ?", (v,)).fetchone()
        return found[0] if found else str(v)
    if field == "bd_stage":
        return stage_label("client", v)
    if field == "prorata_rule":
        return PRORATA_SHORT.get(v, str(v))
    return str(v)


def _plan(keep: Mapping[str, Any], drop: Mapping[str, Any], choices: Mapping[str, str]) -> list[tuple]:
    """(field, label, kept, dropped, result, choice) for every field."""
    out = []
    for field, label in FIELDS:
        kv, dv = _value(keep, field), _value(drop, field)
        choice = choices.get(field) or default_choice(field, kv, dv)
        if choice == "both" and field != "notes":
            choice = "keep"
        if choice not in ("keep", "drop", "both"):
            raise StoreError(f"{label}: choose keep or drop, not {choice!r}")
        out.append((field, label, kv, dv, merged_value(field, kv, dv, choice), choice))
    return out


def _moves(conn: Connection, drop_id: int) -> tuple[tuple[str, int], ...]:
    return tuple((label, conn.execute(f'SELECT count(*) FROM "{table}" WHERE company_id = ?', (drop_id,)).fetchone()[0])
                 for label, table in _MOVES)


def company_merge_preview(conn: Connection, keep_id: int, drop_id: int | None,
                          choices: Mapping[str, str] | None = None, *,
                          values: Mapping[str, Any] | None = None) -> MergePreview:
    """What ``merge_companies`` would do: a row per field (kept, other, result) and what moves."""
    if keep_id == drop_id:
        raise StoreError("a company cannot be merged into itself")
    keep, drop = _company(conn, keep_id), _drop_image(conn, drop_id, values)
    rows = []
    for field, label, kv, dv, rv, choice in _plan(keep, drop, choices or {}):
        options = ("keep", "drop", "both") if field == "notes" else ("keep", "drop")
        outcomes = tuple(_show(conn, field, merged_value(field, kv, dv, o)) for o in options)
        rows.append(MergeRow(field, label, _show(conn, field, kv), _show(conn, field, dv), _show(conn, field, rv),
                             choice, kv != dv and not (empty(kv) and empty(dv)), options, outcomes))
    moves = _moves(conn, drop_id) if drop_id is not None else ()
    return MergePreview(keep_id, drop_id, keep["name"], drop["name"] or "", keep["version"],
                        drop["version"] if drop_id is not None else None, tuple(rows), moves)


def _chosen(rows: list[tuple]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field, _label, _kv, _dv, rv, _choice in rows:
        if field == "fee":
            out.update(zip(_FEE, rv or (None, None, None)))
        else:
            out[field] = rv
    if not out.get("fee_currency"):
        out.pop("fee_currency")  # no fee either side: the kept currency stays
    return out


def _contacts(conn: Connection, txn: str, keep_id: int, drop_id: int) -> tuple[int, set[int]]:
    """Move the dropped company's contact roles; a person who is a current contact at both keeps
    the kept role, with the hiring-manager and billing flags of both. Returns (moved, people)."""
    current = {pid: (rid, hm, billing) for rid, pid, hm, billing in conn.execute(
        "SELECT id, person_id, is_hiring_manager, is_billing FROM contact_role WHERE company_id = ? AND left_at IS NULL",
        (keep_id,))}
    people: set[int] = set()
    rows = conn.execute("SELECT id, person_id, is_hiring_manager, is_billing, left_at FROM contact_role"
                        " WHERE company_id = ? ORDER BY id", (drop_id,)).fetchall()
    for rid, pid, hm, billing, left_at in rows:
        people.add(pid)
        if left_at is None and pid in current:
            kept, khm, kbilling = current[pid]
            if (hm and not khm) or (billing and not kbilling):
                journal.update(conn, txn, "contact_role", kept,
                               {"is_hiring_manager": bool(hm or khm), "is_billing": bool(billing or kbilling)})
            journal.delete(conn, txn, "contact_role", rid)
        else:
            journal.update(conn, txn, "contact_role", rid, {"company_id": keep_id})
    return len(rows), people


_DUE_KEY = re.compile(r":c(\d+)(?=:|$)")


def _due_state(conn: Connection, txn: str, keep_id: int, drop_id: int) -> None:
    """Done / snoozed client items of the dropped company now name the kept one."""
    for (key,) in conn.execute("SELECT key FROM due_state WHERE key LIKE ? ORDER BY key",
                               (f"%:c{drop_id}%",)).fetchall():
        if not any(int(m) == drop_id for m in _DUE_KEY.findall(key)):
            continue
        image = journal.delete(conn, txn, "due_state", key)
        new_key = _DUE_KEY.sub(lambda m: f":c{keep_id}" if int(m.group(1)) == drop_id else m.group(0), key)
        if journal.row(conn, "due_state", new_key) is None:
            journal.insert(conn, txn, "due_state", {**image, "key": new_key})


@retry_once
def merge_companies(conn: Connection, keep_id: int, drop_id: int | None, *,
                    choices: Mapping[str, str] | None = None, keep_version: int,
                    drop_version: int | None = None, values: Mapping[str, Any] | None = None) -> str:
    """Merge ``drop_id`` (or, with None, the typed ``values`` of a new company) into ``keep_id``
    (see the module docstring). Returns the txn id."""
    if keep_id == drop_id:
        raise StoreError("a company cannot be merged into itself")
    txn = journal.new_txn()
    now = ts(clock.utcnow())
    with db.write(conn):
        keep, drop = _company(conn, keep_id), _drop_image(conn, drop_id, values)
        for c, expected in [(keep, keep_version)] + ([(drop, drop_version)] if drop_id is not None else []):
            if expected is not None and c["version"] != expected:
                raise Conflict(f"{c['name']} was changed elsewhere since the merge preview; look again and retry")
        result = _chosen(_plan(keep, drop, choices or {}))
        errors = company_errors(result)
        if errors:
            raise Invalid(errors)
        result.update(name_norm=result["name"].casefold(), **dup_keys(result), updated_at=now,
                      created_at=min(x for x in (keep["created_at"], drop.get("created_at")) if x))
        body = f"Merged {drop['name'] or 'a new entry'}" + (f" (#{drop_id})" if drop_id is not None else "")
        body += " into this account"
        if drop_id is not None:
            for (nd,) in conn.execute("SELECT id FROM company_not_duplicate WHERE company_a = ? OR company_b = ?"
                                      " ORDER BY id", (drop_id, drop_id)).fetchall():
                journal.delete(conn, txn, "company_not_duplicate", nd)
            counts = dict(_moves(conn, drop_id))
            _moved, people = _contacts(conn, txn, keep_id, drop_id)
            for _label, table in _MOVES[1:]:
                for (rid,) in conn.execute(f'SELECT id FROM "{table}" WHERE company_id = ? ORDER BY id',
                                           (drop_id,)).fetchall():
                    journal.update(conn, txn, table, rid, {"company_id": keep_id})
            _due_state(conn, txn, keep_id, drop_id)
            journal.delete(conn, txn, "company", drop_id)
            moved = ", ".join(f"{n} {label if n != 1 else _ONE[label]}" for label, n in counts.items() if n)
            if moved:
                body += f"; moved {moved}"
        journal.update(conn, txn, "company", keep_id, result, expected_version=keep_version)
        journal.insert(conn, txn, "activity", {"kind": "system", "body": body, "at": now, "company_id": keep_id})
        refresh_companies(conn, [keep_id])  # the dropped company's touches are the kept one's now
        if drop_id is not None and people:
            index_people(conn, people)  # their employer (a contact's company) is the kept name now
    return txn
