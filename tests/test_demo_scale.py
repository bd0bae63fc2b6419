"""``deskcrm demo`` at scale (issue 10, item 7): a million candidates must be buildable at all,
and the build streams (no table's rows held whole in Python)."""

from __future__ import annotations

import signal
from datetime import date

import pytest

from deskcrm.domain.client_rules import company_key
from deskcrm.store.demo import _Demo

TODAY = date(2026, 11, 18)


@pytest.fixture
def deadline():
    """Fail (instead of hanging) when the code under test never returns."""
    def expired(signum, frame):  # noqa: ANN001
        raise TimeoutError("did not finish within 60 s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("candidates", [200_000, 1_000_000])
def test_companies_of_a_big_demo_have_names_told_apart(deadline, candidates):
    """Prefix x industry word names only 4,896 companies apart (by folded key): at 200,000
    candidates and more, drawing a new name for each company never ended."""
    gen = _Demo(candidates, 0, TODAY)
    gen._companies()
    names = [c["name"] for c in gen.companies] + list(gen.employers)
    assert len(gen.companies) == round(candidates / 50)
    assert len({company_key(n) for n in names}) == len(names)


# ---------------------------------------------------------------- the compact plan structures

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from deskcrm.store.demo.base import Seen  # noqa: E402
from deskcrm.store.demo.forced import Forced  # noqa: E402

_ENTRY = st.tuples(st.integers(0, 30), st.integers(-3000, 0), st.integers(0, 86399), st.sampled_from(["call", "email"]),
                   st.text(max_size=5), st.one_of(st.none(), st.integers(1, 9)), st.one_of(st.none(), st.integers(1, 9)),
                   st.one_of(st.none(), st.integers(1, 9)), st.one_of(st.none(), st.integers(1, 9)))


@given(st.lists(_ENTRY, max_size=60))
def test_forced_activities_read_back_per_candidate_in_the_order_they_were_planned(entries):
    """The forced activities, kept in arrays, read back exactly as the dict of lists they replace."""
    forced, expected = Forced(), {}
    for who, *rest in entries:
        forced.add(who, *rest)
        expected.setdefault(who, []).append(tuple(rest))
    for who in range(31):  # the candidates are generated in order
        assert forced.pop(who) == expected.get(who)


@given(st.lists(st.text(max_size=8), max_size=300))
def test_seen_addresses_behave_as_a_set(texts):
    seen, plain = Seen(4), set()
    for t in texts:
        assert seen.add(t) == (t not in plain)
        plain.add(t)
    assert seen.count == len(plain)
