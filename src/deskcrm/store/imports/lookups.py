"""What the desk already holds, looked up a chunk of rows at a time (``IN (…)``), never per row.

- :func:`people_by_keys`: people whose ``email_norm`` / ``phone_norm`` / ``linkedin_norm`` is one
  of the chunk's (each column indexed), with what an update needs (their profile, current roles);
- :func:`companies_by_key`: companies by ``name_key`` (case, accents, punctuation, legal forms
  aside: ``client_rules.company_key``; indexed);
- :func:`people_at`: the current contacts of some companies, by name (a close name at the same
  company is a likely duplicate);
- :func:`people_employed`: the candidates whose current employer has one of some company keys
  (``candidate_profile.employer_key``, indexed: ``store.employer_keys``), by name, likewise.

Read-only, both engines (portable SQL).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from deskcrm.store.db import Connection

PERSON_COLUMNS = ("id", "name", "email", "email_norm", "phone", "phone_norm", "linkedin_url", "linkedin_norm",
                  "city", "headline", "source", "owner_id", "tags", "notes", "custom", "version")
PROFILE_COLUMNS = ("skills", "current_title", "current_employer", "current_salary", "salary_currency", "status",
                   "desired_salary", "available_from", "notice_days",
                   "version")
_CHUNK = 900  # parameters per IN (…): under SQLite's old 999 limit


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


def people_by_keys(conn: Connection, emails: Iterable[str], phones: Iterable[str],
                   linkedins: Iterable[str]) -> dict[int, dict[str, Any]]:
    """id -> the person's columns (:data:`PERSON_COLUMNS`), ``profile`` (dict or None) and
    ``roles`` (ids of the companies they are a current contact at)."""
    found: dict[int, dict[str, Any]] = {}
    for column, keys in (("email_norm", emails), ("phone_norm", phones), ("linkedin_norm", linkedins)):
        _read_people(conn, column, keys, found)
    ids = sorted(found)
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for pid, cid in conn.execute(
            f"SELECT person_id, company_id FROM contact_role WHERE person_id IN ({marks}) AND left_at IS NULL", chunk):
            found[pid]["roles"].add(cid)
    return found


def people_by_ids(conn: Connection, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """:func:`people_by_keys` by the people's ids, their ``roles`` left empty (by primary key
    only: what the caller knows of their roles it adds)."""
    found: dict[int, dict[str, Any]] = {}
    _read_people(conn, "id", ids, found)
    return found


def _read_people(conn: Connection, column: str, keys: Iterable[Any], found: dict[int, dict[str, Any]]) -> None:
    """Add to ``found`` the people (not erased) whose ``column`` is one of ``keys``."""
    cols = ", ".join(f"p.{c}" for c in PERSON_COLUMNS)
    pcols = ", ".join(f"cp.{c}" for c in PROFILE_COLUMNS)
    for chunk in _chunks(sorted(set(keys))):
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(
            f"SELECT {cols}, cp.person_id, {pcols} FROM person AS p"
            f" LEFT JOIN candidate_profile AS cp ON cp.person_id = p.id"
            f" WHERE p.{column} IN ({marks}) AND p.erased_at IS NULL", chunk):
            if r[0] in found:
                continue
            person = dict(zip(PERSON_COLUMNS, r[:len(PERSON_COLUMNS)]))
            rest = r[len(PERSON_COLUMNS):]
            person["profile"] = dict(zip(PROFILE_COLUMNS, rest[1:])) if rest[0] is not None else None
            person["roles"] = set()
            found[r[0]] = person


def companies_by_key(conn: Connection, keys: Iterable[str]) -> dict[str, tuple[int, str]]:
    """name_key -> (id, name) of the oldest company with that key."""
    out: dict[str, tuple[int, str]] = {}
    for chunk in _chunks(sorted(set(keys))):
        marks = ",".join("?" * len(chunk))
        for cid, name, key in conn.execute(
            f"SELECT id, name, name_key FROM company WHERE name_key IN ({marks}) ORDER BY id", chunk):
            out.setdefault(key, (cid, name))
    return out


def people_at(conn: Connection, company_ids: Iterable[int]) -> dict[int, list[tuple[int, str]]]:
    """company id -> [(person id, name)] of its current contacts (every company asked is a key)."""
    return _named_by(conn, "SELECT r.company_id, p.id, p.name FROM contact_role AS r JOIN person AS p"
                           " ON p.id = r.person_id WHERE r.company_id IN ({marks}) AND r.left_at IS NULL"
                           " AND p.erased_at IS NULL", company_ids)


def people_employed(conn: Connection, keys: Iterable[str]) -> dict[str, list[tuple[int, str]]]:
    """company key -> [(person id, name)] of the candidates whose current employer has that key
    (every key asked is a key of the answer)."""
    return _named_by(conn, "SELECT cp.employer_key, p.id, p.name FROM candidate_profile AS cp JOIN person AS p"
                           " ON p.id = cp.person_id WHERE cp.employer_key IN ({marks}) AND p.erased_at IS NULL"
                           " ORDER BY p.id", keys)


def _named_by(conn: Connection, sql: str, keys: Iterable[Any]) -> dict[Any, list[tuple[int, str]]]:
    """key -> [(person id, name)] that ``sql`` (rows of key, id, name; ``{marks}``: the ``IN``
    list) reads for ``keys``, a chunk of them at a time (every key asked is a key of the answer)."""
    out: dict[Any, list[tuple[int, str]]] = {}
    for chunk in _chunks(sorted(set(keys))):
        for key in chunk:
            out[key] = []
        for key, pid, name in conn.execute(sql.format(marks=",".join("?" * len(chunk))), chunk):
            out[key].append((pid, name))
    return out


def people_named(conn: Connection, emails: Iterable[str], names: Iterable[str],
                 ids: Iterable[int]) -> tuple[dict[str, list[tuple[int, str]]], dict[str, list[tuple[int, str]]],
                                              dict[int, str]]:
    """The people a placements or activities file names: by email (``email_norm``, indexed), by
    name (``lower(name)``, confirmed folded by the caller; a scan per chunk: such files are
    small), by deskcrm id. Each as key -> [(id, name)] (two: ambiguous), ids -> name."""
    by_email: dict[str, list[tuple[int, str]]] = {}
    for chunk in _chunks(sorted(set(emails))):
        marks = ",".join("?" * len(chunk))
        for pid, name, key in conn.execute(
                f"SELECT id, name, email_norm FROM person WHERE email_norm IN ({marks}) AND erased_at IS NULL"
                " ORDER BY id", chunk):
            by_email.setdefault(key, []).append((pid, name))
    by_name: dict[str, list[tuple[int, str]]] = {}
    for chunk in _chunks(sorted({n.lower() for n in names})):
        marks = ",".join("?" * len(chunk))
        for pid, name in conn.execute(
                f"SELECT id, name FROM person WHERE lower(name) IN ({marks}) AND erased_at IS NULL ORDER BY id", chunk):
            by_name.setdefault(name.lower(), []).append((pid, name))
    by_id: dict[int, str] = {}
    for chunk in _chunks(sorted(set(ids))):
        marks = ",".join("?" * len(chunk))
        for pid, name in conn.execute(
                f"SELECT id, name FROM person WHERE id IN ({marks}) AND erased_at IS NULL", chunk):
            by_id[pid] = name
    return by_email, by_name, by_id


def jobs_at(conn: Connection, company_ids: Iterable[int]) -> dict[int, list[tuple[int, str]]]:
    """company id -> [(job id, title)] (every company asked is a key)."""
    out: dict[int, list[tuple[int, str]]] = {}
    for chunk in _chunks(sorted(set(company_ids))):
        for cid in chunk:
            out[cid] = []
        marks = ",".join("?" * len(chunk))
        for jid, cid, title in conn.execute(
                f"SELECT id, company_id, title FROM job_order WHERE company_id IN ({marks}) ORDER BY id", chunk):
            out[cid].append((jid, title))
    return out


def companies_by_id(conn: Connection, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """id -> the company's columns an import reads (terms, version)."""
    cols = ("id", "name", "name_key", "website", "industry", "city", "notes", "owner_id", "bd_stage", "fee_percent",
            "flat_fee", "fee_currency", "guarantee_days", "custom", "version")
    out: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(sorted(set(ids))):
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(f"SELECT {', '.join(cols)} FROM company WHERE id IN ({marks})", chunk):
            out[r[0]] = dict(zip(cols, r))
    return out
