"""Issue 17, item 4: ``enter`` orders as a recruiter would (``store.search_order``,
``domain.relevance``), on both engines — a hand-made desk where each rule decides — and ``why``
says which term hit which field."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from test_search_store import TODAY, Desk

from deskcrm.domain import relevance
from deskcrm.domain.search_query import parse
from deskcrm.store import db
from deskcrm.store.search import SqliteSearch


@pytest.fixture
def desk(desk_path) -> Desk:
    d = Desk(desk_path)
    P = d.person
    seen = datetime(2026, 11, 1, 9, 0)
    d.ids = {
        # where "python" is: notes only, skills only, title and skills (the lowest id first)
        "notes": P("Ann Notes", headline="Office Manager", notes="Learning python at night", status="active",
                   avail=TODAY),
        "skills": P("Bo Skills", headline="Data Analyst", skills=["Python", "SQL"], status="passive"),
        "title": P("Cy Title", headline="Python Engineer", skills=["Python"], status="placed"),
        # "machine learning": scattered over two fields, or the phrase in the title
        "scattered": P("Di Scattered", headline="Learning Designer", skills=["Machine vision"]),
        "phrase": P("Ed Phrase", headline="Machine Learning Engineer", status="passive"),
        # "rust engineer": identical in the index; the tie-breaks decide
        "later": P("Fay Later", headline="Rust Engineer", avail=TODAY + timedelta(days=30)),
        "sooner": P("Gil Sooner", headline="Rust Engineer", avail=TODAY + timedelta(days=5)),
        "now": P("Hu Now", headline="Rust Engineer", avail=TODAY - timedelta(days=10)),
        "placed": P("Ivo Placed", headline="Rust Engineer", status="placed", last_contact=seen),
        "passive": P("Jo Passive", headline="Rust Engineer", status="passive", last_contact=seen),
        "active": P("Kai Active", headline="Rust Engineer", status="active", last_contact=seen),
        "old": P("Lu Old", headline="Rust Engineer", status="passive", last_contact=seen - timedelta(days=90)),
        "dnc": P("Mo Dnc", headline="Rust Engineer", skills=["Rust"], status="do_not_contact",
                 avail=TODAY, notes="rust engineer, rust"),
    }
    d.index()
    return d


def ranked(desk: Desk, text: str, *, literal: bool = False, **kw) -> list[str]:
    """``literal``: without the vocabulary (which reads "machine learning" as one phrase)."""
    query = parse(text, typing=False, vocabulary=None) if literal else parse(text, typing=False)
    page = SqliteSearch(desk.conn, TODAY).search(query, ranked=True, **kw)
    return [r.name for r in page.rows]


def test_title_and_skills_before_notes(desk):
    assert ranked(desk, "python") == ["Cy Title", "Bo Skills", "Ann Notes"]


def test_an_exact_phrase_before_scattered_words(desk):
    assert ranked(desk, "machine learning", literal=True) == ["Ed Phrase", "Di Scattered"]


def test_the_tie_breaks_decide_in_order(desk):
    assert ranked(desk, "rust engineer") == [
        "Hu Now", "Gil Sooner", "Fay Later",  # available sooner first (already available: now)
        "Kai Active", "Jo Passive", "Lu Old", "Ivo Placed",  # then status; then the last contact
        "Mo Dnc",  # do-not-contact last, whatever it matches
    ]
    page = SqliteSearch(desk.conn, TODAY).search(parse("rust engineer", typing=False), ranked=True)
    assert page.rows[-1].status == "do_not_contact"  # marked: the row says so (dnc in the table)


def test_paging_and_the_window(desk, monkeypatch):
    from deskcrm.store import search_order

    whole = ranked(desk, "rust engineer")
    pages = [n for off in range(0, 9, 3) for n in ranked(desk, "rust engineer", limit=3, offset=off)]
    assert pages == whole
    monkeypatch.setattr(search_order, "ALL", 0)  # more matches than ALL: a window
    monkeypatch.setattr(search_order, "WINDOW", 4)  # the engine's best 4 re-ordered, with the best 4 more
    assert ranked(desk, "rust engineer") == whole  # with a word in their title (all 8 here), its order after
    monkeypatch.setattr(search_order, "WINDOW", 1)  # "python": the engine's best 1 and Cy Title (title and
    engine = ranked(desk, "python", engine_order=True)  # skills) re-ordered, the engine's order after
    small = ranked(desk, "python")
    head = [engine[0]] + (["Cy Title"] if engine[0] != "Cy Title" else [])
    assert small[0] == "Cy Title" and sorted(small[:len(head)]) == sorted(head)
    assert small[len(head):] == [n for n in engine[1:] if n not in head]
    assert [n for off in range(3) for n in ranked(desk, "python", limit=1, offset=off)] == small


def test_a_full_profile_is_not_buried_by_many_sparse_rows(desk_path, monkeypatch):
    """After an import of sparse rows (python in the skills, a city, nothing else) the engine's
    best matches are all short rows (bm25 favours them): a Python Engineer in Berlin with a full
    profile must still come first. With up to ``ALL`` matches every one is re-ordered, not just
    the engine's best ``WINDOW``."""
    from deskcrm.store import search_order

    monkeypatch.setattr(search_order, "WINDOW", 10)  # as 300 among 1,200 imported rows, cheaper
    d = Desk(desk_path)
    cv = " ".join(["Built payment services, event pipelines and internal tools for product teams."] * 30)
    full = d.person("Tendai Full", headline="Senior Python Engineer", city="Berlin", country="Germany",
                    skills=["Python", "Django", "FastAPI", "PostgreSQL"], status="passive", resume=cv,
                    notes="Met at PyCon; prefers hybrid; notice three months. " * 5)
    for i in range(40):
        d.person(f"Sparse Row{i}", city="Berlin", skills=["python", "rust"])
    d.index()
    search = SqliteSearch(d.conn, TODAY)
    query = parse("python berl", typing=False)
    if db.engine(d.conn) == "sqlite":  # bm25's best: sparse rows only (ts_rank does not weigh a row's length)
        assert full not in [r.id for r in search.search(query, ranked=True, engine_order=True, limit=10).rows]
    assert search.search(query, ranked=True, limit=5).rows[0].id == full
    whole = [r.id for r in search.search(query, ranked=True, limit=41).rows]
    paged = [r.id for off in range(0, 41, 7) for r in search.search(query, ranked=True, limit=7, offset=off).rows]
    assert paged == whole and sorted(whole) == sorted({*whole}) and len(whole) == 41
    monkeypatch.setattr(search_order, "ALL", 20)  # more matches than that: the window, and the best of those
    assert search.search(query, ranked=True, limit=5).rows[0].id == full  # with a word in their title with it
    assert search.search(parse("python", typing=False), ranked=True, limit=5).rows[0].id == full  # (title_hits)
    paged = [r.id for off in range(0, 41, 7) for r in search.search(query, ranked=True, limit=7, offset=off).rows]
    assert sorted(paged) == sorted(whole)


def test_filters_and_no_text_keep_their_order(desk):
    assert ranked(desk, "rust status:passive") == ["Jo Passive", "Lu Old"]
    assert ranked(desk, "status:placed") == ["Cy Title", "Ivo Placed"]  # nothing to rank: id order


def test_why_names_the_fields_each_term_hit(desk):
    backend = SqliteSearch(desk.conn, TODAY)
    q = parse("python engineer night", typing=False)
    assert backend.why(q, desk.ids["title"]) == (
        relevance.Hit("python", ("headline", "skills")), relevance.Hit("engineer", ("headline",)),
        relevance.Hit("night", ()))
    assert relevance.why_text(backend.why(q, desk.ids["notes"])) == (
        "python → notes · engineer → nowhere · night → notes")
    assert backend.why(parse("status:active", typing=False), desk.ids["title"]) == ()  # no words: no why


def test_why_says_a_phone_or_an_email_typed_whole_is_theirs(desk):
    """A phone typed whole found its person first, and the why said "49 → nowhere · 172 → nowhere ·
    23104961 → nowhere": the index holds its digits nowhere, the person's phone column does."""
    with db.write(desk.conn):
        desk.conn.execute("UPDATE person SET phone = '+49 172 23104961', phone_norm = '+4917223104961',"
                          " email = 'cy@example.org', email_norm = 'cy@example.org' WHERE id = ?", (desk.ids["title"],))
    backend = SqliteSearch(desk.conn, TODAY)
    said = relevance.why_text(backend.why(parse("+49 172 23104961 python", typing=False), desk.ids["title"]))
    assert said == "+49 172 23104961 → phone · python → title, skills"
    assert relevance.why_text(backend.why(parse("cy@example.org", typing=False), desk.ids["title"])).startswith(
        "cy@example.org → email")
    assert "phone" not in relevance.why_text(backend.why(parse("+49 172 23104961", typing=False), desk.ids["notes"]))


# ---------------------------------------------------------------------------- the rules, pure


def key(**kw):
    base = dict(status="active", available=None, last_contact=None, desired=None, salary=(), today=date(2026, 1, 1))
    return relevance.order_key(5, **{**base, **kw})


def test_salary_inside_the_asked_range_before_outside():
    asked = (("<", 90_000.0),)
    assert key(desired=80_000.0, salary=asked) < key(desired=95_000.0, salary=asked)
    assert key(desired=80_000.0, salary=asked) < key(desired=None, salary=asked)  # unknown: outside
    assert key(desired=95_000.0) == key(desired=80_000.0)  # nothing asked: no difference


def test_relevance_words_and_phrases():
    t = [relevance.Term(("senior",), False, "senior"), relevance.Term(("python",), False, "python")]
    title = {"headline": ["senior", "python", "engineer"], "skills": ["python"]}
    apart = {"headline": ["senior", "data", "scientist"], "skills": ["python"]}
    assert relevance.score(t, title)[0] > relevance.score(t, apart)[0]
    prefix = [relevance.Term(("java",), True, "java")]
    assert relevance.score(prefix, {"skills": ["java"]})[0] > relevance.score(prefix, {"skills": ["javascript"]})[0]



def test_a_terms_vocabulary_alternatives_count_as_the_term():
    """"python developer" finds engineers through the vocabulary; the order must weigh them so too."""
    dev = relevance.Term(("developer",), False, "developer", alts=(("engineer",), ("programmer",)))
    python = relevance.Term(("python",), False, "python")
    engineer = {"headline": ["python", "engineer"]}
    notes = {"headline": ["office", "manager"], "notes": ["python", "developer"]}
    assert relevance.score([python, dev], engineer)[0] > relevance.score([python, dev], notes)[0]
    assert relevance.hits([dev], engineer) == (relevance.Hit("developer", ("headline",)),)
    ml = relevance.Term(("ml",), False, "ml", alts=(("machine", "learning"),))
    engineer_term = relevance.Term(("engineer",), False, "engineer")
    together = {"headline": ["machine", "learning", "engineer"]}
    apart = {"headline": ["machine", "learning", "lead"], "skills": ["engineer"]}
    assert relevance.score([ml, engineer_term], together)[0] > relevance.score([ml, engineer_term], apart)[0]


def test_synonyms_rank_like_the_word_typed(desk):
    assert ranked(desk, "python developer")[0] == "Cy Title"


# ---------------------------------------------------------------------------- properties

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_TEXT = st.text(st.characters(blacklist_categories=("Co", "Cs")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_the_fast_split_is_the_index_split(text):
    from deskcrm.store import search_order, search_sql

    assert search_order._words(text) == search_sql.index_words(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from("ab abc b c".split()), max_size=8), st.lists(st.sampled_from(["a", "ab", "b", "c"]),
                                                                           min_size=1, max_size=3), st.booleans())
def test_a_term_is_found_where_its_words_stand_side_by_side(words, term_words, prefix):
    term = relevance.Term(tuple(term_words), prefix, " ".join(term_words))
    n = len(term_words)
    expected = [i for i in range(len(words) - n + 1)
                if words[i:i + n - 1] == term_words[:-1]
                and (words[i + n - 1].startswith(term_words[-1]) if prefix else words[i + n - 1] == term_words[-1])]
    assert [i for i, _n, _whole in relevance._at(words, term)] == expected
    assert relevance.hits([term], {"notes": words}) == (relevance.Hit(term.shown, ("notes",) if expected else ()),)
