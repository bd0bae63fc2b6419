"""``deskcrm demo`` at scale (issue 10, item 7): a million candidates must be buildable at all,
and the build streams (no table's rows held whole in Python)."""

from __future__ import annotations

import signal
from datetime import date

import pytest

from deskcrm.client_rules import company_key
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
