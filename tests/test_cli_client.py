"""`deskcrm client NAME_OR_ID`, run as a user runs it: a real process, real exit codes."""

from __future__ import annotations

import json

import pytest
from clirun import assert_one_line_error, run
from seed import Names, index, seed


@pytest.fixture
def desk(desk_path):
    """The seeded desk, on each engine in $DESKCRM_TEST_ENGINES: a file, or a server's URL."""
    path = desk_path
    ids = seed(path)
    index(path)
    return path, ids


def test_client_by_name_prints_the_account(desk):
    path, ids = desk
    result = run("client", "--db", str(path), "northwind", "--date", "2026-11-18")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith(f"Northwind Logistics (#{ids['northwind']}) — Active client")
    assert "Fee: 20% of salary, in EUR · payment 30 days · guarantee 90 days (if it fails: pro-rata by days worked)" in out
    assert "Lifetime value EUR 17,600 (paid fees less credits) · outstanding EUR 16,400 (1) · overdue EUR 0 (0)" in out
    assert "Bo Chen — Head of Engineering" in out and "[hiring manager]" in out
    assert "Senior Backend Engineer — Interviewing · 3 open submissions" in out


def test_client_json_has_the_same_figures(desk):
    path, ids = desk
    result = run("client", "--db", str(path), str(ids["acme"]), "--json", "--date", "2026-11-18")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["name"] == "Acme Ltd" and data["overdue"] == 16200 and data["overdue_invoices"] == 1
    lena = next(c for c in data["contacts"] if c["name"] == "Lena Hoffmann")
    assert lena["alumni"] is True and lena["left_at"] == "2024-03-01"


def test_ambiguous_name_lists_the_candidates(desk):
    path, ids = desk
    result = run("client", "--db", str(path), "umbrella")
    assert_one_line_error(result, "matches 5 companies", f"deskcrm client {ids['bd_terms_sent']}")
    assert result.stdout.split()[:4] == [str(ids["bd_terms_sent"]), "Umbrella", "AG", str(ids["bd_meeting"])]
    assert len(result.stdout.splitlines()) == 5


def test_not_found_is_one_line(desk):
    path, _ = desk
    assert_one_line_error(run("client", "--db", str(path), "nobody"), "no company matches 'nobody'")
    missing = path + "_missing" if isinstance(path, str) else path / "missing.db"  # no such database / file
    assert_one_line_error(run("client", "--db", str(missing), "x"))
    assert_one_line_error(run("client", "--db", str(path), "acme", "--date", "soon"), "--date")


def test_hostile_names_print_literally(desk_path):
    path = desk_path
    evil = "Evil \x1b[31mCo\u202e [/]"
    ids = seed(path, Names.every(evil))
    result = run("client", "--db", str(path), str(ids["acme"]))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "Evil ␛[31mCo\ufffd [/]" in result.stdout
