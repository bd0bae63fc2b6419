"""``deskcrm demo`` data: deterministic, proportionate, consistent, indexed, and due-list complete."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from deskcrm.domain import clock
from deskcrm.domain.due import KINDS, compute_due
from deskcrm.store import db, due_store
from deskcrm.store.demo import DemoReport, build_demo
from deskcrm.store.errors import StoreError

TODAY = date(2026, 11, 18)
N = 300
TABLES = ("recruiter", "company", "person", "candidate_profile", "contact_role", "job_order", "submission",
          "placement", "activity", "consent")
TS = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$")
DS = re.compile(r"^\d{4}-\d\d-\d\d$")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, DemoReport]:
    """One N=300 demo shared by the read-only tests (built in UTC, like the rest of the suite)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TZ", "UTC")
        time.tzset()
        path = tmp_path_factory.mktemp("demo") / "demo.db"
        report = build_demo(path, candidates=N, seed=1, today=TODAY)
    time.tzset()
    return path, report


@pytest.fixture
def conn(demo):
    c = db.connect(demo[0])
    yield c
    c.close()


def _dump(path: Path, tables=TABLES) -> dict[str, list[tuple]]:
    c = sqlite3.connect(path)
    try:
        return {t: c.execute(f'SELECT * FROM "{t}" ORDER BY 1, 2').fetchall() for t in tables}
    finally:
        c.close()


def _count(conn, sql: str) -> int:
    return conn.execute(sql).fetchone()[0]


def test_same_seed_and_day_build_the_same_database(tmp_path, today):
    a = build_demo(tmp_path / "a.db", candidates=150, seed=7, today=TODAY)
    b = build_demo(tmp_path / "b.db", candidates=150, seed=7)  # today from the frozen clock
    other = build_demo(tmp_path / "c.db", candidates=150, seed=8, today=TODAY)
    assert a.rows == b.rows
    dump = _dump(a.path, TABLES + ("person_fts",))
    assert dump == _dump(b.path, TABLES + ("person_fts",))
    assert dump["person"] != _dump(other.path)["person"]


def test_counts_are_in_proportion(demo, conn):
    report = demo[1]
    n_comp = max(12, round(N / 50))
    unconfirmed = _count(conn, f"SELECT count(*) FROM placement WHERE status = 'offer_accepted' AND start_date <= '{TODAY}'")
    assert report.candidates == _count(conn, "SELECT count(*) FROM candidate_profile") == N
    assert report.companies == _count(conn, "SELECT count(*) FROM company") == n_comp
    assert report.placements == _count(conn, "SELECT count(*) FROM placement") == max(15, round(N / 20)) + unconfirmed
    assert report.contacts == _count(conn, "SELECT count(*) FROM contact_role")
    assert 1.5 * n_comp <= report.contacts <= 3 * n_comp
    assert report.jobs == _count(conn, "SELECT count(*) FROM job_order")
    assert 1.5 * n_comp <= report.jobs <= 2.6 * n_comp
    assert report.submissions == _count(conn, "SELECT count(*) FROM submission")
    assert report.activities == _count(conn, "SELECT count(*) FROM activity")
    assert 2.5 * N <= report.activities <= 4 * N
    people = _count(conn, "SELECT count(*) FROM person")
    assert _count(conn, "SELECT count(*) FROM consent") == people  # a GDPR ledger row for everyone
    assert report.rows == sum(_count(conn, f'SELECT count(*) FROM "{t}"') for t in TABLES)
    assert _count(conn, "SELECT count(*) FROM recruiter WHERE revenue_target > 0") == 3
    status = dict(conn.execute("SELECT status, count(*) FROM candidate_profile GROUP BY status").fetchall())
    assert set(status) == {"active", "passive", "placed", "do_not_contact"}
    assert status["passive"] > status["active"] > status["placed"] > status["do_not_contact"]
    stages = Counter(dict(conn.execute("SELECT bd_stage, count(*) FROM company GROUP BY bd_stage").fetchall()))
    assert stages.most_common(1)[0][0] == "active_client"
    assert set(stages) == {"target", "contacted", "meeting", "terms_sent", "active_client", "dormant", "lost"}
    job_stages = {r[0] for r in conn.execute("SELECT DISTINCT stage FROM job_order")}
    assert {"closed_filled", "interviewing"} <= job_stages
    assert len(job_stages) >= 6
    sub_stages = {r[0] for r in conn.execute("SELECT DISTINCT stage FROM submission")}
    assert {"interviewing", "placed"} <= sub_stages and len(sub_stages) >= 6


def test_one_record_per_human_a_placed_candidate_now_hires_through_us(conn):
    rows = conn.execute(
        "SELECT r.person_id, r.company_id, cp.current_employer, c.name FROM contact_role r"
        " JOIN candidate_profile cp ON cp.person_id = r.person_id JOIN company c ON c.id = r.company_id"
    ).fetchall()
    assert rows
    for person_id, company_id, employer, company in rows:
        assert employer == company
        assert _count(conn, f"SELECT count(*) FROM placement WHERE person_id = {person_id}"
                            f" AND company_id = {company_id} AND status = 'guarantee_passed'") == 1


def test_references_and_formats_hold(conn):
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    for table, col, pattern in (("person", "created_at", TS), ("person", "last_contact_at", TS),
                                ("activity", "at", TS), ("submission", "interview_at", TS),
                                ("placement", "checkin_30_done_at", TS), ("placement", "start_date", DS),
                                ("placement", "guarantee_end", DS), ("consent", "sourced_at", DS),
                                ("job_order", "opened_on", DS), ("candidate_profile", "available_from", DS)):
        values = [r[0] for r in conn.execute(f"SELECT {col} FROM {table} WHERE {col} IS NOT NULL")]
        assert values, (table, col)
        assert all(pattern.match(v) for v in values), (table, col)
    for (skills,) in conn.execute("SELECT skills FROM candidate_profile UNION SELECT skills FROM job_order"):
        assert isinstance(json.loads(skills), list) and json.loads(skills)
    for email, norm, phone_norm in conn.execute("SELECT email, email_norm, phone_norm FROM person"):
        assert norm == (email.lower() if email else None)
        assert phone_norm is None or re.fullmatch(r"\+\d{9,15}", phone_norm)
    assert _count(conn, "SELECT count(*) FROM (SELECT email_norm FROM person WHERE email_norm IS NOT NULL"
                        " GROUP BY email_norm HAVING count(*) > 1)") == 0
    # Derived on write, kept consistent: last contact = the latest touch in the timeline.
    assert _count(conn, """
        SELECT count(*) FROM person p WHERE coalesce(p.last_contact_at, '') != coalesce(
          (SELECT max(a.at) FROM activity a WHERE a.person_id = p.id
            AND a.kind IN ('call_talked', 'call_voicemail', 'email', 'meeting')), '')""") == 0
    assert _count(conn, """
        SELECT count(*) FROM company c WHERE coalesce(c.last_contact_at, '') != coalesce(
          (SELECT max(a.at) FROM activity a WHERE a.company_id = c.id
            AND a.kind IN ('call_talked', 'call_voicemail', 'email', 'meeting')), '')""") == 0
    assert _count(conn, "SELECT count(*) FROM company WHERE last_contact_at IS NOT NULL") > 0
    assert _count(conn, "SELECT count(*) FROM activity a JOIN person p ON p.id = a.person_id"
                        " WHERE a.at < p.created_at") == 0
    assert _count(conn, "SELECT count(*) FROM activity WHERE at >= ?".replace("?", f"'{TODAY}'")) == 0
    # Placements follow the agreement rules of DESIGN.md §1.
    assert _count(conn, """
        SELECT count(*) FROM placement p JOIN company c ON c.id = p.company_id JOIN job_order j ON j.id = p.job_id
        WHERE p.guarantee_end != date(p.start_date, '+' || p.guarantee_days || ' days')
           OR p.checkin_30 != date(p.start_date, '+30 days') OR p.checkin_90 != date(p.start_date, '+90 days')
           OR abs(p.fee_amount - coalesce(p.salary * coalesce(j.fee_percent_override, c.fee_percent) / 100,
                                          c.flat_fee)) > 0.01
           OR p.offer_accepted_on > p.start_date""") == 0
    assert _count(conn, "SELECT count(*) FROM submission s JOIN placement p ON p.submission_id = s.id"
                        " WHERE s.stage != 'placed' OR s.person_id != p.person_id OR s.job_id != p.job_id") == 0


def test_search_index_has_one_row_per_person_and_finds_prefixes(conn):
    people = [r[0] for r in conn.execute("SELECT id FROM person ORDER BY id")]
    assert [r[0] for r in conn.execute("SELECT rowid FROM person_fts ORDER BY rowid")] == people
    hits = {r[0] for r in conn.execute("SELECT rowid FROM person_fts WHERE person_fts MATCH '\"pyth\"*'")}
    python = {r[0] for r in conn.execute(
        "SELECT person_id FROM candidate_profile, json_each(skills) WHERE json_each.value = 'Python'")}
    assert python and python <= hits
    # A pure client contact is found by the company they work for.
    pid, company = conn.execute(
        "SELECT r.person_id, c.name FROM contact_role r JOIN company c ON c.id = r.company_id"
        " LEFT JOIN candidate_profile cp ON cp.person_id = r.person_id"
        " WHERE cp.person_id IS NULL AND r.left_at IS NULL ORDER BY r.id LIMIT 1").fetchone()
    word = company.split()[0]
    found = {r[0] for r in conn.execute("SELECT rowid FROM person_fts WHERE employer MATCH ?", (f'"{word}"',))}
    assert pid in found


def test_every_due_kind_has_items_and_the_list_stays_believable(conn):
    items = compute_due(due_store.load_facts(conn, TODAY), TODAY)
    kinds = Counter(i.kind for i in items)
    assert set(kinds) == set(KINDS), set(KINDS) - set(kinds)
    assert 12 <= len(items) <= 40
    buckets = {(i.kind, i.bucket) for i in items}
    assert {("checkin", "today"), ("checkin", "overdue"), ("checkin", "upcoming")} <= buckets
    assert ("client_checkin", "overdue") in buckets and ("invoice_overdue", "overdue") in buckets
    titles = [i.title for i in items]
    assert any("interview tomorrow" in t for t in titles)
    assert any("interview today" in t for t in titles)
    assert any(t.startswith("Guarantee ended") for t in titles)  # one ended 2 days ago, still "started"
    # Only live placements carry the check-ins.
    for item in items:
        if item.kind == "checkin":
            status = conn.execute("SELECT status FROM placement WHERE id = ?", (item.placement_id,)).fetchone()[0]
            assert status in ("offer_accepted", "started")


def test_a_few_placements_wait_for_their_start_to_be_confirmed(conn):
    items = [i for i in compute_due(due_store.load_facts(conn, TODAY), TODAY) if i.kind == "start_confirm"]
    assert 1 <= len(items) <= 3
    for item in items:
        start, status, fee, cp_status, sub_stage, job_stage = conn.execute(
            "SELECT pl.start_date, pl.status, pl.fee_status, cp.status, s.stage, j.stage FROM placement pl"
            " JOIN candidate_profile cp ON cp.person_id = pl.person_id JOIN submission s ON s.id = pl.submission_id"
            " JOIN job_order j ON j.id = pl.job_id WHERE pl.id = ?", (item.placement_id,)).fetchone()
        assert (status, fee, cp_status, sub_stage, job_stage) == (
            "offer_accepted", "not_invoiced", "placed", "placed", "placed")
        assert 0 <= (TODAY - date.fromisoformat(start)).days <= 6 and item.bucket in ("today", "overdue")
        # Their only pipeline: no other submission, placement or due item for that candidate.
        assert _count(conn, f"SELECT count(*) FROM submission WHERE person_id = {item.person_id}") == 1
        assert _count(conn, f"SELECT count(*) FROM activity WHERE placement_id = {item.placement_id}"
                            " AND body LIKE 'Placed: offer accepted, starts %'") == 1


def test_the_unconfirmed_starts_leave_every_other_record_and_due_item_as_it_was(tmp_path, monkeypatch):
    """They come last, from a random stream of their own: without them the demo is what it was."""
    from deskcrm.store import demo as demo_mod

    with_them = build_demo(tmp_path / "a.db", candidates=N, seed=1, today=TODAY)
    monkeypatch.setattr(demo_mod._Demo, "_unconfirmed_starts", lambda self, conn: 0)
    without = build_demo(tmp_path / "b.db", candidates=N, seed=1, today=TODAY)
    a, b = _dump(with_them.path), _dump(without.path)
    placed = {r[2] for r in set(a["placement"]) - set(b["placement"])}
    assert placed
    for table in TABLES:
        if table == "candidate_profile":  # only the people with a start to confirm are now "placed"
            changed = {(x, y) for x, y in zip(a[table], b[table], strict=True) if x != y}
            assert {x[0] for x, _ in changed} == placed
            assert all(x[:10] + x[11:] == y[:10] + y[11:] and x[10] == "placed" for x, y in changed)
        else:
            assert set(b[table]) <= set(a[table]), table

    def others(path):
        c = db.connect(path)
        try:
            return sorted((i.key, i.title, i.due_date, i.person, i.company, i.job)
                          for i in compute_due(due_store.load_facts(c, TODAY), TODAY) if i.kind != "start_confirm")
        finally:
            c.close()

    assert others(with_them.path) == others(without.path)


def test_refuses_a_file_that_already_has_data(tmp_path):
    path = tmp_path / "mine.db"
    path.write_bytes(b"precious")
    with pytest.raises(StoreError, match="already exists; demo builds a fresh database"):
        build_demo(path, candidates=50, today=TODAY)
    assert path.read_bytes() == b"precious"


def test_an_empty_file_is_fine_and_progress_is_reported_a_few_times(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    calls = []
    report = build_demo(path, candidates=60, today=TODAY, progress=lambda s, f: calls.append((s, f)))
    assert report.candidates == 60 and report.rows > 0 and report.seconds > 0
    assert 3 <= len(calls) <= 40
    fractions = [f for _, f in calls]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert path.stat().st_mode & 0o077 == 0  # private to the user (DESIGN.md §6)


def test_a_failed_build_leaves_no_file(tmp_path, monkeypatch):
    from deskcrm.store import demo as demo_mod

    def boom(self, conn):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(demo_mod._Demo, "finish", boom)
    path = tmp_path / "gone.db"
    with pytest.raises(RuntimeError):
        build_demo(path, candidates=50, today=TODAY)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("n", [1, 7, 50])
def test_tiny_demos_build(tmp_path, n):
    report = build_demo(tmp_path / "tiny.db", candidates=n, today=TODAY)
    assert report.candidates == n
    c = db.connect(report.path)
    try:
        assert c.execute("PRAGMA foreign_key_check").fetchall() == []
        if n >= 50:
            items = compute_due(due_store.load_facts(c, TODAY), TODAY)
            assert {i.kind for i in items} == set(KINDS)
    finally:
        c.close()


def test_importing_the_builder_stays_light():
    code = (
        "import sys, deskcrm.store.demo, deskcrm.store.search_index;"
        "print([m for m in ('sqlalchemy', 'sqlmodel', 'alembic', 'textual', 'rich') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_clock_is_not_consulted_when_today_is_given(tmp_path):
    clock.freeze(date(2030, 1, 1))
    report = build_demo(tmp_path / "d.db", candidates=50, today=TODAY)
    c = db.connect(report.path)
    try:
        assert c.execute("SELECT max(at) FROM activity").fetchone()[0] < str(TODAY)
    finally:
        c.close()


def test_index_people_updates_and_drops_rows(tmp_path):
    from deskcrm.store.search_index import SETTINGS, index_people

    report = build_demo(tmp_path / "s.db", candidates=50, today=TODAY)
    c = db.connect(report.path)
    try:
        with db.write(c):
            c.execute("UPDATE person SET name = 'Zebulon Quaxworth' WHERE id = 1")
            c.execute("UPDATE person SET erased_at = '2026-11-17 10:00:00.000000', name = 'erased' WHERE id = 2")
            index_people(c, [1, 2])
        hits = {r[0] for r in c.execute("SELECT rowid FROM person_fts WHERE person_fts MATCH '\"quaxw\"*'")}
        assert hits == {1}
        assert 2 not in {r[0] for r in c.execute("SELECT rowid FROM person_fts")}
        config = {k: int(v) for k, v in c.execute("SELECT k, v FROM person_fts_config")}
        assert config["hashsize"] == 1024 * 1024  # the bulk buffer undone
        assert {k: config[k] for k in SETTINGS} == SETTINGS  # no merging inside a save (issue 10)
    finally:
        c.close()

