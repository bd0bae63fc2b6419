"""How many people a query's words match, guessed on PostgreSQL from ``person_fts_words``
(the index's name, headline, skills, employer and location words, each with how many people
hold it), for the page's choice between a walk and the GIN bitmap (``store.search_page_pg``).

    guess = words_guess(query)   # (an SQL expression of the statement's, its parameters) | None

A first walk of 500 rows that finds ONE match says little: at 1M people the query may match
200 people (the bitmap: 1 ms; a walk: 20,000 rows, falling short) or 16,000 ("senior nurs":
the walk fills the page in 3,000 rows, 1.5 ms; the bitmap reads 16,341 rows, 30-40 ms). The
words' counts tell them apart: each group of the query (a word, a phrase, a word and what
else it means, ``skill:``, ``city:``, the seniority) holds ``sum`` over its alternatives of the
``least`` count of an alternative's words (a prefix: every word under it); the guess is their
product over ``N`` (the highest person id) to the power of the groups but one (the groups
taken as independent). Notes and CV text are not in the words table: a word found only there
counts 0, and the guess then says "few", which leaves the choice to the bitmap, as before.

Nothing here imports a driver.
"""

from __future__ import annotations

import json

from deskcrm.domain.search_query import Phrase, Query

__all__ = ["words_guess"]

_COUNT = ("(SELECT coalesce(sum(people), 0) FROM person_fts_words AS w"
          " WHERE w.word >= g.lo COLLATE \"C\" AND w.word < g.hi COLLATE \"C\" AND w.people > 0)")


def words_guess(query: Query, top: str) -> tuple[str, list[object]] | None:
    """(an SQL expression: how many people match the query's words, guessed; its parameters),
    ``top`` being the statement's SQL for the highest person id; None without words."""
    from deskcrm.store.search_sql import index_words

    groups: list[list[list[tuple[str, bool]]]] = []  # a group's alternatives, each its (word, prefix)s

    def alternative(words: tuple[str, ...], prefix: bool) -> list[tuple[str, bool]]:
        tokens = index_words(" ".join(words))
        return [(t, prefix and i == len(tokens) - 1) for i, t in enumerate(tokens)]

    def group(phrase: Phrase) -> list[list[tuple[str, bool]]]:
        return [alternative(phrase.words, phrase.prefix), *(alternative(a, False) for a in phrase.alts)]

    groups += [group(p) for p in (*query.terms, *query.skills)]
    if query.cities:
        groups.append([a for c in query.cities for a in group(c)])
    levels = query.seniority_words()
    if levels:
        groups.append([alternative(w, False) for w in levels])
    if not groups or any(not any(alts) for alts in groups):
        return None
    rows = [(g, a, word, _after(word) if prefix else word + "\x01")  # the range of words it counts
            for g, alts in enumerate(groups) for a, words in enumerate(alts) for word, prefix in words]
    # one statement's InitPlan: each word's count, the least per alternative, the sum per group,
    # the product of the groups (logs: no overflow) over N^(groups - 1)
    sql = (f"(SELECT exp(sum(ln(greatest(s.n, 0.5)))) / power(greatest({top}, 1)::float8, {len(groups) - 1})"
           " FROM (SELECT a.grp, sum(a.n) AS n FROM (SELECT g.grp, g.alt, min(" + _COUNT + ") AS n"
           " FROM json_to_recordset(CAST(? AS json)) AS g(grp integer, alt integer, lo text, hi text)"
           " GROUP BY g.grp, g.alt) AS a GROUP BY a.grp) AS s)")
    # one text parameter (psycopg dumps four lists as arrays element by element: ~20 µs a keystroke)
    return sql, [json.dumps([{"grp": g, "alt": a, "lo": lo, "hi": hi} for g, a, lo, hi in rows])]


def _after(prefix: str) -> str:
    """The first text past every word that starts with ``prefix`` (the "C" collation's order)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)
