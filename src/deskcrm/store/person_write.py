"""Create and edit a person (Person + CandidateProfile) — one transaction each, journaled.

    saved = create_person(conn, {"name": "Jane Roe", "source": "Referral", "email": "jane@x.io"})
    saved = update_person(conn, saved.person_id, {"phone": "+49 30 1234567"},
                          expected_version=1, profile_expected_version=1)

``values`` holds parsed values (what the form's parsers return): strings, ``float`` salaries,
``int`` notice days, a ``date`` for available-from, lists for skills and tags, and ``owner``
as recruiter initials. The store normalises email / phone / LinkedIn into the indexed
``*_norm`` columns (the same forms the demo writes), checks what the form checks again (a
script could call it), writes an activity, keeps the search index current and, for a new
person, opens their GDPR ledger: a consent row with the lawful basis (legitimate interest
unless told) and ``sourced_at`` today, so the Art. 14 notice falls due like anyone else's.

A stale ``expected_version`` raises ``Conflict``; bad values raise ``InvalidPerson`` naming the
field. Plain ``sqlite3``; no Textual/Rich.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from deskcrm.store.locking import retry_once
from deskcrm.store.db import Connection
from deskcrm.domain import clock, search_profile, validate
from deskcrm.store import custom_values, db, journal
from deskcrm.store.errors import NotFound, StoreError
from deskcrm.store.search_index import index_people
from deskcrm.store.values import ds, dumps_list, ts

PERSON_FIELDS = ("name", "email", "phone", "linkedin_url", "city", "country", "headline", "source", "tags", "notes")
PROFILE_FIELDS = (
    "skills", "current_title", "current_employer", "current_salary", "desired_salary", "salary_currency",
    "notice_days", "available_from", "status", "wanted_type",
)
STATUSES = ("active", "passive", "placed", "do_not_contact")
LAWFUL_BASES = ("consent", "legitimate_interest", "contract")


class InvalidPerson(StoreError):
    """A value the store refuses; ``field`` names the form field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field.replace('_', ' ').capitalize()}: {message}")
        self.field = field
        self.field_errors = {field: message}  # what DeskScreen.form_write marks in the form


@dataclass(frozen=True, slots=True)
class PersonSaved:
    person_id: int
    txn: str
    created: bool


# --------------------------------------------------------------------------- normalising
# One normaliser for the form and the store (and the demo writes the same forms).


def email_norm(value: str | None) -> str | None:
    return validate.email_norm(value.strip()) if value and value.strip() else None


def phone_norm(value: str | None) -> str | None:
    """``+<digits>`` (``00`` counts as ``+``); None when there are no digits."""
    return validate.phone_norm(value) or None


def linkedin_norm(value: str | None) -> str | None:
    return validate.linkedin_norm(value)


# --------------------------------------------------------------------------- checking


def _text(values: Mapping[str, Any], key: str) -> str | None:
    v = values.get(key)
    if v is None:
        return None
    v = str(v).strip()
    return v or None


def _checked(field: str, parse, value: str | None) -> str | None:
    try:
        return parse(value or "")
    except validate.Invalid as exc:
        raise InvalidPerson(field, str(exc)) from None


def _list(values: Mapping[str, Any], key: str) -> str:
    v = values.get(key) or []
    if isinstance(v, str):
        v = [s.strip() for s in v.split(",")]
    out: list[str] = []
    for item in v:
        s = str(item).strip()
        if s and s.casefold() not in {o.casefold() for o in out}:
            out.append(s)
    return dumps_list(out)


def _number(values: Mapping[str, Any], key: str, kind: type) -> Any:
    v = values.get(key)
    if v is None or v == "":
        return None
    try:
        n = kind(v)
    except (TypeError, ValueError):
        raise InvalidPerson(key, f"{v!r} is not a number") from None
    if n < 0:
        raise InvalidPerson(key, "cannot be negative")
    return n


def _owner(conn: Connection, values: Mapping[str, Any], current: int | None = None) -> int | None:
    """The owner's initials -> an active recruiter's id (``current``, the owner now, is kept)."""
    from deskcrm.store.errors import Invalid
    from deskcrm.store.recruiters import owner_for

    try:
        return owner_for(conn, _text(values, "owner"), current)
    except Invalid as exc:
        raise InvalidPerson("owner", exc.field_errors["owner"]) from None


def _person_columns(conn: Connection, values: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields:
        if f in ("tags",):
            out["tags"] = _list(values, "tags")
        elif f == "email":
            email = _checked("email", validate.email, _text(values, "email"))
            out["email"], out["email_norm"] = email, email_norm(email)
        elif f == "phone":
            phone = _text(values, "phone")
            norm = phone_norm(phone)
            if phone is not None and norm is None:
                raise InvalidPerson("phone", f"{phone!r} has no digits (e.g. +49 30 1234567)")
            out["phone"], out["phone_norm"] = phone, norm
        elif f == "linkedin_url":
            url = _checked("linkedin_url", validate.linkedin, _text(values, "linkedin_url"))
            out["linkedin_url"], out["linkedin_norm"] = url, linkedin_norm(url)
        else:
            out[f] = _text(values, f)
    if "name" in out and not out["name"]:
        raise InvalidPerson("name", "a name is required")
    if "source" in out and not out["source"]:
        raise InvalidPerson("source", "where this person came from is required (it drives GDPR notices)")
    return out


def _profile_columns(values: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields:
        if f == "skills":
            out[f] = _list(values, f)
        elif f in ("current_salary", "desired_salary"):
            out[f] = _number(values, f, float)
        elif f == "notice_days":
            out[f] = _number(values, f, int)
        elif f == "available_from":
            v = values.get(f)
            if v is not None and v != "" and not isinstance(v, date):
                raise InvalidPerson(f, f"{v!r} is not a date")
            out[f] = ds(v) if v else None
        elif f == "salary_currency":
            cur = (_text(values, f) or "EUR").upper()
            if not re.fullmatch(r"[A-Z]{3}", cur):
                raise InvalidPerson(f, f"{cur!r} is not a 3-letter currency code (e.g. EUR)")
            out[f] = cur
        elif f == "wanted_type":  # the work they want (search: type:contract)
            try:
                out[f] = search_profile.wanted_type(_text(values, f))
            except ValueError as exc:
                raise InvalidPerson(f, str(exc)) from None
        elif f == "status":
            st = _text(values, f) or "active"
            if st not in STATUSES:
                raise InvalidPerson(f, f"{st!r} is not one of {', '.join(STATUSES)}")
            out[f] = st
        else:
            out[f] = _text(values, f)
    return out


def _scope(candidate: bool) -> tuple[str, ...]:
    """Whose custom fields a person holds: the person's, and the candidate profile's when they have one."""
    return ("person", "candidate") if candidate else ("person",)


def _activity(conn: Connection, txn: str, person_id: int, body: str, now: str) -> None:
    journal.insert(conn, txn, "activity", {"kind": "system", "body": body, "at": now, "person_id": person_id})


def _remember_not_duplicates(conn: Connection, txn: str, person_id: int, others: Iterable[int], now: str) -> None:
    for other in others:
        if other == person_id:
            continue
        a, b = sorted((person_id, int(other)))
        if conn.execute("SELECT 1 FROM not_duplicate WHERE person_a = ? AND person_b = ?", (a, b)).fetchone():
            continue
        journal.insert(conn, txn, "not_duplicate", {"person_a": a, "person_b": b, "decided_at": now})


# --------------------------------------------------------------------------- writes


def create_person(
    conn: Connection,
    values: Mapping[str, Any],
    *,
    candidate: bool = True,
    lawful_basis: str = "legitimate_interest",
    not_duplicate_of: Iterable[int] = (),
) -> PersonSaved:
    """A new person (with a candidate profile unless ``candidate=False``) and their consent row.

    ``not_duplicate_of``: people the recruiter said are someone else ("create anyway"),
    remembered in the same transaction.
    """
    if lawful_basis not in LAWFUL_BASES:
        raise InvalidPerson("lawful_basis", f"{lawful_basis!r} is not one of {', '.join(LAWFUL_BASES)}")
    txn = journal.new_txn()
    with db.write(conn):
        person_id = insert_person(conn, txn, values, candidate=candidate, lawful_basis=lawful_basis,
                                  not_duplicate_of=not_duplicate_of)
    return PersonSaved(person_id, txn, True)


def insert_person(
    conn: Connection,
    txn: str,
    values: Mapping[str, Any],
    *,
    candidate: bool = True,
    lawful_basis: str = "legitimate_interest",
    not_duplicate_of: Iterable[int] = (),
) -> int:
    """The rows of a new person, inside the caller's transaction ``txn`` (``create_person``, or
    another action that creates a person as part of it, e.g. adding a client contact)."""
    now = ts(clock.utcnow())
    person = _person_columns(conn, values, PERSON_FIELDS)
    custom = custom_values.merged(conn, _scope(candidate), "{}", values, creating=True,
                                  currency=_text(values, "salary_currency") or "EUR")
    person_id = journal.insert(conn, txn, "person", {
        **person, "owner_id": _owner(conn, values), "other_contacts": "[]", "custom": custom or "{}",
        "created_at": now, "updated_at": now, "version": 1,
    })
    if candidate:
        profile = _profile_columns(values, PROFILE_FIELDS)
        journal.insert(conn, txn, "candidate_profile", {"person_id": person_id, **profile, "version": 1})
    journal.insert(conn, txn, "consent", {
        "person_id": person_id, "lawful_basis": lawful_basis, "source": person["source"],
        "sourced_at": ds(clock.today()), "version": 1,
    })
    _remember_not_duplicates(conn, txn, person_id, not_duplicate_of, now)
    _activity(conn, txn, person_id, f"Created (source: {person['source']})", now)
    index_people(conn, [person_id])
    return person_id


@retry_once
def update_person(
    conn: Connection,
    person_id: int,
    values: Mapping[str, Any],
    *,
    expected_version: int,
    profile_expected_version: int | None = None,
    not_duplicate_of: Iterable[int] = (),
) -> PersonSaved:
    """Change the fields present in ``values``. A candidate profile is updated when the person has
    one (``profile_expected_version`` guards it) or created when profile fields are given."""
    txn = journal.new_txn()
    now = ts(clock.utcnow())
    with db.write(conn):
        before = journal.row(conn, "person", person_id, lock=True)  # held: a colleague's save waits
        if before is None or before.get("erased_at"):
            raise NotFound(f"person {person_id} no longer exists (merged or deleted); nothing was saved", "person")
        person = _person_columns(conn, values, [f for f in PERSON_FIELDS if f in values])
        if "owner" in values:
            person["owner_id"] = _owner(conn, values, before["owner_id"])
        profile_before = journal.row(conn, "candidate_profile", person_id, lock=True)
        custom = custom_values.merged(conn, _scope(profile_before is not None or any(f in values for f in PROFILE_FIELDS)),
                                      before.get("custom"), values, creating=False,
                                      currency=(profile_before or {}).get("salary_currency") or "EUR")
        if custom is not None:
            person["custom"] = custom
        changed = [k.replace("custom", "custom fields") for k, v in person.items()
                   if before.get(k) != v and not k.endswith("_norm")]
        profile = _profile_columns(values, [f for f in PROFILE_FIELDS if f in values])
        if profile_before is not None:
            if profile_expected_version is not None and profile_before["version"] != profile_expected_version:
                raise journal.stale(conn, "candidate_profile", profile_before, person_id, profile)
            profile_changes = {k: v for k, v in profile.items() if profile_before.get(k) != v}
        else:
            profile_changes = profile if any(v not in (None, "[]") for v in profile.values()) else {}
        if before["version"] != expected_version:
            raise journal.stale(conn, "person", before, person_id, person)
        person_changes = {k: v for k, v in person.items() if before.get(k) != v}
        if person_changes or profile_changes:
            journal.update(conn, txn, "person", person_id, {**person_changes, "updated_at": now},
                           expected_version=expected_version)
        if profile_changes and profile_before is not None:
            journal.update(conn, txn, "candidate_profile", person_id, profile_changes,
                           expected_version=profile_before["version"])
        elif profile_changes:
            full = _profile_columns(values, PROFILE_FIELDS)
            journal.insert(conn, txn, "candidate_profile", {"person_id": person_id, **full, "version": 1})
        _remember_not_duplicates(conn, txn, person_id, not_duplicate_of, now)
        what = changed + [k for k in profile_changes]
        if what:
            _activity(conn, txn, person_id, "Edited: " + ", ".join(k.replace("_", " ") for k in what), now)
            index_people(conn, [person_id])
    return PersonSaved(person_id, txn, False)


def mark_not_duplicate(conn: Connection, a: int, b: int) -> str:
    """Remember that ``a`` and ``b`` are two humans (never offered as duplicates again)."""
    if a == b:
        raise StoreError("a person cannot be a duplicate of themselves")
    txn = journal.new_txn()
    with db.write(conn):
        _remember_not_duplicates(conn, txn, a, [b], ts(clock.utcnow()))
    return txn


def load_for_edit(conn: Connection, person_id: int) -> dict[str, Any] | None:
    """The stored values in the form's shape, plus ``version`` and ``profile_version``."""
    p = journal.row(conn, "person", person_id)
    if p is None:
        return None
    cp = journal.row(conn, "candidate_profile", person_id)
    owner = None
    if p["owner_id"] is not None:
        found = conn.execute("SELECT initials FROM recruiter WHERE id = ?", (p["owner_id"],)).fetchone()
        owner = found[0] if found else None
    out: dict[str, Any] = {f: p.get(f) for f in PERSON_FIELDS}
    out["tags"] = json.loads(p["tags"] or "[]")
    out["owner"] = owner
    out["version"] = p["version"]
    out["candidate"] = cp is not None
    out["profile_version"] = cp["version"] if cp else None
    for f in PROFILE_FIELDS:
        out[f] = cp.get(f) if cp else None
    out["skills"] = json.loads(cp["skills"] or "[]") if cp else []
    from deskcrm.domain.custom_fields import typed_text
    from deskcrm.store.custom_fields import list_fields

    custom = custom_values.loads(p.get("custom"))
    for f in list_fields(conn, _scope(cp is not None), archived=False):
        out[custom_values.PREFIX + f.key] = typed_text(f, custom.get(f.key)) or None
    return out
