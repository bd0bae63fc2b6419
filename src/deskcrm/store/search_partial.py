"""No dead ends: when a query as a whole finds no one, the best partial matches and why.

    dead = dead_end(backend, query, limit=100)   # only after an empty first page
    dead.rows            # [PartialRow(row, missing=("berlin",))], fewest parts missed first
    dead.headline        # "No one matches all 3 words — 214 match 2 of them"
    dead.advice          # "Nothing in the desk has “zzzq” — check the spelling … · salary<60k removed 412 …"
    dead.filters_removed # {"salary<60k": 412, "status:placed": 0}: how many would match without it

The query's parts (``domain.search_parts``) are its free-text words, its ``skill:``/``city:``
filters — the *indexed* parts, which the text index answers — and its other filters (tag,
status, owner, role, salary, avail), which SQL tests on a person's row. A partial match meets
at least one indexed part (a query with words: at least one word) — someone who meets the
filters and no word is not a match for anything typed. A person's *level* is
how many parts they miss; no one is at level 0 (the query found no one). The rows shown are
those of the lowest level found, then the next; within a level in person-id order while typing
(the search's unranked order) and, ranked (enter, ``--rank``), the first ``ORDERED`` in the
recruiter's order (``store.search_order``), as a ranked page is; every partial match found is
kept in that order (``DeadEnd.order``) and paged by :func:`partial_page`. "214 match 2 of them" counts the lowest level; a filter's count ("salary<60k
removed 412") is how many miss that filter and nothing else — who would match without it.

Bounded at 1M people, in a fixed number of statements whatever the query:

1. each indexed part's first matches in id order, at most ``CAP`` (index-only: one statement
   each on SQLite, up to three on PostgreSQL, ``store.search_partial_sql``; an empty one is a
   word nothing in the desk holds: ``nowhere``). Where a part's matches were cut, what lies
   beyond is unknown: everything is counted below the lowest such id (the *window*) and the
   counts are scaled to every id, as the search's own estimate is ("≈ 2,500"). Exact when
   nothing was cut (a desk of thousands);
2. the non-indexed filters tested on the people found in 1 who miss at most one indexed part
   more than the best of them (at most ``TESTED``, in chunks of ``CHUNK`` ids: one statement
   each, every filter a ``CASE`` column) — or, for a query of filters alone, on the first
   ``WINDOW`` people in id order (one statement);
3. the rows shown, read by id (one statement, as the search reads a ranked page's rows).

It runs only when the full query's first page is empty, in the caller's thread — the search
screen's worker, whose connection a newer keystroke interrupts (``stop`` is also checked
between statements). Read-only; both engines: the index statements are spelled by
``store.search_sql`` (and ordered by ``store.search_partial_sql``), the filters by the
search's own ``filter_sql``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from deskcrm.domain import search_parts
from deskcrm.domain.search_query import Query
from deskcrm.store import search_order
from deskcrm.store.search import PersonRow, SqliteSearch
from deskcrm.store.search_partial_sql import first_ids, walk_end

__all__ = ["CAP", "CHUNK", "ORDERED", "TESTED", "WINDOW", "DeadEnd", "PartialRow", "dead_end", "partial_page"]

CAP = 1_000  # an indexed part's matches read at most
TESTED = 1_000  # people whose filters are tested at most (the window ends at the last of them)
CHUNK = 500  # ids per filter-testing statement
WINDOW = 1_000  # a query of filters alone: the first people (id order) tested
ORDERED = search_order.WINDOW  # ranked: the first partial matches put in the recruiter's order (the rest by id)


@dataclass(frozen=True, slots=True)
class PartialRow:
    row: PersonRow
    missing: tuple[str, ...]  # the labels of the parts this person does not meet


@dataclass(frozen=True)
class DeadEnd:
    query: Query
    rows: list[PartialRow]
    met: int | None  # how many free-text words the first rows meet (None: no partial rows)
    matched: int  # how many people miss as little as the first rows
    about: bool  # ``matched`` and ``removed`` are estimates (counted in a window, scaled)
    missed: str  # what the first rows miss: "words", "filters" or "both"
    nowhere: tuple[str, ...]  # words nothing in the desk holds
    removed: dict[str, int] = field(default_factory=dict)  # filter label -> how many would match without it
    only_filter: str | None = None  # the one filter every first row misses
    order: tuple[int, ...] = ()  # every partial match found, in the order shown (``rows`` are the first)
    masks: dict[int, int] = field(default_factory=dict)  # person id -> the parts they miss (bit i: part i)
    part_labels: tuple[str, ...] = ()  # the parts' labels, in bit order

    def missing(self, person_id: int) -> tuple[str, ...]:
        """What this partial match misses (labels as typed), made when asked: a page's worth."""
        return _labels(self.part_labels, self.masks.get(person_id, 0))

    @property
    def filters_removed(self) -> dict[str, int]:
        """Each filter's label -> how many would match without it (most first)."""
        return dict(sorted(self.removed.items(), key=lambda kv: -kv[1]))

    @property
    def headline(self) -> str:
        return search_parts.headline(self.query, met=self.met, matched=self.matched, about=self.about,
                                     missed=self.missed, only_filter=self.only_filter)

    @property
    def advice(self) -> str:
        return search_parts.advice(self.nowhere, {k: (c, self.about) for k, c in self.removed.items()},
                                   has_rows=bool(self.rows))


@dataclass(frozen=True)
class _Part:
    label: str
    kind: str  # "word" or "filter"
    alone: Query  # the part alone (indexed parts: its index statement; others: its SQL test)


def dead_end(backend: SqliteSearch, query: Query, *, limit: int, ranked: bool = False,
             stop: Callable[[], bool] = lambda: False) -> DeadEnd:
    """The partial matches of ``query`` (whose full first page was empty), the first ``limit``
    of them (:func:`partial_page` for the next). ``ranked`` (enter, ``--rank``): within a level,
    in the recruiter's order (``store.search_order``), as a ranked page is; else by id, as a
    page while typing is."""
    if query.is_empty:
        return DeadEnd(query, [], None, 0, False, "words", ())
    words = [_Part(search_parts.label(t), "word", search_parts.only(query, i)) for i, t in enumerate(query.terms)]
    filters = search_parts.filters(query)
    indexed = words + [_Part(f.label, "filter", f.alone) for f in filters if f.indexed]
    tested = [_Part(f.label, "filter", f.alone) for f in filters if not f.indexed]
    parts = indexed + tested  # bit i of a person's mask: part i missed
    top = backend.max_person_id()
    window = top
    found: list[list[int]] = []
    walk = walk_end(backend) if indexed else None
    for part in indexed:
        _check(stop)
        ids, end = first_ids(backend, part.alone, CAP, walk)
        found.append(ids)
        if end is not None:
            window = min(window, end)
    nowhere = tuple(p.label for p, ids in zip(indexed, found, strict=True) if not ids and p.kind == "word")
    if indexed:
        missed, window = _tested(backend, len(indexed), found, tested, window, stop)
    else:  # filters alone: the first people in id order
        missed, window = _filters_alone(backend, tested, top, stop)
    missed = {pid: mask for pid, mask in missed.items() if mask}  # all met: saved since the page was read
    scale = top / window if window and window < top else 1.0
    masks = Counter(missed.values())
    word_bits = (1 << len(words)) - 1
    removed = {p.label: 0 for p in parts[len(words):] if not _without(filters, p).is_empty}
    for mask, n in masks.items():
        if mask.bit_count() == 1 and mask & ~word_bits and parts[mask.bit_length() - 1].label in removed:
            removed[parts[mask.bit_length() - 1].label] += n
    level = min((m.bit_count() for m in masks), default=0)
    head = [m for m in masks if m.bit_count() == level]
    order = sorted(missed, key=lambda pid: (missed[pid].bit_count(), pid))
    if ranked:  # the first ORDERED in the recruiter's order, each level on its own (a stable sort)
        _check(stop)
        best = backend.in_recruiter_order(query, order[:ORDERED])
        order = sorted(best, key=lambda pid: missed[pid].bit_count()) + order[ORDERED:]
    part_labels = tuple(p.label for p in parts)
    _check(stop)
    rows = [PartialRow(r, _labels(part_labels, missed[r.id])) for r in backend.rows_of(order[:limit])]
    return DeadEnd(
        query=query,
        rows=rows,
        order=tuple(order),
        masks=missed,
        part_labels=part_labels,
        met=len(words) - max((m & word_bits).bit_count() for m in head) if head else None,
        matched=round(sum(masks[m] for m in head) * scale),
        about=scale > 1.0,
        missed=_what(head, word_bits),
        nowhere=nowhere,
        removed={k: round(v * scale) for k, v in removed.items()},
        only_filter=(parts[head[0].bit_length() - 1].label
                     if len(head) == 1 and level == 1 and not head[0] & word_bits else None),
    )


def partial_page(backend: SqliteSearch, dead: DeadEnd, *, offset: int, limit: int) -> list[PartialRow]:
    """The partial matches after the first page, as the search pages its matches: ``limit`` from
    ``offset`` (one read by id; nothing is searched again)."""
    ids = list(dead.order[offset:offset + limit])
    return [PartialRow(r, dead.missing(r.id)) for r in backend.rows_of(ids)]


def _what(head: list[int], word_bits: int) -> str:
    """What the first rows miss: "words", "filters" or "both"."""
    words = any(m & word_bits for m in head)
    others = any(m & ~word_bits for m in head)
    return "both" if words and others else ("filters" if others else "words")


def _labels(labels: tuple[str, ...], mask: int) -> tuple[str, ...]:
    return tuple(label for i, label in enumerate(labels) if mask >> i & 1)


def _tested(backend: SqliteSearch, n: int, found: list[list[int]], tested: list[_Part],
            window: int, stop: Callable[[], bool]) -> tuple[dict[int, int], int]:
    """Each person (in the window) found by an indexed part -> the mask of the parts they miss
    (bit i: part i; the ``n`` indexed parts first, then the tested filters), for those who miss
    at most one indexed part more than the best of them (the others cannot be on the first
    two levels); and the window (it ends at the last person tested when there were more than
    ``TESTED``)."""
    hits: dict[int, int] = {}
    for i, ids in enumerate(found):
        bit = 1 << i
        for pid in ids:
            if pid <= window:
                hits[pid] = hits.get(pid, 0) | bit
    if not hits:
        return {}, window
    most = max(h.bit_count() for h in hits.values())
    near = sorted(pid for pid, h in hits.items() if h.bit_count() >= most - 1)
    if len(near) > TESTED:
        near = near[:TESTED]
        window = near[-1]
    every = (1 << n) - 1
    missed = {pid: every & ~hits[pid] for pid in near}
    if tested:
        for start in range(0, len(near), CHUNK):
            _check(stop)
            for pid, fails in _failed(backend, [p.alone for p in tested], ids=near[start:start + CHUNK]):
                missed[pid] |= fails << n
    return missed, window


def _filters_alone(backend: SqliteSearch, tested: list[_Part], top: int,
                   stop: Callable[[], bool]) -> tuple[dict[int, int], int]:
    """A query of filters alone: the first ``WINDOW`` people -> the mask of the filters they
    fail; and the highest id tested (the window)."""
    _check(stop)
    rows = _failed(backend, [p.alone for p in tested], first=WINDOW)
    window = rows[-1][0] if len(rows) == WINDOW else top
    return dict(rows), window


def _failed(backend: SqliteSearch, filters: list[Query], *, ids: list[int] | None = None,
            first: int = 0) -> list[tuple[int, int]]:
    """(person id, the mask of the filters they fail: bit i for filter i) for the people
    ``ids``, or the first ``first`` people in id order: one statement, the mask added up in SQL."""
    tests = [backend.filter_sql(f) for f in filters]
    columns = " + ".join(f"CASE WHEN {cond} THEN 0 ELSE {1 << i} END" for i, (cond, _) in enumerate(tests))
    params: list[object] = [p for _, ps in tests for p in ps]
    sql = (f"SELECT p.id, {columns} FROM person AS p LEFT JOIN candidate_profile AS cp ON cp.person_id = p.id"
           " WHERE p.erased_at IS NULL")
    if ids is not None:
        sql += f" AND p.id IN ({','.join('?' * len(ids))})"
        params += ids
    else:
        sql += " ORDER BY p.id LIMIT ?"
        params.append(first)
    return [(int(pid), int(mask)) for pid, mask in backend.conn.execute(sql, params).fetchall()]


def _without(filters: list[search_parts.Filter], part: _Part) -> Query:
    return next(f.without for f in filters if f.label == part.label)


def _check(stop: Callable[[], bool]) -> None:
    if stop():
        from deskcrm.store.errors import Interrupted

        raise Interrupted("a newer search took over")
