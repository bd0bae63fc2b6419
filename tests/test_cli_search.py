"""`deskcrm search`, run as a user runs it: a real process, real exit codes, no tracebacks."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from clirun import assert_one_line_error, run

from deskcrm.store import db
from deskcrm.store.demo import build_demo
from deskcrm.store.values import ts

TODAY = date(2026, 11, 18)
HOSTILE_NAME = "Zed \x1b[31mQuux\u202e [/] [@click=app.quit]"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("search-cli") / "demo.db"
    build_demo(path, candidates=400, seed=11, today=TODAY)
    conn = db.connect(path)
    from deskcrm.store.search_index import index_people

    with db.write(conn):
        now = ts(__import__("datetime").datetime(2026, 11, 1, 9, 0))
        cur = conn.execute(
            "INSERT INTO person (name, other_contacts, headline, city, tags, custom, created_at, updated_at, version)"
            " VALUES (?, '[]', 'Quuxologist', 'Berlin', '[]', '{}', ?, ?, 1)", (HOSTILE_NAME, now, now))
        index_people(conn, [cur.lastrowid])
    conn.close()
    return path


def test_search_prints_a_table_and_the_match_count(demo_db):
    result = run("search", "--db", str(demo_db), "berlin")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].split()[:3] == ["ID", "Name", "Headline"]
    shown, total = int(lines[-1].split()[0].replace(",", "")), int(lines[-1].split()[2].replace(",", ""))
    assert lines[-1] == f"{shown:,} of {total:,} matches"
    assert shown == 20 == len(lines) - 2 and total > 20  # default --limit 20
    assert result.stderr == ""


def test_search_words_may_be_separate_arguments(demo_db):
    joined = run("search", "--db", str(demo_db), "--json", "skill:python city:berlin")
    separate = run("search", "--db", str(demo_db), "--json", "skill:python", "city:berlin")
    assert joined.returncode == separate.returncode == 0
    assert json.loads(joined.stdout) == json.loads(separate.stdout) != []


def test_search_json_shape(demo_db):
    result = run("search", "--db", str(demo_db), "--json", "--limit", "5", "salary<90k")
    assert result.returncode == 0, result.stderr
    people = json.loads(result.stdout)
    assert len(people) == 5
    for person in people:
        assert set(person) == {"id", "name", "headline", "location", "top_skills", "available_from",
                               "desired_salary", "salary_currency", "last_contact", "status", "roles"}
        assert isinstance(person["id"], int) and isinstance(person["top_skills"], list)
        assert len(person["top_skills"]) <= 3 and person["desired_salary"] < 90000
        for key in ("available_from", "last_contact"):
            assert person[key] is None or date.fromisoformat(person[key])
        assert "candidate" in person["roles"]


def test_search_json_ids_open_the_same_people(demo_db):
    people = json.loads(run("search", "--db", str(demo_db), "--json", "role:contact").stdout)
    assert people and all(any(r.startswith(("contact at", "formerly at")) for r in p["roles"]) for p in people)
    conn = db.connect(demo_db)
    for p in people[:5]:
        assert conn.execute("SELECT name FROM person WHERE id = ?", (p["id"],)).fetchone()[0] == p["name"]
    conn.close()


def test_search_cleans_user_data_in_the_table_but_not_in_json(demo_db):
    table = run("search", "--db", str(demo_db), "quuxologist")
    assert table.returncode == 0
    assert "\x1b" not in table.stdout and "\u202e" not in table.stdout
    assert "Zed ␛[31mQuux" in table.stdout
    (person,) = json.loads(run("search", "--db", str(demo_db), "--json", "quuxologist").stdout)
    assert person["name"] == HOSTILE_NAME and person["roles"] == []


def test_no_matches(demo_db):
    result = run("search", "--db", str(demo_db), "zzyzx")
    assert result.returncode == 0 and result.stdout.strip().splitlines() == [  # never a bare "0 of 0" (issue 17)
        "No one matches “zzyzx”", "Nothing in the desk has “zzyzx” — check the spelling or try another word"]
    assert json.loads(run("search", "--db", str(demo_db), "--json", "zzyzx").stdout)["people"] == []


@pytest.mark.parametrize("query", ['"', "*", "AND", "NEAR(", "-", "^", "(((", '"unbalanced', "OR NOT", "\udcff"])
def test_fts_syntax_is_never_an_error(demo_db, query):
    result = run("search", "--db", str(demo_db), "--json", "--", query)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert isinstance(out, list) or out["partial"] is True  # matches, or the best partial ones


@pytest.mark.parametrize(("query", "fragments"), [
    ("salary<abc", ("salary<abc", "90k")),
    ("berlin status:bogus", ("status:bogus", "active")),
    ("avail<zz", ("avail<zz", "30d")),
    ("salary<90", ("salary<90", "90k")),
    ("owner:me", ("owner:me", "--me")),
])
def test_a_filter_that_cannot_be_read_is_exit_2(demo_db, query, fragments):
    """The CLI used to warn, drop the filter and print everybody else (exit 0)."""
    result = run("search", "--db", str(demo_db), query)
    assert_one_line_error(result, *fragments)
    assert result.returncode == 2 and result.stdout == ""


def test_every_problem_is_named_on_the_one_line(demo_db):
    result = run("search", "--db", str(demo_db), "berlin salary<abc avail<soon owner:me")
    assert_one_line_error(result, "salary<abc", "avail<soon", "owner:me")


def test_a_query_starting_with_a_dash_goes_after_double_dash(demo_db):
    result = run("search", "--db", str(demo_db), "--json", "--", "-2+3")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert isinstance(out, list) or out["partial"] is True
    assert_one_line_error(run("search", "--db", str(demo_db), "-2+3"), "-2", "deskcrm search -- -2+3")


def test_owner_me_from_the_config(demo_db):
    from deskcrm.config import paths

    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('me = "AM"\n')
    from_config = run("search", "--db", str(demo_db), "--json", "owner:me", "--limit", "3")
    option = run("search", "--db", str(demo_db), "--json", "owner:me", "--limit", "3", "--me", "am")
    assert from_config.returncode == 0 and from_config.stderr == ""
    assert json.loads(from_config.stdout) == json.loads(option.stdout) != []


def test_owner_me_with_me_option(demo_db):
    result = run("search", "--db", str(demo_db), "--json", "--me", "AM", "owner:me", "--limit", "3")
    assert result.returncode == 0 and result.stderr == ""
    assert len(json.loads(result.stdout)) == 3


@pytest.mark.parametrize("limit", ["0", "1001", "-3"])
def test_bad_limit_is_one_line(demo_db, limit):
    assert_one_line_error(run("search", "--db", str(demo_db), f"--limit={limit}", "berlin"), "--limit", "1 to 1000")


def test_non_numeric_limit_is_one_line(demo_db):
    assert_one_line_error(run("search", "--db", str(demo_db), "--limit", "lots", "berlin"), "--limit")


def test_limit_bounds(demo_db):
    one = run("search", "--db", str(demo_db), "--json", "--limit", "1", "berlin")
    assert one.returncode == 0 and len(json.loads(one.stdout)) == 1
    big = run("search", "--db", str(demo_db), "--limit", "1000", "")  # nothing asked: recent people
    conn = db.connect(demo_db)
    people = conn.execute("SELECT count(*) FROM person").fetchone()[0]
    conn.close()
    assert big.returncode == 0 and big.stdout.strip().splitlines()[-1] == f"{people:,} of {people:,} matches"


def test_offset_pages_through_the_ranked_matches(demo_db):
    """--offset N: the next page of the same order (the engine's, or --rank's), each person once; the
    last line says which rows these are; past the end, none (no partial matches: this is no dead end)."""
    def ids(*args: str) -> list[int]:
        out = run("search", "--db", str(demo_db), "--json", *args, "berlin")
        assert out.returncode == 0, out.stderr
        return [p["id"] for p in json.loads(out.stdout)]

    for order in ((), ("--rank",)):
        whole = ids("--limit", "30", *order)
        assert ids("--limit", "10", *order) + ids("--limit", "10", "--offset", "10", *order) + ids(
            "--limit", "10", "--offset=20", *order) == whole
    page = run("search", "--db", str(demo_db), "--limit", "5", "--offset", "5", "berlin")
    last = page.stdout.strip().splitlines()[-1]
    assert last.startswith("6-10 of ") and last.endswith(" matches"), last
    past = run("search", "--db", str(demo_db), "--offset", "100000", "berlin")
    assert past.returncode == 0 and past.stdout.strip().splitlines()[-1].startswith("none past the first 100,000 of ")
    assert_one_line_error(run("search", "--db", str(demo_db), "--offset", "-1", "berlin"), "--offset")


def test_missing_query_and_missing_database(tmp_path):
    assert_one_line_error(run("search"), "QUERY")
    assert_one_line_error(run("search", "--db", str(tmp_path / "missing.db"), "x"), "no such database file")
    assert_one_line_error(run("search", "--db", "/no/such/dir/x.db", "x"), "does not exist")


def test_help_mentions_search():
    result = run("--help")
    assert "search" in result.stdout
    assert "--limit" in run("search", "--help").stdout


def test_rank_and_why(demo_db):
    """--rank: the recruiter's order (as enter in the TUI); --why: which word hit which field."""
    from deskcrm.domain.search_query import parse
    from deskcrm.store.search import SqliteSearch

    result = run("search", "--db", str(demo_db), "--json", "--rank", "--why", "--limit", "10", "python engineer")
    assert result.returncode == 0, result.stderr
    people = json.loads(result.stdout)
    conn = db.connect(demo_db)
    try:
        page = SqliteSearch(conn, date.today()).search(parse("python engineer", typing=False), limit=10, ranked=True)
    finally:
        conn.close()
    assert [p["id"] for p in people] == [r.id for r in page.rows] != []
    python, engineer = people[0]["why"]
    assert python["term"] == "python" and python["fields"][:2] == ["title", "skills"]
    assert engineer["term"] == "engineer" and engineer["fields"][0] == "title"
    plain = run("search", "--db", str(demo_db), "--json", "--limit", "10", "python engineer")
    assert "why" not in json.loads(plain.stdout)[0]
    table = run("search", "--db", str(demo_db), "--rank", "--why", "--limit", "3", "python engineer")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split()[-1] == "Why" and "python → title, skills" in lines[1]


def test_why_of_hostile_data_and_queries_is_literal(demo_db):
    result = run("search", "--db", str(demo_db), "--why", "[/] [@click=app.quit] quux")
    assert result.returncode == 0, result.stderr
    row = result.stdout.splitlines()[1]
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert row.startswith(tuple("0123456789")) and "Zed" in row  # the hostile person, cleaned
    assert row.endswith("click app quit → name · quux → title")  # words only: markup is never a term


def test_a_desired_salary_is_shown_as_asked_not_rounded(tmp_path):
    """€92,500 read "92k EUR" in the table: a value nobody asked for (the TUI says 92.5k)."""
    from seed import seed

    path = tmp_path / "desk.db"
    seed(path)
    conn = db.connect(path)
    with db.write(conn):
        conn.execute("UPDATE candidate_profile SET desired_salary = 92500, salary_currency = 'EUR'"
                     " WHERE person_id = (SELECT id FROM person WHERE name = 'Ana Silva')")
    from deskcrm.store.search_index import rebuild_person_index

    rebuild_person_index(conn)
    conn.close()
    result = run("search", "--db", str(path), "Ana Silva")
    assert result.returncode == 0, result.stderr
    assert "92.5k EUR" in result.stdout and "92k EUR" not in result.stdout
