"""PostgreSQL: a keystroke's walks over the people whose words start as the typed words do.

A keystroke's unranked page is the first matches in person-id order (``store.search_page_pg``).
SQLite's FTS5 reads its prefix index in id order and stops after the page; a GIN index has no
order, so the page walked ``person_fts`` in id order and tested every row: a word of middling
frequency ("data", "product man") tested 1,000-3,000 rows. ``person_prefix`` (migration 0024,
kept by triggers on ``person_fts``) holds each index row's distinct first ``LETTERS`` letters of
its words of ``LETTERS`` letters or more, primary key ``(prefix, person_id)``: the people who may
match a typed word of that length or more are read in id order from the key alone (an
index-only scan), those of several words intersected (a merge join of such scans), and only
they are tested (``doc @@ query``). The walks' steps and the page are as before; only what they
walk changes: every match of the words is among these people, so the first matches among them
are the first matches (the same rows, in the same order).

Used for a word of ``LETTERS`` ASCII letters and digits or more, of the free text, a ``skill:``,
or a lone ``city:``, without alternatives (a synonym is an OR: any of them may match): the
index's word and the query's are then the same text. A query without one walks ids as before.
"""

from __future__ import annotations

import re

from deskcrm.domain.search_query import Query
from deskcrm.store.search_sql import index_words

__all__ = ["FIRST", "LETTERS", "MOST", "SECOND", "prefixes", "source"]

LETTERS = 3  # a posting's prefix: the word's first three letters (FTS5's prefix='3')
MOST = 3  # words' postings intersected at most (each one more join)
FIRST = 500  # people walked first (as ``search_page_pg.FIRST`` ids)
# people walked at most in the second walk: each costs ~1.5-2 µs (a lookup of its index row by
# key, not the next row of a scan in id order: ~0.25-0.5 µs), so fewer than SECOND ids
SECOND = 10_000
_PLAIN = re.compile(r"[a-z0-9]+")  # the index's word is the query's (no parser splits it)


def prefixes(query: Query) -> tuple[str, ...]:
    """The postings' prefixes every match of ``query``'s words holds (at most ``MOST``; none:
    walk ids). Exact tokens and a prefix being typed alike: ``'dat':*`` and ``'data'`` are both
    under ``dat``."""
    phrases = [*query.terms, *query.skills, *(query.cities if len(query.cities) == 1 else ())]
    found: list[str] = []
    for phrase in phrases:
        if phrase.alts:
            continue
        found += [t[:LETTERS] for t in index_words(" ".join(phrase.words)) if len(t) >= LETTERS and _PLAIN.fullmatch(t)]
    return tuple(dict.fromkeys(found))[:MOST]


def source(prefixes: tuple[str, ...], rows: int | str, after: int = 0) -> tuple[str, list[object]]:
    """The index rows (``person_id, doc, headline, skills, location``, as ``TsVector.walk``) of
    the people among the first ``rows`` holding the first of ``prefixes`` (past the first
    ``after``) who hold the others too, in id order, and its parameters (the prefixes: one plan
    for every keystroke of its shape). The first prefix's people bound the walk (as ids bound
    ``TsVector.walk``): the others' are read only up to its last one, so two common prefixes
    that few people share cost a few thousand index entries, not every one of theirs; and a
    walk covers every candidate up to its last id, so a walk on covers the next ones.
    ``rows``: a number, or an SQL expression the statement made (never user text). Each
    candidate's row is looked up by its key (a lateral subquery, fenced: the planner otherwise
    reads the GIN bitmap of every match and sorts it)."""
    first, *more = prefixes
    joins = "".join(f" JOIN person_prefix AS x{i} ON x{i}.person_id = x0.person_id AND x{i}.prefix = ?"
                    for i in range(1, len(prefixes)))
    limit = rows if isinstance(rows, str) else str(int(rows))
    if after:
        limit = f"{limit} - {int(after)} OFFSET {int(after)}"
    people = (f"SELECT x0.person_id FROM (SELECT person_id FROM person_prefix WHERE prefix = ? ORDER BY person_id"
              f" LIMIT {limit}) AS x0{joins} ORDER BY x0.person_id")
    sql = (f"(SELECT c.person_id, f.doc, f.headline, f.skills, f.location FROM ({people}) AS c CROSS JOIN LATERAL"
           " (SELECT f.doc, f.headline, f.skills, f.location FROM person_fts AS f WHERE f.person_id = c.person_id"
           " OFFSET 0) AS f ORDER BY c.person_id)")
    return sql, [first, *more]
