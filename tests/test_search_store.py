"""Person search over SQLite FTS5: every filter, phrases, prefixes, ranking, paging, counts,
erasure, roles, owner:me, hostile input, and plans that stop after a page."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from deskcrm.domain.search_query import parse
from deskcrm.store import db
from deskcrm.store.demo import build_demo
from deskcrm.store.migrate import ensure_current
from deskcrm.store.search import PersonRow, SearchBackend, SearchPage, SqliteSearch, index_person
from deskcrm.store.search_index import rebuild_person_index
from deskcrm.store.values import ts

TODAY = date(2026, 11, 18)
NOW = ts(datetime(2026, 11, 18, 9, 0))


# ---------------------------------------------------------------------------- a hand-made desk


class Desk:
    def __init__(self, path: Path) -> None:
        if not db.is_server(path):  # a desk on the test server is migrated already
            ensure_current(path)
        self.conn = db.connect(path)
        self.conn.executemany(
            "INSERT INTO recruiter (id, name, initials, active) VALUES (?, ?, ?, TRUE)",
            [(1, "Alex Morgan", "AM"), (2, "Tom Becker", "TB")],
        )
        self.companies: dict[str, int] = {}

    def company(self, name: str) -> int:
        if name not in self.companies:
            cur = self.conn.execute(
                "INSERT INTO company (name, name_norm, bd_stage, fee_currency, payment_terms_days, guarantee_days,"
                " prorata_rule, created_at, updated_at, version) VALUES (?, ?, 'active_client', 'EUR', 30, 90,"
                " 'none', ?, ?, 1)", (name, name.lower(), NOW, NOW))
            self.companies[name] = cur.lastrowid
        return self.companies[name]

    def person(self, name: str, *, headline=None, city=None, country=None, notes=None, owner=None, tags=(),
               last_contact=None, candidate=True, skills=(), desired=None, currency="EUR", avail=None,
               status="active", resume=None, employer=None, contact_at=None, left=False) -> int:
        cur = self.conn.execute(
            "INSERT INTO person (name, other_contacts, city, country, headline, owner_id, tags, custom, notes,"
            " last_contact_at, created_at, updated_at, version) VALUES (?, '[]', ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, 1)",
            (name, city, country, headline, owner, json.dumps(list(tags)), notes,
             ts(last_contact) if last_contact else None, NOW, NOW))
        pid = cur.lastrowid
        if candidate:
            self.conn.execute(
                "INSERT INTO candidate_profile (person_id, skills, current_employer, desired_salary, salary_currency,"
                " available_from, status, resume_text, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)",
                (pid, json.dumps(list(skills)), employer, desired, currency, avail.isoformat() if avail else None,
                 status, resume))
        if contact_at:
            self.conn.execute(
                "INSERT INTO contact_role (person_id, company_id, title, is_hiring_manager, is_billing, left_at,"
                " version) VALUES (?, ?, 'Head of Engineering', TRUE, FALSE, ?, 1)",
                (pid, self.company(contact_at), "2025-01-31" if left else None))
        return pid

    def index(self) -> None:
        rebuild_person_index(self.conn)


@pytest.fixture
def desk(desk_path) -> Desk:
    d = Desk(desk_path)
    P = d.person
    d.ids = {
        "ana": P("Ana Rivera", headline="Senior Python Engineer", city="Berlin", country="Germany",
                 skills=["Python", "Django", "PostgreSQL", "Docker"], desired=85000, avail=TODAY + timedelta(days=10),
                 owner=1, tags=["fintech", "Hot"], last_contact=datetime(2026, 11, 10, 15, 0), employer="Initech"),
        "ben": P("Ben Okafor", headline="JavaScript Developer", city="München", country="Germany",
                 skills=["JavaScript", "React"], desired=70000, avail=TODAY - timedelta(days=3), owner=2,
                 tags=["remote-only"], status="passive"),
        "cleo": P("Cleo Java", headline="Java Engineer", city="London", country="United Kingdom",
                  skills=["Java", "Spring"], desired=95000, currency="GBP", avail=TODAY + timedelta(days=60), owner=1,
                  status="placed", notes="Worked on machine learning pipelines"),
        "dev": P("Dev Patel", headline="Data Scientist", city="Düsseldorf", country="Germany",
                 skills=["Python", "Machine Learning", "SQL"], desired=60000, avail=None, status="do_not_contact",
                 resume="Built machine learning models; learning machine design", owner=2),
        "eva": P("Eva Rivera", headline="Engineering Manager", city="Berlin", country="Germany", candidate=False,
                 contact_at="Acme", owner=1, last_contact=datetime(2026, 11, 12, 9, 0)),
        "finn": P("Finn Berg", headline="CTO", city="Hamburg", country="Germany", skills=["Go", "Python"],
                  desired=150000, status="passive", contact_at="Globex", owner=2),
        "gus": P("Gus Lee", headline="Former hiring manager", city="Paris", country="France", candidate=False,
                 contact_at="Acme", left=True),
        "hal": P("Hal Rivera", headline="Rivera's assistant", city="Berlin", notes="Reports to Eva Rivera",
                 skills=["Excel"], desired=40000, status="active"),
    }
    d.index()
    yield d
    d.conn.close()


def names(page: SearchPage) -> list[str]:
    return [r.name for r in page.rows]


def find(desk: Desk, text: str, *, typing: bool = False, me: str | None = None, ranked: bool = False,
         limit: int = 50, offset: int = 0, literal: bool = False) -> list[str]:
    """``literal``: the vocabulary and the typo correction off (the query language alone)."""
    query = parse(text, typing=typing, vocabulary=None) if literal else parse(text, typing=typing)
    return names(SqliteSearch(desk.conn, TODAY, me=me, correct=not literal).search(query, limit=limit,
                                                                                    offset=offset, ranked=ranked))


def count(desk: Desk, text: str, *, typing: bool = False, me: str | None = None) -> int:
    return SqliteSearch(desk.conn, TODAY, me=me).count(parse(text, typing=typing))


# ---------------------------------------------------------------------------- free text


def test_free_text_over_every_indexed_column(desk):
    assert find(desk, "okafor") == ["Ben Okafor"]  # name
    assert find(desk, "scientist") == ["Dev Patel"]  # headline
    assert find(desk, "django") == ["Ana Rivera"]  # skills
    assert find(desk, "initech") == ["Ana Rivera"]  # employer (candidate's)
    assert find(desk, "globex") == ["Finn Berg"]  # employer (contact role's company)
    assert find(desk, "hamburg") == ["Finn Berg"]  # location
    assert find(desk, "pipelines") == ["Cleo Java"]  # notes
    assert find(desk, "models") == ["Dev Patel"]  # resume


def test_all_words_must_match_and_the_last_is_a_prefix(desk):
    assert find(desk, "rivera berl") == ["Ana Rivera", "Eva Rivera", "Hal Rivera"]
    assert find(desk, "rivera pyth") == ["Ana Rivera"]
    assert find(desk, "pyth rivera", literal=True) == []  # earlier words are complete words
    assert find(desk, "pyth rivera") == ["Ana Rivera"]  # ... and one that matches nothing is corrected
    assert find(desk, "java") == ["Ben Okafor", "Cleo Java"]  # last word: prefix (JavaScript too)
    assert find(desk, "java ") == ["Cleo Java"]  # a trailing space finishes the word


def test_diacritics_fold(desk):
    assert find(desk, "munchen") == ["Ben Okafor"]
    assert find(desk, "düsseldorf") == find(desk, "dusseldorf") == ["Dev Patel"]


def test_phrases(desk):
    assert find(desk, '"machine learning"') == ["Cleo Java", "Dev Patel"]
    assert find(desk, '"learning machine"') == ["Dev Patel"]
    assert find(desk, '"machine lear', typing=True) == ["Cleo Java", "Dev Patel"]
    assert find(desk, '"pipelines machine"') == []


def test_one_character_words_are_ignored_while_typing(desk):
    assert find(desk, "rivera a", typing=True) == find(desk, "rivera", typing=True)
    assert find(desk, "a", typing=True) == find(desk, "", typing=True)  # nothing asked: recent list


def test_no_matches(desk):
    page = SqliteSearch(desk.conn, TODAY).search(parse("zzyzx"))
    assert page.rows == [] and count(desk, "zzyzx") == 0


HOSTILE = ['"', '""', "*", "AND", "OR", "NOT", "NEAR(", "NEAR(a b, 2)", "-", "^", "(((", ")", '"unbalanced',
           'rivera"', "rivera AND", "AND rivera", "rivera*", "^rivera", "-rivera", "name:rivera", "{name}:rivera",
           "rivera OR ben", "\x1b[31m", "\u202e", "'", "%", "_", "salary<", "tag:%", "tag:_", 'tag:"', "owner:(",
           "skill:*", "city:-", "ø" * 200, "rivera " * 40, "\udcff", "tag:\udcff"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_never_error(desk, text):
    backend = SqliteSearch(desk.conn, TODAY, me="AM")
    for typing in (True, False):
        q = parse(text, typing=typing)
        for ranked in (False, True):
            page = backend.search(q, limit=5, ranked=ranked)
            assert isinstance(page, SearchPage)
        assert backend.count(q) >= 0


def test_fts_words_are_searched_as_words(desk):
    assert find(desk, "rivera AND", literal=True) == []  # "and" is a word nobody here has
    assert find(desk, "rivera AND") == find(desk, "rivera")  # ... and a stop word
    assert find(desk, "rivera*") == find(desk, "rivera")
    assert find(desk, "-rivera") == find(desk, "rivera")
    assert find(desk, "punctuation ((( ***", typing=True) == []


# ---------------------------------------------------------------------------- filters


def test_skill_filter_is_exact_on_enter_and_a_prefix_while_typing(desk):
    assert find(desk, "skill:java") == ["Cleo Java"]  # not JavaScript
    assert find(desk, "skill:java", typing=True) == ["Ben Okafor", "Cleo Java"]
    assert find(desk, "skill:python") == ["Ana Rivera", "Dev Patel", "Finn Berg"]
    assert find(desk, "skill:python skill:django") == ["Ana Rivera"]  # repeated: all of them
    assert find(desk, 'skill:"machine learning"') == ["Dev Patel"]
    assert find(desk, "skill:rivera") == []  # only the skills column


def test_city_filter(desk):
    assert find(desk, "city:berlin") == ["Ana Rivera", "Eva Rivera", "Hal Rivera"]
    assert find(desk, "city:berlin city:london") == ["Ana Rivera", "Cleo Java", "Eva Rivera", "Hal Rivera"]
    assert find(desk, "city:munchen") == ["Ben Okafor"]
    assert find(desk, "city:rivera") == []
    assert find(desk, "python city:berlin") == ["Ana Rivera"]


def test_salary_filter(desk):
    assert find(desk, "salary<85k") == ["Ben Okafor", "Dev Patel", "Hal Rivera"]
    assert find(desk, "salary<=85k") == ["Ana Rivera", "Ben Okafor", "Dev Patel", "Hal Rivera"]
    assert find(desk, "salary>90,000") == ["Cleo Java", "Finn Berg"]
    assert find(desk, "salary>=60k salary<85k") == ["Ben Okafor", "Dev Patel"]
    assert find(desk, "python salary<90k") == ["Ana Rivera", "Dev Patel"]
    assert "Eva Rivera" not in find(desk, "salary>0k")  # no candidate profile, no salary


def test_avail_filter(desk):
    assert find(desk, "avail<30d") == ["Ana Rivera", "Ben Okafor"]  # Ben is already available
    assert find(desk, "avail<1w") == ["Ben Okafor"]
    assert find(desk, "avail<3m") == ["Ana Rivera", "Ben Okafor", "Cleo Java"]
    assert find(desk, "avail>30d") == ["Cleo Java"]
    assert "Dev Patel" not in find(desk, "avail<120m")  # unknown availability never matches


def test_status_filter(desk):
    assert find(desk, "status:active") == ["Ana Rivera", "Hal Rivera"]
    assert find(desk, "status:dnc") == ["Dev Patel"]
    assert find(desk, "status:placed,passive") == ["Ben Okafor", "Cleo Java", "Finn Berg"]
    assert find(desk, "rivera status:active") == ["Ana Rivera", "Hal Rivera"]


def test_owner_filter(desk):
    assert find(desk, "owner:tb") == ["Ben Okafor", "Dev Patel", "Finn Berg"]
    assert find(desk, "owner:me", me="TB") == ["Ben Okafor", "Dev Patel", "Finn Berg"]
    assert find(desk, "owner:me rivera", me="am") == ["Ana Rivera", "Eva Rivera"]
    assert find(desk, "owner:me,tb", me="AM") == ["Ana Rivera", "Ben Okafor", "Cleo Java", "Dev Patel", "Eva Rivera",
                                                  "Finn Berg"]
    assert find(desk, "owner:XY") == [] and count(desk, "owner:XY") == 0


def test_owner_me_without_me_matches_nobody_and_says_so(desk):
    page = SqliteSearch(desk.conn, TODAY, me=None).search(parse("owner:me rivera"))
    assert page.rows == [] and page.total == 0
    assert any("owner:me" in p for p in page.problems)
    assert count(desk, "owner:me") == 0


def test_tag_filter(desk):
    assert find(desk, "tag:fintech") == ["Ana Rivera"]
    assert find(desk, "tag:HOT") == ["Ana Rivera"]  # case-insensitive
    assert find(desk, "tag:fintech tag:hot") == ["Ana Rivera"]
    assert find(desk, "tag:fintech tag:remote-only") == []  # repeated: all of them
    assert find(desk, "tag:remote-only") == ["Ben Okafor"]
    assert find(desk, "tag:fin", typing=True) == ["Ana Rivera"]
    assert find(desk, "tag:fin") == []
    assert find(desk, "tag:%") == [] and find(desk, "tag:_") == []  # LIKE wildcards are literal


def test_role_filters(desk):
    contacts = ["Eva Rivera", "Finn Berg", "Gus Lee"]
    assert find(desk, "role:contact") == contacts
    assert find(desk, "role:candidate") == ["Ana Rivera", "Ben Okafor", "Cleo Java", "Dev Patel", "Finn Berg",
                                            "Hal Rivera"]
    assert find(desk, "role:contact role:candidate") == ["Finn Berg"]  # both roles, one record
    assert find(desk, "rivera role:contact") == ["Eva Rivera"]
    assert find(desk, "role:contact status:passive") == ["Finn Berg"]
    assert count(desk, "role:contact") == 3


def test_invalid_filter_values_are_ignored_with_a_problem(desk):
    page = SqliteSearch(desk.conn, TODAY).search(parse("rivera salary<abc avail<soon", typing=False))
    assert names(page) == ["Ana Rivera", "Eva Rivera", "Hal Rivera"]
    assert len(page.problems) == 2 and "salary<abc" in page.problems[0] and "avail<soon" in page.problems[1]


# ---------------------------------------------------------------------------- rows, ranking, paging, counting


def test_rows_carry_what_the_table_shows(desk):
    backend = SqliteSearch(desk.conn, TODAY)
    (ana,) = backend.search(parse("ana rivera")).rows
    assert ana == PersonRow(
        id=desk.ids["ana"], name="Ana Rivera", headline="Senior Python Engineer", location="Berlin",
        top_skills=("Python", "Django", "PostgreSQL"), available_from=TODAY + timedelta(days=10),
        desired_salary=85000.0, salary_currency="EUR", last_contact=date(2026, 11, 10), status="active",
        roles=("candidate",))
    (finn,) = backend.search(parse("finn")).rows
    assert finn.roles == ("candidate", "contact at Globex")
    (eva,) = backend.search(parse("eva manager")).rows
    assert eva.roles == ("contact at Acme",) and eva.status is None and eva.salary_currency is None
    (gus,) = backend.search(parse("gus")).rows
    assert gus.roles == ("formerly at Acme",) and gus.location == "Paris"


def test_ranked_puts_the_best_match_first(desk):
    # Unranked: person-id order. Ranked (enter): the recruiter's order (store.search_order):
    # Java typed whole before JavaScript.
    assert find(desk, "java") == ["Ben Okafor", "Cleo Java"]
    assert find(desk, "java", ranked=True) == ["Cleo Java", "Ben Okafor"]
    # "learning": once in Cleo's notes; in Dev's skills and twice in his resume — but Dev is
    # do-not-contact: last whatever he matches; the engine's order alone puts him first.
    assert find(desk, "learning") == ["Cleo Java", "Dev Patel"]
    assert find(desk, "learning", ranked=True) == ["Cleo Java", "Dev Patel"]
    backend = SqliteSearch(desk.conn, TODAY)
    assert names(backend.search(parse("learning", typing=False), ranked=True, engine_order=True)) == [
        "Dev Patel", "Cleo Java"]
    # With filters too; without free text there is nothing to rank: the plain order stays.
    assert find(desk, "java salary>1k", ranked=True) == ["Cleo Java", "Ben Okafor"]
    assert find(desk, "status:active", ranked=True) == find(desk, "status:active")
    assert find(desk, "skill:python", ranked=True) == find(desk, "skill:python")


@pytest.mark.parametrize("text", ["", "rivera", "berlin", "skill:python", "status:passive", "role:contact",
                                  "role:contact role:candidate", "tag:hot", "salary>1k"])
def test_pages_partition_the_matches_and_count_agrees(desk, text):
    backend = SqliteSearch(desk.conn, TODAY)
    q = parse(text, typing=False)
    everything = [r.id for r in backend.search(q, limit=1000).rows]
    for ranked in (False, True):
        paged = []
        for offset in range(0, 12, 2):
            paged += [r.id for r in backend.search(q, limit=2, offset=offset, ranked=ranked).rows]
        assert sorted(paged) == sorted(everything) and len(set(paged)) == len(paged)
    assert backend.count(q) == len(everything)


def test_empty_query_lists_the_most_recently_contacted(desk):
    assert find(desk, "")[:2] == ["Eva Rivera", "Ana Rivera"]
    assert count(desk, "") == 8


def test_limit_zero_and_negative_offsets(desk):
    backend = SqliteSearch(desk.conn, TODAY)
    assert backend.search(parse("rivera"), limit=0).rows == []
    assert names(backend.search(parse("rivera"), limit=1, offset=-5)) == ["Ana Rivera"]


def test_erased_people_never_appear(desk, desk_path):
    backend = SqliteSearch(desk.conn, TODAY)
    with db.write(desk.conn):
        desk.conn.execute("UPDATE person SET erased_at = ? WHERE id = ?", (NOW, desk.ids["ana"]))
    # Even before the index is updated, the erased row is not shown...
    assert "Ana Rivera" not in names(backend.search(parse("rivera")))
    assert "Ana Rivera" not in names(backend.search(parse("rivera"), ranked=True))
    assert "Ana Rivera" not in names(backend.search(parse("status:active")))
    assert "Ana Rivera" not in names(backend.search(parse("")))
    assert backend.count(parse("status:active")) == 1
    # ... and once re-indexed (what erasure does) it is gone from the index too.
    with db.write(desk.conn):
        index_person(desk.conn, desk.ids["ana"])
    key = "person_id" if db.is_server(desk_path) else "rowid"
    assert desk.conn.execute(f"SELECT count(*) FROM person_fts WHERE {key} = ?", (desk.ids["ana"],)).fetchone()[0] == 0
    assert backend.count(parse("rivera")) == 2
    assert backend.count(parse("skill:django")) == 0


def test_index_person_picks_up_edits(desk):
    backend = SqliteSearch(desk.conn, TODAY)
    with db.write(desk.conn):
        desk.conn.execute("UPDATE person SET headline = 'Staff Rustacean' WHERE id = ?", (desk.ids["ben"],))
        index_person(desk.conn, desk.ids["ben"])
    assert names(backend.search(parse("rustacean"))) == ["Ben Okafor"]


def test_sqlite_search_is_a_search_backend(desk):
    assert isinstance(SqliteSearch(desk.conn, TODAY), SearchBackend)


def test_store_search_does_not_import_textual_or_rich():
    code = ("import sys, deskcrm.store.search, deskcrm.domain.search_query;"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'rich', 'sqlmodel', 'sqlalchemy'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# ---------------------------------------------------------------------------- a demo desk: truth and plans


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "demo.db"
    build_demo(path, candidates=1500, seed=5, today=TODAY)
    conn = db.connect(path)
    yield conn
    conn.close()


@pytest.fixture
def demo_desk(demo, desk_path):
    """The demo desk on the engine under test (on PostgreSQL: its people copied in)."""
    if not db.is_server(desk_path):
        yield demo
        return
    from pgcopy import copy_rows

    copy_rows(demo, desk_path)
    conn = db.connect(desk_path)
    yield conn
    conn.close()


def _truth(conn, *, skill=None, city=None, salary_below=None, status=None, avail_days=None, tag=None, owner=None,
           contact=None):
    """The same filters, the slow obvious way, in Python."""
    roles = {pid for (pid,) in conn.execute("SELECT person_id FROM contact_role")}
    out = []
    for pid, pcity, pcountry, tags, owner_id, skills, desired, avail, st in conn.execute(
        "SELECT p.id, p.city, p.country, p.tags, p.owner_id, cp.skills, cp.desired_salary, cp.available_from,"
        " cp.status FROM person p LEFT JOIN candidate_profile cp ON cp.person_id = p.id WHERE p.erased_at IS NULL"
        " ORDER BY p.id"
    ):
        skill_words = {w.lower() for s in json.loads(skills or "[]") for w in s.replace("/", " ").split()}
        if skill and skill not in skill_words:
            continue
        if city and city not in f"{pcity} {pcountry}".lower().split():
            continue
        if salary_below and not (desired is not None and desired < salary_below):
            continue
        if status and st != status:
            continue
        if avail_days is not None and not (avail and avail < (TODAY + timedelta(days=avail_days)).isoformat()):
            continue
        if tag and tag not in json.loads(tags):
            continue
        if owner and owner_id != owner:
            continue
        if contact and pid not in roles:
            continue
        out.append(pid)
    return out


@pytest.mark.parametrize(
    "text, truth",
    [
        ("skill:python salary<90k", dict(skill="python", salary_below=90000)),
        ("avail<30d city:berlin", dict(avail_days=30, city="berlin")),
        ("status:placed owner:me", dict(status="placed", owner=1)),
        ("tag:hot status:active", dict(tag="hot", status="active")),
        ("role:contact city:london", dict(contact=True, city="london")),
        ("role:contact", dict(contact=True)),
        ("salary<40k", dict(salary_below=40000)),
    ],
)
def test_filters_agree_with_a_brute_force_scan(demo_desk, text, truth):
    backend = SqliteSearch(demo_desk, TODAY, me="AM")
    q = parse(text, typing=False)
    expected = _truth(demo_desk, **truth)
    assert expected, "the demo should have matches for this query"
    assert [r.id for r in backend.search(q, limit=5000).rows] == expected
    assert backend.count(q) == len(expected)
    assert [r.id for r in backend.search(q, limit=7, offset=3).rows] == expected[3:10]


@pytest.mark.parametrize(
    "text",
    ["py", "se", "python berl", "senior nu", "skill:python salary<90k", "avail<30d city:berlin", "status:active",
     "status:placed tag:hot", "salary<60k", "owner:me", "role:contact", "role:contact he", "tag:hot", ""],
)
def test_first_page_plans_stop_early_without_sorting(demo, text):
    """Unranked pages are read in index order and stop at LIMIT: never a sort of all matches."""
    plan = SqliteSearch(demo, TODAY, me="AM").explain(parse(text))
    assert plan, text
    assert not any("TEMP B-TREE" in step for step in plan), plan
    if parse(text).has_text:
        assert plan[0].startswith("SCAN f VIRTUAL TABLE"), plan
    # Every other table is reached by key, never scanned.
    assert all(not step.startswith("SCAN") or step == plan[0] or "VIRTUAL TABLE INDEX" in step for step in plan), plan


# ---------------------------------------------------------------------------- by phone number or email


def _reach(desk: Desk, key: str, *, phone: str | None = None, email: str | None = None) -> None:
    """Give a person a phone and an email as the person form saves them (normalised columns)."""
    from deskcrm.domain import validate

    with db.write(desk.conn):
        desk.conn.execute("UPDATE person SET phone = ?, phone_norm = ?, email = ?, email_norm = ? WHERE id = ?",
                          (phone, validate.phone_norm(phone), email, validate.email_norm(email), desk.ids[key]))


@pytest.mark.parametrize(
    "typed",
    ["+49 172 23104960", "+4917223104960", "0049 172 23104960", "+49 (0)172 231-04960", "0172 23104960",
     "017223104960", "172 23104960", "23104960", "4917223104960", "call 0172 23104960 today"],
)
@pytest.mark.parametrize("typing", [True, False])
def test_a_phone_number_finds_the_person_whose_it_is(desk, typed, typing):
    _reach(desk, "ana", phone="+49 172 23104960")
    _reach(desk, "ben", phone="+44 20 7946 0958")
    assert find(desk, typed, typing=typing) == ["Ana Rivera"]
    assert count(desk, typed, typing=typing) == 1


def test_a_number_typed_with_its_country_code_finds_one_stored_without(desk):
    _reach(desk, "ana", phone="0172 23104960")
    for typed in ("+49 172 23104960", "0172 23104960", "23104960"):
        assert find(desk, typed) == ["Ana Rivera"], typed


def test_a_few_digits_do_not_match_strangers(desk):
    _reach(desk, "ana", phone="+49 172 23104960")
    assert find(desk, "104960") == []  # 6 digits: the last digits must be at least 7
    assert find(desk, "+44 172 23104960") == []  # another country's number with the same end
    assert find(desk, "0172 23104961") == []


@pytest.mark.parametrize("typed", ["jan.janssens@example.com", "Jan.Janssens@Example.COM", "<jan.janssens@example.com>"])
def test_an_email_finds_the_person_whose_it_is(desk, typed):
    _reach(desk, "hal", email="jan.janssens@example.com")
    assert find(desk, typed) == ["Hal Rivera"]
    assert find(desk, typed, typing=True) == ["Hal Rivera"]


def test_an_email_being_typed_is_a_prefix_and_finished_it_is_exact(desk):
    _reach(desk, "hal", email="jan.janssens@example.com")
    _reach(desk, "ben", email="jan.janssens@example.com.au")
    assert find(desk, "jan.janssens@exa", typing=True) == ["Hal Rivera", "Ben Okafor"]
    assert find(desk, "jan.janssens@example.com", typing=True) == ["Hal Rivera", "Ben Okafor"]  # exact first
    assert find(desk, "jan.janssens@example.com") == ["Hal Rivera"]  # enter: the address as typed
    assert find(desk, "jan.janssens@exa") == []


def test_the_contact_match_comes_first_then_the_word_results_once(desk):
    _reach(desk, "dev", phone="+49 172 23104960")
    with db.write(desk.conn):  # the number also appears as a word: in notes
        desk.conn.execute("UPDATE person SET notes = 'old number 23104960' WHERE id IN (?, ?)",
                          (desk.ids["cleo"], desk.ids["dev"]))
        index_person(desk.conn, desk.ids["cleo"])
        index_person(desk.conn, desk.ids["dev"])
    for ranked in (False, True):
        assert find(desk, "23104960", ranked=ranked) == ["Dev Patel", "Cleo Java"]
    assert count(desk, "23104960") == 2
    assert find(desk, "23104960", limit=1) == ["Dev Patel"]
    assert find(desk, "23104960", limit=1, offset=1) == ["Cleo Java"]
    assert find(desk, "23104960", limit=5, offset=2) == []


def test_the_query_filters_apply_to_the_contact_match(desk):
    _reach(desk, "ana", phone="+49 172 23104960", email="ana@example.com")
    assert find(desk, "+49 172 23104960 status:active") == ["Ana Rivera"]
    assert find(desk, "+49 172 23104960 status:passive") == []
    assert count(desk, "ana@example.com status:passive") == 0
    assert find(desk, "ana@example.com owner:TB") == []


def test_erased_people_are_never_found_by_phone_or_email(desk):
    _reach(desk, "ana", phone="+49 172 23104960", email="ana@example.com")
    with db.write(desk.conn):
        desk.conn.execute("UPDATE person SET erased_at = ? WHERE id = ?", (NOW, desk.ids["ana"]))
    assert find(desk, "+49 172 23104960") == [] and find(desk, "ana@example.com") == []


def test_the_phone_lookups_use_their_indexes(desk, desk_path):
    from deskcrm.store import search_sql
    from deskcrm.store.search_contacts import TAIL

    tail = search_sql.of(desk.conn).phone_tail.format(n=TAIL)  # the lookup's expression, as the engine spells it
    if db.is_server(desk_path):  # a tiny table: ask for the index's plan, not a scan
        desk.conn.execute("SET enable_seqscan = off")
        plan = " ".join(r[0] for r in desk.conn.execute(
            f"EXPLAIN SELECT id FROM person WHERE {tail} = ? AND erased_at IS NULL", ("3104960",)))
        assert "ix_person_phone_tail" in plan, plan
        plan = " ".join(r[0] for r in desk.conn.execute(
            "EXPLAIN SELECT id FROM person WHERE email_norm >= ? AND email_norm < ?", ("a", "b")))
        assert "ix_person_email_norm" in plan, plan
        return
    plan = " ".join(r[3] for r in desk.conn.execute(
        f"EXPLAIN QUERY PLAN SELECT id FROM person WHERE {tail} = ? AND erased_at IS NULL",
        ("3104960",)))
    assert "USING INDEX ix_person_phone_tail" in plan, plan
    plan = " ".join(r[3] for r in desk.conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM person WHERE email_norm >= ? AND email_norm < ?", ("a", "b")))
    assert "INDEX ix_person_email_norm" in plan, plan


@pytest.mark.parametrize("text", ["py", "se", "engineer", "skill:python", "status:active", "role:contact",
                                  "salary<60k", "city:berlin"])
def test_a_full_page_estimates_the_count_from_where_it_ended(demo, text):
    """The estimate is free: n matches read up to person id ``last`` -> n * max(id) / last."""
    backend = SqliteSearch(demo, TODAY, me="AM")
    q = parse(text)
    page = backend.search(q, limit=20)
    top = demo.execute("SELECT max(id) FROM person").fetchone()[0]
    assert len(page.rows) == 20, text
    assert page.estimate == round(20 * top / page.rows[-1].id)
    exact = backend.count(q)
    assert exact / 3 <= page.estimate <= exact * 3, (text, page.estimate, exact)  # a guess of the right size
    later = backend.search(q, limit=20, offset=20)
    assert later.estimate == round(40 * top / later.rows[-1].id)


def test_no_estimate_when_the_page_is_the_whole_answer_or_ranked(demo):
    backend = SqliteSearch(demo, TODAY)
    whole = backend.search(parse("engineer"), limit=100_000)
    assert whole.estimate is None and len(whole.rows) == backend.count(parse("engineer"))
    assert backend.search(parse("engineer", typing=False), limit=20, ranked=True).estimate is None
    # Filters only: nothing to rank, the person-id order stays, and so does the estimate.
    assert backend.search(parse("status:active", typing=False), limit=20, ranked=True).estimate is not None
    # The empty query (most recently contacted first) guesses everyone.
    top = demo.execute("SELECT max(id) FROM person").fetchone()[0]
    assert backend.search(parse(""), limit=20).estimate == top
