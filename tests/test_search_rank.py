"""Issue 10, item 6: a ranked search scores a bounded number of matches (``store.search_rank``).

bm25 over every one of 87,576 matches costs ~200 ms at 1M candidates. Up to ``RANK_ALL`` matches
are ranked whole, as before; past it: name matches first, then the first ``RANK_ALL`` matches by
bm25, the rest in id order. Checked on the 300-candidate demo desk: typical queries keep their
order at the real bound; with the bound lowered to force the parts, every match is still listed
exactly once (paging included), the count is unchanged, name matches lead, each window is in
bm25 order, and the work no longer grows with the number of matches.
"""

from __future__ import annotations

import sqlite3

import pytest
from seed import TODAY, search_demo

from deskcrm.domain.search_query import parse
from deskcrm.store import db, search_order, search_rank
from deskcrm.store.search import _WEIGHTS, SqliteSearch

TYPICAL = ("python", "java", "senior", "engineer", "berlin", "london", "developer", "react", "data engineer",
           "senior python")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = search_demo(tmp_path_factory.mktemp("rank") / "demo.db")
    conn = db.connect(path)
    yield conn
    conn.close()


def _bm25(conn: sqlite3.Connection, text: str) -> list[int]:
    """Every match of ``text``, best first: what ranking them all gives."""
    match = parse(text, typing=False, vocabulary=None).match_expression()
    return [r[0] for r in conn.execute(f"SELECT rowid FROM person_fts WHERE person_fts MATCH ?"
                                       f" ORDER BY bm25(person_fts, {_WEIGHTS}), rowid", (match,))]


def _ranked(conn: sqlite3.Connection, text: str, limit: int = 20, offset: int = 0, *, engine: bool = True) -> list[int]:
    """The engine's order (what this module bounds); ``engine=False``: the recruiter's
    (``store.search_order``, which re-orders the engine's first ``WINDOW``)."""
    page = SqliteSearch(conn, TODAY).search(parse(text, typing=False, vocabulary=None), limit=limit, offset=offset,
                                            ranked=True, engine_order=engine)
    return [r.id for r in page.rows]


def _names(conn: sqlite3.Connection, text: str) -> set[int]:
    match = parse(text, typing=False, vocabulary=None).match_expression()
    return {r[0] for r in conn.execute("SELECT rowid FROM person_fts WHERE person_fts MATCH ?",
                                       (f"{{name}} : ({match})",))}


def test_typical_queries_keep_their_order(demo):
    for text in TYPICAL:
        every = _bm25(demo, text)
        assert every, text
        assert _ranked(demo, text, limit=50) == every[:50], text


@pytest.mark.parametrize("bound", [3, 10, 40])
def test_past_the_bound_every_match_is_listed_once_names_first(demo, monkeypatch, bound):
    monkeypatch.setattr(search_rank, "RANK_ALL", bound)
    backend = SqliteSearch(demo, TODAY)
    for text in (*TYPICAL, "anna", "an"):
        every = _bm25(demo, text)
        if len(every) <= bound:
            continue
        pages: list[int] = []
        for offset in range(0, len(every) + 7, 7):
            pages += _ranked(demo, text, limit=7, offset=offset)
        assert sorted(pages) == sorted(every) and len(pages) == len(set(pages)), text  # nothing lost or twice
        assert backend.count(parse(text, typing=False, vocabulary=None)) == len(every), text
        assert _ranked(demo, text, limit=len(every) + 5) == pages, text  # pages are slices of one order
        names = _names(demo, text)
        assert all(p in names for p in pages[:len(names)]), text  # name matches lead
        first = sorted(every)[:bound]  # the window: the first matches by id, ranked
        window = [i for i in every if i in first and i not in names]
        assert [i for i in pages if i in window] == window, text
        rest = [i for i in pages[len(names) + len(window):]]
        assert rest == sorted(rest), text  # past the window: id order


def test_the_work_does_not_grow_with_the_matches(tmp_path, monkeypatch):
    """SQLite's virtual-machine steps for the first page (each match a ranking reads passes
    through them): with a bound of 50, a desk with 5x the matches costs about the same."""
    monkeypatch.setattr(search_rank, "RANK_ALL", 50)
    steps = {}
    for n in (300, 1500):
        path = tmp_path / f"{n}.db"
        conn = db.connect(path, create=True)
        from deskcrm.store.migrate import ensure_current

        conn.close()
        ensure_current(path)
        conn = db.connect(path)
        conn.execute("CREATE TEMP TABLE t (x)")
        with db.write(conn):
            conn.executemany(
                "INSERT INTO person (name, other_contacts, headline, tags, custom, created_at, updated_at, version)"
                " VALUES (?, '[]', ?, '[]', '{}', '2026-01-01', '2026-01-01', 1)",
                [(f"Person {i}", "Python developer" if i % 2 else "Python and Go engineer") for i in range(n)])
            from deskcrm.store.search_index import rebuild_person_index

            rebuild_person_index(conn)
        count = [0]

        def tick() -> int:
            count[0] += 1
            return 0

        conn.set_progress_handler(tick, 1)
        assert len(_ranked(conn, "python")) == 20
        conn.set_progress_handler(None, 1)
        steps[n] = count[0]
        conn.close()
    assert steps[1500] < 1.5 * steps[300], steps


@pytest.mark.parametrize("window", [5, 300])
def test_the_recruiter_order_pages_through_every_match_once(demo, monkeypatch, window):
    """Past the re-ordered window the engine's order goes on: paging lists every match once,
    and the window holds the same people as the engine's first ``window`` (more matches than
    ``ALL``: with fewer, every one is re-ordered — test_search_order)."""
    monkeypatch.setattr(search_order, "WINDOW", window)
    monkeypatch.setattr(search_order, "ALL", 0)
    for text in ("python", "senior", "engineer berlin"):
        every = _bm25(demo, text)
        pages: list[int] = []
        for offset in range(0, len(every) + 7, 7):
            pages += _ranked(demo, text, limit=7, offset=offset, engine=False)
        assert sorted(pages) == sorted(every) and len(pages) == len(set(pages)), text
        # the window: the engine's first ``window`` and up to ``window`` more with a word in their title
        # (store.search_sql.Fts5.title_hits); past it the engine's order without those
        first = _ranked(demo, text, limit=window)
        query = parse(text, typing=False, vocabulary=None)
        search = SqliteSearch(demo, TODAY)
        titled = search.sql.title_hits(demo, query, search.filter_sql(query), window, first)
        assert set(pages[:window + len(titled)]) == {*first, *titled}, text
        assert pages[window + len(titled):] == [i for i in every[window:] if i not in set(titled)], text
        assert _ranked(demo, text, limit=len(every) + 5, engine=False) == pages, text
