"""A page of person search is the same whichever step finds it (store.search_page_pg on
PostgreSQL: the first walk, the second, the walk of every id, or the whole query from the GIN
bitmap), and the same as on SQLite; it comes back in ONE statement there, roles and the
estimate's highest id included."""

from __future__ import annotations

import pytest

from deskcrm.domain.search_query import parse
from deskcrm.store import db, search_page_pg
from deskcrm.store.search import SqliteSearch
from test_search_store import TODAY, demo, demo_desk  # noqa: F401 - fixtures

QUERIES = ("se", "py", "python", "engineer", "data engineer", "senior nu", '"machine learning', "sap fico",
           "skill:python sal", "data engineer mu", "anna sc", "avail<30d ci sa",
           "accountant sal", "status:active skill:ja", "avail<30d ci", "accountant salary<70k",
           "se status:dnc tag:relocation", "skill:python sal", "role:contact he", "role:contact", "zzzz nobody",
           "tag:hot se", "owner:me an")

# (FIRST, SECOND, WALK_ON, DENSE_WORDS, LONG, LONG_FROM, GUESS_ON): each sends the pages down another step
STEPS = {
    "defaults": None,
    "first walk holds everyone": (10**6, 10**6, 0, 10, 10**6, 10**9, 10**9),
    "tiny walks, then the bitmap": (3, 7, 10**12, 0, 10**6, 10**9, 10**9),
    "tiny walks, always the second": (3, 40, 0, 0, 10**6, 10**9, 10**9),
    "tiny walks, then every id": (3, 7, 10**12, 10**6, 10**6, 10**9, 10**9),
    "a short prefix's long walk, then the bitmap": (3, 7, 10**12, 0, 11, 0, 10**9),
    "a short prefix's long walk holds everyone": (3, 7, 0, 0, 10**6, 0, 10**9),
    "the words' guess walks on, then the bitmap": (3, 7, 10**12, 0, 10**6, 0, 0),
}


def _pages(backend: SqliteSearch, text: str) -> list[list[int]]:
    q = parse(text, typing=True)
    return [[r.id for r in backend.search(q, limit=limit, offset=offset).rows]
            for limit, offset in ((50, 0), (7, 0), (7, 7), (20, 33), (50, 400))]


@pytest.mark.parametrize("steps", list(STEPS))
def test_every_step_gives_the_same_pages(demo_desk, monkeypatch, steps):
    backend = SqliteSearch(demo_desk, TODAY, me="AM")
    truth = {text: [r.id for r in backend.search(parse(text, typing=True), limit=10**6).rows] for text in QUERIES}
    if STEPS[steps] is not None:
        for name, value in zip(("FIRST", "SECOND", "WALK_ON", "DENSE_WORDS", "LONG", "LONG_FROM", "GUESS_ON"),
                               STEPS[steps]):
            monkeypatch.setattr(search_page_pg, name, value)
    for text in QUERIES:
        every = truth[text]
        assert every == sorted(every), text  # as you type: person-id order
        assert len(every) == backend.count(parse(text, typing=True)), text
        expected = [every[:50], every[:7], every[7:14], every[33:53], every[400:450]]
        assert _pages(backend, text) == expected, (steps, text)


def test_a_keystroke_is_one_statement_with_its_roles_and_estimate(demo_desk, monkeypatch):
    """On PostgreSQL the page, its contact roles and the highest id come in one round trip;
    the rows are the same as SQLite builds from its two queries. (A page that finds nobody then
    looks for a word to correct, store.search_correct: off here.)"""
    backend = SqliteSearch(demo_desk, TODAY, me="AM", correct=False)
    seen: list[str] = []
    real = type(demo_desk).execute

    def counted(self, sql, params=()):
        seen.append(sql)
        return real(self, sql, params)

    monkeypatch.setattr(type(demo_desk), "execute", counted)
    for text in ("se", "senior nu", "sap fico", "role:contact he", "status:active skill:ja", ""):
        seen.clear()
        page = backend.search(parse(text, typing=True), limit=20)
        if db.engine(demo_desk) == "postgresql":
            assert len(seen) == 1, (text, seen)
        top = int(real(demo_desk, "SELECT max(id) FROM person").fetchone()[0])
        if len(page.rows) == 20:
            last = page.rows[-1].id
            assert page.estimate == (max(top, 20) if not text else round(20 * top / last)), text
        for row in page.rows:
            roles = real(demo_desk, "SELECT c.name, r.left_at FROM contact_role AS r JOIN company AS c"
                         " ON c.id = r.company_id WHERE r.person_id = ? ORDER BY r.left_at IS NOT NULL, r.id DESC",
                         (row.id,)).fetchall()
            assert row.roles[1 if row.roles[:1] == ("candidate",) else 0:] == tuple(
                f"formerly at {name}" if left else f"contact at {name}" for name, left in roles), (text, row)


def test_a_short_prefix_is_wide_and_a_search_connection_compiles_nothing(demo_desk):
    """A word being typed of 3 letters or fewer is "wide" (its GIN bitmap reads every word under
    it: a walk that found anybody goes on, store.search_page_pg.LONG); a search connection on
    PostgreSQL turns JIT off (a keystroke's plan, every step summed on paper, would be compiled)."""
    from deskcrm.store.search_sql import TSVECTOR

    wide = {text: TSVECTOR.wide(parse(text, typing=True))
            for text in ("senior nu", "accountant sa", "skill:python sal", "senior nurs", "anna ", "py", "p")}
    assert wide == {"senior nu": True, "accountant sa": True, "skill:python sal": True, "senior nurs": False,
                    "anna ": False, "py": True, "p": False}
    SqliteSearch(demo_desk, TODAY, me="AM")
    if db.engine(demo_desk) == "postgresql":
        assert demo_desk.execute("SHOW jit").fetchone()[0] == "off"


def test_the_words_guess_is_their_people_counted(demo_desk):
    """PostgreSQL: the guess of how many people match (store.search_estimate) is a word's count
    of people in person_fts_words, a prefix's sum over its words, and for two words the product
    over the highest id; nobody's word guesses nobody (0.5 at most)."""
    if db.engine(demo_desk) != "postgresql":
        return
    from deskcrm.store.search_estimate import words_guess

    top = "(SELECT coalesce(max(id), 0) FROM person)"

    def guess(text):
        sql, params = words_guess(parse(text, typing=True), top)
        return demo_desk.execute("SELECT " + sql, params).fetchone()[0]

    def people(lo, hi):
        return demo_desk.execute("SELECT coalesce(sum(people), 0) FROM person_fts_words WHERE word >= ? AND word < ?",
                                 [lo, hi]).fetchone()[0]

    n = demo_desk.execute("SELECT max(id) FROM person").fetchone()[0]
    python, se = people("python", "python\x01"), people("se", "sf")
    assert python > 0 and se > 0
    assert guess("python ") == pytest.approx(python)
    assert guess("se") == pytest.approx(se)
    assert guess("python se") == pytest.approx(python * se / n)
    assert guess("zzzzqx ") <= 0.5


def test_a_keystroke_connection_plans_each_page_shape_once(demo_desk):
    """The search screen's connections (``keystrokes=True``, work.search_pool): on PostgreSQL
    an unranked page's statement is prepared at its first run and its one generic plan kept
    (planning it cost more than running it); every other statement is planned with its values,
    unprepared. The pages are the same as any other connection's, on both engines."""
    plain = SqliteSearch(demo_desk, TODAY, me="AM")
    truth = {text: _pages(plain, text) for text in QUERIES}
    counts = {text: plain.count(parse(text, typing=True)) for text in QUERIES[:6]}
    conn = db.connect(demo_desk.url) if db.engine(demo_desk) == "postgresql" else demo_desk
    try:
        typing = SqliteSearch(conn, TODAY, me="AM", keystrokes=True)
        for _ in range(3):
            assert {text: _pages(typing, text) for text in QUERIES} == truth
        assert {text: typing.count(parse(text, typing=True)) for text in QUERIES[:6]} == counts
        if db.engine(demo_desk) != "postgresql":
            return
        prepared = conn.execute("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements").fetchall()
        assert prepared and [s[:200] for s, _g, _c in prepared if not s.startswith("WITH a AS MATERIALIZED")] == []
        assert sum(c for _s, _g, c in prepared) == 0 and sum(g for _s, g, _c in prepared) > len(prepared)
    finally:
        if conn is not demo_desk:
            conn.close()


def test_a_keystroke_statement_counts_each_walk_once(demo_desk):
    """PostgreSQL: a statement of walks counts a's rows, b's rows and reads the highest person id
    ONCE each (one-row CTEs that every test reads): written into each test, each would be an
    InitPlan of its own, set up at every keystroke and run again by every test that reads it."""
    if db.engine(demo_desk) != "postgresql":
        return
    conn = db.connect(demo_desk.url)
    try:
        typing = SqliteSearch(conn, TODAY, me="AM", keystrokes=True)
        for text in QUERIES:
            typing.search(parse(text, typing=True), limit=50)
        walks = [s for (s,) in conn.execute("SELECT statement FROM pg_prepared_statements")
                 if s.startswith("WITH a AS MATERIALIZED")]
    finally:
        conn.close()
    assert len(walks) >= 3  # shapes: plain words, a short prefix, with filters …
    for sql in walks:
        assert sql.count("FROM a)") == 1 and sql.count("FROM b)") == 1, sql[:300]  # each counted in its CTE only
        assert sql.count("max(id)") == 1, sql[:300]


def test_a_keystroke_page_is_put_together_once(demo_desk, monkeypatch):
    """PostgreSQL builds a walked page's SQL three times over (the page, its walks, the words'
    count): the words and the filters are made once a keystroke, so ``owner:me`` reads the
    recruiters once, not three times (a round trip each). The rows are SQLite's."""
    text = "owner:me tag:hot an"
    backend = SqliteSearch(demo_desk, TODAY, me="AM", correct=False)
    truth = [r.id for r in SqliteSearch(demo_desk, TODAY, me="AM", correct=False).search(
        parse(text, typing=True), limit=10**6).rows]
    sent: list[str] = []
    execute = demo_desk.execute
    monkeypatch.setattr(demo_desk, "execute", lambda sql, params=(): sent.append(sql) or execute(sql, params))
    rows = backend.search(parse(text, typing=True), limit=50).rows
    assert [r.id for r in rows] == truth[:50]
    assert sum("FROM recruiter" in sql for sql in sent) == 1
