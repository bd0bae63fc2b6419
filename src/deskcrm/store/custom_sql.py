"""The SQL of the custom-field filters (``domain.custom_query``) over ``custom_value``
(``store.custom_index``), the same on both engines.

A filter on a person is a probe of ``ix_custom_value_person`` (person, field): one or two index
rows read per person tested. A query without free text walks ``custom_value`` instead of every
person when one of its filters names few enough people:

- a comparison that :data:`FEW` people or fewer meet (``rate<400`` in a small desk, and
  ``rate<4`` on the way to it): those people from ``ix_custom_value_num`` (field, num, person),
  sorted by id — a range nobody is in costs nothing, where walking every person to find no one
  would read them all;
- else a word (``clearance:sc``, ``visa:yes``): the people holding it, in id order
  (``ix_custom_value_word``: field, word, person) — a rare value costs what it finds. Of several,
  the one the fewest people hold.

A broad comparison (``rate<1200``) walks the people in id order and stops after the page.
"""

from __future__ import annotations

from deskcrm.domain.custom_query import CustomFilter
from deskcrm.domain.search_query import Query
from deskcrm.store.db import Connection

_OPS = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "=": "="}  # the only operators that reach SQL
FEW = 2000  # a comparison met by this many people or fewer drives the page from its own index


def walked(conn: Connection, query: Query) -> CustomFilter | None:
    """The filter a query without free text walks ``custom_value`` by (None: walk the people):
    the one met by the fewest people, counted up to :data:`FEW` + 1 each (an index range read,
    never more than that many entries); a comparison only when few meet it (its people are
    sorted by id), a word whatever its count (its index yields them in id order)."""
    best: tuple[int, int, CustomFilter] | None = None
    for c in query.custom:
        test, value = _test(c, "custom_value")
        found = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM custom_value WHERE field_id = ? AND {test}"
                             f" LIMIT {FEW + 1}) AS few", (c.field_id, value)).fetchone()[0]
        if c.word is None and found > FEW:
            continue
        rank = (found, c.word is None)  # fewest first; at a tie the word (no sort)
        if best is None or rank < best[:2]:
            best = (*rank, c)
    return best[2] if best is not None else None


def walk_source(walk: CustomFilter | None, engine: str) -> str:
    """The walked table as the FROM clause names it: on SQLite with the index the walk reads (the
    planner, left to itself, scans ``ix_custom_value_person`` for its order: every row, 135 ms at 1M)."""
    if engine != "sqlite" or walk is None:
        return "custom_value AS d"
    return f"custom_value AS d INDEXED BY {'ix_custom_value_word' if walk.word is not None else 'ix_custom_value_num'}"


def _test(c: CustomFilter, alias: str) -> tuple[str, object]:
    if c.word is not None:
        return f"{alias}.word = ?", c.word
    return f"{alias}.num {_OPS[c.op]} ?", c.num


def tests(query: Query, key: str, params: list[object], *, walk: CustomFilter | None = None,
          engine: str = "sqlite") -> list[str]:
    """The conditions of ``query``'s custom filters on the person ``key`` names (their parameters
    appended to ``params``); ``walk``: the filter the walk of ``custom_value`` (``d``) meets.
    On SQLite the probe names its index: left to itself the planner reads a comparison's whole
    range in ``ix_custom_value_num`` for every person tested (140 ms a page at 1M)."""
    hint = " INDEXED BY ix_custom_value_person" if engine == "sqlite" else ""
    parts: list[str] = []
    for c in query.custom:
        if c == walk:
            test, value = _test(c, "d")
            parts.append(f"d.field_id = ? AND {test}")
            params.extend((c.field_id, value))
            walk = None  # once (a filter typed twice is tested again: the same answer)
            continue
        test, value = _test(c, "v")
        parts.append(f"EXISTS (SELECT 1 FROM custom_value AS v{hint} WHERE v.person_id = {key} AND v.field_id = ?"
                     f" AND {test})")
        params.extend((c.field_id, value))
    return parts
