"""Talent pools (issue 16): named lists of people — a saved search or hand-picked.

    create_pool(conn, "Rust contractors")                          # -> Written: hand-picked, empty
    create_pool(conn, "Berlin seniors", query="seniority:senior city:berlin")  # a saved search
    add_to_pool(conn, "Rust contractors", [12, 40, 7])             # new name: the pool is created
    remove_from_pool(conn, pool_id, [12])
    rename_pool(conn, pool_id, "Rust (contract)", version) · delete_pool(conn, pool_id, version)
    list_pools(conn, today, settings)   # -> (PoolRow, ...): people, last touch, gone cold
    find_pool(conn, "rust contractors") # -> PoolRow | None (any case)
    refresh(conn, pool_id, ids)         # a saved search's people: the ids of its last run

A saved search's people are the search's: ``pool_member`` holds its last run (``store.pool_people``
runs it again when the pool is opened), so counts, "gone cold" and pages are the same SQL for
both kinds. Each write is one journaled transaction (``ctrl+z`` takes it back); a refresh is
derived data, written without the journal. Names are kept as typed (ends trimmed) and unique in
any case; empty, longer than :data:`NAME_MAX` or with control characters is refused (``Invalid``
naming the field ``name``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from deskcrm.domain import clock
from deskcrm.domain.due import DueSettings
from deskcrm.domain.due_rules import NURTURE_STATUSES, cold_from
from deskcrm.store import db, journal
from deskcrm.store.db import Connection
from deskcrm.store.errors import Invalid, NotFound
from deskcrm.store.values import local, midnight, ts

NAME_MAX = 80
NURTURE_DAYS = DueSettings().nurture_days
CAP = 10_000  # a saved search's people: at most this many (its best matches)


@dataclass(frozen=True, slots=True)
class PoolRow:
    id: int
    name: str
    query: str | None  # a saved search's text; None: hand-picked
    owner: str | None  # initials
    people: int
    cold: int  # how many have gone cold (the due list's nurture rule)
    last_touch: datetime | None  # the latest contact with anyone in it (local time)
    refreshed_at: datetime | None  # a saved search: when its people were last found
    version: int

    @property
    def kind(self) -> str:
        return "saved search" if self.query is not None else "hand-picked"


@dataclass(frozen=True, slots=True)
class Written:
    txn: str
    pool: PoolRow | None
    message: str
    added: int = 0


def cold_condition(today: date, nurture_days: int) -> tuple[str, list[object]]:
    """SQL (on ``person AS p`` and ``candidate_profile AS cp``) for "gone cold": the due list's
    nurture rule (``domain.due_rules.cold_from``) — an active or passive candidate whose last
    touch (never touched: the day they were added) is ``nurture_days`` or more ago, with no
    next touch still to come."""
    statuses = sorted(NURTURE_STATUSES)
    cut = ts(midnight(cold_from(today, nurture_days) + timedelta(days=1)))  # the local day after, 00:00
    sql = (f"(cp.status IN ({','.join('?' * len(statuses))}) AND COALESCE(p.last_contact_at, p.created_at) < ?"
           " AND (p.next_touch_on IS NULL OR p.next_touch_on <= ?))")
    return sql, [*statuses, cut, today.isoformat()]


_LIST = """
SELECT o.id, o.name, o.query, r.initials, o.refreshed_at, o.version,
       count(p.id), COALESCE(sum(CASE WHEN {cold} THEN 1 ELSE 0 END), 0), max(p.last_contact_at)
FROM pool AS o
LEFT JOIN recruiter AS r ON r.id = o.owner_id
LEFT JOIN pool_member AS m ON m.pool_id = o.id
LEFT JOIN person AS p ON p.id = m.person_id AND p.erased_at IS NULL
LEFT JOIN candidate_profile AS cp ON cp.person_id = p.id
{where}
GROUP BY o.id, o.name, o.query, r.initials, o.refreshed_at, o.version
ORDER BY {order}
"""


def _rows(conn: Connection, today: date, nurture_days: int, where: str = "", params: Sequence[object] = ()) -> list[PoolRow]:
    cold, cold_params = cold_condition(today, nurture_days)
    order = "lower(o.name), o.id"
    rows = conn.execute(_LIST.format(cold=cold, where=where, order=order), [*cold_params, *params]).fetchall()
    return [PoolRow(pid, name, query, owner, int(people), int(cold_n), local(last), local(refreshed), version)
            for pid, name, query, owner, refreshed, version, people, cold_n, last in rows]


def list_pools(conn: Connection, today: date, nurture_days: int = NURTURE_DAYS) -> tuple[PoolRow, ...]:
    """Every pool, by name: how many people, how many gone cold, the last touch."""
    return tuple(_rows(conn, today, nurture_days))


def pool(conn: Connection, pool_id: int, today: date, nurture_days: int = NURTURE_DAYS) -> PoolRow:
    found = _rows(conn, today, nurture_days, "WHERE o.id = ?", (pool_id,))
    if not found:
        raise NotFound(f"pool #{pool_id} does not exist (any more)", "pool")
    return found[0]


def find_pool(conn: Connection, name: str, today: date | None = None, nurture_days: int = NURTURE_DAYS) -> PoolRow | None:
    """The pool called ``name`` (any case, spaces squeezed), or None."""
    pid = _id_named(conn, name)
    return None if pid is None else pool(conn, pid, today or clock.today(), nurture_days)


def _id_named(conn: Connection, name: str) -> int | None:
    wanted = " ".join((name or "").split()).casefold()
    for pid, have in conn.execute("SELECT id, name FROM pool").fetchall():
        if " ".join(have.split()).casefold() == wanted:
            return pid
    return None


def _name(conn: Connection, name: str, but: int | None = None) -> str:
    """The name as typed (spaces at the ends dropped), or ``Invalid`` saying why not."""
    clean = (name or "").strip()
    if not clean:
        raise Invalid({"name": "a pool needs a name, e.g. Rust contractors"})
    if len(clean) > NAME_MAX:
        raise Invalid({"name": f"at most {NAME_MAX} characters"})
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in clean):
        raise Invalid({"name": "control characters are not allowed in a pool name"})
    holder = _id_named(conn, clean)
    if holder is not None and holder != but:
        raise Invalid({"name": f"a pool called {clean!r} exists already; choose another name"})
    return clean


def _insert_pool(conn: Connection, txn: str, name: str, query: str | None) -> int:
    values = {"name": _name(conn, name), "owner_id": db.actor(conn), "query": query,
              "created_at": ts(clock.utcnow()), "version": 1}
    return journal.insert(conn, txn, "pool", values)


def create_pool(conn: Connection, name: str, *, query: str | None = None,
                ids: Sequence[int] = ()) -> Written:
    """A new pool: hand-picked (``query`` None), or a saved search of ``query`` whose first
    run found ``ids``."""
    if query is not None and not query.strip():
        raise Invalid({"query": "a saved search needs a query; type one in Search first"})
    txn = journal.new_txn()
    with db.write(conn):
        pid = _insert_pool(conn, txn, name, query.strip() if query is not None else None)
        if query is not None:
            _replace_members(conn, pid, ids)
    made = pool(conn, pid, clock.today())
    kind = f"saved search “{query.strip()}”" if query is not None else "hand-picked"
    return Written(txn, made, f"Pool “{made.name}” created ({kind}, {made.people:,} people)", made.people)


def add_to_pool(conn: Connection, name_or_id: str | int, person_ids: Iterable[int]) -> Written:
    """Add people to a hand-picked pool (a name no pool has: it is created); those already in
    it stay as they are. One transaction."""
    ids = list(dict.fromkeys(int(i) for i in person_ids))
    if not ids:
        raise Invalid({"people": "nobody chosen: mark people with space, or put the cursor on one"})
    txn = journal.new_txn()
    now = ts(clock.utcnow())
    with db.write(conn):
        pid = name_or_id if isinstance(name_or_id, int) else _id_named(conn, name_or_id)
        created = pid is None
        if pid is None:
            pid = _insert_pool(conn, txn, str(name_or_id), None)
        else:
            _hand_picked(conn, pid)
        have = {r[0] for r in conn.execute("SELECT person_id FROM pool_member WHERE pool_id = ?", (pid,))}
        alive = _alive(conn, [i for i in ids if i not in have])
        for person_id in alive:
            journal.insert(conn, txn, "pool_member", {"pool_id": pid, "person_id": person_id, "added_at": now})
    made = pool(conn, pid, clock.today())
    people = "1 person" if len(alive) == 1 else f"{len(alive):,} people"
    verb = "Created pool" if created else "Added to"
    extra = f" ({len(ids) - len(alive)} already in it)" if len(alive) < len(ids) else ""
    return Written(txn, made, f"{verb} “{made.name}”: {people} added{extra}", len(alive))


def _alive(conn: Connection, ids: list[int]) -> list[int]:
    out: list[int] = []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        found = {r[0] for r in conn.execute(
            f"SELECT id FROM person WHERE erased_at IS NULL AND id IN ({','.join('?' * len(chunk))})", chunk)}
        out += [pid for pid in chunk if pid in found]
    return out


def _hand_picked(conn: Connection, pool_id: int) -> None:
    row = conn.execute("SELECT name, query FROM pool WHERE id = ?", (pool_id,)).fetchone()
    if row is None:
        raise NotFound(f"pool #{pool_id} does not exist (any more)", "pool")
    if row[1] is not None:
        raise Invalid({"pool": f"“{row[0]}” is a saved search: its people are who the search finds "
                               "(add them to a hand-picked pool instead)"})


def remove_from_pool(conn: Connection, pool_id: int, person_ids: Iterable[int]) -> Written:
    ids = list(dict.fromkeys(int(i) for i in person_ids))
    txn = journal.new_txn()
    with db.write(conn):
        _hand_picked(conn, pool_id)
        rows = [] if not ids else conn.execute(
            f"SELECT id FROM pool_member WHERE pool_id = ? AND person_id IN ({','.join('?' * len(ids))})",
            (pool_id, *ids)).fetchall()
        for (mid,) in rows:
            journal.delete(conn, txn, "pool_member", mid)
    made = pool(conn, pool_id, clock.today())
    return Written(txn, made, f"Removed {len(rows)} from “{made.name}”")


def rename_pool(conn: Connection, pool_id: int, name: str, version: int) -> Written:
    txn = journal.new_txn()
    with db.write(conn):
        clean = _name(conn, name, but=pool_id)
        journal.update(conn, txn, "pool", pool_id, {"name": clean}, expected_version=version)
    made = pool(conn, pool_id, clock.today())
    return Written(txn, made, f"Pool renamed “{made.name}”")


def delete_pool(conn: Connection, pool_id: int, version: int) -> Written:
    """The pool and its list go; the people stay."""
    txn = journal.new_txn()
    with db.write(conn):
        before = journal.row(conn, "pool", pool_id, lock=True)
        if before is None:
            raise NotFound(f"pool #{pool_id} does not exist (any more)", "pool")
        for (mid,) in conn.execute("SELECT id FROM pool_member WHERE pool_id = ?", (pool_id,)).fetchall():
            journal.delete(conn, txn, "pool_member", mid)
        journal.delete(conn, txn, "pool", pool_id, expected_version=version)
    return Written(txn, None, f"Pool “{before['name']}” deleted (its people stay)")


def refresh(conn: Connection, pool_id: int, ids: Sequence[int]) -> None:
    """A saved search's people are now ``ids`` (its run just now): derived rows, not journaled."""
    with db.write(conn):
        _replace_members(conn, pool_id, ids)


def _replace_members(conn: Connection, pool_id: int, ids: Sequence[int]) -> None:
    now = ts(clock.utcnow())
    conn.execute("DELETE FROM pool_member WHERE pool_id = ?", (pool_id,))
    keep = list(dict.fromkeys(ids))[:CAP]
    if keep:
        conn.executemany("INSERT INTO pool_member (pool_id, person_id, added_at) VALUES (?, ?, ?)",
                         [(pool_id, pid, now) for pid in keep])
    conn.execute("UPDATE pool SET refreshed_at = ? WHERE id = ?", (now, pool_id))


def pools_of(conn: Connection, person_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """The pools each of ``person_ids`` is in (names, by name)."""
    out: dict[int, list[str]] = {}
    ids = list(dict.fromkeys(person_ids))
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for pid, name in conn.execute(
                f"SELECT m.person_id, o.name FROM pool_member AS m JOIN pool AS o ON o.id = m.pool_id"
                f" WHERE m.person_id IN ({','.join('?' * len(chunk))}) ORDER BY lower(o.name)", chunk):
            out.setdefault(pid, []).append(name)
    return {pid: tuple(names) for pid, names in out.items()}
