"""PostgreSQL's keystroke walks over ``person_prefix`` (migration 0024, ``store.search_prefix``):
the same pages as the walk of every id, and the postings exactly the index rows' words after
every kind of write (both engines: on SQLite there are no postings and the pages are FTS5's)."""

from __future__ import annotations

from datetime import date

import pytest

from deskcrm.domain.search_query import parse
from deskcrm.store import (db, erasure, journal, person_write, search_index, search_page_pg, search_prefix,
                           search_sql)
from deskcrm.store.copy import copy_desk
from deskcrm.store.search import SqliteSearch
from test_search_store import Desk

TODAY = date(2026, 11, 18)

HOSTILE = ("[/]", "[@click=app.quit]", "\x1b[31mRed\x1b[0m", "\u202eevil\u202c", "Zoë Ünal", "Иван Петров", "李小龍")


@pytest.fixture
def desk(desk_path) -> Desk:
    d = Desk(desk_path)
    P = d.person
    for i in range(90):  # enough that a first walk of a few ids falls short: the steps after it run
        P(f"Ann Data{i % 7} {HOSTILE[i % len(HOSTILE)]}", headline=("Data Engineer" if i % 3 else "Product Manager"),
          city=("Berlin" if i % 4 else "Munich"), skills=(["Python", "SQL"] if i % 5 else ["Java"]),
          notes=("machine learning pipelines" if i % 6 == 0 else None), employer=("Dataco" if i % 2 else None))
    d.ids = {"zed": P("Zed Prolog", headline="Prolog Programmer", city="Berlin", skills=["Prolog"])}
    d.index()
    yield d
    d.conn.close()


KEYS = ("da", "dat", "data", "data e", "data eng", "product man", "python berl", "skill:python", "skill:pyt ber",
        "city:munich data", "ann data3", "prolog", "pro", "prog", '"machine learning"', '"machine lea', "zoe",
        "ivan", "иван", "李小龍", "sql status:active", "data engineer salary<90k", "zzzq", "[/]", "ber da")


def _page(desk: Desk, text: str, postings: bool, monkeypatch, *, offset: int = 0, limit: int = 5) -> tuple:
    monkeypatch.setattr(search_sql.TsVector, "postings", postings)
    page = SqliteSearch(desk.conn, TODAY, keystrokes=True).search(parse(text, typing=True), limit=limit,
                                                                   offset=offset, ranked=False)
    return [r.id for r in page.rows], page.total, page.estimate, page.corrected


def _same_pages(desk: Desk, monkeypatch) -> None:
    for text in KEYS:
        for offset in (0, 5):
            assert _page(desk, text, True, monkeypatch, offset=offset) == _page(desk, text, False, monkeypatch,
                                                                                 offset=offset), (text, offset)


def _postings(desk: Desk) -> set[tuple[str, int]]:
    return set(desk.conn.execute("SELECT prefix, person_id FROM person_prefix").fetchall())


def _from_docs(desk: Desk) -> set[tuple[str, int]]:
    return set(desk.conn.execute("SELECT DISTINCT left(l.lexeme, 3), f.person_id FROM person_fts AS f, unnest(f.doc) AS l"
                                 " WHERE length(l.lexeme) >= 3").fetchall())


def _exact(desk: Desk) -> None:
    if db.engine(desk.conn) == "postgresql":
        assert _postings(desk) == _from_docs(desk)


def test_which_words_walk_the_postings():
    p = lambda text: search_prefix.prefixes(parse(text, typing=True))  # noqa: E731
    assert p("data") == ("dat",) and p("product man") == ("pro", "man") and p("da") == ()
    assert p("python b") == ("pyt",)  # a word of one or two letters is tested, not walked
    assert p("skill:python city:berlin") == ("pyt", "ber")  # a lone city is every match's
    assert p("city:berlin city:munich data") == ("dat",)  # two cities: either may match
    assert p("иван") == () and p("zoë") == ("zoe",)  # the index's folded word, ASCII only
    assert p("aaa bbb ccc ddd") == ("aaa", "bbb", "ccc")  # at most MOST intersected
    sql, params = search_prefix.source(("pro", "man"), 500, 500)
    assert params == ["pro", "man"] and "OFFSET 500" in sql and "pro" not in sql  # user text never in the SQL


def test_the_postings_give_the_same_pages_as_the_walk_of_every_id(desk, monkeypatch):
    """Every keystroke and the page after it, on both engines; on PostgreSQL again with the walks
    made small (3 and 12 people), so that keystrokes go on to the second walk and the whole query."""
    _same_pages(desk, monkeypatch)
    if db.engine(desk.conn) != "postgresql":
        return
    _exact(desk)
    monkeypatch.setattr(search_page_pg, "FIRST", 3)
    monkeypatch.setattr(search_prefix, "SECOND", 12)
    monkeypatch.setattr(search_page_pg, "SECOND", 12)
    _same_pages(desk, monkeypatch)
    data = _page(desk, "data", True, monkeypatch, limit=50)[0]
    assert len(data) == 50 and data == sorted(data)  # the first matches, in id order


def test_the_postings_follow_every_write_and_an_erasure_leaves_none(desk, monkeypatch, tmp_path):
    conn = desk.conn
    saved = person_write.create_person(conn, {"name": "Quinn Zylophant", "headline": "Datawarehouse Lead",
                                              "source": "referral"})
    _exact(desk)
    version = conn.execute("SELECT version FROM person WHERE id = ?", (saved.person_id,)).fetchone()[0]
    edit = person_write.update_person(conn, saved.person_id, {"headline": "Kubernetes Wrangler"},
                                      expected_version=version)
    _exact(desk)
    assert _page(desk, "kub", True, monkeypatch)[0] == [saved.person_id]
    assert saved.person_id not in _page(desk, "datawa", True, monkeypatch)[0]  # the old word: gone
    with db.write(conn):
        journal.undo(conn, edit.txn)
    _exact(desk)
    assert _page(desk, "datawa", True, monkeypatch)[0] == [saved.person_id]  # back
    _same_pages(desk, monkeypatch)

    erasure.erase(conn, saved.person_id, data_dir=tmp_path / "data", confirm_name="Quinn Zylophant")
    _exact(desk)
    if db.engine(conn) == "postgresql":  # erased: no posting of theirs, nor of their words
        assert conn.execute("SELECT count(*) FROM person_prefix WHERE person_id = ?", (saved.person_id,)).fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM person_prefix WHERE prefix = 'zyl'").fetchone() == (0,)
    assert saved.person_id not in _page(desk, "zylophant", True, monkeypatch)[0]

    zed = desk.ids["zed"]
    with db.write(conn):  # deleted outright (a merge, an import's undo): the cascade takes the postings
        conn.execute("DELETE FROM person WHERE id = ?", (zed,))
    _exact(desk)
    search_index.rebuild_person_index(conn)  # a rebuild: the same postings again
    _exact(desk)
    _same_pages(desk, monkeypatch)


def test_a_copied_desk_builds_its_own_postings(desk, desk_path, pg_url):
    """``deskcrm db copy`` to a server: the index rows copied, the postings made there (and the
    copy's verification passes)."""
    if db.engine(desk.conn) != "sqlite":
        return
    desk.conn.close()
    copy_desk(desk_path, pg_url)
    target = db.connect(pg_url)
    try:
        pairs = set(target.execute("SELECT prefix, person_id FROM person_prefix").fetchall())
        assert pairs and pairs == set(target.execute(
            "SELECT DISTINCT left(l.lexeme, 3), f.person_id FROM person_fts AS f, unnest(f.doc) AS l"
            " WHERE length(l.lexeme) >= 3").fetchall())
    finally:
        target.close()
