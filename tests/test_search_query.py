"""The inline query language (pure): words, phrases, prefixes, filters, problems, FTS5 safety."""

from __future__ import annotations

import re

import pytest

from deskcrm.domain.search_query import Phrase, Query, TagFilter, parse, words


def fts(text: str, typing: bool = True) -> str | None:
    """The literal query language (the vocabulary off: test_search_vocabulary.py has it on)."""
    return parse(text, typing=typing, vocabulary=None).match_expression()


# ---------------------------------------------------------------------------- free text


@pytest.mark.parametrize(
    "text, typing, expected",
    [
        ("python", True, '"python"*'),
        ("python berlin", True, '"python" AND "berlin"*'),  # only the last word is a prefix
        ("python berlin ", True, '"python" AND "berlin"'),  # a space finishes it
        ("python berl salary<90k", True, '"python" AND "berl"*'),  # a filter after it does not
        ('"machine learning"', True, '"machine learning"'),
        ('"machine lea', True, '"machine lea"*'),  # unclosed: still being typed
        ('"machine learning" python', False, '"machine learning" AND "python"*'),
        ("o'brien", True, '"o brien"*'),  # inner punctuation: one phrase
        ("jean-luc", False, '"jean luc"*'),
        ("Müller", True, '"Müller"*'),
        ("python x", True, '"python"*'),  # 1-character words ignored while typing
        ("python x", False, '"python" AND "x"'),  # ... kept (exact, never a prefix) on enter
        ("x", True, None),
        ("c++", False, '"cpp"'),  # spelled in letters, as the index holds it (test_search_words)
    ],
)
def test_free_text_becomes_quoted_fts_strings(text, typing, expected):
    assert fts(text, typing) == expected


HOSTILE = ['"', '""', "*", "**", "AND", "OR", "NOT", "NEAR(", "NEAR(a b)", "-", "^", "(", ")", "(((", ")))",
           '"unbalanced', 'un"balanced', "a:b:c", ":", "{name}: x", "name:x", "col : x", "+", "'", "\\", "\x00",
           "\u202e", "  ", "", "a AND b OR NOT c", "python*", "^python", "-python", "skill:", "salary<",
           'skill:"', 'city:"new', "status:", "tag:*", "owner:(", "*:*", "\u0301", "😀", "ø" * 300]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("typing", [True, False])
def test_nothing_reaches_fts5_as_syntax(text, typing):
    q = parse(text, typing=typing)
    expr = q.match_expression()
    if expr is None:
        return
    # Every user-derived piece is a double-quoted string; outside them only our own syntax.
    outside = re.sub(r'"(?:[^"]|"")*"\*?', "S", expr)
    assert re.fullmatch(r"(?:S|skills : S|location : \(S(?: OR S)*\)|location : S)(?: AND (?:S|skills : S|"
                        r"location : \(S(?: OR S)*\)|location : S))*", outside), expr


@pytest.mark.parametrize("text", ['"', "*", "-", "^", "(((", ")", "+", "'", "\\", "  ", "", ":", "😀", "\u202e"])
def test_only_punctuation_is_an_empty_query(text):
    q = parse(text)
    assert q.terms == () and q.match_expression() is None and q.is_empty and q.problems == ()


def test_fts_syntax_words_are_just_words():
    assert fts("AND") == '"AND"*'
    assert fts("NEAR(") == '"NEAR"*'
    assert fts("NOT python", typing=False) == '"NOT" AND "python"*'


def test_phrase_quotes_are_doubled():
    assert Phrase(('a"b',), prefix=True).fts() == '"a""b"*'


def test_words_split_like_unicode61():
    assert words("Jörg Müller-Lüdenscheidt, c++ dev_ops 90k") == ["Jörg", "Müller", "Lüdenscheidt", "c", "dev",
                                                                  "ops", "90k"]
    assert words("e\u0301cole") == ["école"]  # combining marks stay in the word (NFC)


# ---------------------------------------------------------------------------- filters


def test_skill_and_city_filters_go_to_their_columns():
    q = parse("skill:python skill:django city:berlin", typing=False)
    assert q.skills == (Phrase(("python",)), Phrase(("django",)))
    assert q.cities == (Phrase(("berlin",)),)
    assert q.match_expression() == 'skills : "python" AND skills : "django" AND location : "berlin"'
    assert not q.terms and q.has_text


def test_filter_values_are_exact_unless_being_typed():
    assert parse("skill:java", typing=False).skills == (Phrase(("java",)),)  # not javascript
    assert parse("skill:java city:ber", typing=True).cities == (Phrase(("ber",), prefix=True),)
    assert parse("skill:java city:ber", typing=True).skills == (Phrase(("java",)),)
    assert parse("skill:j", typing=True).skills == ()


def test_repeated_cities_are_alternatives():
    q = parse("city:berlin city:munich")
    assert q.match_expression() == 'location : ("berlin" OR "munich"*)'


def test_quoted_filter_values():
    q = parse('city:"new york" skill:"machine learning" tag:"hot lead"', typing=False)
    assert q.cities == (Phrase(("new", "york")),)
    assert q.skills == (Phrase(("machine", "learning")),)
    assert q.tags == (TagFilter("hot lead"),)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("salary<90k", (("<", 90000.0),)),
        ("salary<=90K", (("<=", 90000.0),)),
        ("salary>60000", ((">", 60000.0),)),
        ("salary<85,000", (("<", 85000.0),)),
        ("salary>=85.000", ((">=", 85000.0),)),
        ("salary<85.5k", (("<", 85500.0),)),
        ("salary=1m", (("=", 1_000_000.0),)),
        ("salary<€90k", (("<", 90000.0),)),
        ("salary>60k salary<90k", ((">", 60000.0), ("<", 90000.0))),
        # spaced as a hurried recruiter types them
        ("salary < 90k", (("<", 90000.0),)), ("SALARY <= 90k", (("<=", 90000.0),)), ("salary> 60k", ((">", 60000.0),)),
        ("salary = 1m", (("=", 1_000_000.0),)), ("python < 90k", (("<", 90000.0),)),
    ],
)
def test_salary(text, expected):
    q = parse(text, typing=False)
    assert q.salary == expected and q.problems == ()


def test_a_spaced_filter_with_a_wrong_value_is_refused_as_the_closed_up_one():
    assert parse("salary < abc", typing=False).problems == ("salary<abc: use a number like 90k",)


@pytest.mark.parametrize(
    "text, expected",
    [("avail<30d", (("<", 30),)), ("avail<2w", (("<", 14),)), ("avail<3m", (("<", 90),)),
     ("avail<=10", (("<=", 10),)), ("available<1week", (("<", 7),)), ("avail>3m", ((">", 90),)),
     ("avail < 30d", (("<", 30),)), ("available <2w", (("<", 14),))],
)
def test_avail(text, expected):
    q = parse(text, typing=False)
    assert q.avail == expected and q.problems == ()


@pytest.mark.parametrize(
    "text, expected",
    [("status:active", {"active"}), ("status:dnc", {"do_not_contact"}), ("status:do_not_contact", {"do_not_contact"}),
     ("status:placed,passive", {"placed", "passive"}), ("status:active|placed", {"active", "placed"}),
     ("status:active status:passive", {"active", "passive"}), ("status:pas", {"passive"}),
     ("STATUS:Placed", {"placed"})],
)
def test_status(text, expected):
    q = parse(text, typing=False)
    assert q.statuses == expected and q.problems == ()


def test_owner_role_tag():
    q = parse("owner:me owner:tb role:contact tag:FinTech tag:hot", typing=False)
    assert q.owners == ("me", "TB") and q.wants_me
    assert q.roles == {"contact"}
    assert q.tags == (TagFilter("fintech"), TagFilter("hot"))
    assert parse("role:candidates role:contact").roles == {"candidate", "contact"}
    assert parse("tag:fin", typing=True).tags == (TagFilter("fin", prefix=True),)


def test_owner_me_without_a_recruiter_is_a_warning():
    q = parse("owner:me python")
    assert q.problems == ()
    assert q.problems_for("AM") == ()
    (warning,) = q.problems_for(None)
    assert "owner:me" in warning


def test_unknown_word_value_is_text():
    q = parse("foo:bar http://example.com 10:30", typing=False)
    assert q.match_expression() == '"foo bar" AND "http example com" AND "10 30"*'
    assert not q.has_filters and q.problems == ()


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("salary<abc", "salary<abc: use a number like 90k"),
        ("salary<1.2.3", "salary<1.2.3: use a number"),
        ("avail<soon", "avail<soon: use days, weeks or months"),
        ("avail<30x", "avail<30x:"),
        ("status:hired", "status:hired: use active, passive, placed or do_not_contact"),
        ("status:p", "status:p:"),  # ambiguous
        ("role:boss", "role:boss: use contact or candidate"),
        ("salary:90k", "salary:90k: use salary<"),
        ("skill:", "skill: needs a value"),
        ("skill:+++", "skill:+++: needs letters or digits"),
        ("salary<90", "write 90k"),
    ],
)
def test_invalid_filters_are_named_problems_never_errors(text, fragment):
    q = parse(text, typing=False)
    assert any(fragment in p for p in q.problems), q.problems


def test_invalid_filters_are_left_out():
    q = parse("python salary<abc avail<soon status:hired", typing=False)
    assert q.salary == () and q.avail == () and q.statuses == frozenset()
    assert q.match_expression() == '"python"*'  # the last word typed; filters after it do not finish it


def test_unfinished_filters_while_typing_are_quiet():
    for text in ("skill:", "salary<", "salary<9", "salary<90", "status:a", "owner:a", "tag:h"):
        q = parse(text, typing=True)
        assert q.problems == () and not q.has_filters, text
    assert parse("salary<90k", typing=True).salary == (("<", 90000.0),)
    assert parse("salary<90 python", typing=True).problems  # not the last word: finished


def test_query_flags():
    assert parse("").is_empty and isinstance(parse(""), Query)
    assert not parse("status:active").is_empty and not parse("status:active").has_text
    assert parse("python").has_text and not parse("python").has_filters


def test_parse_never_raises_on_odd_input():
    for text in [None, 123, "\ud800", "a" * 10000, '"' * 101, "salary<" + "9" * 400, "avail<" + "9" * 400]:
        parse(text)  # type: ignore[arg-type]
        parse(text, typing=False)  # type: ignore[arg-type]
