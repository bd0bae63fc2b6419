"""A keystroke's page on PostgreSQL is sent first as the statement of the first two walks alone
(store.search_page_pg.WalksFirst), then, when they bring it short, as the statement of the other
steps (the third walk, the whole query); a text typed on from such a keystroke as all four: the
page is the same as the one statement's, whichever step answers it, and the same as SQLite's."""

from __future__ import annotations

import pytest

from deskcrm.domain.search_query import parse
from deskcrm.store import db, search_page_pg, search_sql
from deskcrm.store.search import SqliteSearch
from test_search_page_steps import STEPS
from test_search_store import TODAY, demo, demo_desk  # noqa: F401 - fixtures

TYPED = ("python berlin", "senior nurse", "sap fico", "anna sc", "accountant salary<70k", "status:active skill:ja",
         "se status:dnc tag:relocation", "role:contact he", "zzzz")
NAMES = ("FIRST", "SECOND", "WALK_ON", "DENSE_WORDS", "LONG", "LONG_FROM", "GUESS_ON")


@pytest.mark.parametrize("steps", ["defaults", "tiny walks, then the bitmap", "tiny walks, always the second",
                                   "tiny walks, then every id", "the words' guess walks on, then the bitmap"])
def test_walks_first_gives_the_one_statements_pages(demo_desk, monkeypatch, steps):
    if STEPS[steps] is not None:
        for name, value in zip(NAMES, STEPS[steps]):
            monkeypatch.setattr(search_page_pg, name, value)
    one = SqliteSearch(demo_desk, TODAY, me="AM", correct=False)  # one statement a page
    typing = SqliteSearch(demo_desk, TODAY, me="AM", correct=False, keystrokes=True)  # the walks first
    sent: list[str] = []
    real = search_sql.TsVector.one_page

    def spy(self, *args, part="all", **kw):
        sent.append(part)
        return real(self, *args, part=part, **kw)

    monkeypatch.setattr(search_sql.TsVector, "one_page", spy)
    seen: set[tuple[str, ...]] = set()
    for text in TYPED:
        for end in range(2, len(text) + 1):
            q = parse(text[:end], typing=True)
            for limit, offset in ((50, 0), (7, 0), (7, 7)):
                expected = [r.id for r in one.search(q, limit=limit, offset=offset).rows]
                sent.clear()
                got = [r.id for r in typing.search(q, limit=limit, offset=offset).rows]
                assert got == expected, (steps, text[:end], limit, offset)
                seen.add(tuple(sent))
    if db.engine(demo_desk) == "postgresql":
        # each way a keystroke goes: the walks fill the page; they fall short, then the other steps;
        # the text typed on from a short one goes whole at once
        # (with tiny walks, they never fill the page: the third walk and the bitmap answer after them)
        assert ({("walks",), ("walks", "rest"), ("all",)} if steps == "defaults" else {("walks", "rest")}) <= seen, (
            steps, seen)


def test_walks_first_chooses_by_the_text_typed():
    """The choice alone: the walks first; the other steps when they fall short; all the steps at
    once for a text typed on from one that fell short (not for another text, nor a page without walks)."""
    first, ran = search_page_pg.WalksFirst(), []

    def page(text, walks, rest, head="WITH a AS MATERIALIZED (x)"):
        ran.clear()

        def run(one):
            ran.append(one[1][0])
            return [()] * {"walks": walks, "rest": rest, "all": rest}[one[1][0]]

        got = first.rows(text, 3, lambda part: (head, [part]), run)
        return len(got), list(ran)

    assert page("py", 3, 3) == (3, ["walks"])
    assert page("pyt", 1, 2) == (2, ["walks", "rest"])
    assert page("pyth", 0, 2) == (2, ["all"])
    assert page("pyt", 1, 2) == (2, ["all"])
    assert page("java", 3, 3) == (3, ["walks"])
    assert page("ja", 0, 0, "SELECT 1") == (0, ["walks"])  # no walks in it: it was the whole statement
