"""Person search: one interface, one implementation over SQLite FTS5 or PostgreSQL's tsvector.

    backend = SqliteSearch(conn, today, me="AM")
    page = backend.search(parse("python berl"), limit=50)       # as you type: unranked
    page = backend.search(parse(text, typing=False), limit=50, ranked=True)   # on enter
    total = backend.count(query)                                  # afterwards: may be slower

How the first page stays within DESIGN.md §4 (≤ 5 ms p50 / 16 ms p95 at 1M candidates):

- Free text, ``skill:`` and ``city:`` go into ONE FTS5 MATCH (the query module quotes every
  word). With a MATCH the plan is driven by FTS5 rowids, in rowid order, and each rowid is
  checked against the SQL filters by primary key; ``LIMIT`` stops the scan after the page, so a
  very common prefix ("se", "py") costs no more than a rare one. Earlier words are exact terms
  (streamed); only the last word is a prefix (the 2- and 3-character prefix indexes cover the
  first keystrokes).
- Filters only (``status:active salary<90k``): a walk in person-id order of the table the
  filters live on — ``candidate_profile`` for salary/avail/status, the ``contact_role`` index
  for ``role:contact``, else ``person`` — testing each row and stopping after the page. A filter
  keeping a few percent of people reads a few thousand rows at most; a combination that keeps
  almost nobody reads them all (bench/search.py prints such a case).
- Join order is fixed (CROSS JOIN) so cheap tests run before the next row is read: the driver,
  then the candidate profile when a filter needs it, then the person row.
- An empty query lists the most recently contacted people (the ``last_contact_at`` index,
  newest first).
- ``ranked=True`` orders free-text matches best first — for ``enter``, not for each keystroke:
  the engine ranks (bm25, name weighted highest; a match set past ``RANK_ALL`` in bounded
  parts, name matches first: ``store.search_rank``), then its best ``search_order.WINDOW``
  are re-ordered as a recruiter would (``store.search_order``: title and skill hits, phrases,
  availability, status, last contact; do-not-contact last). ``engine_order=True`` keeps the
  engine's order (``deskcrm search`` without ``--rank``, the quality bench's "before"). Without free text
  (filters, ``skill:``/``city:`` included) there is nothing to rank and the order stays the
  unranked one.
- ``count`` is separate; without SQL filters it is FTS5's own count of matching rows. At 1M
  people a common prefix matches hundreds of thousands and counting them costs what FTS5
  costs, so a full first page also carries an *estimate* (``SearchPage.estimate``), free: the
  unranked scan runs in person-id order, so a page that ends at id ``last`` after ``n`` matches
  says the matches are about ``n * max(id) / last`` (their density so far, over every id). The
  screen shows it ("≈ 12,000 matches") until ``count`` has the exact number.

A query holding a phone number or an email also finds the person whose it is, first
(``search_contacts``: exact lookups on the normalised columns, not the index).

What the words mean is the query's (``domain.vocabulary`` through ``parse``: a known word is an
OR group in the same one MATCH / tsquery; a seniority word is one more index term: the
profile's ``seniority`` is a word of the index row's headline, ``domain.search_query.seniority_word``,
or the word in the headline itself). A page that comes back empty while a word matches nothing is
asked again with that word corrected against the index's own words (``store.search_correct``;
``SearchPage.corrected`` says so; ``SqliteSearch(..., correct=False)`` turns it off).

Erased people never appear: they are not in the index (``search_index``) and every query also
checks ``erased_at``. Read-only; returns frozen dataclasses. One ``SqliteSearch`` per
connection, used from one thread at a time (the screen's exclusive worker).

On PostgreSQL the same queries run with what differs spelled in ``store.search_sql`` (the index
is ``person_fts.doc``, a tsvector with a GIN index; ``ts_rank`` for best first; accents and case
folded in Python). The plans differ where the engines do: a GIN index yields its matches as a
bitmap, not in id order, so an unranked text page walks the index's first ids in id order
before it falls back on the bitmap, by the first walk's counts (``store.search_page_pg``);
``role:contact`` walks the contacts in id order; ranking scores every match (no
``search_rank`` parts). Every statement is a round trip there, so a page comes in ONE
statement that also carries the highest person id (the estimate) and the rows' contact roles.
``SqliteSearch`` keeps its name (the screens and the CLI use it) on both engines.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Protocol, runtime_checkable

from deskcrm.store.db import Connection
from deskcrm.domain.search_query import Query
from deskcrm.domain.relevance import Hit
from deskcrm.store import custom_sql, db, search_order, search_prefix, search_profile, search_sql
from deskcrm.store.search_contacts import ContactMatches, contact_matches
from deskcrm.store.search_correct import Corrector
from deskcrm.store.search_index import index_people, rebuild_person_index
from deskcrm.store.search_rank import ranked_ids
from deskcrm.store.values import local, parse_date

__all__ = [
    "PersonRow",
    "SearchBackend",
    "SearchPage",
    "SqliteSearch",
    "index_people",
    "index_person",
    "rebuild_person_index",
]

_WEIGHTS = search_sql.BM25_WEIGHTS  # bm25 column weights: name, headline, skills, employer, location, notes, resume
_OPS = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "=": "="}  # the only operators that reach SQL

_COLUMNS = """p.id, p.name, p.headline, p.city, p.country, cp.person_id, cp.skills, cp.available_from,
       cp.desired_salary, cp.salary_currency, p.last_contact_at, cp.status"""
_TOP = 12  # a PostgreSQL page's row carries more after these: the highest person id, the roles
_PROBE = 7919  # the walk the PostgreSQL page's walks are made from (any size: only its text is swapped)


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One search result: what the results table shows."""

    id: int
    name: str
    headline: str | None
    location: str | None  # city, else country
    top_skills: tuple[str, ...]  # the first three
    available_from: date | None
    desired_salary: float | None
    salary_currency: str | None
    last_contact: date | None  # local date of the last touch
    status: str | None  # candidate status; None for a contact who is not a candidate
    roles: tuple[str, ...]  # ("candidate", "contact at Acme", "formerly at Beta")


@dataclass(frozen=True, slots=True)
class SearchPage:
    rows: list[PersonRow]
    total: int | None  # None: not counted (ask ``count``)
    problems: tuple[str, ...] = ()  # the query's problems, one plain sentence each
    # A full page's guess at ``count`` (None: no guess — a ranked order, or not a full page)
    estimate: int | None = None
    # Words that matched nothing and what was searched instead ((typed, searched), ...): the rows
    # are the corrected query's (``store.search_correct``)
    corrected: tuple[tuple[str, str], ...] = ()


@runtime_checkable
class SearchBackend(Protocol):
    """What the search screen and the CLI need; a PostgreSQL backend implements the same."""

    def search(self, query: Query, *, limit: int = 50, offset: int = 0, ranked: bool = False,
               engine_order: bool = False) -> SearchPage:
        """One page of matches (``total`` is None: counting is :meth:`count`'s job). ``ranked``:
        best first in the recruiter's order (``store.search_order``); ``engine_order``: by the
        engine's relevance alone."""
        ...

    def count(self, query: Query) -> int:
        """How many people match in all."""
        ...


def index_person(conn: Connection, person_id: int) -> None:
    """Re-index one person after a write, inside the caller's transaction."""
    index_people(conn, (person_id,))


class SqliteSearch(ContactMatches):
    """:class:`SearchBackend` over SQLite FTS5 (``person_fts``) and the person tables.

    ``today`` anchors ``avail<30d``; ``me`` (recruiter initials) is what ``owner:me`` means —
    None makes ``owner:me`` match nobody, with a problem saying so.
    """

    def __init__(self, conn: Connection, today: date, me: str | None = None, *, correct: bool = True,
                 keystrokes: bool = False) -> None:
        self.conn = conn
        self.today = today
        self.me = me.strip().upper() if me and me.strip() else None
        self.sql = search_sql.of(conn)  # FTS5 or tsvector: what differs, spelled once (store.search_sql)
        self.sql.prepare(conn)
        if keystrokes:  # a connection of its own, searching as a recruiter types (work.search_pool)
            self.sql.for_keystrokes(conn)
        # ``correct``: a word that matches nothing is corrected (store.search_correct); False: OFF
        self.corrector = Corrector(conn, self.sql) if correct else None

    # ------------------------------------------------------------------ interface

    def search(self, query: Query, *, limit: int = 50, offset: int = 0, ranked: bool = False,
               engine_order: bool = False) -> SearchPage:
        """One page; when it is empty and a word matched nothing, the page of the query with
        that word corrected, saying so (``SearchPage.corrected``)."""
        page = self._search(query, limit, offset, ranked, engine_order)
        if page.rows or self.corrector is None or not query.terms:
            return page
        fixed = self.corrector.correct(query)
        if fixed is None:
            return page
        return replace(self._search(fixed.query, limit, offset, ranked, engine_order), corrected=fixed.pairs)

    def _search(self, query: Query, limit: int, offset: int, ranked: bool, engine_order: bool) -> SearchPage:
        problems = query.problems_for(self.me)
        limit, offset = max(0, int(limit)), max(0, int(offset))
        if limit == 0:
            return SearchPage([], None, problems)
        contacts = contact_matches(self.conn, query) if query.contacts else []
        if contacts:  # a phone or an email: the person whose it is first (search_contacts)
            return self._contacts_first(query, contacts, limit, offset, ranked)
        if ranked and query.terms and not engine_order:  # best first, as a recruiter would order them
            return self._recruiter_page(query, limit, offset, problems)
        best = self._bounded(query, limit, offset) if ranked else None
        if best is not None:  # ranked, too many matches to score every one (store.search_rank)
            return SearchPage(self._rows(self._by_ids(best)), None, problems)
        rows = self._page_rows(query, limit, offset, ranked)
        if rows is None:  # e.g. owner:XY for a recruiter who does not exist
            return SearchPage([], 0, problems)
        estimate = self._estimate(query, rows, limit, offset, ranked) if len(rows) == limit else None
        return SearchPage(self._rows(rows), None, problems, estimate)

    def count(self, query: Query) -> int:
        """How many match; as :meth:`search`, the corrected query's count when nobody matches."""
        found = self._count(query)
        if found or self.corrector is None or not query.terms:
            return found
        fixed = self.corrector.correct(query)
        return found if fixed is None else self._count(fixed.query)

    def _count(self, query: Query) -> int:
        contacts = contact_matches(self.conn, query) if query.contacts else []
        if contacts:
            return self._count_with_contacts(query, contacts)
        planned = self._count_sql(query)
        return int(self.conn.execute(*planned).fetchone()[0]) if planned else 0

    # what store.search_partial reads: the search's own rows and filter tests

    def rows_of(self, ids: list[int]) -> list[PersonRow]:
        """The result rows of the people ``ids``, in that order (erased people left out)."""
        return self._rows(self._by_ids(ids))

    def in_recruiter_order(self, query: Query, ids: list[int]) -> list[int]:
        """``ids`` in the recruiter's order for ``query`` (``store.search_order``; erased people left out)."""
        return [r[0] for r in search_order.reorder(self.conn, query, self._by_ids(ids), self.today)]

    def filter_sql(self, query: Query) -> tuple[str, list[object]]:
        """(condition, parameters): ``query``'s filters other than text (tag, status, owner,
        role, salary, avail) on ``person AS p LEFT JOIN candidate_profile AS cp``."""
        where, params, none = self._filters(query, "person")
        return ("1 = 0", []) if none else (where.removeprefix(" AND ") or "1 = 1", params)

    def max_person_id(self) -> int:
        return self._max_id()

    def _estimate(self, query: Query, rows: list[tuple], limit: int, offset: int, ranked: bool) -> int | None:
        """The count guessed from a full page (see the module docstring): the matches read so far
        (``offset + limit``), spread over every person id as densely as over the ids scanned."""
        top = rows[0][_TOP] if len(rows[0]) > _TOP else None  # PostgreSQL: carried by the page
        if query.is_empty:  # the most recently contacted: every person (erased ones are few)
            top = self._max_id() if top is None else top
            return max(top, offset + len(rows))
        if ranked and query.terms:  # best match first: the page says nothing about the rest
            return None
        last, top = rows[-1][0], self._max_id() if top is None else top  # unranked: person-id order
        if not last or top <= last:
            return offset + len(rows)
        return round((offset + len(rows)) * top / last)

    def _recruiter_page(self, query: Query, limit: int, offset: int, problems: tuple[str, ...]) -> SearchPage:
        """Every match in the recruiter's order when they are ``search_order.ALL`` or fewer; else
        the engine's best ``search_order.WINDOW`` (with the best ``WINDOW`` more whose title has a
        word of the query: ``title_hits``) in the recruiter's order, then the
        engine's order past them without those (every match once, whatever the paging)."""
        window = search_order.WINDOW
        best = self._bounded(query, window, 0)  # SQLite, more matches than bm25 scores at once: the best ids
        if best is not None:
            top: list[tuple] | None = self._by_ids(best)
        elif self.sql.few(self.conn, query, search_order.ALL) is False:
            top = self._page_rows(query, window, 0, True)
        else:  # few, or not known: the first ALL + 1 ranked say (the page's query alone: the rows
            # shown read their contact roles after, ``_rows``)
            planned = self._page_sql(query, max(search_order.ALL + 1, window), 0, True)
            top = None if planned is None else self.conn.execute(*planned).fetchall()
            if top is not None and len(top) <= search_order.ALL:  # every match, not only the window
                rows = search_order.reorder(self.conn, query, top, self.today)[offset:offset + limit]
                return SearchPage(self._rows(rows), None, problems)
            top = None if top is None else top[:window]
        if top is None:
            return SearchPage([], 0, problems)
        if len(top) < window:  # every match
            return SearchPage(self._rows(search_order.reorder(self.conn, query, top, self.today)[offset:offset + limit]),
                              None, problems)
        # with the window, the best of those whose title has a word (the engines rank full profiles low: title_hits)
        titled = self.sql.title_hits(self.conn, query, self.filter_sql(query), window, [r[0] for r in top])
        head = top + self._by_ids(titled)
        if offset < len(head):
            rows = search_order.reorder(self.conn, query, head, self.today)[offset:offset + limit]
            if len(rows) < limit:
                rows += self._engine_past(query, window, titled, limit - len(rows), 0)
        else:
            rows = self._engine_past(query, window, titled, limit, offset - len(head))
        return SearchPage(self._rows(rows), None, problems)

    def _engine_past(self, query: Query, window: int, taken: list[int], limit: int, skip: int) -> list[tuple]:
        """The engine's order past its first ``window``, without the people ``taken`` into the
        window besides (they are further on in it): its rows ``skip`` to ``skip + limit``."""
        rows = self._engine_rows(query, skip + limit + len(taken), window) or []
        taken_ids = set(taken)
        return [r for r in rows if r[0] not in taken_ids][skip:skip + limit]

    def _engine_rows(self, query: Query, limit: int, offset: int) -> list[tuple] | None:
        """A page of result rows, best first by the engine's relevance alone."""
        best = self._bounded(query, limit, offset)
        return self._by_ids(best) if best is not None else self._page_rows(query, limit, offset, True)

    def why(self, query: Query, person_id: int, *, corrected: bool = False) -> tuple[Hit, ...]:
        """Which of the query's terms hit which of this person's fields (``search_order.why``).
        ``corrected``: the page shown was the corrected query's (``SearchPage.corrected``), so the
        why is that query's too ("python → skills", not "pyhton → nowhere")."""
        if corrected and self.corrector is not None:
            fixed = self.corrector.correct(query)  # the words are cached: ~0.1 ms
            query = fixed.query if fixed is not None else query
        return search_order.why(self.conn, query, person_id)

    def _bounded(self, query: Query, limit: int, offset: int) -> list[int] | None:
        """A ranked page's ids from ``search_rank`` (free text, no SQL filter, more matches than
        bm25 can score at once); None: rank them all in one query."""
        match = query.match_expression()
        if not self.sql.bounded_rank or match is None or not query.terms or self._filters(query, "fts")[0]:
            return None
        return ranked_ids(self.conn, match, _WEIGHTS, limit, offset)

    def _by_ids(self, ids: list[int]) -> list[tuple]:
        """The result rows of ``ids``, in that order."""
        if not ids:
            return []
        found = {r[0]: r for r in self.conn.execute(
            f"SELECT {_COLUMNS} FROM person AS p LEFT JOIN candidate_profile AS cp ON cp.person_id = p.id"
            f" WHERE p.id IN ({','.join('?' * len(ids))}) AND p.erased_at IS NULL", ids)}
        return [found[i] for i in ids if i in found]

    def _max_id(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(id), 0) FROM person").fetchone()[0])

    def explain(self, query: Query, *, ranked: bool = False) -> list[str]:
        """EXPLAIN QUERY PLAN of the first-page query, one line per step (tests, bench)."""
        planned = self._page_sql(query, 50, 0, ranked)
        if planned is None:
            return []
        sql, params = planned
        return [r[3] for r in self.conn.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()]

    # ------------------------------------------------------------------ SQL pieces

    def _page_rows(self, query: Query, limit: int, offset: int, ranked: bool,
                   exclude: tuple[int, ...] = ()) -> list[tuple] | None:
        """One page's rows (without the people ``exclude`` names); None when the query can
        match nobody. On PostgreSQL one statement (``store.search_page_pg``) brings the rows, each
        with the highest person id and its contact roles, and an unranked text page first walks
        the index's first ids (``TsVector.walk``): the whole query runs only when the walk does
        not fill the page."""
        if (ranked and bool(query.terms)) or not self.sql.walks:  # ranked: the order is not by id
            planned = self._page_sql(query, limit, offset, ranked, exclude)
            return None if planned is None else self.conn.execute(*self.sql.one_page(planned, None, limit)).fetchall()
        self._memo = (query, {})  # the page's SQL is made three times over (the page, its walks, the words' count)
        try:
            return self._walked_page(query, limit, offset, ranked, exclude)
        finally:
            self._memo = None

    def _walked_page(self, query: Query, limit: int, offset: int, ranked: bool,
                     exclude: tuple[int, ...]) -> list[tuple] | None:
        """PostgreSQL's unranked page: the walks, then the whole query, in one statement."""
        planned = self._page_sql(query, limit, offset, ranked, exclude)
        if planned is None:
            return None

        # the walks differ only in the ids they walk: the SQL is made once, the walk's source swapped
        probe, source = self._page_sql(query, limit, offset, ranked, exclude, walk=_PROBE), self.sql.walk(_PROBE)
        # the people whose words start as the typed words do, in id order (PostgreSQL's person_prefix)
        held = search_prefix.prefixes(query) if self.sql.postings else ()

        def walked(rows: int | str, after: int = 0) -> tuple[str, list[object]]:  # the source, first in the SQL
            if held:
                return search_prefix.source(held, rows, after)
            return self.sql.walk_on(rows, after) if after else self.sql.walk(rows), []

        def walk(rows: int | str, after: int = 0) -> tuple[str, list[object]] | None:
            if probe is None or (after and offset):  # a later page: the first walk's rows are not all its matches
                return None
            sql, params = walked(rows, after)
            return probe[0].replace(source, sql), [*params, *probe[1]]

        def words(rows: int) -> tuple[str, list[object]] | None:  # with filters: how many match the words
            match = self._once(query, ("match", True), lambda: self.sql.match(query, once=True))
            if match is None or not self._filters_once(query, "fts", exclude)[0]:
                return None
            sql, params = walked(rows)
            return f"SELECT count(*) FROM {sql} AS f WHERE {match[0]}", [*params, *match[1]]

        steps = {"second": search_prefix.SECOND} if held else {"wide": self.sql.wide(query)}
        return self.sql.run_page(self.conn, self.sql.one_page(planned, (walk, words), limit,
                                                             guess=lambda top: self.sql.guess(query, top), **steps))

    def _page_sql(self, query: Query, limit: int, offset: int, ranked: bool,
                  exclude: tuple[int, ...] = (), *, walk: int = 0) -> tuple[str, list[object]] | None:
        """The query for one page (without the people ``exclude`` names); None when it can
        match nobody. ``walk``: the same query over the index's first ``walk`` ids only
        (``TsVector.walk``); None where it has no such step (SQLite; no text; ranked)."""
        ranked = ranked and bool(query.terms)  # relevance is about free text; skill:/city: only filter
        # unranked: the words made once (TsVector.match)
        match = self._once(query, ("match", not ranked), lambda: self.sql.match(query, once=not ranked))
        driver = self._text_driver(query) if match is not None else self._driver(query)
        where, params, none = self._filters_once(query, driver, exclude)
        if none:
            return None
        if walk and (match is None or ranked or driver != "fts" or not self.sql.walks):
            return None
        if match is not None and not where and not walk and (ranked or self.sql.walks):
            # Score (or, on PostgreSQL, sort) in the index alone, join only the page (joining
            # every match first costs 2x); unranked here: the walk found too few (TsVector.walk).
            inner, inner_params, order = (self.sql.ranked_ids if ranked else self.sql.matched_ids)(*match)
            page, page_params = self.sql.page_limit(limit, offset)
            inner = inner.replace("{page}", page)  # the inner query's LIMIT … OFFSET …
            sql = (f"SELECT {_COLUMNS} FROM ({inner}) AS f"
                   f" {self.sql.join} person AS p ON p.id = f.id LEFT JOIN candidate_profile AS cp ON cp.person_id = p.id"
                   f" WHERE p.erased_at IS NULL ORDER BY {order}")
            return sql, [*inner_params, *page_params]
        page, page_params = self.sql.page_limit(limit, offset)
        if match is not None:
            cond, match_params = match
            order, order_params = self.sql.rank_order(match_params) if ranked else (self._key(driver), [])
            index = self.sql.walk(walk) if walk else "person_fts"
            if driver == "fts" and not ranked and not walk and self.sql.walks:
                # what the walks did not find: every match of the words from the bitmap, their ids
                # sorted, then the filters tested in id order until the page is full
                index, cond = self.sql.sorted_matches(cond), "TRUE"
            sql = (f"SELECT {_COLUMNS} FROM {self._from(query, driver, text=True, index=index)} WHERE {cond}"
                   f" AND p.erased_at IS NULL{where} ORDER BY {order} {page}")
            return sql, [*match_params, *params, *order_params, *page_params]
        if query.is_empty:  # nothing asked: the most recently contacted people
            return self.sql.recent(_COLUMNS, limit, offset)
        sql = (f"SELECT {_COLUMNS} FROM {self._from(query, driver)} WHERE p.erased_at IS NULL{where}"
               f" ORDER BY {self._key(driver)} {page}")
        return sql, [*params, *page_params]

    _memo: tuple[Query, dict[tuple, object]] | None = None  # one page's pieces (_walked_page)

    def _once(self, q: Query, key: tuple, make):  # noqa: ANN001, ANN202
        """``make()``, made once while PostgreSQL's page of ``q`` is put together (``_walked_page``)."""
        memo = self._memo
        if memo is None or memo[0] is not q:
            return make()
        if key not in memo[1]:
            memo[1][key] = make()
        return memo[1][key]

    def _filters_once(self, q: Query, driver: str, exclude: tuple[int, ...]) -> tuple[str, list[object], bool]:
        return self._once(q, ("filters", driver, exclude), lambda: self._filters(q, driver, exclude))

    def _count_sql(self, query: Query, exclude: tuple[int, ...] = ()) -> tuple[str, list[object]] | None:
        match = self.sql.match(query)
        driver = self._text_driver(query) if match is not None else self._driver(query)
        where, params, none = self._filters(query, driver, exclude)
        if none:
            return None
        if match is not None and not where:  # erased people are never in the index
            return self.sql.count_all(match[0]), match[1]
        if match is not None:
            sql = (f"SELECT count(*) FROM {self._from(query, driver, text=True)}"
                   f" WHERE {match[0]} AND p.erased_at IS NULL{where}")
            return sql, [*match[1], *params]
        return f"SELECT count(*) FROM {self._from(query, driver)} WHERE p.erased_at IS NULL{where}", params

    @staticmethod
    def _needs_candidate(q: Query) -> bool:
        return bool(q.salary or q.avail or q.statuses or "candidate" in q.roles or search_profile.needs_profile(q))

    def _driver(self, q: Query) -> str:
        """Which table a query without text walks, in person-id order, to stop after a page."""
        if "contact" in q.roles:
            return "contact"  # contacts are few: walk their index
        if q.custom and self._walked(q) is not None:
            return "custom"  # the people holding a custom value, or the few in a range (store.custom_sql)
        if self._needs_candidate(q):
            return "candidate"  # salary/avail/status live on the profile: test them first
        return "person"

    def _walked(self, q: Query):  # -> CustomFilter | None
        """The custom filter a query without text walks ``custom_value`` by (``store.custom_sql``),
        asked once per query (a page asks three times: the driver, its FROM and its filters)."""
        if getattr(self, "_walk_memo", (None,))[0] is not q:  # this very query (the counts move with the data)
            self._walk_memo = (q, custom_sql.walked(self.conn, q))
        return self._walk_memo[1]

    def _text_driver(self, q: Query) -> str:
        """Which table a query with text walks: the index, in id order — or, where the engine
        cannot stream its matches in id order (PostgreSQL), the few contacts for ``role:contact``."""
        return "contact" if "contact" in q.roles and not self.sql.streams_matches else "fts"

    def _from(self, q: Query, driver: str, *, text: bool = False, index: str = "person_fts") -> str:
        """The FROM clause, join order fixed (CROSS JOIN): the driver, then the candidate profile
        when a filter needs it (cheap tests first), then the person row."""
        key, join, not_indexed = self._key(driver), self.sql.join, self.sql.not_indexed
        if self._needs_candidate(q):
            cp, cp_after = f" {join} candidate_profile AS cp ON cp.person_id = {key}", ""
        else:
            cp, cp_after = "", " LEFT JOIN candidate_profile AS cp ON cp.person_id = p.id"
        if driver == "fts":
            return f"{index} AS f{cp} {join} person AS p ON p.id = {key}{cp_after}"
        if driver == "candidate":
            return f"candidate_profile AS cp{not_indexed} {join} person AS p ON p.id = cp.person_id"
        if driver == "custom":  # the people holding a custom value, or the few in a range (store.custom_sql)
            walk = custom_sql.walk_source(self._walked(q), db.engine(self.conn))
            return f"{walk}{cp} {join} person AS p ON p.id = d.person_id{cp_after}"
        if driver == "contact":  # walks the person_id index of contact_role: ordered, no sort
            fts = f" {join} person_fts AS f ON f.person_id = d.person_id" if text else ""
            return (f"{self.sql.contacts} AS d{self.sql.contacts_hint}{cp}{fts}"
                    f" {join} person AS p ON p.id = d.person_id{cp_after}")
        return f"person AS p{not_indexed}{cp_after}"

    def _key(self, driver: str) -> str:
        """The person id as the driving table knows it (so tests run before the person row is read)."""
        return self.sql.key if driver == "fts" else _KEY[driver]

    def _filters(self, q: Query, driver: str, exclude: tuple[int, ...] = ()) -> tuple[str, list[object], bool]:
        """(" AND ..." conditions, their parameters, matches-nothing) for the non-FTS filters
        (and: not the people ``exclude`` names)."""
        parts: list[str] = []
        params: list[object] = []
        key = self._key(driver)
        if exclude:
            parts.append(f"{key} NOT IN ({','.join('?' * len(exclude))})")
            params.extend(exclude)
        if driver == "contact":  # one row per person: their first role
            parts.append("d.id = (SELECT min(d2.id) FROM contact_role AS d2 WHERE d2.person_id = d.person_id)")
        elif "contact" in q.roles:
            parts.append(f"EXISTS (SELECT 1 FROM contact_role AS r WHERE r.person_id = {key})")
        for op, amount in q.salary:
            parts.append(f"cp.desired_salary {_OPS[op]} ?")
            params.append(amount)
        for op, days in q.avail:
            parts.append(f"cp.available_from {_OPS[op]} ?")
            params.append((self.today + timedelta(days=days)).isoformat())
        more, more_params = search_profile.conditions(q)
        parts += more
        params += more_params
        if q.statuses:
            parts.append(f"cp.status IN ({','.join('?' * len(q.statuses))})")
            params.extend(sorted(q.statuses))
        if q.owners:
            ids = self._owner_ids(q.owners)
            if not ids:
                return "", [], True
            parts.append(f"p.owner_id IN ({','.join('?' * len(ids))})")
            params.extend(ids)
        for tag in q.tags:
            parts.append(self.sql.tag_test(tag.value, tag.prefix, params))
        if "candidate" in q.roles:
            parts.append("cp.person_id IS NOT NULL")
        parts += custom_sql.tests(q, key, params, walk=self._walked(q) if driver == "custom" else None,
                                  engine=db.engine(self.conn))
        return "".join(f" AND {p}" for p in parts), params, False

    def _owner_ids(self, owners: tuple[str, ...]) -> list[int]:
        wanted = {self.me if o == "me" else o for o in owners} - {None}
        if not wanted:
            return []
        rows = self.conn.execute("SELECT id, initials FROM recruiter").fetchall()
        return sorted(i for i, initials in rows if initials and initials.upper() in wanted)

    def _rows(self, rows: list[tuple]) -> list[PersonRow]:
        if not rows:
            return []
        contact: dict[int, list[str]] = {}
        for row in rows:  # PostgreSQL: the roles came with the page (store.search_page_pg)
            for company, left in (row[_TOP + 1] or ()) if len(row) > _TOP else ():
                contact.setdefault(row[0], []).append(f"formerly at {company}" if left else f"contact at {company}")
        ids = [r[0] for r in rows if len(r) <= _TOP]
        marks = ",".join("?" * len(ids))
        for pid, company, left_at in self.conn.execute(
            "SELECT r.person_id, c.name, r.left_at FROM contact_role AS r JOIN company AS c ON c.id = r.company_id"
            f" WHERE r.person_id IN ({marks}) ORDER BY r.person_id, r.left_at IS NOT NULL, r.id DESC", ids
        ) if ids else ():
            contact.setdefault(pid, []).append(f"formerly at {company}" if left_at else f"contact at {company}")
        out = []
        for (pid, name, headline, city, country, cand, skills, avail, desired, currency, last, status) in (
                r[:_TOP] for r in rows):
            roles = (("candidate",) if cand is not None else ()) + tuple(contact.get(pid, ()))
            last_dt: datetime | None = local(last)
            out.append(PersonRow(
                id=pid,
                name=name,
                headline=headline,
                location=city or country,
                top_skills=_top_skills(skills),
                available_from=parse_date(avail),
                desired_salary=desired,
                salary_currency=currency if desired is not None else None,
                last_contact=last_dt.date() if last_dt else None,
                status=status,
                roles=roles,
            ))
        return out


# The person id as the driving table knows it (so tests run before the person row is read).
_KEY = {"person": "p.id", "candidate": "cp.person_id", "contact": "d.person_id", "custom": "d.person_id"}


def _top_skills(text: str | None) -> tuple[str, ...]:
    if not text or text == "[]":
        return ()
    try:
        skills = json.loads(text)
    except ValueError:
        return ()
    if not isinstance(skills, list):
        return ()
    return tuple(str(s) for s in skills[:3])
