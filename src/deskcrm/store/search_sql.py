"""Person search as each engine spells it: the one module that knows FTS5 and ``tsvector``.

    sql = search_sql.of(conn)        # FTS5 (SQLite) or TSVECTOR (PostgreSQL)
    cond, params = sql.match(query)  # "person_fts MATCH ?" / "f.doc @@ to_tsquery('simple', ?)"

| Concern | SQLite | PostgreSQL |
|---|---|---|
| the index row | FTS5 ``person_fts`` (``rowid`` = person id), tokenised by ``unicode61 remove_diacritics 2`` | table ``person_fts`` (``person_id``) holding each column FOLDED here (:func:`index_text`: case-folded, accents dropped, split like ``unicode61``), a generated ``doc tsvector`` (name A; headline, skills, employer B; location, notes, resume C) and its GIN index |
| free text, ``skill:``, ``city:``, a seniority | one MATCH string (``Query.match_expression``) | one ``to_tsquery('simple', …)``: a phrase is ``'a' <-> 'b'``, the word being typed ``'b':*``; ``skill:`` / ``city:`` / a seniority also test their own column (skills, location, headline) |
| best first | ``bm25`` (name 10 … resume 0.5), ascending | ``ts_rank`` (A 1.0, B 0.4, C 0.1), descending |
| tags | ``json_each`` | ``json_array_elements_text`` |
| case-insensitive text (``deskcrm_fold``) | a Python function | ``lower(… COLLATE "und-x-icu")`` (the C locale's ``lower`` folds ASCII only) |
| a phone's last digits | ``substr(phone_norm, -7)`` | ``right(phone_norm, 7)`` |
| an unranked page (a keystroke) | one query: MATCH streams rowids in order, ``LIMIT`` stops it; the roles in a second | ONE statement (``store.search_page_pg``): walks of the index's first ids in id order, else the GIN bitmap sorted by id; the words an InitPlan (``once``); the roles and the highest id carried along |
| a typed word's first three letters | FTS5's ``prefix='2 3'`` index | ``person_prefix`` (0024, kept by triggers on ``person_fts``): the walks go over the people holding the typed words' prefixes, in id order (``store.search_prefix``) |
| a word and what else it means (``Phrase.alts``) | ``("js"* OR "javascript")`` | ``'js':*`` or ``'javascript'``, one tsquery |
| a word that matches nothing (``store.search_correct``) | FTS5's own words: a temp ``fts5vocab`` table, by two-letter prefix | ``person_fts_words`` (name, headline, skills, employer and location words, each with how many people hold it), by two-letter prefix; a word tested by a walk of the first ids, then the GIN bitmap (``any_match``) |
| names with typos (jump) | FTS5: any word a prefix, ranked in Python | ``pg_trgm``: ``name % ?`` by ``similarity`` (``ix_person_name_trgm``) |

Words in a tsquery are tokens of :func:`index_words` (letters and digits only), quoted: user text
never reaches ``to_tsquery`` as syntax. Nothing here imports a driver.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from deskcrm.domain.search_query import Phrase, Query, seniority_word, spelled, words
from deskcrm.store import db, search_page_pg
from deskcrm.store.db import Connection

__all__ = ["FTS5", "TSVECTOR", "fold", "index_text", "index_words", "of"]

# bm25 column weights: name, headline, skills, employer, location, notes, resume
BM25_WEIGHTS = "10.0, 4.0, 4.0, 2.0, 2.0, 1.0, 0.5"
INDEX_COLUMNS = ("name", "headline", "skills", "employer", "location", "notes", "resume")


def fold(text: str) -> str:
    """Case-folded, accents dropped (what ``unicode61 remove_diacritics`` does): "Zoë" -> "zoe"."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def index_words(text: str) -> list[str]:
    """The index's words of ``text``: folded, split where ``unicode61`` splits, "c#" spelled
    "csharp" (``domain.search_query.spelled``)."""
    return words(fold(spelled(text)))


def index_text(text: object) -> str | None:
    """One PostgreSQL index column: its words, space-joined (None when there are none)."""
    return " ".join(index_words(text)) or None if isinstance(text, str) else None


def _casefold(value: object) -> str | None:
    return value.casefold() if isinstance(value, str) else None


class Fts5:
    """SQLite: the SQL the store has always run (kept as it was: it is the measured hot path)."""

    engine = "sqlite"
    key = "f.rowid"  # the person id as the index knows it
    join = "CROSS JOIN"  # fixes SQLite's join order
    like = "LIKE"  # ASCII case ignored
    not_indexed = " NOT INDEXED"
    phone_tail = "substr(phone_norm, -{n})"
    bounded_rank = True  # store.search_rank: bm25 over at most RANK_ALL matches at a time
    streams_matches = True  # MATCH yields rowids in order: a LIMIT stops the scan
    walks = False  # MATCH streams its matches in id order: no walk step (TsVector.walk)
    postings = False  # FTS5's own prefix index (prefix='2 3') is read in id order
    exact_words = True  # index_words_with gives every word of the index (typo correction tests a word there)
    contacts, contacts_hint = "contact_role", " INDEXED BY ix_contact_role_person_id"  # role:contact walks them

    def one_page(self, page: tuple[str, list[object]], walk: search_page_pg.Walks | None,
                 rows: int, *, wide: bool = False, guess=None,  # noqa: ANN001
                 second: int | None = None) -> tuple[str, list[object]]:
        """The statement that brings a page (SQLite: the page's own query; ``walk`` is None)."""
        return page

    def wide(self, query: Query) -> bool:
        """Whether a word of ``query`` is a short prefix (SQLite: FTS5's prefix indexes stream it)."""
        return False

    def guess(self, query: Query, top: str) -> tuple[str, list[object]] | None:
        """How many people match the words, guessed in SQL (SQLite: MATCH streams; no guess)."""
        return None

    TITLE_SCAN = 1_000  # title matches scored at most, the first by id (at 1M: 6-35 ms)

    def title_hits(self, conn: Connection, query: Query, filters: tuple[str, list[object]], most: int,
                   exclude: Sequence[int]) -> list[int]:
        """Up to ``most`` matches of ``query`` with one of its words in the headline (the title),
        best first by bm25, none of ``exclude``; ``filters``: the query's other tests on ``person
        AS p`` / ``candidate_profile AS cp``. bm25 weighs a row's length over all its columns, so
        a full profile (notes, a CV) ranks under short rows that hit the same words — an import of
        sparse ones can fill the engine's best ``WINDOW`` with them: these are re-ordered with it
        (``search_order``). Scored among the first ``TITLE_SCAN`` such matches (by id) at most."""
        expr = query.match_expression()
        if expr is None or not query.terms:
            return []
        titled = f"({expr}) AND headline : (" + " OR ".join(t.fts() for t in query.terms) + ")"
        cond, params = filters
        joined = "" if cond == "1 = 1" else (  # the index alone (erased people are never in it)
            " CROSS JOIN person AS p ON p.id = f.rowid LEFT JOIN candidate_profile AS cp ON cp.person_id = p.id")
        rows = conn.execute(  # in id order, scored as they come: one pass, stopped at TITLE_SCAN
            f"SELECT f.rowid, bm25(person_fts, {BM25_WEIGHTS}) FROM person_fts AS f{joined} WHERE person_fts MATCH ?"
            f"{f' AND {cond}' if joined else ''} ORDER BY f.rowid LIMIT {self.TITLE_SCAN}",
            [titled, *(params if joined else [])]).fetchall()
        skip = set(exclude)
        return [i for i, _ in sorted(rows, key=lambda r: (r[1], r[0])) if i not in skip][:most]

    def few(self, conn: Connection, query: Query, most: int) -> bool | None:
        """Whether the query's words match ``most`` people or fewer (its filters keep fewer still);
        None: not known short of ranking them. FTS5 counts its matches, no further than that."""
        match = self.match(query)
        if match is None:
            return False
        counted = f"SELECT count(*) FROM (SELECT 1 FROM person_fts WHERE {match[0]} LIMIT {int(most) + 1})"
        return int(conn.execute(counted, match[1]).fetchone()[0]) <= most

    def match(self, query: Query, *, once: bool = False) -> tuple[str, list[object]] | None:
        """(the condition, its parameters) for the query's words; None without words."""
        expr = query.match_expression()
        return None if expr is None else ("person_fts MATCH ?", [expr])

    def count_all(self, cond: str) -> str:
        return f"SELECT count(*) FROM person_fts WHERE {cond}"

    def data_version(self, conn: Connection) -> object:
        """Changes when another connection commits (what the typo correction's words are kept for)."""
        return conn.execute("PRAGMA data_version").fetchone()[0]

    def any_match(self, cond: str, params: list[object]) -> tuple[str, list[object]]:
        """Does anybody match (one index lookup; typo correction, ``store.search_correct``)."""
        return f"SELECT 1 FROM person_fts WHERE {cond} LIMIT 1", params

    def index_words_with(self, conn: Connection, prefix: str) -> list[str]:
        """The index's own words that start with ``prefix`` (folded): FTS5's vocabulary, read
        through an ``fts5vocab`` table in this connection's temp schema (no migration, and it
        works on a read-only desk too)."""
        conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.person_fts_words USING fts5vocab(main, person_fts, row)")
        end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return [r[0] for r in conn.execute("SELECT term FROM temp.person_fts_words WHERE term >= ? AND term < ?",
                                           [prefix, end])]

    def recent(self, columns: str, limit: int, offset: int) -> tuple[str, list[object]]:
        """A page of the most recently contacted people; never contacted: last."""
        return (f"SELECT {columns} FROM person AS p INDEXED BY ix_person_last_contact_at"
                " LEFT JOIN candidate_profile AS cp ON cp.person_id = p.id"
                " WHERE p.erased_at IS NULL ORDER BY p.last_contact_at DESC, p.id DESC LIMIT ? OFFSET ?", [limit, offset])

    def ranked_ids(self, cond: str, match_params: list[object]) -> tuple[str, list[object], str]:
        """(the subquery of (id, score) best first, its parameters before LIMIT and OFFSET, the
        outer ORDER BY) for a ranked page scored in the index alone."""
        return (f"SELECT rowid AS id, bm25(person_fts, {BM25_WEIGHTS}) AS score FROM person_fts WHERE {cond}"
                " ORDER BY score, rowid {page}", match_params, "f.score, f.id")

    def page_limit(self, limit: int, offset: int) -> tuple[str, list[object]]:
        """A page's ``LIMIT … OFFSET …`` and its parameters (SQLite: parameters, as always)."""
        return "LIMIT ? OFFSET ?", [limit, offset]

    def rank_order(self, match_params: list[object]) -> tuple[str, list[object]]:
        """(ORDER BY best first, its parameters) for a ranked page joined with filters."""
        return f"bm25(person_fts, {BM25_WEIGHTS}), f.rowid", []

    def tag_test(self, value: str, prefix: bool, params: list[object]) -> str:
        """SQL testing one tag (case-insensitive; ``prefix``: a tag starting with ``value``).
        A cheap LIKE on the JSON text rules out most people first; the exact test reads the list."""
        if prefix:
            exact = "substr(deskcrm_fold(t.value), 1, ?) = ?"
            exact_params: list[object] = [len(value), value]
        else:
            exact, exact_params = "deskcrm_fold(t.value) = ?", [value]
        pre = _tag_like(value, "LIKE", params)
        params.extend(exact_params)
        return f"({pre}EXISTS (SELECT 1 FROM json_each(p.tags) AS t WHERE {exact}))"

    # case-insensitive text
    def use_fold(self, conn: Connection) -> None:
        conn.create_function("deskcrm_fold", 1, _casefold, deterministic=True)

    def prepare(self, conn: Connection) -> None:
        """Ready ``conn`` for searching (SQLite: the fold function the tag test calls)."""
        self.use_fold(conn)

    def for_keystrokes(self, conn: Connection) -> None:
        """Ready ``conn`` for a search per keystroke (PostgreSQL: see ``TsVector``'s)."""

    def run_page(self, conn: Connection, planned: tuple[str, list[object]]) -> list[tuple]:
        """The rows of an unranked page's statement (``one_page`` with walks)."""
        return conn.execute(*planned).fetchall()

    def folded(self, expr: str) -> str:
        return f"deskcrm_fold({expr})"

    def contains(self, expr: str, param: str) -> str:
        return f"instr(deskcrm_fold({expr}), {param})"

    def fold_value(self, text: str) -> str:
        return text.casefold()

    # jump: people by name
    def name_steps(self, typed: Sequence[str]) -> list[tuple[str, list[object]]]:
        quoted = [f'"{w}"' for w in typed]
        return [self._ids("name : ^ " + " + ".join(quoted[:-1] + [quoted[-1] + "*"])),  # the name starts with it
                self._ids("name : (" + " AND ".join(q + "*" for q in quoted) + ")")]  # every word a prefix

    def fuzzy_name_steps(self, typed: Sequence[str]) -> list[tuple[str, list[object]]]:
        quoted = [f'"{w}"' for w in typed]  # every word's first three letters, then any word
        return [self._ids("name : (" + " AND ".join(f'"{w[:3]}"*' for w in typed) + ")"),
                self._ids("name : (" + " OR ".join(q + "*" for q in quoted) + ")")]

    @staticmethod
    def _ids(match: str) -> tuple[str, list[object]]:
        return "SELECT rowid FROM person_fts WHERE person_fts MATCH ? LIMIT ?", [match]

    # duplicates: a name like this one at this employer
    def name_at_employer(self, emp_words: list[str], prefixes: list[str]) -> tuple[str, list[object]]:
        match = "employer : " + _quote(" ".join(emp_words)) + " AND name : (" + " OR ".join(
            _quote(p) + "*" for p in prefixes) + ")"
        return "SELECT rowid, name, employer FROM person_fts WHERE person_fts MATCH ? LIMIT ?", [match]


# The words as a tsquery, made ONCE per statement (an InitPlan), in an unranked page: psycopg
# prepares a statement it has run five times and the server may then plan it once for any
# words; a ``to_tsquery(?)`` in such a plan is parsed again for every row it tests (a walk of
# 4,000 rows: 3 ms -> 25-40 ms), and planning the page's statement for its words costs 1.5-2 ms
# of a 1-3 ms keystroke. The planner does not see the words either way, so it plans every page
# alike: the steps of ``store.search_page_pg`` choose a walk or the bitmap, not its guess.
_QUERY = "(SELECT to_tsquery('simple', ?))"


class TsVector(Fts5):
    """PostgreSQL: ``person_fts.doc`` (GIN), ``pg_trgm`` for names with typos."""

    engine = "postgresql"
    key = "f.person_id"
    join = "JOIN"
    like = "ILIKE"
    not_indexed = ""
    phone_tail = "right(phone_norm, {n})"
    bounded_rank = False  # ts_rank over every match (see bench/search_pg.py)
    streams_matches = False  # a GIN index yields a bitmap: role:contact walks the few contacts instead
    walks = True  # an unranked text page walks the index's first ids first (walk, search_page_pg)
    postings = True  # ... or the people of the typed words' prefixes (person_prefix: store.search_prefix)
    exact_words = False  # person_fts_words holds five columns' words, not notes and CVs: a word is tested on the index
    # role:contact walks the contacts in person-id order, each tested (words too) and stopped
    # after the page: the ordered subquery keeps the planner from starting at the GIN bitmap of
    # a common prefix ("role:contact he": 14k matches, 90 ms; the contacts are 4% of people).
    contacts, contacts_hint = "(SELECT * FROM contact_role ORDER BY person_id OFFSET 0)", ""

    def walk(self, rows: int | str) -> str:
        """The index's first ``rows`` ids (a number, or an SQL expression of the statement's), to be walked in id order and tested row by row (a
        common word fills a page in a few hundred rows). Left to itself the planner picks a walk
        or the GIN bitmap by its guess of how many match, and an AND of words or a phrase fools
        it both ways: it walked all 104k rows for "accountant sal" (40 matches, 70 ms), and
        joined and sorted all 2,146 matches of '"machine learning' (30 ms) where 1,951 rows of
        walk find the page (1.6 ms). Its LIMIT keeps the planner from flattening it."""
        return f"(SELECT person_id, doc, headline, skills, location FROM person_fts ORDER BY person_id LIMIT {_rows(rows)})"

    def walk_on(self, rows: int | str, after: int) -> str:
        """As :meth:`walk`, the ids after the first ``after`` (a walk that goes on where the
        first one stopped: its rows are not read and tested twice)."""
        first = f"(SELECT max(person_id) FROM (SELECT person_id FROM person_fts ORDER BY person_id LIMIT {int(after)}) AS w)"
        return (f"(SELECT person_id, doc, headline, skills, location FROM person_fts WHERE person_id > {first}"
                f" ORDER BY person_id LIMIT {_rows(rows)} - {int(after)})")

    def sorted_matches(self, cond: str) -> str:
        """Every match of the words (``cond``, on ``f``) from the GIN bitmap, in id order, fenced
        (``OFFSET 0``) so that the filters joined after it are tested in that order and stop at
        the page: the planner otherwise looks up every match's candidate profile before it sorts
        (12,711 lookups for "avail<30d ci" at 1M, where 299 fill the page). The id is ``+ 0``:
        not a walk in id order, which is what the walks before it tried."""
        return (f"(SELECT f.person_id + 0 AS person_id, f.headline, f.skills, f.location FROM person_fts AS f"
                f" WHERE {cond} ORDER BY 1 OFFSET 0)")

    _RANK = "ts_rank('{0.05, 0.1, 0.4, 1.0}', f.doc, to_tsquery('simple', ?))"  # D, C, B, A

    def one_page(self, page: tuple[str, list[object]], walk: search_page_pg.Walks | None,
                 rows: int, *, wide: bool = False, guess=None,  # noqa: ANN001
                 second: int | None = None) -> tuple[str, list[object]]:
        """One round trip: the walks, else the page, with the max id and the contact roles."""
        return search_page_pg.statement(page, walk, rows, wide=wide, guess=guess, second=second)

    def guess(self, query: Query, top: str) -> tuple[str, list[object]] | None:
        from deskcrm.store.search_estimate import words_guess

        return words_guess(query, top)

    def title_hits(self, conn: Connection, query: Query, filters: tuple[str, list[object]], most: int,
                   exclude: Sequence[int]) -> list[int]:
        """As ``Fts5.title_hits``: ``ts_rank`` weighs how near the query's words stand, so short
        rows (a skill beside a city) rank above a full profile there too. The headline's words
        tested as the index folds them (``to_tsvector('simple')``) on the first ``TITLE_SCAN``
        matches among the first ``TITLE_WALK`` people by id (a walk: reading every match from the
        GIN bitmap costs what ranking them does, 0.2 s for "python" at 1M)."""
        match = self.match(query)
        terms = [t for t in (_tsquery(p) for p in query.terms) if t]
        if match is None or not terms:
            return []
        cond, params = filters
        rows = conn.execute(
            f"SELECT f.person_id, {self._RANK} FROM {self.walk(self.TITLE_WALK)} AS f JOIN person AS p ON p.id = f.person_id"
            " LEFT JOIN candidate_profile AS cp ON cp.person_id = p.id"
            f" WHERE {match[0]} AND to_tsvector('simple', coalesce(f.headline, '')) @@ to_tsquery('simple', ?)"
            f" AND p.erased_at IS NULL AND {cond} ORDER BY f.person_id LIMIT {self.TITLE_SCAN}",
            [match[1][0], *match[1], " | ".join(f"({t})" for t in terms), *params]).fetchall()
        skip = set(exclude)
        return [i for i, _ in sorted(rows, key=lambda r: (-r[1], r[0])) if i not in skip][:most]

    TITLE_WALK = 20_000  # people walked in id order for title matches at most

    FEW_GUESSED = 2  # words guessed to match more than this many times ``most``: not few

    def few(self, conn: Connection, query: Query, most: int) -> bool | None:
        """Counting the matches reads each from the table (14,462 for "python berlin" at 1M: ~50
        ms): the words' counts guess instead (``search_estimate``; low by up to ~2x for words
        that go together), and only a guess of few is checked, by ranking them."""
        guessed = self.guess(query, "(SELECT coalesce(max(id), 0) FROM person)")
        if guessed is None:
            return None
        n = conn.execute(f"SELECT {guessed[0]}", guessed[1]).fetchone()[0]
        return None if n is None or n <= self.FEW_GUESSED * most else False

    WIDE = 3  # a prefix of this many letters or fewer is wide

    def wide(self, query: Query) -> bool:
        """Whether a word of ``query`` is a prefix of ``WIDE`` letters or fewer ("senior nu",
        "skill:python sal"): GIN reads every word under it into one bitmap before it ANDs the
        other words ('sa':* holds 430k of 1M people: 35-45 ms of the server), so a walk that
        found anybody walks on rather than read it (``search_page_pg.LONG``)."""
        for phrase in (*query.terms, *query.skills, *query.cities):
            tokens = index_words(" ".join(phrase.words)) if phrase.prefix else []
            if tokens and len(tokens[-1]) <= self.WIDE:
                return True
        return False

    def match(self, query: Query, *, once: bool = False) -> tuple[str, list[object]] | None:
        """``once``: the words as an InitPlan (``_QUERY``), for the unranked page's steps;
        else ``to_tsquery`` in the open, so that the planner sees how many match (a count, a
        ranked page: a bitmap or a scan of the whole table, by that)."""
        if not query.has_text:
            return None
        parts = [_tsquery(t) for t in query.terms] + [_tsquery(s, "B") for s in query.skills]
        cities = [c for c in (_tsquery(c, "C") for c in query.cities) if c is not None]
        if query.cities:
            parts.append("(" + " | ".join(cities) + ")" if cities else None)
        levels = query.seniority_words()  # the seniority's index word, or the word in the headline
        if levels:
            parts.append("(" + " | ".join(t for t in (_tsquery(Phrase(w), "B") for w in levels) if t) + ")")
        words = _QUERY if once else "to_tsquery('simple', ?)"
        if None in parts:  # a phrase with no word the index keeps: nobody
            return f"FALSE AND f.doc @@ {words}", ["nobody"]
        cond, params = f"f.doc @@ {words}", [" & ".join(parts)]
        # Weight B is headline, skills and employer; C is location, notes and resume: the column
        # itself is tested too — its text is index words and single spaces, so finding " word "
        # in it is exact (strpos, not LIKE: the planner guesses a LIKE keeps almost nobody and
        # then sorts every match rather than walk in id order and stop after the page).
        for skill in query.skills:
            cond += " AND strpos(' ' || f.skills || ' ', ?) > 0"
            params.append(_words_in(skill))
        if query.cities:
            cond += " AND (" + " OR ".join("strpos(' ' || f.location || ' ', ?) > 0" for _ in query.cities) + ")"
            params.extend(_words_in(c) for c in query.cities)
        if levels:
            cond += " AND (" + " OR ".join("strpos(' ' || f.headline || ' ', ?) > 0" for _ in levels) + ")"
            params.extend(_words_in(Phrase(w)) for w in levels)
        return cond, params

    def count_all(self, cond: str) -> str:
        return f"SELECT count(*) FROM person_fts AS f WHERE {cond}"

    _ANY_WALK = 2000  # the first ids walked for a match before the GIN bitmap is read

    def any_match(self, cond: str, params: list[object]) -> tuple[str, list[object]]:
        """A walk of the first ids (a word most people have is found there), else the GIN
        bitmap, stopped at its first row. A plain ``WHERE … LIMIT 1`` is planned as a scan that
        stops at the first match, and a word that matches nobody (what this is asked about)
        then reads every row: 0.4-1 s of the server at 1M. The bitmap is a CTE of its own,
        planned for every match (so as the bitmap unless the word is very common) and read
        lazily; a word found in the walk never reaches it (a bitmap of 170k matches: ~90 ms)."""
        walk = f"(SELECT doc FROM person_fts ORDER BY person_id LIMIT {self._ANY_WALK})"
        return (f"WITH w AS MATERIALIZED (SELECT 1 FROM {walk} AS f WHERE {cond} LIMIT 1),"
                f" m AS MATERIALIZED (SELECT 1 FROM person_fts AS f WHERE {cond})"
                " SELECT 1 FROM w UNION ALL SELECT 1 FROM m LIMIT 1", [*params, *params])

    def data_version(self, conn: Connection) -> object:
        """PostgreSQL: a new version at every correction, so the words are read again each time — a
        range of ``person_fts_words``' primary key, ~0.25 ms at 1M — and a word a colleague saved a
        moment ago is offered at once (a version read from the server would cost the same round trip)."""
        return object()

    def index_words_with(self, conn: Connection, prefix: str) -> list[str]:
        """The whole desk's words with ``prefix`` in names, headlines, skills, employers and
        places: a range of ``person_fts_words`` (its primary key, "C" collation), which every
        index write keeps (:func:`pg_index_people`, :func:`pg_bulk_index`)."""
        if not prefix:
            return []
        end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return [r[0] for r in conn.execute(
            "SELECT word FROM person_fts_words WHERE word >= ? AND word < ? AND people > 0", [prefix, end])]

    def recent(self, columns: str, limit: int, offset: int) -> tuple[str, list[object]]:
        # NULL sorts first in a descending order here, and the index cannot give DESC NULLS LAST:
        # the contacted (the index, backwards), then the never contacted (newest first), in turn,
        # each cut at the page's end so that neither is sorted whole.
        body = f"SELECT {columns} FROM person AS p LEFT JOIN candidate_profile AS cp ON cp.person_id = p.id"
        return (f"SELECT * FROM (({body} WHERE p.erased_at IS NULL AND p.last_contact_at IS NOT NULL"
                " ORDER BY p.last_contact_at DESC, p.id DESC LIMIT ?)"
                f" UNION ALL ({body} WHERE p.erased_at IS NULL AND p.last_contact_at IS NULL"
                " ORDER BY p.id DESC LIMIT ?)) AS recent LIMIT ? OFFSET ?", [limit + offset] * 2 + [limit, offset])

    def ranked_ids(self, cond: str, match_params: list[object]) -> tuple[str, list[object], str]:
        return (f"SELECT f.person_id AS id, {self._RANK} AS score FROM person_fts AS f WHERE {cond}"
                " ORDER BY score DESC, f.person_id {page}", [*match_params[:1], *match_params],
                "f.score DESC, f.id")

    def page_limit(self, limit: int, offset: int) -> tuple[str, list[object]]:
        """A page's ``LIMIT … OFFSET …`` written into the statement: psycopg prepares a statement
        after five runs, and the server keeps planning it afresh (a custom plan, ~1.3 ms a keystroke
        at 1M) while its generic plan, which cannot see a parameter's LIMIT, costs more on paper.
        With the numbers in the text the generic plan is taken: a keystroke's page is not planned
        again (its size and offset are the same for every keystroke of a search)."""
        return f"LIMIT {int(limit)} OFFSET {int(offset)}", []

    def rank_order(self, match_params: list[object]) -> tuple[str, list[object]]:
        return f"{self._RANK} DESC, f.person_id", match_params[:1]

    def matched_ids(self, cond: str, match_params: list[object]) -> tuple[str, list[object], str]:
        """As :meth:`ranked_ids`, in id order, for a text page the walk did not fill: every
        match from the GIN bitmap, ids sorted (``+ 0``: not a walk in id order, which is what
        was tried), then only the page joined."""
        return ("SELECT f.person_id AS id FROM person_fts AS f WHERE " + cond
                + " ORDER BY f.person_id + 0 {page}", match_params, "f.id")

    def tag_test(self, value: str, prefix: bool, params: list[object]) -> str:
        exact = "starts_with(lower(t.value COLLATE \"und-x-icu\"), ?)" if prefix else \
            "lower(t.value COLLATE \"und-x-icu\") = ?"
        pre = _tag_like(value, "ILIKE", params)
        params.append(value)
        return (f"({pre}EXISTS (SELECT 1 FROM json_array_elements_text(p.tags::json) AS t(value)"
                f" WHERE {exact}))")

    def use_fold(self, conn: Connection) -> None:
        pass

    def prepare(self, conn: Connection) -> None:
        """A search connection: no parallel workers (starting them costs more than a page), and no
        JIT: a page's statement carries every step's plan, and their costs summed on paper pass
        ``jit_above_cost`` with filters ("accountant salary<70k avail<2": 100 ms of compiling
        for a 50 ms page at 1M); a keystroke never runs long enough to win it back."""
        conn.execute("SET max_parallel_workers_per_gather = 0")
        conn.execute("SET jit = off")

    def for_keystrokes(self, conn: Connection) -> None:
        """A connection that searches as a recruiter types (the search screen's): its pages
        planned once per shape (``PgConnection.generic_plans``, ``run_page``)."""
        conn.generic_plans()  # type: ignore[union-attr]

    def run_page(self, conn: Connection, planned: tuple[str, list[object]]) -> list[tuple]:
        if conn.literal and search_page_pg.walks_in(planned):  # type: ignore[union-attr]  # for_keystrokes: one plan kept
            return conn.execute_prepared(*planned).fetchall()  # type: ignore[union-attr]
        return conn.execute(*planned).fetchall()

    def folded(self, expr: str) -> str:
        return f'lower(({expr}) COLLATE "und-x-icu")'

    def contains(self, expr: str, param: str) -> str:
        return f"strpos({self.folded(expr)}, {param}) > 0"

    def fold_value(self, text: str) -> str:
        return text.lower()  # Unicode's lower case, as ICU's lower() makes it

    def name_steps(self, typed: Sequence[str]) -> list[tuple[str, list[object]]]:
        tokens = [t for w in typed for t in index_words(w)]
        if not tokens:
            return []
        every = " & ".join(f"'{t}':*A" for t in tokens)
        starts = " ".join(tokens)  # index words are letters and digits: no LIKE syntax in them
        ids = "SELECT f.person_id FROM person_fts AS f WHERE f.doc @@ to_tsquery('simple', ?)"
        return [(ids + " AND f.name LIKE ? LIMIT ?", [every, starts + "%"]), (ids + " LIMIT ?", [every])]

    def fuzzy_name_steps(self, typed: Sequence[str]) -> list[tuple[str, list[object]]]:
        tokens = [t for w in typed for t in index_words(w)]
        if not tokens:
            return []
        first3 = " & ".join(f"'{t[:3]}':*A" for t in tokens)
        name = " ".join(typed)
        return [("SELECT f.person_id FROM person_fts AS f WHERE f.doc @@ to_tsquery('simple', ?) LIMIT ?", [first3]),
                ("SELECT id FROM person WHERE name % ? AND erased_at IS NULL ORDER BY similarity(name, ?) DESC, id"
                 " LIMIT ?", [name, name])]

    def name_at_employer(self, emp_words: list[str], prefixes: list[str]) -> tuple[str, list[object]]:
        tokens = index_words(" ".join(emp_words))
        employer = " <-> ".join(f"'{t}'" for t in tokens)
        names = " | ".join(f"'{t}':*A" for p in prefixes for t in index_words(p))
        if not employer or not names:
            return "SELECT 1, '', '' WHERE FALSE LIMIT ?", []
        return ("SELECT f.person_id, p.name, coalesce(cp.current_employer,"
                " (SELECT c.name FROM contact_role AS r JOIN company AS c ON c.id = r.company_id"
                " WHERE r.person_id = p.id AND r.left_at IS NULL ORDER BY r.id DESC LIMIT 1))"
                " FROM person_fts AS f JOIN person AS p ON p.id = f.person_id"
                " LEFT JOIN candidate_profile AS cp ON cp.person_id = p.id"
                " WHERE f.doc @@ to_tsquery('simple', ?) AND to_tsvector('simple', f.employer) @@ to_tsquery('simple', ?)"
                " LIMIT ?", ["(" + " <-> ".join(f"'{t}':B" for t in tokens) + f") & ({names})", employer])


def _tsquery(phrase: Phrase, weight: str = "") -> str | None:
    """``phrase`` as tsquery text: its index words in order, the last a prefix if it is one;
    ``weight`` limits it to a group of columns. None when no word is left. With alternatives
    (``Phrase.alts``, the vocabulary's): ``(own | alt | …)``, each alternative exact."""
    if phrase.alts:
        group = [_tsquery(Phrase(phrase.words, phrase.prefix), weight),
                 *(_tsquery(Phrase(alt), weight) for alt in phrase.alts)]
        kept = list(dict.fromkeys(g for g in group if g is not None))
        return "(" + " | ".join(kept) + ")" if kept else None
    tokens = index_words(" ".join(phrase.words))
    if not tokens:
        return None
    last = len(tokens) - 1
    parts = [f"'{t}':" + ("*" if i == last and phrase.prefix else "") + weight for i, t in enumerate(tokens)]
    return "(" + " <-> ".join(p.rstrip(":") for p in parts) + ")"


def _rows(rows: int | str) -> str:
    """A walk's LIMIT: a number, or an SQL expression the statement made (never user text)."""
    return rows if isinstance(rows, str) else str(int(rows))


def _words_in(phrase: Phrase) -> str:
    """What an index column holds (spaces around it) where ``phrase`` is in it."""
    return " " + " ".join(index_words(" ".join(phrase.words))) + ("" if phrase.prefix else " ")


def _tag_like(value: str, like: str, params: list[object]) -> str:
    if value.isascii() and value.isprintable() and not any(c in value for c in '"\\'):
        params.append("%" + value.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%")
        return f"p.tags {like} ? ESCAPE '!' AND "
    return ""


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


FTS5 = Fts5()
TSVECTOR = TsVector()


def of(conn: Connection) -> Fts5:
    """The spelling for ``conn``'s engine."""
    return TSVECTOR if db.engine(conn) == "postgresql" else FTS5


# --------------------------------------------------------------------------- the PostgreSQL index rows

_SOURCE = """
SELECT p.id, p.name, p.headline, cp.seniority, cp.skills,
       coalesce(cp.current_employer,
                (SELECT c.name FROM contact_role AS r JOIN company AS c ON c.id = r.company_id
                  WHERE r.person_id = p.id AND r.left_at IS NULL ORDER BY r.id DESC LIMIT 1)),
       p.city, p.country, p.notes, cp.resume_text
FROM person AS p LEFT JOIN candidate_profile AS cp ON cp.person_id = p.id
WHERE p.erased_at IS NULL"""


def _index_row(row: tuple) -> tuple:
    import json

    pid, name, headline, seniority, skills, employer, city, country, notes, resume = row
    if seniority:  # the seniority as one word of the headline (search_index._SELECT, seniority_word)
        headline = f"{headline or ''} {seniority_word(seniority)}"
    try:
        listed = json.loads(skills) if skills else []
    except ValueError:
        listed = []
    skill_text = " ".join(str(s) for s in listed) if isinstance(listed, list) else None
    location = f"{city or ''} {country or ''}"
    return (pid, *(index_text(v) for v in (name, headline, skill_text, employer, location, notes, resume)))


# The columns whose words typo correction offers (``person_fts_words``): not notes and CV text.
WORD_COLUMNS = ("name", "headline", "skills", "employer", "location")


def _words_of(texts: Iterable[object]) -> set[str]:
    return {w for t in texts if t for w in str(t).split()}


def pg_index_people(conn: Connection, person_ids: Iterable[int]) -> None:
    """Re-index these people on PostgreSQL (insert, update, or drop erased / deleted ones), and
    count the words they gained and lost in ``person_fts_words``: the old row's words come with
    the person's row, the count is one upsert per 500 people sent with the next statement (no
    round trip of its own); a word nobody holds any more is deleted. An index row deleted (here,
    or by the cascade when a person is deleted outright) is uncounted by the table's trigger
    (``dialect.create_search_words``)."""
    ids = sorted({int(i) for i in person_ids})
    cols = ", ".join(INDEX_COLUMNS)
    update = ", ".join(f"{c} = excluded.{c}" for c in INDEX_COLUMNS)
    spots = [1 + INDEX_COLUMNS.index(c) for c in WORD_COLUMNS]
    words_now = f"concat_ws(' ', {', '.join('f.' + c for c in WORD_COLUMNS)})"
    # the index row's words as they are now, read with the person's row (no round trip of its own)
    source = _SOURCE.replace("SELECT p.id,", f"SELECT p.id, (SELECT {words_now} FROM person_fts AS f"
                             " WHERE f.person_id = p.id),", 1)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        found = conn.execute(f"{source} AND p.id IN ({marks})", chunk).fetchall()
        old = {r[0]: _words_of((r[1],)) for r in found if r[1] is not None}
        rows = [_index_row((r[0], *r[2:])) for r in found]
        if rows:  # one statement for the chunk: the postings' triggers (0024) run once for it, not per row
            arrays = ", ".join(["CAST(? AS integer[])"] + ["CAST(? AS text[])"] * len(INDEX_COLUMNS))
            conn.execute(f"INSERT INTO person_fts (person_id, {cols}) SELECT * FROM unnest({arrays})"
                         f" ON CONFLICT (person_id) DO UPDATE SET {update}", [list(col) for col in zip(*rows)])
        gone = sorted(set(chunk) - {r[0] for r in rows})
        if gone:  # erased or deleted: their words go too (the delete trigger counts them)
            conn.execute(f"DELETE FROM person_fts AS f WHERE f.person_id IN ({','.join('?' * len(gone))})", gone)
        new = {r[0]: _words_of(r[i] for i in spots) for r in rows}
        delta: dict[str, int] = {}
        for pid in old.keys() | new.keys():
            before, after = old.get(pid, set()), new.get(pid, set())
            for w in after - before:
                delta[w] = delta.get(w, 0) + 1
            for w in before - after:
                delta[w] = delta.get(w, 0) - 1
        _count_words(conn, delta)


def _count_words(conn: Connection, delta: dict[str, int]) -> None:
    """Add ``delta`` (word -> people gained, or lost when negative) to ``person_fts_words``, in
    word order (two writers lock the rows they share in the same order)."""
    changed = sorted((w, n) for w, n in delta.items() if n)
    if not changed:
        return
    send = getattr(conn, "defer", conn.execute)  # nobody reads the result: with the next statement (COMMIT)
    send("INSERT INTO person_fts_words (word, people)"
         " SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS integer[]))"
         " ON CONFLICT (word) DO UPDATE SET people = person_fts_words.people + excluded.people",
         [[w for w, _ in changed], [n for _, n in changed]])
    lost = [w for w, n in changed if n < 0]
    if lost:  # nobody holds it any more (an erased person's name leaves no word behind)
        send("DELETE FROM person_fts_words WHERE word = ANY(CAST(? AS text[])) AND people <= 0", [lost])


def pg_count_words(conn: Connection, first: int | None = None, last: int | None = None) -> None:
    """Count the words of the index rows with ids in ``first``..``last`` (all when None), none
    of them counted yet, into ``person_fts_words``: one statement (a bulk build, a copy)."""
    where = " AND ".join(f"f.person_id {op} ?" for op, v in ((">=", first), ("<=", last)) if v is not None)
    conn.execute(
        "INSERT INTO person_fts_words (word, people) SELECT w, count(*) FROM (SELECT DISTINCT f.person_id, w"
        f" FROM person_fts AS f, unnest(string_to_array(concat_ws(' ', {', '.join('f.' + c for c in WORD_COLUMNS)}),"
        f" ' ')) AS w{' WHERE ' + where if where else ''}) AS d WHERE w <> '' GROUP BY w"
        " ON CONFLICT (word) DO UPDATE SET people = person_fts_words.people + excluded.people",
        [v for v in (first, last) if v is not None])


def pg_clear_index(conn: Connection) -> None:
    """Empty the index and its words (a rebuild follows)."""
    # not DELETE: the words' trigger would count every row away; the postings (person_prefix) with it
    conn.execute("TRUNCATE person_fts, person_prefix")
    conn.execute("DELETE FROM person_fts_words")


def pg_bulk_index(conn: Connection, first: int | None = None, last: int | None = None) -> int:
    """Index every person with an id in ``first``..``last`` (none of them indexed yet) with COPY,
    and count their words (:func:`pg_count_words`, a statement per 5,000 people)."""
    where = "".join(f" AND p.id {op} ?" for op, v in ((">=", first), ("<=", last)) if v is not None)
    args = [v for v in (first, last) if v is not None]
    done, after = 0, None
    while True:
        page = conn.execute(f"{_SOURCE}{where}" + (" AND p.id > ?" if after is not None else "")
                            + " ORDER BY p.id LIMIT 5000", [*args, *([after] if after is not None else [])]).fetchall()
        if not page:
            return done
        with conn.raw.cursor().copy(f"COPY person_fts (person_id, {', '.join(INDEX_COLUMNS)}) FROM STDIN") as copy:
            for row in page:
                copy.write_row(_index_row(row))
        pg_count_words(conn, page[0][0], page[-1][0])
        done += len(page)
        after = page[-1][0]
