"""Words the index holds for a query's sake (both engines): a candidate's seniority as one word
of the headline ("senior nurse" is two index terms, not a test of every nurse's profile), and
"c#", "c++", ".net" spelled in letters (the tokenizer drops "#", "+" and ".")."""

from __future__ import annotations

from datetime import date

import pytest

from deskcrm.domain.search_query import parse, seniority_word, spelled
from deskcrm.domain.relevance import why_text
from deskcrm.store import db, migrate, schema, search_index
from deskcrm.store.search import SqliteSearch
from deskcrm.store.search_partial import dead_end
from test_search_store import Desk

TODAY = date(2026, 11, 18)


@pytest.fixture
def desk(desk_path) -> Desk:
    d = Desk(desk_path)
    P = d.person
    d.ids = {
        "ana": P("Ana Rivera", headline="Registered Nurse", city="Berlin"),  # senior by the field
        "bo": P("Bo Lind", headline="Senior Nurse", city="Hamburg"),  # by the headline
        "cy": P("Cy Moss", headline="Nurse", city="Berlin"),  # junior
        "di": P("Di Hart", headline="Python Engineer", city="Berlin", skills=["Python"]),  # lead
        "ed": P("Ed [bold]Vane[/] \x1b[2J", headline="C# Developer", city="Munich", skills=["C#", ".NET", "Azure"]),
        "flo": P("Flo Kim", headline="Embedded C Engineer", city="Munich", skills=["C", "C++", "RTOS"]),
        "gus": P("Gus Roe", headline="Backend Developer", city="Berlin", skills=["ASP.NET", "SQL"],
                 notes="Moved to the Netherlands"),
        "hal": P("Hal Dunn", headline="Network Engineer", city="Rotterdam", country="Netherlands"),
    }
    for who, level in (("ana", "senior"), ("cy", "junior"), ("di", "lead"), ("ed", "Senior")):
        d.conn.execute("UPDATE candidate_profile SET seniority = ? WHERE person_id = ?", (level, d.ids[who]))
    d.index()
    yield d
    d.conn.close()


def names(rows) -> list[str]:
    return sorted(r.name.split()[0] for r in rows)


def find(desk: Desk, text: str, *, typing: bool = False, ranked: bool = False) -> list[str]:
    page = SqliteSearch(desk.conn, TODAY).search(parse(text, typing=typing), limit=50, ranked=ranked)
    return names(page.rows)


def count(desk: Desk, text: str) -> int:
    return SqliteSearch(desk.conn, TODAY).count(parse(text, typing=False))


# ---------------------------------------------------------------------------- seniority


def test_a_seniority_word_is_one_more_index_term():
    q = parse("senior nurse", typing=False)
    assert q.match_expression() == '("nurse"* OR "rn") AND headline : ("0senioritysenior" OR "senior")'
    assert seniority_word("Senior") == "0senioritysenior" and seniority_word("mid-level") == "0senioritymidlevel"
    assert parse("head of sales", typing=False).match_expression() == (
        '"sales"* AND headline : ("0seniorityhead" OR "head of")')


def test_seniority_is_the_field_or_the_headline_and_the_count_agrees(desk):
    assert find(desk, "senior nurse") == ["Ana", "Bo"]  # the field; the headline
    assert find(desk, "senior nurse", ranked=True) == ["Ana", "Bo"]
    assert count(desk, "senior nurse") == 2
    assert find(desk, "junior") == ["Cy"] and count(desk, "junior") == 1  # a seniority alone
    assert find(desk, "lead python", ranked=True) == ["Di"] and count(desk, "lead python") == 1
    assert find(desk, "senior c#") == ["Ed"]  # a stored "Senior" is the same level
    assert find(desk, "junior python") == [] and count(desk, "junior python") == 0


def test_the_mark_is_not_what_a_word_being_typed_finds(desk):
    assert find(desk, "seni", typing=True) == ["Bo"]  # the headline's word, not every senior's mark


def test_a_changed_seniority_is_searched_after_the_save(desk):
    assert search_index.people_to_reindex("candidate_profile", {"person_id": 7, "seniority": "mid"},
                                          {"person_id": 7, "seniority": "senior"}) == {7}
    cy = desk.ids["cy"]  # what a write does: the row, then the person re-indexed in its transaction
    desk.conn.execute("UPDATE candidate_profile SET seniority = 'senior' WHERE person_id = ?", (cy,))
    search_index.index_people(desk.conn, [cy])
    assert find(desk, "senior nurse") == ["Ana", "Bo", "Cy"] and count(desk, "senior nurse") == 3
    assert find(desk, "junior") == [] and count(desk, "junior") == 0


def test_the_why_and_the_dead_end_of_a_seniority(desk):
    backend = SqliteSearch(desk.conn, TODAY)
    q = parse("senior nurse", typing=False)
    assert why_text(backend.why(q, desk.ids["ana"])) == "nurse → title"
    dead = dead_end(backend, parse("senior zzqx", typing=False), limit=10)
    assert names(r.row for r in dead.rows) == ["Ana", "Bo", "Ed"]  # the seniors, each missing the word
    assert all(r.missing == ("zzqx",) for r in dead.rows)
    assert dead.nowhere == ("zzqx",)
    dead = dead_end(backend, parse("junior python", typing=False), limit=10)
    assert {r.row.name.split()[0]: r.missing for r in dead.rows} == {"Cy": ("python",), "Di": ("junior",)}


# ---------------------------------------------------------------------------- c#, c++, .net


def test_punctuation_words_are_spelled_on_both_sides():
    assert spelled("C#/.NET, c++") == " csharp / dotnet ,  cpp "
    assert spelled("plain text") == "plain text"
    assert parse("c#", typing=True).match_expression() == '("csharp" OR "c sharp")'  # complete as typed
    assert parse(".net", typing=True).terms[0].words == ("dotnet",)
    assert parse("c# developer", typing=False).terms[0].label == "c#"  # what the why and the dead end say


def test_c_sharp_finds_c_sharp_people_not_every_c(desk):
    for text in ("c#", "C#", "csharp", "skill:c#"):
        assert find(desk, text) == ["Ed"], text
        assert find(desk, text, typing=True) == ["Ed"], text
    assert count(desk, "c#") == 1
    assert find(desk, "c# developer") == ["Ed"]
    assert find(desk, "c++") == ["Flo"] and find(desk, "cpp") == ["Flo"]
    assert find(desk, ".net") == ["Ed", "Gus"]  # ASP.NET is .NET
    assert find(desk, ".net", typing=True) == ["Ed", "Gus"]  # not a prefix of "netherlands" / "network"
    backend = SqliteSearch(desk.conn, TODAY)
    assert why_text(backend.why(parse("c# developer", typing=False), desk.ids["ed"])) == \
        "c# → title, skills · developer → title"
    ed = [r for r in backend.search(parse("c#", typing=False)).rows][0]
    assert ed.name == "Ed [bold]Vane[/] \x1b[2J" and ed.top_skills == ("C#", ".NET", "Azure")  # shown as saved


# ---------------------------------------------------------------------------- an existing desk: 0012 rebuilds


@pytest.fixture(params=["sqlite", "postgresql"])
def old_desk(request, tmp_path):
    """A desk at schema 0011 (before the words): a file, or a database on the test server."""
    import os

    if request.param not in os.environ.get("DESKCRM_TEST_ENGINES", "sqlite"):
        pytest.skip(f"{request.param} is not in $DESKCRM_TEST_ENGINES")
    target = str(tmp_path / "old.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    migrate.upgrade(target, "0011")
    return target


def test_the_migration_rebuilds_an_older_index_with_the_words(old_desk):
    conn = db.connect(old_desk)
    with db.write(conn):
        conn.execute("INSERT INTO person (id, name, other_contacts, headline, tags, custom, created_at, updated_at,"
                     " version) VALUES (7, 'Ana Rivera', '[]', 'Registered Nurse', '[]', '{}', '2026-01-01', "
                     "'2026-01-01', 1)")
        conn.execute("INSERT INTO candidate_profile (person_id, skills, seniority, salary_currency, status, version)"
                     " VALUES (7, '[\"C#\"]', 'senior', 'EUR', 'active', 1)")
        cols = "name, headline, skills"  # the row as 0011's index wrote it: "C#" is the word "c"
        if db.engine(conn) == "sqlite":
            conn.execute(f"INSERT INTO person_fts (rowid, {cols}) VALUES (7, 'Ana Rivera', 'Registered Nurse', 'C#')")
        else:
            conn.execute(f"INSERT INTO person_fts (person_id, {cols}) VALUES (7, 'ana rivera', 'registered nurse', 'c')")
    backend = SqliteSearch(conn, TODAY, correct=False)
    assert backend.count(parse("senior nurse", typing=False)) == 0  # not in the old index
    conn.close()
    migrate.upgrade(old_desk)
    conn = db.connect(old_desk)
    backend = SqliteSearch(conn, TODAY, correct=False)
    assert [r.id for r in backend.search(parse("senior nurse", typing=False)).rows] == [7]
    assert [r.id for r in backend.search(parse("c#", typing=False)).rows] == [7]
    assert migrate.current_revision(conn) == schema.HEAD
    assert "rivera" in backend.sql.index_words_with(conn, "ri")  # PostgreSQL: the words counted too
    conn.close()


# ---------------------------------------------------------------------------- the index's words (typo correction)


def test_the_words_typo_correction_knows_are_kept_with_each_write(desk):
    from deskcrm.store import person_write

    backend = SqliteSearch(desk.conn, TODAY)
    words_with = backend.sql.index_words_with
    saved = person_write.create_person(desk.conn, {"name": "Pia Quillon", "headline": "Zyxwell Engineer", "source": "referral"})
    assert "zyxwell" in words_with(desk.conn, "zy") and "quillon" in words_with(desk.conn, "qu")
    page = SqliteSearch(desk.conn, TODAY).search(parse("zyxwall", typing=False))  # corrected to the saved word
    assert [r.name for r in page.rows] == ["Pia Quillon"] and page.corrected == (("zyxwall", "zyxwell"),)
    version = desk.conn.execute("SELECT version FROM person WHERE id = ?", (saved.person_id,)).fetchone()[0]
    person_write.update_person(desk.conn, saved.person_id, {"headline": "Zyxmore Engineer"}, expected_version=version)
    assert words_with(desk.conn, "zy") == ["zyxmore"]  # the old word: nobody holds it any more
    if db.engine(desk.conn) == "postgresql":  # how many hold each word
        assert desk.conn.execute("SELECT people FROM person_fts_words WHERE word = 'nurse'").fetchone() == (3,)
        search_index.rebuild_person_index(desk.conn)  # a rebuild counts them again, the same
        assert desk.conn.execute("SELECT people FROM person_fts_words WHERE word = 'nurse'").fetchone() == (3,)
        assert words_with(desk.conn, "zy") == ["zyxmore"]


# ---------------------------------------------------------------------------- partial matches: order and pages


def test_partial_matches_are_in_the_recruiters_order_when_ranked_and_page(desk):
    from deskcrm.store.search_partial import partial_page

    backend = SqliteSearch(desk.conn, TODAY)
    q = parse("netherlands zzqx", typing=False)
    typed = dead_end(backend, q, limit=10)
    assert [r.row.name.split()[0] for r in typed.rows] == ["Gus", "Hal"]  # while typing: id order
    ranked = dead_end(backend, q, limit=1, ranked=True)  # enter: a place beats a note
    assert [r.row.name.split()[0] for r in ranked.rows] == ["Hal"] and ranked.order == (desk.ids["hal"], desk.ids["gus"])
    nxt = partial_page(backend, ranked, offset=1, limit=1)
    assert [(r.row.name.split()[0], r.missing) for r in nxt] == [("Gus", ("zzqx",))]
    assert partial_page(backend, ranked, offset=2, limit=1) == []
