"""`deskcrm report …` run as a user runs it, on the hand-computed desk of tests/report_desk.py."""

from __future__ import annotations

import csv
import io
import json

import pytest
from clirun import assert_one_line_error, run
from engines import sqlite_only
from report_desk import ACME, build

Q3 = ("--from", "2026-07-01", "--to", "2026-09-30", "--date", "2026-11-18")


@pytest.fixture
def desk(desk_path):
    build(desk_path)
    return str(desk_path)


def test_revenue_text_and_json(desk):
    text = run("report", "revenue", "--db", desk, *Q3)
    assert text.returncode == 0, text.stderr
    assert "2026-08   EUR 34,000" in text.stdout
    assert "Weighted open pipeline: EUR 16,000 · GBP 10,000" in text.stdout
    assert "Overdue: EUR 18,000 (1)" in text.stdout
    data = json.loads(run("report", "revenue", "--db", desk, *Q3, "--json").stdout)
    assert [b["label"] for b in data["buckets"]] == ["2026-07", "2026-08", "2026-09"]
    assert data["buckets"][2]["credited"] == [{"currency": "EUR", "amount": 10666.67, "count": 1}]
    assert data["weighted_pipeline"] == {"EUR": 16000, "GBP": 10000}


def test_kpis_text_json_csv_and_scope(desk):
    text = run("report", "kpis", "--db", desk, *Q3).stdout
    assert "Time to fill: median 30 days, p75 35 days (3 jobs)" in text
    assert "Fill rate: 67% (2 filled of 3 closed)" in text
    assert "PS    GBP 12,000 (no target)" in text
    data = json.loads(run("report", "kpis", "--db", desk, *Q3, "--json", "--recruiter", "ps").stdout)
    assert [r["recruiter"] for r in data["revenue_per_recruiter"]] == ["PS"]
    assert data["source_effectiveness"] == [{"source": "", "value": 0.0, "numerator": 0, "denominator": 1},
                                            {"source": "Referral", "value": 0.0, "numerator": 0, "denominator": 1}]
    rows = list(csv.reader(io.StringIO(run("report", "kpis", "--db", desk, *Q3, "--csv").stdout)))
    assert rows[0] == ["figure", "key", "value", "numerator_or_count", "denominator_or_currency"]
    assert ["fill_rate", "", str(2 / 3), "2", "3"] in rows


def test_activity_and_clients(desk):
    week = ("--from", "2026-11-16", "--to", "2026-11-22", "--date", "2026-11-18")
    data = json.loads(run("report", "activity", "--db", desk, *week, "--json").stdout)
    am = next(r for r in data["weeks"] if r["recruiter"] == "AM")
    assert (am["calls_talked"], am["submissions"], am["interviews"]) == (2, 1, 1)
    rows = list(csv.reader(io.StringIO(run("report", "activity", "--db", desk, *week, "--csv").stdout)))
    assert rows[0][:3] == ["recruiter", "week", "calls_talked"] and len(rows) == 3
    text = run("report", "clients", "--db", desk, *Q3)
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[2].startswith(ACME) and "OVERDUE" in lines[3]


@sqlite_only
def test_csv_neutralises_formula_cells(desk):
    out = run("report", "clients", "--db", desk, *Q3, "--csv").stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert ["'=Quiet(1)"] == [r[1] for r in rows if "Quiet" in r[1]]
    from deskcrm.cli.csv_out import cell

    assert [cell(v) for v in ("=1+1", "+1", "-1", "@x", "\tx", "\rx", "\nx", "ok", -5, 2.5)] == [
        "'=1+1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "'\nx", "ok", -5, 2.5]


@sqlite_only
def test_hostile_text_never_reaches_the_terminal(desk):
    out = run("report", "clients", "--db", desk, *Q3).stdout + run("report", "weekly", "--db", desk,
                                                                   "--date", "2026-11-18").stdout
    assert "\x1b" not in out and ACME in out


@sqlite_only
@pytest.mark.parametrize("args, fragment", [
    (("--period", "fortnight"), "--period: 'fortnight' is not a period"),
    (("--from", "2026-13-01"), "--from 2026-13-01"),
    (("--from", "2026-09-30", "--to", "2026-07-01"), "--from/--to: the period ends (2026-07-01) before"),
    (("--period", "month", "--from", "2026-07-01"), "give one or the other"),
    (("--recruiter", "ZZ"), "--recruiter 'ZZ': no such recruiter; known: AM, PS"),
    (("--client", "nothing"), "--client 'nothing': no company matches it"),
    (("--json", "--csv"), "pick one"),
])
def test_bad_options_are_one_line_exit_2(desk, args, fragment):
    result = run("report", "kpis", "--db", desk, *args)
    assert result.returncode == 2
    assert_one_line_error(result, fragment)


def test_weekly_html_and_markdown_files(desk, tmp_path):
    page = tmp_path / "week.html"
    result = run("report", "weekly", "--db", desk, "--date", "2026-11-18", "--to", str(page))
    assert result.returncode == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html and "<script" not in html.lower()
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing fetched
    assert "Acme [/] Ltd" in html and "<h2>AM</h2>" in html and "EUR 18,000 (1)" in html
    note = tmp_path / "week.md"
    assert run("report", "weekly", "--db", desk, "--date", "2026-11-18", "--to", str(note)).returncode == 0
    md = note.read_text(encoding="utf-8")
    assert "| Calls talked | 2 |" in md and "Acme \\[/\\] Ltd" in md


@sqlite_only
def test_weekly_escapes_user_text_in_html(desk_path, tmp_path):
    from report_desk import _at

    from deskcrm.store import db

    build(desk_path)
    conn = db.connect(desk_path)
    with db.write(conn):
        conn.execute("UPDATE company SET name = ? WHERE name = ?", ("<script>alert(1)</script> & Co", ACME))
    conn.close()
    page = tmp_path / "w.html"
    assert run("report", "weekly", "--db", str(desk_path), "--date", "2026-11-18", "--to", str(page)).returncode == 0
    html = page.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert run("report", "weekly", "--db", str(desk_path), "--to", str(tmp_path / "w.pdf")).returncode == 2
    assert _at  # the desk's stamp helper is importable for other tests
