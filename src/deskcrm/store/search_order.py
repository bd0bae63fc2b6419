"""The recruiter's order of a ranked search (``enter``, ``deskcrm search --rank``), and ``why``.

The engine ranks first, as it always has (bm25 on SQLite — bounded at 1M by
``store.search_rank`` — ts_rank on PostgreSQL): every match when there are ``ALL`` or fewer, else its best ``WINDOW``
(with the best ``WINDOW`` of those with a word in their title: ``search_sql``'s ``title_hits``), are
then re-ordered here by ``domain.relevance`` — which fields each term hit (title and skills before notes and CV
text), exact phrases before scattered words, and the tie-breaks a recruiter uses (do-not-contact
last; salary inside the asked range; available sooner; active > passive > placed; contacted
more recently). Past the window the engine's order goes on, so paging lists every match once.

The cost is bounded whatever the match count: one read of ``WINDOW`` index rows by id (both
engines: the index columns, ``person_fts``) and ``WINDOW`` small scores in Python (~3-8 ms at
1M, bench/search_quality.py and the branch report); ``ALL`` of them ~15-20 ms more. Each page reads the window again (a page
past it does not).

``why(conn, query, person_id)`` is the same reading for ONE person (the search screen asks it
for the row under the cursor; the CLI for each printed row).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from deskcrm.domain import relevance
from deskcrm.domain.search_query import Query, spelled
from deskcrm.store import search_sql
from deskcrm.store.db import Connection
from deskcrm.store.search_contacts import terms_of
from deskcrm.store.values import parse_date

__all__ = ["ALL", "WINDOW", "reorder", "terms", "why"]

WINDOW = 300  # the engine's best matches re-ordered here (a TUI page is 100, the CLI's default 20)
# ... unless the matches are this many or fewer: then every one of them. bm25 favours short rows,
# so after an import of sparse rows ("python" in the skills, a city) 1,200 of them matching
# "python berl" kept the Python Engineers with a full profile and CV out of the engine's best 300
ALL = 2_000

def terms(query: Query) -> list[relevance.Term]:
    """The query's free-text terms as index words (folded as the index folds them), each with
    its vocabulary alternatives (``Phrase.alts``)."""
    out = []
    for phrase in query.terms:
        tokens = tuple(search_sql.index_words(" ".join(phrase.words)))
        if tokens:
            alts = tuple(t for t in (tuple(search_sql.index_words(" ".join(a))) for a in phrase.alts) if t)
            out.append(relevance.Term(tokens, phrase.prefix, phrase.label, alts))
    return out


def _fields(conn: Connection, ids: Sequence[int]) -> dict[int, dict[str, list[str]]]:
    """Each person's index columns as index words."""
    if not ids:
        return {}
    key = search_sql.of(conn).key  # f.rowid (FTS5) / f.person_id
    cols = ", ".join(f"f.{c}" for c in search_sql.INDEX_COLUMNS)
    rows = conn.execute(f"SELECT {key}, {cols} FROM person_fts AS f WHERE {key} IN ({','.join('?' * len(ids))})",
                        list(ids)).fetchall()
    return {r[0]: {c: _words(v) for c, v in zip(search_sql.INDEX_COLUMNS, r[1:]) if v} for r in rows}


_TOKEN = re.compile(r"[^\W_]+")  # ASCII letters and digits: how unicode61 splits ASCII text


def _words(text: object) -> list[str]:
    """``search_sql.index_words``, fast for ASCII text (most of a few hundred rows' columns per
    ranked page); other text goes the index's own way."""
    if not isinstance(text, str):
        return []
    return _TOKEN.findall(spelled(text).lower()) if text.isascii() else search_sql.index_words(text)


def reorder(conn: Connection, query: Query, rows: list[tuple], today: date) -> list[tuple]:
    """``rows`` (``store.search``'s result tuples, the engine's best first) in the recruiter's
    order. Row layout: id first; then status (11), availability (7), desired salary (8) and last
    contact (10), as ``store.search._COLUMNS`` has them."""
    wanted = terms(query)
    fields = _fields(conn, [r[0] for r in rows])
    keyed = []
    for i, row in enumerate(rows):
        rel, _found = relevance.score(wanted, fields.get(row[0], {}))
        key = relevance.order_key(rel, status=row[11], available=parse_date(row[7]),
                                  last_contact=None if row[10] is None else str(row[10]),
                                  desired=row[8], salary=query.salary, today=today)
        keyed.append((key, i, row))
    keyed.sort(key=lambda k: (k[0], k[1]))
    return [row for _, _, row in keyed]


def why(conn: Connection, query: Query, person_id: int) -> tuple[relevance.Hit, ...]:
    """Which query term hit which of this person's fields (nothing without free text); a phone
    or an email typed that is this person's says so, in place of its digits' or parts' words
    (which the index holds nowhere: "49 → nowhere · 172 → nowhere")."""
    wanted = terms(query)
    hits = relevance.hits(wanted, _fields(conn, [person_id]).get(person_id, {})) if wanted else ()
    theirs = terms_of(conn, query, person_id) if query.contacts else []
    if not theirs:
        return hits
    parts = {w for t in theirs for w in _TOKEN.findall(t.value.lower())}
    return (*(relevance.Hit(t.value, (t.kind,)) for t in theirs), *(h for h in hits if h.term.lower() not in parts))
