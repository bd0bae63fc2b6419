"""Is this person already on file? Checked on every create and edit, before the save.

    matches = find_duplicates(conn, {"name": "Jon Smith", "email": "J.Smith@X.io",
                                     "current_employer": "Acme"}, exclude_id=None)

Rules, each an indexed lookup so the check costs milliseconds at 1M people:

- the same email, phone or LinkedIn profile — exact on the normalised ``email_norm``,
  ``phone_norm``, ``linkedin_norm`` columns (each has an index);
- the same or a similar name at the same current employer — shortlisted through the search
  index (``person_fts``: the employer phrase AND a name word's first letters; spelled per engine
  in ``store.search_sql``), then confirmed
  in Python: the employer must be equal (case-insensitive) and the names the same words in any
  order, or close in spelling (``difflib`` ratio ≥ ``NAME_RATIO``: "Jon Smith" / "John Smith").

Pairs the recruiter said are two humans (the ``not_duplicate`` table, ``person_a < person_b``)
are never offered again. Erased people never match. Read-only; SQLite or PostgreSQL.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from deskcrm.store import db, search_sql
from deskcrm.store.db import DRIVER_ERRORS, Connection
from deskcrm.store.person_write import email_norm, linkedin_norm, phone_norm

NAME_RATIO = 0.85
SHORTLIST = 400  # name+employer candidates read from the index at most
LIMIT = 10  # matches returned at most


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    person_id: int
    name: str
    reasons: tuple[str, ...]  # "same email j.smith@x.io", "similar name at Acme (91%)"
    headline: str | None
    employer: str | None
    email: str | None
    phone: str | None
    city: str | None


def _fold(value: str) -> str:
    value = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in value if not unicodedata.combining(ch))


def _tokens(value: str) -> list[str]:
    """Words the way FTS5's unicode61 tokenizer splits them (letters and digits), folded."""
    out, word = [], []
    for ch in _fold(value):
        if ch.isalnum():
            word.append(ch)
        elif word:
            out.append("".join(word))
            word = []
    if word:
        out.append("".join(word))
    return out


def name_similarity(a: str, b: str) -> float:
    """1.0 for the same words in any order; else difflib's ratio of the sorted, folded words."""
    ta, tb = sorted(_tokens(a)), sorted(_tokens(b))
    if not ta or not tb:
        return 0.0
    if ta == tb:
        return 1.0
    return difflib.SequenceMatcher(None, " ".join(ta), " ".join(tb)).ratio()


def _exact(conn: Connection, column: str, value: str | None) -> list[int]:
    if not value:
        return []
    rows = conn.execute(
        f"SELECT id FROM person WHERE {column} = ? AND erased_at IS NULL LIMIT ?", (value, LIMIT)
    ).fetchall()
    return [r[0] for r in rows]


def _name_at_employer(conn: Connection, name: str, employer: str) -> list[tuple[int, str]]:
    """(id, reason) for people at ``employer`` whose name is the same or close."""
    emp_words, name_words = _tokens(employer), [w for w in _tokens(name) if len(w) >= 2]
    if not emp_words or not name_words:
        return []
    prefixes = sorted({w[:3] for w in name_words})
    sql, params = search_sql.of(conn).name_at_employer(emp_words, prefixes)
    try:
        rows = conn.execute(sql, (*params, SHORTLIST)).fetchall()
    except DRIVER_ERRORS:  # a word the index cannot take: no fuzzy match, never an error
        if conn.in_transaction and db.engine(conn) == "postgresql":
            raise  # the caller's transaction is aborted: it must not go on as if nothing happened
        return []
    want = _fold(employer.strip())
    out = []
    for pid, other, other_employer in rows:
        if not other_employer or _fold(other_employer.strip()) != want:
            continue
        score = name_similarity(name, other)
        if score >= 1.0:
            out.append((pid, f"same name at {other_employer}"))
        elif score >= NAME_RATIO:
            out.append((pid, f"similar name at {other_employer} ({round(score * 100)}%)"))
    return out


def _not_duplicates(conn: Connection, person_id: int) -> set[int]:
    rows = conn.execute(
        "SELECT person_b FROM not_duplicate WHERE person_a = ? UNION SELECT person_a FROM not_duplicate WHERE person_b = ?",
        (person_id, person_id),
    ).fetchall()
    return {r[0] for r in rows}


def find_duplicates(
    conn: Connection, values: Mapping[str, Any], *, exclude_id: int | None = None
) -> list[DuplicateMatch]:
    """People who may be the human described by ``values`` (name, email, phone, linkedin_url,
    current_employer), strongest evidence first; never ``exclude_id`` (the record being edited)
    nor anyone remembered as not a duplicate of it."""
    reasons: dict[int, list[str]] = {}

    def add(pid: int, reason: str) -> None:
        reasons.setdefault(pid, [])
        if reason not in reasons[pid]:
            reasons[pid].append(reason)

    email = email_norm(values.get("email"))
    for pid in _exact(conn, "email_norm", email):
        add(pid, f"same email {email}")
    phone = phone_norm(values.get("phone"))
    for pid in _exact(conn, "phone_norm", phone):
        add(pid, f"same phone {phone}")
    linkedin = linkedin_norm(values.get("linkedin_url"))
    for pid in _exact(conn, "linkedin_norm", linkedin):
        add(pid, f"same LinkedIn {linkedin}")
    name, employer = (values.get("name") or "").strip(), (values.get("current_employer") or "").strip()
    if name and employer:
        for pid, reason in _name_at_employer(conn, name, employer):
            add(pid, reason)
    skip = {exclude_id} | (_not_duplicates(conn, exclude_id) if exclude_id is not None else set())
    ids = [pid for pid in reasons if pid not in skip][:LIMIT]
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        f"""
        SELECT p.id, p.name, p.headline,
               COALESCE(cp.current_employer,
                        (SELECT c.name FROM contact_role r JOIN company c ON c.id = r.company_id
                          WHERE r.person_id = p.id AND r.left_at IS NULL ORDER BY r.id DESC LIMIT 1)),
               p.email, p.phone, p.city
        FROM person p LEFT JOIN candidate_profile cp ON cp.person_id = p.id
        WHERE p.id IN ({marks}) AND p.erased_at IS NULL
        """,
        ids,
    ).fetchall()
    found = {r[0]: DuplicateMatch(r[0], r[1], tuple(reasons[r[0]]), *r[2:]) for r in rows}
    order = {pid: i for i, pid in enumerate(ids)}
    return sorted(found.values(), key=lambda m: (-len(m.reasons), order[m.person_id]))
