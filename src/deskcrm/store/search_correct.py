"""Typo correction: a free-text word that matches nothing, corrected against the index's own words.

    fixer = Corrector(conn, search_sql.of(conn))
    fixed = fixer.correct(query)      # None: nothing to correct
    fixed.query, fixed.pairs          # the query with "pyhton" -> "python", (("pyhton", "python"),)

Only when a page came back empty (``SqliteSearch.search``): each single-word term is tested
alone (SQLite: in FTS5's vocabulary, read once per two-letter prefix; PostgreSQL: one index
lookup, ``LIMIT 1``: no pass over the data); a term that matches nothing is
replaced by the closest word of the index that starts with the same two letters, the two
swapped (``ypthon``) or the first and the third (``vnae`` -> ``vane``), by ``rapidfuzz``'s ratio (at least :data:`CUTOFF`). The words come
from ``search_sql`` (SQLite: FTS5's own vocabulary through an ``fts5vocab`` table in the
connection's temp schema — exact, no migration; PostgreSQL: the index words of the people a
range of its words table) and are kept per connection, per prefix, until the desk changes
(``search_sql.data_version``; on PostgreSQL they are read at every correction).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from deskcrm.domain.search_query import Phrase, Query
from deskcrm.store.db import Connection

__all__ = ["CUTOFF", "Corrected", "Corrector", "sentence"]

CUTOFF = 75.0  # rapidfuzz ratio (0-100): "pyhton" -> "python" is 83, "jva" -> "java" 86


@dataclass(frozen=True, slots=True)
class Corrected:
    query: Query
    pairs: tuple[tuple[str, str], ...]  # (as typed, as searched), in the query's order


class Corrector:
    def __init__(self, conn: Connection, sql) -> None:  # noqa: ANN001 - a search_sql.Fts5
        self.conn = conn
        self.sql = sql
        self._words: dict[str, list[str]] = {}  # a two-letter prefix -> the index's words with it
        self._version: object = None  # the desk's data version the words were read at

    def correct(self, query: Query) -> Corrected | None:
        """``query`` with each term that matches nothing corrected; None when no term was."""
        version = self.sql.data_version(self.conn)
        if version != self._version:  # a write since (another connection's): read the words again
            self._words, self._version = {}, version
        terms = list(query.terms)
        pairs: list[tuple[str, str]] = []
        for i, term in enumerate(terms):
            if len(term.words) != 1 or len(term.words[0]) < 3 or term.words[0].isdigit():
                continue  # phrases, short words and numbers are taken as typed
            if self._matches(term):
                continue
            best = self._closest(term.words[0])
            if best is not None:
                terms[i] = Phrase((best,))
                pairs.append((term.words[0], best))
        if not pairs:
            return None
        return Corrected(replace(query, terms=tuple(terms)), tuple(pairs))

    def _matches(self, term: Phrase) -> bool:
        if self.sql.exact_words:  # SQLite: the vocabulary itself (a prefix query costs ~20 ms at 1M)
            from deskcrm.store.search_sql import fold

            typed = fold(term.words[0])
            known = self._words_with(typed[:2])
            return any(w.startswith(typed) for w in known) if term.prefix else typed in known
        match = self.sql.match(Query(terms=(term,)))
        if match is None:
            return True
        return self.conn.execute(*self.sql.any_match(*match)).fetchone() is not None

    def _closest(self, word: str) -> str | None:
        from rapidfuzz import fuzz, process

        from deskcrm.store.search_sql import fold

        typed = fold(word)
        candidates: list[str] = []
        for prefix in dict.fromkeys((typed[:2], typed[1] + typed[0], typed[0] + typed[2])):
            candidates += [w for w in self._words_with(prefix) if len(w) >= 2 and not w.isdigit()]
        found = process.extractOne(typed, candidates, scorer=fuzz.ratio, score_cutoff=CUTOFF)
        return found[0] if found and found[0] != typed else None

    def _words_with(self, prefix: str) -> list[str]:
        if prefix not in self._words:
            self._words[prefix] = self.sql.index_words_with(self.conn, prefix)
        return self._words[prefix]


def sentence(pairs: tuple[tuple[str, str], ...]) -> str:
    """What the screen and the CLI say: "showing results for python — pyhton matched nothing"
    (plain text, user words in it: show it through ``deskcrm.text``)."""
    searched = " ".join(fixed for _, fixed in pairs)
    typed = ", ".join(word for word, _ in pairs)
    return f"showing results for {searched} — {typed} matched nothing"
