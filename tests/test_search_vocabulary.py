"""What a query's words MEAN: the recruiting vocabulary (synonyms, abbreviations, seniority, stop
words, salary words) and the typo correction — parsed, then searched on both engines."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deskcrm.domain import vocabulary
from deskcrm.domain.search_query import parse, words
from deskcrm.store import db, person_write
from deskcrm.store.search import SqliteSearch
from deskcrm.store.search_correct import sentence
from clirun import run
from test_search_store import Desk

TODAY = date(2026, 11, 18)


def fts(text: str, typing: bool = False) -> str | None:
    return parse(text, typing=typing).match_expression()


# ---------------------------------------------------------------------------- parsing


def test_the_issue_sentence_parses_into_what_it_means():
    q = parse("senior python developer in Berlin under 90k", typing=False)
    assert q.seniority == (("senior", "senior"),)
    assert q.salary == (("<=", 90000.0),)
    assert [t.words for t in q.terms] == [("python",), ("developer",), ("Berlin",)]
    assert set(q.terms[1].alts) >= {("engineer",), ("programmer",)}
    assert q.problems == ()


@pytest.mark.parametrize("typed, means", [
    ("js", ("javascript",)), ("ts", ("typescript",)), ("k8s", ("kubernetes",)), ("ml", ("machine", "learning")),
    ("sre", ("site", "reliability")), ("c#", ("csharp",)), ("reactjs", ("react",)), ("react", ("reactjs",)),
    ("pm", ("product", "manager")), ("pm", ("project", "manager")), ("rn", ("registered", "nurse")),
    ("golang", ("go",)), ("postgres", ("postgresql",)), ("qa", ("quality", "assurance")), (".net", ("dotnet",)),
    ("programmer", ("developer",)), ("machine learning", ("ml",)),
])
def test_a_known_word_finds_its_equivalents(typed, means):
    (term,) = parse(typed + " ", typing=True).terms
    assert means in term.group


def test_abbreviations_do_not_make_their_long_forms_equal():
    (term,) = parse("product manager", typing=False).terms
    assert ("pm",) in term.alts and ("project", "manager") not in term.alts


def test_the_group_is_one_fts_or_and_the_word_being_typed_stays_a_prefix():
    assert fts("k8s sre", typing=True) == (
        '("k8s" OR "kube" OR "kubernetes") AND ("sre"* OR "site reliability" OR "site reliability engineer"'
        ' OR "site reliability engineering")')
    assert fts("c# dev ", typing=True).startswith('("csharp" OR "c sharp") AND ("dev" OR')  # not every "c"
    assert fts("csharp") == '("csharp"* OR "c sharp")'  # not "c": C and C++ are that word too


def test_stop_words_seniority_and_salary_words():
    assert fts("python with django and or in") == '"python" AND "django"'
    assert fts("in") == '"in"*'  # only stop words: they are what was asked
    assert parse("python lead", typing=True).seniority == ()  # "lead" may become "leadership"
    assert parse("python lead ", typing=True).seniority == (("lead", "lead"),)
    assert parse("head of finance", typing=False).seniority == (("head", "head of"),)
    assert parse("sr python").seniority == (("senior", "senior"),)
    assert parse("python over 60k below 90k").salary == ((">=", 60000.0), ("<=", 90000.0))
    assert parse("python <90k").salary == (("<", 90000.0),)
    assert parse("over python").salary == () and fts("over python") == '"over" AND "python"*'
    assert parse('"senior" python').seniority == ()  # quoted: the word itself
    q = parse("over 0172 23104960", typing=False)  # a phone number is not an amount
    assert q.salary == () and [c.value for c in q.contacts] == ["0172 23104960"]


def test_the_vocabulary_can_be_switched_off():
    q = parse("senior js developer in berlin under 90k", typing=False, vocabulary=None)
    assert q.seniority == () and q.salary == ()
    assert q.match_expression() == '"senior" AND "js" AND "developer" AND "in" AND "berlin" AND "under" AND "90k"*'


hostile = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
vocab_words = st.sampled_from(sorted(vocabulary.current().groups) + ["in", "senior", "under", "90k", "<90k", "head",
                                                                     "of", '"', "[/]", "\x1b[2J", "c#", "skill:"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(hostile, vocab_words), max_size=8), st.booleans(), st.sampled_from([" ", ""]))
def test_no_input_crashes_parsing_and_a_terms_group_holds_its_words(parts, typing, end):
    q = parse(" ".join(parts) + end, typing=typing)
    q.match_expression()
    for t in q.terms:
        assert t.words == t.group[0] and all(t.group)
        assert all(words(" ".join(alt)) == list(alt) for alt in t.alts)  # index words: no syntax


# ---------------------------------------------------------------------------- the user's vocabulary


def test_the_config_extends_the_vocabulary(tmp_path):
    from deskcrm.config import settings as settings_mod

    cfg = tmp_path / "config.toml"
    cfg.write_text('[search.synonyms]\nnurse = ["carer"]\n[search.abbreviations]\nba = ["business analyst"]\n')
    loaded = settings_mod.load(cfg)
    try:
        vocabulary.configure(loaded.search)
        (term,) = parse("carer ", typing=True).terms
        assert ("nurse",) in term.alts
    finally:
        vocabulary.configure(None)
    (term,) = parse("carer ", typing=True).terms
    assert term.alts == ()


@pytest.mark.parametrize("body, says", [
    ('[search.synonyms]\nnurse = 3\n', "[search.synonyms] nurse"),
    ('[search.synonyms]\nnurse = ["", "carer"]\n', "[search.synonyms] nurse"),
    ('[search.synonym]\nnurse = ["carer"]\n', "synonym"),
    ('[search]\nstop_words = ["x"]\n', "stop_words"),
])
def test_a_bad_vocabulary_entry_is_one_clear_line(tmp_path, body, says):
    from deskcrm.config import settings as settings_mod
    from deskcrm.errors import ConfigError

    cfg = tmp_path / "config.toml"
    cfg.write_text(body)
    with pytest.raises(ConfigError) as err:
        settings_mod.load(cfg)
    message = str(err.value)
    assert str(cfg) in message and says in message and "\n" not in message


# ---------------------------------------------------------------------------- searching (both engines)


@pytest.fixture
def desk(desk_path) -> Desk:
    d = Desk(desk_path)
    P = d.person
    d.ids = {
        "ana": P("Ana Rivera", headline="Python Engineer", city="Berlin", skills=["Python", "Django"], desired=85000),
        "bo": P("Bo Lind", headline="Frontend Developer", city="Amsterdam", skills=["TypeScript", "React"],
                desired=70000),
        "cy": P("Cy Moss", headline="Site Reliability Engineer", city="Munich", skills=["Kubernetes", "Go"]),
        "di": P("Di Hart", headline="Senior Python Engineer", city="Berlin", skills=["Python"], desired=95000),
        "ed": P("Ed [bold]Vane[/] \x1b[2J", headline="Registered Nurse", city="Berlin", skills=["C#", ".NET"]),
        "flo": P("Flo Kim", headline="Head of Finance", city="Berlin", candidate=False, contact_at="Acme"),
    }
    d.conn.execute("UPDATE candidate_profile SET seniority = 'senior' WHERE person_id IN (?, ?)",
                   (d.ids["ana"], d.ids["bo"]))
    d.index()
    yield d
    d.conn.close()


def find(desk: Desk, text: str, *, typing: bool = False, correct: bool = True) -> list[str]:
    page = SqliteSearch(desk.conn, TODAY, correct=correct).search(parse(text, typing=typing), limit=50)
    return sorted(r.name.split()[0] for r in page.rows)


def test_synonyms_and_abbreviations_find_people(desk):
    assert find(desk, "python developer berlin") == ["Ana", "Di"]  # every Python person is an "Engineer"
    assert find(desk, "k8s sre") == ["Cy"]
    assert find(desk, "reactjs amsterdam") == ["Bo"]
    assert find(desk, "js", typing=True) == []  # nobody has JavaScript here
    assert find(desk, "ts") == ["Bo"]
    assert find(desk, "rn berlin") == ["Ed"]
    assert find(desk, "c#") == ["Ed"] and find(desk, ".net") == ["Ed"] and find(desk, "dotnet") == ["Ed"]
    assert find(desk, "golang") == ["Cy"]


def test_seniority_is_the_field_or_the_headline(desk):
    assert find(desk, "senior reactjs amsterdam") == ["Bo"]  # the field says senior, the headline does not
    assert find(desk, "senior python") == ["Ana", "Di"]  # the field; the headline
    assert find(desk, "junior python") == []
    assert find(desk, "head of finance") == ["Flo"]
    assert find(desk, "senior python developer in Berlin under 90k") == ["Ana"]


def test_a_word_that_matches_nothing_is_corrected_and_the_page_says_so(desk):
    backend = SqliteSearch(desk.conn, TODAY)
    page = backend.search(parse("pyhton berlin", typing=False))
    assert sorted(r.name for r in page.rows) == ["Ana Rivera", "Di Hart"]
    assert page.corrected == (("pyhton", "python"),)
    assert sentence(page.corrected) == "showing results for python — pyhton matched nothing"
    assert backend.count(parse("pyhton berlin", typing=False)) == 2
    assert find(desk, "pyhton berlin", correct=False) == []  # the switch: off
    assert backend.search(parse("python berlin")).corrected == ()  # nothing to correct
    assert find(desk, "ypthon") == ["Ana", "Di"]  # the first two letters swapped
    assert find(desk, "zzqxj") == []  # nothing close: no guess
    assert find(desk, "kubernets sre") == ["Cy"]


def test_a_word_a_colleague_saves_is_offered_at_once(desk, desk_path):
    """The corrector keeps its words per connection until the desk changes: a colleague's new word
    is offered on the same connection, without a reconnect (on PostgreSQL too)."""
    backend = SqliteSearch(desk.conn, TODAY)
    assert backend.search(parse("zephyrn", typing=False)).rows == []  # nothing close yet
    colleague = db.connect(desk_path)  # another recruiter's desk, saving a new person
    try:
        person_write.create_person(colleague, {"name": "Gus Zephyr", "headline": "Zephyr Engineer", "city": "Berlin",
                                                "source": "Referral"})
    finally:
        colleague.close()
    page = backend.search(parse("zephyrn", typing=False))
    assert [r.name for r in page.rows] == ["Gus Zephyr"] and page.corrected == (("zephyrn", "zephyr"),)


@pytest.mark.parametrize("walk", [2000, 1])  # PostgreSQL: found in the walk of the first ids; from the bitmap
def test_whether_a_word_is_in_the_index_is_told_by_the_walk_or_the_index(desk, monkeypatch, walk):
    from deskcrm.domain.search_query import Phrase, Query
    from deskcrm.store import search_sql

    monkeypatch.setattr(search_sql.TsVector, "_ANY_WALK", walk)
    sql = search_sql.of(desk.conn)

    def anybody(word: str, prefix: bool = False) -> bool:
        cond, params = sql.match(Query(terms=(Phrase((word,), prefix),)))
        return desk.conn.execute(*sql.any_match(cond, params)).fetchone() is not None

    assert anybody("ana") and anybody("finance") and anybody("kuber", prefix=True)  # "finance": the last person
    assert not anybody("pyhton") and not anybody("zzqx", prefix=True) and not anybody("kuber")


def test_hostile_names_are_searched_as_words(desk):
    assert find(desk, "[bold]vane[/]") == ["Ed"]
    assert find(desk, "vnae") == ["Ed"]  # corrected against the index's words
    assert find(desk, "\x1b[2J nurse") == ["Ed"]


def test_the_cli_says_what_it_corrected(desk, desk_path):
    out = run("search", "--db", str(desk_path), "--json", "pyhton", "berlin")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert sorted(r["name"] for r in rows) == ["Ana Rivera", "Di Hart"]
    assert all(r["corrected"] == {"pyhton": "python"} for r in rows)
    assert out.stderr == "deskcrm: showing results for python — pyhton matched nothing\n"
    table = run("search", "--db", str(desk_path), "vnae")  # a hostile name: the line is clean text
    assert table.returncode == 0 and "Ed [bold]Vane[/] ␛[2J" in table.stdout, table.stdout
    assert table.stderr == "deskcrm: showing results for vane — vnae matched nothing\n"


def test_a_word_saved_since_is_not_corrected_away(desk, desk_path):
    from deskcrm.store import db

    backend = SqliteSearch(db.connect(desk_path), TODAY)  # its own connection, as the screen's pool
    try:
        assert backend.search(parse("pythn berlin", typing=False)).corrected == (("pythn", "python"),)
        desk.person("Pia Pythn", headline="Python Engineer", city="Paris")  # another connection writes the word
        desk.index()
        page = backend.search(parse("pythn berlin", typing=False))  # nobody: but "pythn" is a word now
        assert page.rows == [] and page.corrected == ()
    finally:
        backend.conn.close()


toml_values = st.recursive(st.one_of(st.text(max_size=8), st.integers(), st.booleans(), st.none()),
                           lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                   st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                           max_leaves=8)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["synonyms", "abbreviations", "stop_words", "x"]), toml_values, max_size=3))
def test_any_search_table_is_read_or_refused_with_a_value_error(data):
    try:
        extra = vocabulary.check_extension(data)
    except ValueError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    built = vocabulary.build(vocabulary.shipped(), extra)  # what was accepted builds
    for key, alts in built.groups.items():
        assert all(alts) and key == vocabulary.key_of(key)
