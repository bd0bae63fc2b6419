"""Reads that turn a stored UTC stamp into the recruiter's LOCAL day agree on both engines, in
zones east and west of UTC: the Clients list's next check-in (SQL: ``store.date_sql``) is the
account's (Python), and the day a touch falls on is the local one, not UTC's."""

from __future__ import annotations

import time
from datetime import date

import pytest

from deskcrm.store import account, clients, db
from deskcrm.store.date_sql import local_zone

NOW = "2026-11-01 09:00:00.000000"

# (zone, the last touch in UTC, its local day + the 7-day cadence)
CASES = [
    ("Pacific/Auckland", "2026-11-17 12:30:00.000000", date(2026, 11, 25)),  # 18 Nov, 01:30 local
    ("America/Los_Angeles", "2026-11-18 03:00:00.000000", date(2026, 11, 24)),  # 17 Nov, 19:00 local
    ("Europe/Berlin", "2026-03-28 23:30:00.000000", date(2026, 4, 5)),  # 29 Mar, 00:30 (summer time that day)
    ("UTC", "2026-11-17 23:59:59.000000", date(2026, 11, 24)),
]


def _company(conn, name: str, cadence: int, last: str | None) -> int:
    """An active client on ``cadence``, called at ``last`` (the activity, and the stored stamp)."""
    cid = conn.execute(
        "INSERT INTO company (name, name_norm, bd_stage, fee_currency, payment_terms_days, guarantee_days,"
        " prorata_rule, checkin_cadence_days, last_contact_at, created_at, updated_at, version)"
        " VALUES (?, ?, 'active_client', 'EUR', 30, 90, 'none', ?, ?, ?, ?, 1)",
        (name, name.lower(), cadence, last, NOW, NOW),
    ).lastrowid
    if last:
        conn.execute("INSERT INTO activity (kind, body, at, company_id) VALUES ('call_talked', '', ?, ?)", (last, cid))
    return cid


@pytest.mark.parametrize("zone, last, due", CASES, ids=[c[0] for c in CASES])
def test_the_next_checkin_falls_on_the_local_day(db_path, monkeypatch, zone, last, due):
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    today = date(2026, 11, 20)
    conn = db.connect(db_path)
    try:
        with db.write(conn):
            cid = _company(conn, "Kiwi Freight", 7, last)
            _company(conn, "Millennia Ltd", 10_000_000, last)  # past year 9999: no check-in day at all
        rows = {r.name: r for r in clients.list_clients(conn, clients.ClientFilter(sort="checkin"), today=today)}
        assert rows["Kiwi Freight"].next_checkin == due
        assert rows["Millennia Ltd"].next_checkin is None
        assert account.load_account(conn, cid, today=today).next_checkin == due  # the same rule, in Python
        overdue = clients.list_clients(conn, clients.ClientFilter(overdue=True), today=due.replace(day=due.day + 1))
        assert [r.name for r in overdue] == ["Kiwi Freight"]
        assert clients.count_clients(conn, clients.ClientFilter(overdue=True), today=due) == 0
    finally:
        conn.close()


def test_a_company_never_contacted_is_due_today_on_both_engines(db_path):
    conn = db.connect(db_path)
    try:
        with db.write(conn):
            _company(conn, "Fresh Co", 14, None)
        (row,) = clients.list_clients(conn, clients.ClientFilter(sort="checkin"), today=date(2026, 11, 20))
        assert (row.next_checkin, row.overdue) == (date(2026, 11, 20), True)
    finally:
        conn.close()


@pytest.mark.parametrize("given, zone", [
    ("Europe/Berlin", "Europe/Berlin"),
    (":Asia/Kolkata", "Asia/Kolkata"),
    ("/usr/share/zoneinfo/America/New_York", "America/New_York"),
    ("CET-1CEST,M3.5.0,M10.5.0/3", "CET-1CEST,M3.5.0,M10.5.0/3"),  # a POSIX rule: PostgreSQL reads it too
    ("", "UTC"),
])
def test_the_machines_zone_is_named_as_postgresql_reads_one(monkeypatch, given, zone):
    monkeypatch.setenv("TZ", given)
    assert local_zone() == zone
