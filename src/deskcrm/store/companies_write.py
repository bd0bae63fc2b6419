"""Writes for client accounts: companies, fee agreements, contacts, and a contact leaving.

Each function is ONE user action: one transaction (``db.write``), every row change journaled
(undo restores it exactly), an activity row on the company saying what happened, and a stale
``expected_version`` raising ``Conflict`` instead of overwriting. Values are checked with
``client_rules`` first; bad ones raise ``store.errors.Invalid`` whose ``field_errors`` name the
fields (``DeskScreen.form_write`` marks them in the re-opened form).

A contact is a ROLE of a person (``contact_role``), never a second person: adding a contact who
is already in the database (a former candidate, say) adds a role to that person's record.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from deskcrm.store.locking import retry_once
from deskcrm.store.db import Connection
from deskcrm.domain import clock, validate
from deskcrm.domain.client_rules import COMPANY_FIELDS, FEE_FIELDS, PRORATA, company_errors, fee_summary
from deskcrm.domain.stages import stage_label
from deskcrm.store import custom_values, db, journal
from deskcrm.store.company_duplicates import keys as dup_keys
from deskcrm.store.company_duplicates import remember_not_duplicates
from deskcrm.store.errors import Invalid, StoreError
from deskcrm.store.values import ds, ts


@dataclass(frozen=True, slots=True)
class Written:
    txn: str
    id: int  # the company (or contact role) written
    person_id: int | None = None
    message: str = ""


_DERIVED = ("updated_at", "name_norm", "name_key", "web_domain")  # kept with the fields, never named


def _activity(conn: Connection, txn: str, company_id: int, body: str, *, kind: str = "system",
              person_id: int | None = None) -> None:
    journal.insert(conn, txn, "activity", {"kind": kind, "body": body, "at": ts(clock.utcnow()),
                                           "company_id": company_id, "person_id": person_id})


def _check(values: dict[str, Any]) -> None:
    errors = company_errors(values)
    if errors:
        raise Invalid(errors)


def _owner(conn: Connection, values: dict[str, Any], current: int | None = None) -> dict[str, Any]:
    """An Owner field's initials (``owner``) as ``owner_id``: an active recruiter (``current``,
    the owner now, is kept); the rest of ``values`` as given."""
    if "owner" not in values:
        return values
    from deskcrm.store.recruiters import owner_for

    rest = {k: v for k, v in values.items() if k != "owner"}
    return {**rest, "owner_id": owner_for(conn, values["owner"], current)}


def _clean(values: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    values = {k: v for k, v in values.items() if not k.startswith(custom_values.PREFIX)}  # custom_values.merged
    unknown = set(values) - set(allowed) - {"owner"}  # owner: initials, read in the transaction (_owner)
    if unknown:
        raise StoreError(f"unknown company fields: {', '.join(sorted(unknown))}")
    out = dict(values)
    for key in ("name", "industry", "size", "city", "country", "website", "notes"):
        if key in out and isinstance(out[key], str):
            out[key] = out[key].strip() or None
    return out


def create_company(conn: Connection, values: dict[str, Any], *,
                   not_duplicate_of: Iterable[int] = ()) -> Written:
    """A new company (BD stage "target" unless given). Fee terms default to the model's.
    ``not_duplicate_of``: companies the recruiter said are others ("create anyway"), remembered."""
    v = _clean(values, COMPANY_FIELDS)
    v.setdefault("bd_stage", "target")
    v.setdefault("fee_currency", "EUR")
    v.setdefault("payment_terms_days", 30)
    v.setdefault("guarantee_days", 90)
    v.setdefault("prorata_rule", "none")
    _check({**v, "name": v.get("name") or ""})
    now = ts(clock.utcnow())
    txn = journal.new_txn()
    with db.write(conn):
        v = _owner(conn, v)
        custom = custom_values.merged(conn, ("company",), "{}", values, creating=True, currency=v["fee_currency"])
        if custom is not None:
            v["custom"] = custom
        cid = journal.insert(conn, txn, "company", {**v, "name_norm": v["name"].casefold(), **dup_keys(v),
                                                    "created_at": now, "updated_at": now, "version": 1})
        remember_not_duplicates(conn, txn, cid, not_duplicate_of, now)
        _activity(conn, txn, cid, f"Company added ({stage_label('client', v['bd_stage'])})")
    return Written(txn, cid, message=f"Added {v['name']}")


@retry_once
def update_company(conn: Connection, company_id: int, values: dict[str, Any], *,
                   expected_version: int, not_duplicate_of: Iterable[int] = ()) -> Written:
    """Change some fields of a company (a fee agreement is some of them). ``not_duplicate_of``:
    companies a rename was saved next to anyway ("not a duplicate"), remembered."""
    v = _clean(values, COMPANY_FIELDS)
    _check(v)
    txn = journal.new_txn()
    with db.write(conn):
        before = journal.row(conn, "company", company_id)
        if before is None:
            raise StoreError(f"company {company_id} no longer exists")
        v = _owner(conn, v, before["owner_id"])
        custom = custom_values.merged(conn, ("company",), before.get("custom"), values, creating=False,
                                      currency=before.get("fee_currency") or "EUR")
        if custom is not None:
            v["custom"] = custom
        merged = {**before, **v}
        if merged["fee_percent"] is not None and merged["flat_fee"] is not None:
            raise Invalid({"flat_fee": "a fee is a percentage OR a flat amount: clear one of them"})
        changes = {k: val for k, val in v.items() if before.get(k) != val}
        if "name" in changes:
            changes["name_norm"] = changes["name"].casefold()
        if "name" in changes or "website" in changes:
            changes.update(dup_keys(merged))
        changes["updated_at"] = now = ts(clock.utcnow())
        journal.update(conn, txn, "company", company_id, changes, expected_version=expected_version)
        remember_not_duplicates(conn, txn, company_id, not_duplicate_of, now)
        what = sorted(("owner" if k == "owner_id" else "custom fields" if k == "custom" else k.replace("_", " "))
                      for k in changes if k not in _DERIVED)
        if any(k in changes for k in FEE_FIELDS):
            body = (f"Fee agreement: {fee_summary(merged['fee_percent'], merged['flat_fee'], merged['fee_currency'])},"
                    f" payment {merged['payment_terms_days']} days, guarantee {merged['guarantee_days']} days,"
                    f" if it fails: {PRORATA.get(merged['prorata_rule'], merged['prorata_rule']).lower()}")
        else:
            body = "Company edited: " + (", ".join(what) or "no change")
        _activity(conn, txn, company_id, body)
    return Written(txn, company_id, message=f"Saved {merged['name']}")


@retry_once
def set_fee_agreement(conn: Connection, company_id: int, values: dict[str, Any], *,
                      expected_version: int) -> Written:
    """The fee agreement only (fee % or flat amount, currency, payment terms, guarantee, pro-rata)."""
    return update_company(conn, company_id, _clean(values, FEE_FIELDS), expected_version=expected_version)


@dataclass(frozen=True, slots=True)
class PersonMatch:
    """Someone who may be the contact being added, with enough to tell namesakes apart."""

    id: int
    name: str
    email: str | None  # the main email (else None)
    phone: str | None
    location: str | None  # city, else country
    headline: str | None
    now: str | None  # a candidate's "title at employer" (either alone if only one is known)
    status: str | None  # candidate status ("active", … "do_not_contact"); None: not a candidate
    contacts: tuple[str, ...]  # "contact at Acme — CFO", then "formerly at Beta"


def find_people(conn: Connection, typed: str, *, today: date, limit: int = 8) -> list[PersonMatch]:
    """People who may be the contact being added, best first. An email finds its owner exactly;
    anything else asks the search engine (names, employer, headline)."""
    from deskcrm.domain.search_query import parse
    from deskcrm.store.search import SqliteSearch

    typed = typed.strip()
    if not typed:
        return []
    if "@" in typed:
        ids = [r[0] for r in conn.execute(
            "SELECT id FROM person WHERE email_norm = ? AND erased_at IS NULL ORDER BY id LIMIT ?",
            (validate.email_norm(typed), limit))]
    else:
        page = SqliteSearch(conn, today).search(parse(typed, typing=False), limit=limit, ranked=True)
        ids = [r.id for r in page.rows]
    return _matches(conn, ids)


def _matches(conn: Connection, ids: list[int]) -> list[PersonMatch]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    contacts: dict[int, list[str]] = {}
    for pid, company, title, left_at in conn.execute(
        "SELECT r.person_id, c.name, r.title, r.left_at FROM contact_role AS r JOIN company AS c ON c.id = r.company_id"
        f" WHERE r.person_id IN ({marks}) ORDER BY r.person_id, r.left_at IS NOT NULL, r.id DESC", ids
    ):
        if left_at:
            contacts.setdefault(pid, []).append(f"formerly at {company}")
        else:
            contacts.setdefault(pid, []).append(f"contact at {company}" + (f" — {title}" if title else ""))
    rows = {r[0]: r for r in conn.execute(
        "SELECT p.id, p.name, p.email, p.phone, coalesce(p.city, p.country), p.headline, cp.current_title,"
        " cp.current_employer, cp.status, cp.person_id IS NOT NULL"
        " FROM person AS p LEFT JOIN candidate_profile AS cp ON cp.person_id = p.id"
        f" WHERE p.id IN ({marks}) AND p.erased_at IS NULL", ids)}
    out = []
    for pid in ids:  # the order found in
        row = rows.get(pid)
        if row is None:
            continue
        _id, name, email, phone, location, headline, title, employer, status, candidate = row
        now = " at ".join(x for x in (title, employer) if x) or None
        out.append(PersonMatch(pid, name, email or None, phone or None, location or None, headline or None, now,
                               status if candidate else None, tuple(contacts.get(pid, ()))))
    return out


def add_contact(conn: Connection, company_id: int, *, person_id: int | None = None,
                name: str | None = None, email: str | None = None, phone: str | None = None,
                title: str | None = None, hiring_manager: bool = False, billing: bool = False) -> Written:
    """Make a person a contact at the company: an existing person (``person_id``) gets a new
    role on the same record; otherwise a new person is created (``name`` required) and indexed."""
    errors: dict[str, str] = {}
    if person_id is None and not (name or "").strip():
        errors["name"] = "required — the contact's name"
    if errors:
        raise Invalid(errors)
    txn = journal.new_txn()
    with db.write(conn):
        company = journal.row(conn, "company", company_id)
        if company is None:
            raise StoreError(f"company {company_id} no longer exists")
        if person_id is None:  # the same rows as any new person (consent ledger, index), in this txn
            from deskcrm.store.person_write import insert_person

            person_id = insert_person(conn, txn, {"name": name, "email": email, "phone": phone,
                                                  "source": "Client contact"}, candidate=False)
        else:
            person = journal.row(conn, "person", person_id)
            if person is None or person.get("erased_at"):
                raise StoreError(f"person {person_id} no longer exists")
            current = conn.execute("SELECT 1 FROM contact_role WHERE person_id = ? AND company_id = ? AND left_at IS NULL",
                                   (person_id, company_id)).fetchone()
            if current:
                raise Invalid({"title": f"{person['name']} is already a contact at {company['name']}"})
            name = person["name"]
        role_id = journal.insert(conn, txn, "contact_role", {
            "person_id": person_id, "company_id": company_id, "title": (title or "").strip() or None,
            "is_hiring_manager": bool(hiring_manager), "is_billing": bool(billing), "version": 1,
        })
        _activity(conn, txn, company_id, f"Contact added: {name}", person_id=person_id)
    return Written(txn, role_id, person_id, f"Added {name} as a contact")


_ROLE_FIELDS = {"title": "title", "hiring_manager": "is_hiring_manager", "billing": "is_billing"}


@retry_once
def update_contact(conn: Connection, role_id: int, changes: dict[str, Any], *, expected_version: int) -> Written:
    """A contact's role at their company: ``changes`` holds any of ``title``, ``hiring_manager``,
    ``billing`` (what the form changed: a colleague's save of the others stands). A stale
    ``expected_version`` is a :class:`Conflict`."""
    txn = journal.new_txn()
    with db.write(conn):
        role = journal.row(conn, "contact_role", role_id)
        if role is None:
            raise StoreError(f"contact {role_id} no longer exists")
        values: dict[str, Any] = {}
        for key, column in _ROLE_FIELDS.items():
            if key in changes:
                value = changes[key]
                values[column] = ((value or "").strip() or None) if key == "title" else bool(value)
        if values:
            journal.update(conn, txn, "contact_role", role_id, values, expected_version=expected_version)
            _activity(conn, txn, role["company_id"], "Contact edited", person_id=role["person_id"])
    return Written(txn, role_id, role["person_id"], "Contact saved" if values else "Nothing changed")


@retry_once
def contact_left(conn: Connection, role_id: int, *, on: date, expected_version: int) -> Written:
    """The contact left the company: the role keeps its history, with the date they left."""
    txn = journal.new_txn()
    with db.write(conn):
        role = journal.row(conn, "contact_role", role_id)
        if role is None:
            raise StoreError(f"contact {role_id} no longer exists")
        if role["left_at"]:
            raise StoreError(f"that contact already left on {role['left_at']}")
        journal.update(conn, txn, "contact_role", role_id, {"left_at": ds(on)}, expected_version=expected_version)
        name = conn.execute("SELECT name FROM person WHERE id = ?", (role["person_id"],)).fetchone()[0]
        _activity(conn, txn, role["company_id"], f"{name} left the company ({ds(on)})", person_id=role["person_id"])
    return Written(txn, role_id, role["person_id"], f"{name} left — history kept")
