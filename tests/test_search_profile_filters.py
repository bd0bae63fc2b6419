"""The built-in profile filters of the search language (``domain.search_profile``): seniority:,
notice<…, type: — read as typed, hints for bad values, and parse properties (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deskcrm.domain import search_parts
from deskcrm.domain.search_profile import wanted_type
from deskcrm.domain.search_query import parse


@pytest.mark.parametrize(("typed", "days"), [
    ("notice<2m", ("<", 60)), ("notice<=4w", ("<=", 28)), ("notice<30", ("<", 30)), ("notice=0", ("=", 0)),
    ("notice>1month", (">", 30)), ("notice<2 python", ("<", 2)), ("NOTICE<10d", ("<", 10)),
])
def test_notice_reads_days_weeks_months(typed, days):
    q = parse(typed, typing=False)
    assert q.notice == (days,) and not q.problems and q.has_filters


@pytest.mark.parametrize(("typed", "types"), [
    ("type:contract", {"contract"}), ("type:perm", {"perm"}), ("type:permanent", {"perm"}),
    ("type:contractor", {"contract"}), ("type:either", {"perm", "contract"}), ("type:perm,contract", {"perm", "contract"}),
])
def test_type_reads_the_wanted_job_type(typed, types):
    q = parse(typed, typing=False)
    assert q.job_types == types and not q.problems


def test_seniority_filter_is_the_seniority_index_word():
    q = parse("seniority:senior python", typing=False)
    assert [level for level, _ in q.seniority] == ["senior"]
    assert '"0senioritysenior"' in (q.match_expression() or "")
    assert {lv for lv, _ in parse("seniority:sr,lead", typing=False).seniority} == {"senior", "lead"}


@pytest.mark.parametrize(("typed", "hint"), [
    ("notice<abc", "notice<abc: use notice<… with days, weeks or months like notice<2m"),
    ("notice:2m", "notice:2m: use notice<…"),
    ("type:hourly", "type:hourly: use type:contract or type:perm"),
    ("seniority:wizard", "seniority:wizard: use junior, mid, senior"),
    ("type:", "type: needs a value, e.g. type:contract"),
    ("notice<", "notice< needs a value, e.g. notice<2m"),
])
def test_bad_values_say_what_to_type(typed, hint):
    q = parse(typed, typing=False)
    assert any(p.startswith(hint) for p in q.problems), q.problems
    assert not q.notice and not q.job_types and not q.seniority


def test_a_filter_still_being_typed_is_no_problem_yet():
    for typed in ("type:con", "seniority:sen", "notice<", "type:"):
        assert parse(typed, typing=True).problems == (), typed


def test_the_filters_are_parts_of_a_query_that_found_no_one():
    labels = [f.label for f in search_parts.filters(parse("python notice<2m type:contract", typing=False))]
    assert labels == ["notice<60d", "type:contract"]


def test_wanted_type_as_stored():
    assert wanted_type("Contract") == "contract" and wanted_type("both") == "either" and wanted_type(" ") is None
    with pytest.raises(ValueError, match="perm, contract or either"):
        wanted_type("hourly")


_UNITS = st.sampled_from(["", "d", "w", "m", "days", "weeks", "months"])


@settings(deadline=None)
@given(op=st.sampled_from(["<", "<=", ">", ">=", "="]), n=st.integers(0, 120), unit=_UNITS)
def test_any_notice_span_is_read_in_days(op, n, unit):
    q = parse(f"notice{op}{n}{unit}", typing=False)
    per = {"": 1, "d": 1, "w": 7, "m": 30}[unit[:1]]
    assert q.notice == ((op, n * per),) and not q.problems


@settings(deadline=None)
@given(st.text(max_size=30))
def test_any_value_is_a_filter_or_a_problem_never_a_crash(value):
    for key in ("notice<", "type:", "seniority:"):
        q = parse(key + value.replace('"', ""), typing=False)
        read = bool(q.notice or q.job_types or q.seniority)
        assert read or q.problems or not value.strip()
        assert all(op in ("<", "<=", ">", ">=", "=") and 0 <= days <= 3650 for op, days in q.notice)
        assert q.job_types <= {"perm", "contract"}
