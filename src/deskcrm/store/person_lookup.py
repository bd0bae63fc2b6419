"""One person as a command line names them: an id (``42`` or ``#42``), an email, or a name.

    found = find_person(conn, "Jane Roe")
    found.person_id          # the one person meant, or None
    found.matches            # who it could be (listed when it is not one: the best few)
    found.count              # how many people the name fits (up to COUNT_CAP): more than listed, often

A name picks a person only when it is unambiguous: the one person with exactly that name
(case and accents aside), else the one whose name starts with, or has words starting with,
what was typed. A near spelling (a typo) is never picked: it is offered, so the command can
list it. Erased people are never found. Names come from the jump index (``store.jump``), so
this is as fast at 1M people as the palette.
"""

from __future__ import annotations

from dataclasses import dataclass

from deskcrm.domain import validate
from deskcrm.store import jump, search_sql
from deskcrm.store.db import Connection
from deskcrm.store.values import is_id


@dataclass(frozen=True, slots=True)
class Match:
    id: int
    name: str
    detail: str  # headline / employer · city


@dataclass(frozen=True, slots=True)
class Found:
    person_id: int | None  # the person meant; None: nobody, or several (see matches)
    matches: tuple[Match, ...]
    near: bool = False  # the matches are only near spellings: never picked
    count: int = 0  # several: how many people the name fits (every word a prefix of theirs), up to COUNT_CAP


COUNT_CAP = 10_000


def find_person(conn: Connection, wanted: str) -> Found:
    typed = wanted.strip()
    digits = typed.removeprefix("#")
    if digits.isascii() and digits.isdigit() and is_id(int(digits)):
        return _one(_rows(conn, "p.id = ?", (int(digits),)))
    if "@" in typed:
        return _one(_rows(conn, "p.email_norm = ?", (validate.email_norm(typed),)))
    hits = jump.find(conn, typed, kinds=("person",))
    exact = [h for h in hits if h.score >= jump.EXACT]
    sure = [h for h in hits if h.score >= jump.WORDS - 0.1]
    chosen = exact or sure
    matches = tuple(Match(h.id, h.label, h.detail) for h in (chosen or hits))
    if len(chosen) == 1:
        return Found(chosen[0].id, matches)
    if len(chosen) > 1:  # the palette's few: the message says how many there are
        return Found(None, matches, count=max(len(chosen), _count(conn, typed)))
    return Found(None, matches, near=not chosen and bool(hits), count=len(matches))


def _count(conn: Connection, typed: str) -> int:
    """How many people have a word starting with each word typed (the search index's name), up
    to :data:`COUNT_CAP`."""
    long = [w for w in jump.words(typed) if len(w) >= 2]
    steps = search_sql.of(conn).name_steps(long) if long else []
    if not steps:
        return 0
    sql, params = steps[-1]  # every word a prefix
    return conn.execute(f"SELECT count(*) FROM ({sql}) AS found", (*params, COUNT_CAP)).fetchone()[0]


def _one(rows: list[Match]) -> Found:
    return Found(rows[0].id if len(rows) == 1 else None, tuple(rows))


def _rows(conn: Connection, where: str, params: tuple) -> list[Match]:
    rows = conn.execute(
        f"SELECT p.id, p.name, coalesce(p.headline, ''), coalesce(p.city, '') FROM person AS p "
        f"WHERE {where} AND p.erased_at IS NULL ORDER BY p.id LIMIT 20", params).fetchall()
    return [Match(r[0], r[1], " · ".join(x for x in (r[2], r[3]) if x)) for r in rows]
