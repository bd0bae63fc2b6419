"""Best matches first, at a bounded cost: the ranked order of a free-text search whose matches
are too many to score every one (SQLite FTS5).

bm25 costs ~2.3 µs per match (FTS5 reads each match's positions and its document size), so
ranking all 87,576 people who match ``python`` at 1M candidates costs ~200 ms: more than the
whole budget of ``deskcrm search python`` (DESIGN.md §4). Up to ``RANK_ALL`` matches are
ranked whole, exactly as before (every search of a 100k desk but a handful of words). Past it,
the order is built in parts, none scoring more than ``RANK_ALL`` matches:

1. people whose *name* matches (the heaviest column: a person called Python before anyone
   with Python in their skills): the first ``RANK_ALL`` of them by bm25, any further ones in
   id order;
2. everyone else among the first ``RANK_ALL`` matches (in id order), by bm25;
3. everyone else past them, in id order.

Every match is in exactly one part, once, so paging goes through all of them and the count is
unchanged; a part is read only when the page reaches it. At 1M candidates the first page's
people score within ~1-3% of the best bm25 over all matches (the best of 87,576 are many
near-ties; which of them comes first is a matter of ids). The window is cut by rowid
(``rowid <= ?``), which FTS5 applies to its doclists.

The TUI's ``enter`` and ``deskcrm search`` both rank through here (``store.search``); ``enter``
and ``--rank`` then re-order the best ``search_order.WINDOW`` as a recruiter would
(``store.search_order``).
"""

from __future__ import annotations

import json
from bisect import bisect_right
from deskcrm.store.db import Connection


__all__ = ["RANK_ALL", "ranked_ids"]

RANK_ALL = 10_000  # matches ranked whole by bm25 (~25 ms on a 2-core machine)


def ranked_ids(conn: Connection, match: str, weights: str, limit: int, offset: int) -> list[int] | None:
    """Person ids of one page of ``match``, best first; None when it has at most ``RANK_ALL``
    matches (the caller ranks them all, as one bm25 query)."""
    cut = _cut(conn, match)
    if cut is None:
        return None
    names = [r[0] for r in conn.execute("SELECT rowid FROM person_fts WHERE person_fts MATCH ? ORDER BY rowid",
                                        (f"{{name}} : ({match})",))]
    listed = json.dumps(names)
    before = bisect_right(names, cut)  # name matches among the first RANK_ALL matches
    parts = (  # (how many, read(limit, offset)), in the order of the ranking
        (min(len(names), RANK_ALL), lambda n, skip: _ranked(conn, match, weights, "IN", json.dumps(names[:RANK_ALL]),
                                                             None, n, skip)),
        (max(0, len(names) - RANK_ALL), lambda n, skip: names[RANK_ALL + skip:RANK_ALL + skip + n]),
        (RANK_ALL - before, lambda n, skip: _ranked(conn, match, weights, "NOT IN", listed, cut, n, skip)),
        (None, lambda n, skip: _after(conn, match, listed, cut, n, skip)),
    )
    ids: list[int] = []
    skip, want = offset, limit
    for size, read in parts:
        if size is not None and skip >= size:  # the page starts past this part
            skip -= size
            continue
        got = read(want, skip) if size != 0 else []
        ids += got
        want, skip = want - len(got), 0
        if want <= 0:
            break
    return ids


def _cut(conn: Connection, match: str) -> int | None:
    """The rowid of the ``RANK_ALL``-th match when there are more; else None."""
    rows = conn.execute("SELECT rowid FROM person_fts WHERE person_fts MATCH ? ORDER BY rowid LIMIT 2 OFFSET ?",
                        (match, RANK_ALL - 1)).fetchall()
    return rows[0][0] if len(rows) == 2 else None


def _ranked(conn: Connection, match: str, weights: str, test: str, ids: str, cut: int | None,
            limit: int, offset: int) -> list[int]:
    """Matches whose id is (``IN``) or is not (``NOT IN``) in the JSON list ``ids`` — up to
    ``cut`` when given — best first. ``+rowid``: a filter on FTS5's rows, not a lookup per id."""
    window, bound = ("", ()) if cut is None else (" AND rowid <= ?", (cut,))
    rows = conn.execute(f"SELECT rowid FROM person_fts WHERE person_fts MATCH ?{window}"
                        f" AND +rowid {test} (SELECT value FROM json_each(?))"
                        f" ORDER BY bm25(person_fts, {weights}), rowid LIMIT ? OFFSET ?",
                        (match, *bound, ids, limit, offset)).fetchall()
    return [r[0] for r in rows]


def _after(conn: Connection, match: str, names: str, cut: int, limit: int, offset: int) -> list[int]:
    """The matches past the first RANK_ALL that are not name matches, in id order."""
    rows = conn.execute("SELECT rowid FROM person_fts WHERE person_fts MATCH ? AND rowid > ?"
                        " AND +rowid NOT IN (SELECT value FROM json_each(?)) ORDER BY rowid LIMIT ? OFFSET ?",
                        (match, cut, names, limit, offset)).fetchall()
    return [r[0] for r in rows]
