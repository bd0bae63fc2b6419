"""The due list's load reads what can be due, not the desk (issue 10, item 1), and its cuts never
change the list: the items are the ones a load of every record gives.

Work is counted, never timed: SQLite's progress handler counts the virtual-machine steps a load
takes, so "adding history does not make the load do more" is an exact, repeatable assertion.
"""

from __future__ import annotations

import random
import re
import sqlite3
import time
from datetime import date, datetime, timedelta

import pytest
from seed import TODAY

from deskcrm.domain.due import (
    CandidateFacts,
    CompanyFacts,
    ConsentFacts,
    DueFacts,
    DueSettings,
    FollowUpFacts,
    InterviewFacts,
    PlacementFacts,
    compute_due,
)
from deskcrm.store import db, due_store
from deskcrm.store.last_contact import TOUCH_KINDS, refresh_all
from deskcrm.store.values import ds, local, midnight, parse_date, ts

HISTORY = 1500  # records added that can never be due today


# --------------------------------------------------------------------------- counting work


def _steps(conn: sqlite3.Connection, today: date) -> int:
    """SQLite VM steps of one ``load_facts`` (to the nearest 10)."""
    count = [0]

    def tick() -> int:
        count[0] += 1
        return 0

    conn.set_progress_handler(tick, 10)
    try:
        due_store.load_facts(conn, today)
    finally:
        conn.set_progress_handler(None, 0)
    return count[0] * 10


def _placements(conn, ids, n, *, ticked: bool) -> None:
    """n placements that started three years ago: guarantee passed, fee paid; their check-ins
    ticked (tidy history) or never ticked (untidy history: still nothing due, long out of window)."""
    start = TODAY - timedelta(days=3 * 365)
    done = ts(datetime(start.year, start.month, start.day, 10)) if ticked else None
    conn.executemany(
        "INSERT INTO placement (person_id, job_id, company_id, offer_accepted_on, start_date, salary, currency,"
        " fee_amount, fee_status, invoice_due, credited_amount, guarantee_days, guarantee_end, checkin_30,"
        " checkin_30_done_at, checkin_60, checkin_60_done_at, checkin_90, checkin_90_done_at, status, rank, version)"
        " VALUES (?, ?, ?, ?, ?, 50000, 'EUR', 10000, 'paid', ?, 0, 90, ?, ?, ?, ?, ?, ?, ?, 'guarantee_passed', 0, 1)",
        [(ids["lena"], ids["job_data"], ids["northwind"], ds(start), ds(start), ds(start + timedelta(days=30)),
          ds(start + timedelta(days=90)), ds(start + timedelta(days=30)), done, ds(start + timedelta(days=60)), done,
          ds(start + timedelta(days=90)), done) for _ in range(n)],
    )


def _offers_starting_next_month(conn, ids, n) -> None:
    """n offers accepted, starting in a month: no start to confirm yet, no check-in in sight."""
    start = TODAY + timedelta(days=30)
    conn.executemany(
        "INSERT INTO placement (person_id, job_id, company_id, offer_accepted_on, start_date, salary, currency,"
        " fee_amount, fee_status, credited_amount, guarantee_days, guarantee_end, checkin_30, checkin_60, checkin_90,"
        " status, rank, version) VALUES (?, ?, ?, ?, ?, 50000, 'EUR', 10000, 'not_invoiced', 0, 90, ?, ?, ?, ?,"
        " 'offer_accepted', 0, 1)",
        [(ids["lena"], ids["job_data"], ids["northwind"], ds(TODAY), ds(start), ds(start + timedelta(days=90)),
          ds(start + timedelta(days=30)), ds(start + timedelta(days=60)), ds(start + timedelta(days=90)))
         for _ in range(n)],
    )


def _contacts_touched_three_months_ago(conn, ids, n) -> None:
    """n client contacts (no candidate profile) last called 95 days ago, as a candidate going
    cold would be: the nurture rule is about candidates, so they cost no row reads."""
    day = TODAY - timedelta(days=95)
    at = ts(datetime(day.year, day.month, day.day, 10))
    for i in range(n):
        pid = conn.execute(
            "INSERT INTO person (name, other_contacts, tags, custom, last_contact_at, created_at, updated_at, version)"
            " VALUES (?, '[]', '[]', '{}', ?, ?, ?, 1)", (f"Contact {i}", at, at, at),
        ).lastrowid
        conn.execute("INSERT INTO contact_role (person_id, company_id, is_hiring_manager, is_billing, version)"
                     " VALUES (?, ?, FALSE, FALSE, 1)", (pid, ids["northwind"]))


def _clients_contacted_yesterday(conn, ids, n) -> None:
    """n active clients on a 30-day cadence, each called yesterday: none is due for weeks."""
    at = ts(datetime.combine(TODAY - timedelta(days=1), datetime.min.time()).replace(hour=11))
    for i in range(n):
        cid = conn.execute(
            "INSERT INTO company (name, name_norm, bd_stage, fee_percent, fee_currency, payment_terms_days,"
            " guarantee_days, prorata_rule, checkin_cadence_days, created_at, updated_at, version)"
            " VALUES (?, ?, 'active_client', 20, 'EUR', 30, 90, 'none', 30, ?, ?, 1)",
            (f"Client {i}", f"client {i}", at, at),
        ).lastrowid
        conn.execute("INSERT INTO activity (kind, body, at, person_id, company_id) VALUES ('call_talked', '', ?, ?, ?)",
                     (at, ids["bo"], cid))
    refresh_all(conn)


def _people(conn, n, *, last_contact: str | None, created: str) -> None:
    for i in range(n):
        pid = conn.execute(
            "INSERT INTO person (name, other_contacts, tags, custom, last_contact_at, created_at, updated_at, version)"
            " VALUES (?, '[]', '[]', '{}', ?, ?, ?, 1)", (f"Person {i}", last_contact, created, created),
        ).lastrowid
        conn.execute("INSERT INTO candidate_profile (person_id, skills, salary_currency, status, version)"
                     " VALUES (?, '[]', 'EUR', 'active', 1)", (pid,))


def _consents_expiring_after_the_window(conn, ids, n) -> None:
    """n consents (notice sent) expiring the day after the expiry window ends: not due yet."""
    expires = ds(TODAY + timedelta(days=DueSettings().consent_expiry_window_days + 1))
    conn.executemany("INSERT INTO consent (person_id, lawful_basis, sourced_at, notice_sent_at, expires_at, version)"
                     " VALUES (?, 'consent', '2024-01-01', '2024-01-02', ?, 1)", [(ids["lena"], expires)] * n)


def _notices_not_due_yet(conn, ids, n) -> None:
    """n people sourced today, not contacted yet: their Art. 14 notice is due in a month."""
    conn.executemany("INSERT INTO consent (person_id, lawful_basis, sourced_at, version)"
                     " VALUES (?, 'legitimate_interest', ?, 1)", [(ids["lena"], ds(TODAY))] * n)


def _a_day_past_the_nurture_horizon() -> str:
    s = DueSettings()
    day = TODAY - timedelta(days=s.nurture_days + s.nurture_horizon_days + 1)
    return ts(datetime(day.year, day.month, day.day, 12))


def _three_years_ago() -> str:
    day = TODAY - timedelta(days=3 * 365)
    return ts(datetime(day.year, day.month, day.day, 9))


HISTORIES = {
    "placements, tidy history": lambda conn, ids: _placements(conn, ids, HISTORY, ticked=True),
    "placements, check-ins never ticked": lambda conn, ids: _placements(conn, ids, HISTORY, ticked=False),
    "offers accepted, starting next month": lambda conn, ids: _offers_starting_next_month(conn, ids, HISTORY),
    "active clients contacted yesterday": lambda conn, ids: _clients_contacted_yesterday(conn, ids, HISTORY),
    "candidates never contacted, added years ago": lambda conn, ids: _people(
        conn, HISTORY, last_contact=None, created=_three_years_ago()),
    "candidates gone cold a day past the nurture horizon": lambda conn, ids: _people(
        conn, HISTORY, last_contact=_a_day_past_the_nurture_horizon(), created=_three_years_ago()),
    "consents expiring the day after the window": lambda conn, ids: _consents_expiring_after_the_window(
        conn, ids, HISTORY),
    "Art. 14 notices due next month": lambda conn, ids: _notices_not_due_yet(conn, ids, HISTORY),
    "candidates last contacted years ago": lambda conn, ids: _people(
        conn, HISTORY, last_contact=_three_years_ago(), created=_three_years_ago()),
}


@pytest.mark.parametrize("history", list(HISTORIES))
def test_history_adds_no_work_to_the_due_load(seeded_store, today, history):
    """The load's SQL selects only rows that can be due: 1,500 records that cannot be (history,
    clients just called, people added or contacted years ago) change neither the items nor,
    beyond an index level, the work the load does."""
    conn, ids, _path = seeded_store
    counted = db.engine(conn) == "sqlite"  # SQLite's VM steps; on PostgreSQL only the items are compared
    before = _steps(conn, today) if counted else 0
    items = compute_due(due_store.load_facts(conn, today), today)
    with db.write(conn):
        HISTORIES[history](conn, ids)
    after = _steps(conn, today) if counted else 0
    assert compute_due(due_store.load_facts(conn, today), today) == items
    # A full walk costs ~10+ steps a row (15,000+ here); a few more index levels cost a few dozen.
    assert after - before < 600, (history, before, after)


# --------------------------------------------------------------------------- query plans


@pytest.fixture
def sqlite_store(seeded_store):
    """The seeded desk, on SQLite only: these tests read SQLite's query plans."""
    if db.engine(seeded_store[0]) != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    return seeded_store


class _Recorder:
    """The connection, noting each statement the load runs (and its parameters)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.statements: list[tuple[str, tuple]] = []

    def execute(self, sql: str, params=()):  # noqa: ANN001, ANN201
        self.statements.append((sql, tuple(params)))
        return self.conn.execute(sql, params)


_BIG = ("person", "candidate_profile", "company", "placement", "activity", "consent", "submission", "contact_role")


def test_every_due_statement_searches_an_index_never_scans_a_table(sqlite_store, today):
    conn, _ids, _path = sqlite_store
    rec = _Recorder(conn)
    due_store.load_facts(rec, today)  # type: ignore[arg-type]
    assert rec.statements
    for sql, params in rec.statements:
        plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]
        named = re.findall(r"\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?", sql, re.IGNORECASE)
        big = set(_BIG) | {alias for table, alias in named if table in _BIG and alias}
        scans = [step for step in plan if step.startswith("SCAN ") and step.split()[1] in big]
        assert not scans, (sql, plan)


def _plans(conn: sqlite3.Connection, today: date) -> list[str]:
    rec = _Recorder(conn)
    due_store.load_facts(rec, today)  # type: ignore[arg-type]
    return [" | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params)) for sql, params in rec.statements]


def test_client_contacts_gone_quiet_cost_no_row_reads(sqlite_store, today):
    """Client contacts (no candidate profile) last called in the nurture window are ten times the
    candidates there at 1M: the people in the window come from the index alone (covering), and
    only those with a profile to nurture are read."""
    conn, ids, _path = sqlite_store
    items = compute_due(due_store.load_facts(conn, today), today)
    with db.write(conn):
        _contacts_touched_three_months_ago(conn, ids, HISTORY)
    assert compute_due(due_store.load_facts(conn, today), today) == items
    # nurture and the retention review count (due_store.retention_count) both cut that index
    cuts = [p for p in _plans(conn, today) if "ix_person_last_contact_at" in p]
    assert len(cuts) == 2
    assert all("COVERING INDEX ix_person_last_contact_at (last_contact_at>? AND last_contact_at<?)" in p for p in cuts)


def test_never_contacted_candidates_come_from_their_own_index(sqlite_store, today):
    """Not a walk over every NULL of ``last_contact_at`` (72,000 of them at 1M candidates)."""
    conn, _ids, _path = sqlite_store
    plans = _plans(conn, today)
    assert any("ix_person_never_contacted (created_at>? AND created_at<?)" in p for p in plans), plans


# --------------------------------------------------------------------------- the same items


def _everything(conn: sqlite3.Connection) -> DueFacts:
    """Every record the rules could look at, with no date cut at all, and a company's last
    contact derived from the timeline: what the due list is *defined* on."""
    placements = [
        PlacementFacts(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], parse_date(r[8]), parse_date(r[9]),
                       parse_date(r[10]), parse_date(r[11]), parse_date(r[12]), bool(r[13]), bool(r[14]),
                       bool(r[15]), r[16], parse_date(r[17]), r[18], r[19])
        for r in conn.execute(
            """SELECT pl.id, pl.person_id, p.name, pl.company_id, c.name, pl.job_id, j.title, pl.status,
                      pl.start_date, pl.guarantee_end, pl.checkin_30, pl.checkin_60, pl.checkin_90,
                      pl.checkin_30_done_at IS NOT NULL, pl.checkin_60_done_at IS NOT NULL,
                      pl.checkin_90_done_at IS NOT NULL, pl.fee_status, pl.invoice_due, pl.fee_amount, pl.currency
               FROM placement pl JOIN person p ON p.id = pl.person_id JOIN company c ON c.id = pl.company_id
               JOIN job_order j ON j.id = pl.job_id""")
    ]
    touches = ", ".join(f"'{k}'" for k in TOUCH_KINDS)
    companies = []
    for cid, name, stage, cadence, last, contact, contact_name in conn.execute(
        f"""SELECT c.id, c.name, c.bd_stage, c.checkin_cadence_days,
                   (SELECT max(a.at) FROM activity a WHERE a.company_id = c.id AND a.kind IN ({touches})),
                   r.person_id, (SELECT name FROM person WHERE id = r.person_id)
            FROM company c LEFT JOIN contact_role r ON r.id = (
                SELECT cr.id FROM contact_role cr WHERE cr.company_id = c.id AND cr.left_at IS NULL
                ORDER BY cr.is_hiring_manager DESC, cr.id LIMIT 1)"""):
        companies.append(CompanyFacts(cid, name, stage, cadence, local(last).date() if last else None,
                                      contact, contact_name))
    candidates = [
        CandidateFacts(pid, name, employer, status, local(last).date() if last else None, local(created).date(),
                       parse_date(nxt))
        for pid, name, employer, status, last, created, nxt in conn.execute(
            """SELECT p.id, p.name, cp.current_employer, cp.status, p.last_contact_at, p.created_at, p.next_touch_on
               FROM person p JOIN candidate_profile cp ON cp.person_id = p.id WHERE p.erased_at IS NULL""")
    ]
    interviews = [
        InterviewFacts(r[0], r[1], r[2], r[3], r[4], r[5], r[6], local(r[7]))
        for r in conn.execute(
            """SELECT su.id, su.person_id, p.name, j.company_id, c.name, j.id, j.title, su.interview_at
               FROM submission su JOIN person p ON p.id = su.person_id JOIN job_order j ON j.id = su.job_id
               JOIN company c ON c.id = j.company_id WHERE su.interview_at IS NOT NULL AND su.stage = 'interviewing'""")
    ]
    consents = [
        ConsentFacts(r[0], r[1], parse_date(r[2]), parse_date(r[3]), parse_date(r[4]), parse_date(r[5]), bool(r[6]))
        for r in conn.execute(
            """SELECT co.person_id, p.name, co.sourced_at, co.first_contact_at, co.notice_sent_at, co.expires_at,
                      co.withdrawn_at IS NOT NULL
               FROM consent co JOIN person p ON p.id = co.person_id WHERE p.erased_at IS NULL""")
    ]
    far = date(9999, 1, 1)
    follow_ups = [f for f in due_store._follow_ups(conn, far)]  # every scheduled touch, whatever its day
    return DueFacts(placements, companies, candidates, interviews, consents, follow_ups)


def _days(around: date, before: int, after: int, step: int = 1):
    return [around + timedelta(days=k) for k in range(-before, after + 1, step)]


def _same(conn: sqlite3.Connection, days, settings: DueSettings = DueSettings()) -> None:
    every = _everything(conn)
    state = due_store.load_state(conn)
    for day in days:
        cut = compute_due(due_store.load_facts(conn, day, settings), day, settings, state)
        assert cut == compute_due(every, day, settings, state), day


def test_the_seeded_desk_lists_the_same_items_as_a_load_of_everything(seeded_store):
    conn, _ids, _path = seeded_store
    _same(conn, _days(TODAY, 200, 200, 3))
    _same(conn, _days(TODAY, 40, 40, 5), DueSettings(lookahead_days=0, nurture_days=30, nurture_horizon_days=0,
                                                   checkin_horizon_days=3, guarantee_window_days=1,
                                                   consent_expiry_window_days=2, art14_notice_days=10))


def test_a_cadence_of_millennia_lists_a_client_never_contacted_and_nothing_else(seeded_store, today):
    conn, ids, _path = seeded_store
    with db.write(conn):
        conn.execute("UPDATE company SET checkin_cadence_days = 10000000 WHERE id IN (?, ?)",
                     (ids["northwind"], ids["globex"]))  # Northwind was called, Globex never
        conn.execute("UPDATE company SET bd_stage = 'active_client' WHERE id = ?", (ids["globex"],))
    checkins = [i for i in compute_due(due_store.load_facts(conn, today), today) if i.kind == "client_checkin"]
    assert [(i.company_id, i.due_date) for i in checkins] == [(ids["globex"], today), (ids["acme"], today + timedelta(days=2))]


def _random_desk(conn: sqlite3.Connection, rng: random.Random, around: date) -> None:
    """Records dated densely around ``around`` so that every window edge is crossed."""

    def day(spread: int = 150) -> date:
        return around + timedelta(days=rng.randint(-spread, spread))

    def at(spread: int = 150) -> str:
        d = day(spread)
        return ts(datetime(d.year, d.month, d.day, rng.choice((0, 1, 7, 12, 22, 23)), rng.choice((0, 30, 59))))

    c = conn.execute
    c("INSERT INTO recruiter (id, name, initials, active) VALUES (1, 'R', 'R', TRUE)")
    companies = []
    for i in range(40):
        companies.append(c(
            "INSERT INTO company (name, name_norm, bd_stage, fee_currency, payment_terms_days, guarantee_days,"
            " prorata_rule, checkin_cadence_days, created_at, updated_at, version)"
            " VALUES (?, ?, ?, 'EUR', 30, 90, 'none', ?, ?, ?, 1)",
            (f"C{i}", f"c{i}", rng.choice(("active_client", "active_client", "target", "dormant")),
             rng.choice((None, 0, -3, 1, 7, 14, 30, 30, 45, 60, 90)), at(), at()),
        ).lastrowid)
    people = []
    for i in range(160):
        last = None if rng.random() < 0.3 else at()
        nxt = ds(day(20)) if rng.random() < 0.15 else None
        pid = c("INSERT INTO person (name, other_contacts, tags, custom, last_contact_at, next_touch_on, created_at,"
                " updated_at, erased_at, version) VALUES (?, '[]', '[]', '{}', ?, ?, ?, ?, ?, 1)",
                (f"P{i}", last, nxt, at(), at(), at() if rng.random() < 0.03 else None)).lastrowid
        people.append(pid)
        if rng.random() < 0.8:
            c("INSERT INTO candidate_profile (person_id, skills, salary_currency, status, version)"
              " VALUES (?, '[]', 'EUR', ?, 1)",
              (pid, rng.choice(("active", "passive", "passive", "placed", "do_not_contact"))))
        if rng.random() < 0.5:
            c("INSERT INTO consent (person_id, lawful_basis, sourced_at, first_contact_at, notice_sent_at, expires_at,"
              " withdrawn_at, version) VALUES (?, 'consent', ?, ?, ?, ?, ?, 1)",
              (pid, ds(day()), ds(day()) if rng.random() < 0.5 else None, ds(day()) if rng.random() < 0.5 else None,
               ds(day()) if rng.random() < 0.6 else None, ds(day()) if rng.random() < 0.05 else None))
    for pid in rng.sample(people, 30):
        c("INSERT INTO contact_role (person_id, company_id, is_hiring_manager, is_billing, left_at, version)"
          " VALUES (?, ?, ?, FALSE, ?, 1)", (pid, rng.choice(companies), rng.random() < 0.5,
                                         ds(day()) if rng.random() < 0.2 else None))
    jobs = [c("INSERT INTO job_order (company_id, title, skills, remote, currency, openings, job_type, urgency,"
              " stage, opened_on, rank, version) VALUES (?, 'J', '[]', 'onsite', 'EUR', 1, 'perm', 2, 'sourcing',"
              " ?, 0, 1)", (cid, ds(day()))).lastrowid for cid in companies]
    for _ in range(150):
        kind = rng.choice(TOUCH_KINDS + ("call_no_answer", "note", "system"))
        c("INSERT INTO activity (kind, body, at, person_id, company_id) VALUES (?, '', ?, ?, ?)",
          (kind, at(), rng.choice(people), rng.choice(companies) if rng.random() < 0.7 else None))
    for i, pid in enumerate(rng.sample(people, 60)):
        c("INSERT INTO submission (person_id, job_id, stage, stage_changed_at, interview_at, rank, created_at,"
          " version) VALUES (?, ?, ?, ?, ?, 0, ?, 1)",
          (pid, jobs[i % len(jobs)], rng.choice(("interviewing", "interviewing", "submitted")), at(), at(20), at()))
    for _ in range(220):
        start = day()
        checkins = [start + timedelta(days=k) for k in (30, 60, 90)]
        if rng.random() < 0.1:  # edited by hand: out of step with the start
            checkins = [day() for _ in checkins]
        done = [at() if rng.random() < 0.5 else None for _ in checkins]
        fee_status = rng.choice(("not_invoiced", "invoiced", "invoiced", "paid", "credited"))
        job = rng.choice(jobs)
        c("INSERT INTO placement (person_id, job_id, company_id, offer_accepted_on, start_date, salary, currency,"
          " fee_amount, fee_status, invoice_due, credited_amount, guarantee_days, guarantee_end, checkin_30,"
          " checkin_30_done_at, checkin_60, checkin_60_done_at, checkin_90, checkin_90_done_at, status, rank,"
          " version) VALUES (?, ?, (SELECT company_id FROM job_order WHERE id = ?), ?, ?, 1, 'EUR', ?, ?, ?, 0, 90,"
          " ?, ?, ?, ?, ?, ?, ?, ?, 0, 1)",
          (rng.choice(people), job, job, ds(start), ds(start), rng.choice((1000.0, 12345.5)), fee_status,
           ds(day()) if fee_status != "not_invoiced" or rng.random() < 0.1 else None, ds(day()),
           ds(checkins[0]), done[0], ds(checkins[1]), done[1], ds(checkins[2]), done[2],
           rng.choice(("offer_accepted", "started", "started", "guarantee_passed", "fell_off", "guarantee_failed"))))
    refresh_all(conn)


@pytest.mark.parametrize(("desk_path", "zone"), [
    *(("sqlite", z) for z in ("UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata", "Pacific/Auckland")),
    ("postgresql", "Pacific/Auckland"),  # the same SQL's date cuts on a server, in the zone furthest east
], indirect=["desk_path"])
def test_random_desks_list_the_same_items_as_a_load_of_everything(db_path, monkeypatch, zone):
    """Dense random records around two DST changes (Europe: 29 Mar / 25 Oct 2026), in zones
    east and west of UTC: the SQL's date cuts (local midnights as UTC) drop nothing."""
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    conn = db.connect(db_path)
    try:
        for seed, around in ((1, date(2026, 3, 29)), (2, date(2026, 10, 25))):
            with db.write(conn):
                for table in ("activity", "placement", "submission", "job_order", "contact_role", "consent",
                              "candidate_profile", "person", "company", "recruiter"):
                    conn.execute(f"DELETE FROM {table}")
                _random_desk(conn, random.Random(f"{zone}{seed}"), around)
            _same(conn, _days(around, 120, 120, 2))
    finally:
        conn.close()
