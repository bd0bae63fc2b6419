"""A big import into an (almost) empty SQLite desk: the secondary indexes that its rows land all
over — on each person's own email, phone and LinkedIn profile (:func:`scattered`) — dropped before
its first chunk and made again after its last, inside its one transaction; the others kept up.

    if worth_it(conn, total):            # SQLite, >= MIN_ROWS rows, under 1 desk person a SHARE rows
        planner.held = HeldDesk(conn)    # the desk's people as matching needs them, read first
        dropped = take_down(conn)        # their DDL and statistics, as read
    ...                                  # the chunks planned and written
    put_back(conn, dropped)              # the same indexes, their statistics; then the search index

Each new person writes four rows and ~15 index entries; SQLite builds an index from a table
faster than it keeps it up to date row by row when each row's entry lands at a random place (a
B-tree descent and, at 100k people, a page read per entry, instead of one sort): measured alone at
100k people, the four tables' inserts take 1.72 s of CPU with their 16 indexes up, 1.06 s with them
down + 0.35 s to make them again (mostly a scan of the table per index). But most of the 16 take
an import's rows at one place — a value they all share (a status, today's date, no owner yet) or
their ids, ascending. Kept up, those 12 cost more CPU than made again (measured alone, 8 Dec:
~0.5 s more inserting, ~0.22 s less after the last row), but the inserting is done while the
writer waits for the file's next chunk (the reading process is as long or longer), and the
making again after the last row, when nothing else runs. So only the 4 scattered ones go down
(until 8 Dec all 16 did; 11 pairs alternated on 8 Dec: the wall 2.16–2.83 s against 2.18–3.01 s,
faster in 8, the median 2.38 s against 2.59 s in the quietest 6; the writer's CPU 0.3–0.4 s more
— on a box where another program holds a core, the two processes' CPU summed is the wall, and
all 16 down would be the faster).
DDL is transactional in SQLite: a kill -9 (or any error) before the commit rolls the drop back
with the rows — the desk is as it was, indexes and all.

While the indexes are down, matching against the desk reads nothing by those columns:
:class:`HeldDesk` holds the desk's people's keys (their emails, phones, LinkedIn profiles), their
current roles, the companies' contacts and the candidates by employer in memory, read before the drop — which is why this is
for a desk holding few people (under 1 % of the file's rows): a 100k-row file, under 1,000 people.
The people themselves are read by id (fresh: an earlier chunk may have updated them). Rows the
import itself writes are never looked up there: a row repeating an earlier row of the file is the
file pass's (``file_pass``), which names the line. PostgreSQL keeps its indexes (a server's
colleagues read the desk meanwhile).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from deskcrm.store import db
from deskcrm.store.db import Connection
from deskcrm.store.imports.lookups import people_by_ids

TABLES = ("person", "candidate_profile", "consent", "contact_role")  # what a people import fills
MIN_ROWS = 20_000  # a file shorter than this keeps the indexes (rebuilding them costs ~0.1 s)
SHARE = 100  # ... and so does a desk holding at least one person for every SHARE rows of the file
_KEYS = ("email_norm", "phone_norm", "linkedin_norm")


def worth_it(conn: Connection, total: int | None) -> bool:
    """Whether an import of ``total`` rows into this desk writes faster with the indexes down."""
    if db.engine(conn) != "sqlite" or total is None or total < MIN_ROWS:
        return False
    enough = total // SHARE if SHARE else 1 << 62  # people that make the desk too big: counted up to there only
    people = conn.execute("SELECT count(*) FROM (SELECT 1 FROM person LIMIT ?)", (enough,)).fetchone()[0]
    return people < enough


class HeldDesk:
    """The desk's people as matching a file against it needs them, read before the drop (see
    the module docstring); ``people`` and ``people_at`` answer as ``lookups``' functions do."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.keys: dict[str, dict[str, list[int]]] = {k: {} for k in _KEYS}
        for pid, *norms in conn.execute(
                f"SELECT id, {', '.join(_KEYS)} FROM person WHERE erased_at IS NULL ORDER BY id"):
            self._know(pid, norms)
        self.roles: dict[int, set[int]] = {}  # person id -> companies they are a current contact at
        self.at: dict[int, list[tuple[int, str]]] = {}  # company id -> its current contacts (id, name)
        for pid, cid, name, erased in conn.execute(
                "SELECT r.person_id, r.company_id, p.name, p.erased_at FROM contact_role AS r"
                " JOIN person AS p ON p.id = r.person_id WHERE r.left_at IS NULL ORDER BY r.company_id, r.id"):
            self.roles.setdefault(pid, set()).add(cid)
            if erased is None:
                self.at.setdefault(cid, []).append((pid, name))
        self.employed: dict[str, list[tuple[int, str]]] = {}  # employer key -> its candidates (id, name)
        for key, pid, name in conn.execute(
                "SELECT cp.employer_key, p.id, p.name FROM candidate_profile AS cp JOIN person AS p"
                " ON p.id = cp.person_id WHERE cp.employer_key IS NOT NULL AND p.erased_at IS NULL ORDER BY p.id"):
            self.employed.setdefault(key, []).append((pid, name))

    def _know(self, pid: int, norms: Any) -> None:
        for column, value in zip(_KEYS, norms):
            if value:
                ids = self.keys[column].setdefault(value, [])
                if pid not in ids:
                    ids.append(pid)

    def people(self, emails: Any, phones: Any, linkedins: Any) -> dict[int, dict[str, Any]]:
        """``lookups.people_by_keys``, the keys matched here and the people read by id — in its
        order (by column, key, id: the first of two people sharing a phone is the one named)."""
        ids: dict[int, None] = {}
        for column, values in zip(_KEYS, (emails, phones, linkedins)):
            known = self.keys[column]
            for value in sorted(known.keys() & set(values)):  # the few the desk has
                ids.update(dict.fromkeys(sorted(known[value])))
        read = people_by_ids(self.conn, ids)
        found = {pid: read[pid] for pid in ids if pid in read}
        for pid, person in found.items():
            person["roles"] = set(self.roles.get(pid, ()))
        return found

    def people_at(self, company_ids: Any) -> dict[int, list[tuple[int, str]]]:
        """``lookups.people_at``: the contacts the desk's companies had (an import names no one new there)."""
        return {cid: list(self.at.get(cid, ())) for cid in company_ids}

    def people_employed(self, keys: Any) -> dict[str, list[tuple[int, str]]]:
        """``lookups.people_employed``: the candidates the desk had at these employers' keys."""
        return {key: list(self.employed.get(key, ())) for key in keys}

    def updated(self, person_id: int, norms: tuple[str | None, ...], company_id: int | None) -> None:
        """The import updated a desk person: the keys it filled (``_KEYS`` order), the company
        it made them a current contact at (None: none)."""
        self._know(person_id, norms)
        if company_id is not None:
            self.roles.setdefault(person_id, set()).add(company_id)


@dataclass
class Dropped:
    """What :func:`take_down` dropped: each index's DDL, and its planner statistics rows."""

    ddl: list[str]
    stats: dict[str, list[tuple]] = field(default_factory=dict)  # sqlite_stat1 / sqlite_stat4 -> rows


def take_down(conn: Connection) -> Dropped:
    """Drop the secondary indexes of :data:`TABLES` that a new row lands at a random place of
    (see :func:`scattered`), inside the caller's transaction."""
    marks = ",".join("?" * len(TABLES))
    indexes = [(name, sql) for name, sql in conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})"
        " ORDER BY name", TABLES) if scattered(sql)]
    names = [n for n, _ in indexes]
    dropped = Dropped([sql for _, sql in indexes])
    if not names:
        return dropped
    held = ",".join("?" * len(names))
    for stat in ("sqlite_stat1", "sqlite_stat4"):  # DROP INDEX deletes an index's statistics
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (stat,)).fetchone():
            dropped.stats[stat] = conn.execute(f"SELECT * FROM {stat} WHERE idx IN ({held})", names).fetchall()
    for name in names:
        conn.execute(f'DROP INDEX "{name}"')
    return dropped


def scattered(sql: str) -> bool:
    """Whether an index (its DDL) is on a key each new person brings their own of — their
    email, phone or LinkedIn profile: each row's entry lands at a random place of it. The others
    take an import's rows at one place (a column the rows share — a status, a date, no owner —
    or their ids, ascending): kept up, they cost the writer about what making them again would,
    but in the time it waits for the file's next chunk, not after its last (see the module's doc)."""
    return any(column in sql for column in _KEYS)


def put_back(conn: Connection, dropped: Dropped) -> None:
    """Make again what :func:`take_down` dropped: the same indexes, their statistics as they were
    (an ordinary import leaves them as they were too)."""
    for sql in dropped.ddl:
        conn.execute(sql)
    for stat, rows in dropped.stats.items():
        if rows:
            marks = ",".join("?" * len(rows[0]))
            conn.executemany(f"INSERT INTO {stat} VALUES ({marks})", rows)
