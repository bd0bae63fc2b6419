"""Searching by custom fields (``clearance:sc rate<700 skill:rust``) on both engines, and the
query language's reading of them (hypothesis: never raises, a filter is read or named)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings, strategies as st

from deskcrm.domain.custom_fields import FieldDef
from deskcrm.domain.search_query import parse
from deskcrm.store import custom_fields as cf
from deskcrm.store import db, person_write
from deskcrm.store.search import SqliteSearch

FIELDS = [FieldDef(1, "candidate", "security_clearance", "Security clearance", "choice", ("SC", "DV", "Top Secret")),
          FieldDef(2, "candidate", "day_rate", "Day rate", "money"),
          FieldDef(3, "person", "visa", "Visa", "yes_no"),
          FieldDef(4, "candidate", "certified", "Certified", "text"),
          FieldDef(5, "candidate", "clouds", "Clouds", "choices", ("AWS", "GCP")),
          FieldDef(6, "company", "tier", "Tier", "number")]


@pytest.fixture
def desk(db_path):
    conn = db.connect(db_path)
    fields = [cf.add_field(conn, "candidate", "Security clearance", "choice", choices=["SC", "DV", "Top Secret"]).field,
              cf.add_field(conn, "candidate", "Day rate", "money").field,
              cf.add_field(conn, "person", "Visa", "yes_no").field,
              cf.add_field(conn, "candidate", "Certified", "text").field]
    people = {}
    for name, skills, clearance, rate, visa, cert in [
        ("Ada Rust", ["Rust"], "SC", "650 GBP", "yes", "AWS Solutions Architect"),
        ("Bo Rust", ["Rust", "Go"], "SC", "750", "no", ""),
        ("Cy Python", ["Python"], "SC", "600", "yes", "aws"),
        ("Di Rust", ["Rust"], "DV", "500", "", ""),
        ("Ed Rust", ["Rust"], "", "", "", ""),
    ]:
        values = {"name": name, "source": "Referral", "skills": skills, "custom_security_clearance": clearance,
                  "custom_day_rate": rate, "custom_visa": visa, "custom_certified": cert}
        people[name] = person_write.create_person(conn, values).person_id
    yield conn, fields, people
    conn.close()


def _names(conn, fields, text, **kw):
    backend = SqliteSearch(conn, date(2026, 12, 7), correct=False)
    q = parse(text, typing=False, fields=fields, vocabulary=None)
    page = backend.search(q, limit=50, **kw)
    assert backend.count(q) == len(page.rows)
    return sorted(r.name for r in page.rows), page.problems


def test_filters_find_who_holds_the_values(desk):
    conn, fields, _ = desk
    assert _names(conn, fields, "clearance:sc rate<700 skill:rust")[0] == ["Ada Rust"]
    assert _names(conn, fields, "clearance:sc")[0] == ["Ada Rust", "Bo Rust", "Cy Python"]
    assert _names(conn, fields, "clearance:SC rate>=600 rate<=700")[0] == ["Ada Rust", "Cy Python"]
    assert _names(conn, fields, "visa:no")[0] == ["Bo Rust"]
    assert _names(conn, fields, "certified:aws")[0] == ["Ada Rust", "Cy Python"]
    assert _names(conn, fields, "certified:aws rust")[0] == ["Ada Rust"]
    assert _names(conn, fields, 'clearance:"top secret"')[0] == []
    assert _names(conn, fields, "rate>600 visa:yes", ranked=True)[0] == ["Ada Rust"]


def test_archived_fields_are_no_filter_and_bad_values_say_what_to_type(desk):
    conn, fields, _ = desk
    names, problems = _names(conn, fields, "clearance:zz rust")
    assert len(names) == 4 and problems == ("clearance:zz: choose one of SC, DV, Top Secret",)
    archived = cf.archive_field(conn, fields[0].id, expected_version=fields[0].version).field
    live = cf.person_fields(conn)
    assert archived.id not in {f.id for f in live}
    names, problems = _names(conn, live, "clearance:sc")
    assert "no filter or custom field is called clearance" in problems[0]


def test_an_erased_or_edited_person_leaves_the_filter(desk):
    conn, fields, people = desk
    pid = people["Ada Rust"]
    version = conn.execute("SELECT version FROM person WHERE id = ?", (pid,)).fetchone()[0]
    person_write.update_person(conn, pid, {"custom_security_clearance": "DV"}, expected_version=version)
    assert _names(conn, fields, "clearance:dv")[0] == ["Ada Rust", "Di Rust"]


# ---------------------------------------------------------------- the parser


def test_parser_reads_each_kind():
    q = parse("clearance:sc rate<700 skill:rust visa:yes certified:aws clouds:gcp", typing=False, fields=FIELDS)
    assert [(c.field_id, c.op, c.word, c.num) for c in q.custom] == [
        (1, ":", "sc", None), (2, "<", None, 700.0), (3, ":", "yes", None), (4, ":", "aws", None),
        (5, ":", "gcp", None)]
    assert q.skills and not q.problems and q.has_filters
    assert parse("tier>3", typing=False, fields=FIELDS).custom == ()  # a company field: not a person filter
    assert parse("rate<700k", typing=False, fields=FIELDS).custom[0].num == 700_000
    assert parse("clearance:s", typing=True, fields=FIELDS).problems == ()  # still typing "sc"
    assert parse("rate<abc", typing=False, fields=FIELDS).problems == ("rate<abc: use a number like 700",)
    assert "use visa:yes or visa:no" in parse("visa:maybe", typing=False, fields=FIELDS).problems[0]
    assert parse("foo:bar", typing=False, fields=()).problems == ()  # no fields: just text, as before


_names_st = st.sampled_from(["clearance", "rate", "day_rate", "visa", "certified", "clouds", "tier", "nope", "skill"])
_ops = st.sampled_from([":", "<", "<=", ">", ">=", "="])
_values = st.one_of(st.sampled_from(["sc", "SC", "dv", "700", "7k", "yes", "no", "aws", "", '"top secret"']),
                    st.text(max_size=12))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_names_st, _ops, _values), max_size=4), st.booleans(), st.text(max_size=10))
def test_parser_never_raises_and_each_custom_filter_is_read_or_named(parts, typing, free):
    text = " ".join(f"{n}{o}{v}" for n, o, v in parts) + " " + free
    q = parse(text, typing=typing, fields=FIELDS, vocabulary=None)
    for c in q.custom:
        assert c.field_id in {1, 2, 3, 4, 5}  # never the company's field
        assert (c.word is None) != (c.num is None)
        assert c.op in (":", "<", "<=", ">", ">=", "=")
    if not typing:
        for n, o, v in parts:
            if v.count('"') % 2:  # a quote left open takes the rest of the query into its value
                break
            if n == "rate" and o in "<>" and v in ("700", "7k"):
                assert any(c.field_id == 2 for c in q.custom)


def test_a_quote_left_open_takes_the_rest_of_the_query():
    """As the property test found: `clearance:" rate<700` is a clearance of ` rate<700` (the quote runs
    to the end), not two filters."""
    assert not any(c.field_id == 2 for c in parse('clearance:" rate<700', typing=False, fields=FIELDS,
                                                    vocabulary=None).custom)


def test_a_dead_end_names_the_custom_filter_that_removed_the_most(desk):
    conn, fields, _ = desk
    from deskcrm.store.search_partial import dead_end

    backend = SqliteSearch(conn, date(2026, 12, 7), correct=False)
    q = parse("clearance:dv rate>600 visa:yes", typing=False, fields=fields, vocabulary=None)
    assert backend.search(q).rows == []
    dead = dead_end(backend, q, limit=10)
    assert dead.advice == "clearance:dv removed 1 — drop a filter"  # Ada meets the rest
    assert [r.row.name for r in dead.rows][:1] == ["Ada Rust"]


@pytest.mark.parametrize(("typed", "read"), [
    ("£650", {"amount": 650.0, "currency": "GBP"}), ("650 gbp", {"amount": 650.0, "currency": "GBP"}),
    ("gbp650", {"amount": 650.0, "currency": "GBP"}), ("GBP 650", {"amount": 650.0, "currency": "GBP"}),
    ("85kUSD", {"amount": 85000.0, "currency": "USD"}), ("650", {"amount": 650.0, "currency": "EUR"}),
])
def test_a_money_value_keeps_the_currency_typed(typed, read):
    from deskcrm.domain.custom_fields import read as read_value

    assert read_value(FIELDS[1], typed, currency="EUR") == read


@pytest.mark.parametrize(("typed", "said"), [
    ("650/day", "the amount alone"), ("650 per day", "the amount alone"), ("650pd", "the amount alone"),
    ("650 quid", "not an amount — e.g. 650, £650 or 650 GBP"), ("-650", "must not be negative"),
])
def test_a_hurried_money_value_is_refused_saying_what_to_type(typed, said):
    from deskcrm.domain.custom_fields import Invalid, read as read_value

    with pytest.raises(Invalid, match=said):
        read_value(FIELDS[1], typed, currency="EUR")
