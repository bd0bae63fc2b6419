"""No dead ends (issue 17 item 3): when a query as a whole finds no one, the best partial
matches (fewest parts missed first, each with what it misses), the filters that removed the
most, and the words nothing in the desk holds. Both engines (the hand-made desk of
test_search_store)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_search_store import TODAY, Desk, desk  # noqa: F401 - the fixture

from deskcrm.domain import search_parts
from deskcrm.domain.search_query import parse
from deskcrm.store import db
from deskcrm.store.errors import Interrupted
from deskcrm.store.search import SqliteSearch
from deskcrm.store.search_partial import dead_end


def dead(desk: Desk, text: str, *, limit: int = 50):
    backend = SqliteSearch(desk.conn, TODAY)
    query = parse(text, typing=False)
    assert backend.search(query, limit=limit).rows == []  # a dead end indeed
    return dead_end(backend, query, limit=limit)


def shown(d) -> list[tuple[str, tuple[str, ...]]]:
    return [(p.row.name, p.missing) for p in d.rows]


def test_partial_rows_are_ranked_by_how_many_words_they_meet(desk):
    d = dead(desk, "python berlin hamburg")
    assert shown(d) == [
        ("Ana Rivera", ("hamburg",)), ("Finn Berg", ("berlin",)),  # 2 of 3, in the normal (id) order
        ("Dev Patel", ("berlin", "hamburg")), ("Eva Rivera", ("python", "hamburg")),  # then 1 of 3
        ("Hal Rivera", ("python", "hamburg")),
    ]
    assert (d.met, d.matched, d.about, d.missed) == (2, 2, False, "words")
    assert d.headline == "No one matches all 3 words — 2 match 2 of them"
    assert d.nowhere == () and d.filters_removed == {}


def test_a_word_nothing_in_the_desk_has_is_named(desk):
    d = dead(desk, "python berlin zzzq")
    assert shown(d)[0] == ("Ana Rivera", ("zzzq",))
    assert d.nowhere == ("zzzq",)
    assert d.headline == "No one matches all 3 words — 1 match 2 of them"
    assert "Nothing in the desk has “zzzq”" in d.advice and "spelling" in d.advice


def test_when_no_word_matches_anything_it_says_so_never_a_bare_no_matches(desk):
    d = dead(desk, "zzzq qqqx")
    assert d.rows == [] and d.nowhere == ("zzzq", "qqqx")
    assert d.headline == "No one matches both words"
    assert d.advice.startswith("Nothing in the desk has “zzzq” or “qqqx” — check the spelling")


def test_the_filters_that_removed_the_most_and_rows_that_miss_one(desk):
    d = dead(desk, "python salary<50k")
    assert d.filters_removed == {"salary<50k": 3}  # Ana 85k, Dev 60k, Finn 150k
    # Hal (40k) meets the filter but no word: a partial match meets at least one word
    assert shown(d) == [("Ana Rivera", ("salary<50k",)), ("Dev Patel", ("salary<50k",)),
                        ("Finn Berg", ("salary<50k",))]
    assert d.missed == "filters"
    assert d.headline == "No one matches “python” and the filters — 3 match without salary<50k"
    assert "salary<50k removed 3 — drop a filter" in d.advice


def test_words_and_filters_missed_on_one_level(desk):
    d = dead(desk, "python berlin status:passive")  # Ana: active, in Berlin; Finn: passive, in Hamburg
    assert shown(d)[:3] == [("Ana Rivera", ("status:passive",)), ("Finn Berg", ("berlin",)),
                          ("Dev Patel", ("berlin", "status:passive"))]  # then 2 parts missed
    assert d.missed == "both"
    assert d.headline == "No one matches both words and filters — 2 match all but one word or filter"


def test_a_filter_that_removed_no_one_counts_zero(desk):
    d = dead(desk, "python status:placed city:berlin")
    assert d.filters_removed == {"status:placed": 1, "city:berlin": 0}
    assert shown(d)[0] == ("Ana Rivera", ("status:placed",))
    assert d.headline == "No one matches “python” and the filters — 1 match without status:placed"


def test_filters_alone(desk):
    d = dead(desk, "status:placed salary<50k")
    assert d.filters_removed == {"status:placed": 1, "salary<50k": 1}
    assert shown(d)[:2] == [("Cleo Java", ("salary<50k",)), ("Hal Rivera", ("status:placed",))]
    assert d.headline == "No one matches these filters — 2 match without one of the filters"


def test_an_owner_who_does_not_exist_is_a_filter_that_removed_everyone(desk):
    d = dead(desk, "python owner:XY")
    assert d.filters_removed == {"owner:XY": 3}


def test_limit_and_hostile_words_are_only_labels(desk):
    d = dead(desk, 'python berlin "[/] \x1b[2J"', limit=1)
    assert len(d.rows) == 1 and d.rows[0].missing == ("2J",)  # the index's words: markup is not a word


def test_a_newer_keystroke_stops_it(desk):
    backend = SqliteSearch(desk.conn, TODAY)
    with pytest.raises(Interrupted):
        dead_end(backend, parse("python berlin hamburg"), limit=10, stop=lambda: True)


# ---------------------------------------------------------------------------- the parts, pure


def test_filter_labels_are_spelled_as_typed():
    q = parse('python skill:"machine learning" city:berlin city:paris tag:fintech status:placed,active '
              "owner:me role:contact salary<62.5k salary>=1m avail<2w", typing=False)
    assert [f.label for f in search_parts.filters(q)] == [
        'skill:"machine learning"', "city:berlin city:paris", "tag:fintech", "status:active,placed", "owner:me",
        "role:contact", "salary<62.5k", "salary>=1m", "avail<14d"]
    assert [f.indexed for f in search_parts.filters(q)][:3] == [True, True, False]
    assert search_parts.terms(q) == ["python"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(list("ab zq:<>=\"'9k,|[]/\x1b") + ["skill:", "city:", "salary<", "status:",
                                                                    "tag:", "avail<", "owner:", "role:"]),
                max_size=24).map("".join))
def test_every_filter_taken_out_leaves_the_rest(text):
    q = parse(text, typing=True)
    for f in search_parts.filters(q):
        assert f.without.has_filters or not f.alone.is_empty
        assert f.without.terms == q.terms and not f.alone.terms
        assert f.label
    head = search_parts.headline(q, met=None, matched=0, about=False, missed="words")
    assert head.startswith("No one matches")


def test_the_first_ids_walked_then_the_rest_estimated(desk, monkeypatch):
    """PostgreSQL looks for a part among the first WALK ids first (store.search_partial_sql): a
    desk of 8 people walked 3 at a time counts in that window and scales (≈); SQLite streams."""
    from deskcrm.store import search_partial_sql

    monkeypatch.setattr(search_partial_sql, "WALK", 3)
    monkeypatch.setattr(search_partial_sql, "DENSE", 1)
    d = dead(desk, "python berlin hamburg")
    assert shown(d)[0] == ("Ana Rivera", ("hamburg",))
    if db.engine(desk.conn) == "postgresql":  # Ana, Ben, Cleo walked: Ana counted, scaled to every id
        assert d.about and d.headline.startswith("No one matches all 3 words — ≈ ")
        assert len(d.rows) == 1
    else:
        assert not d.about and d.matched == 2
