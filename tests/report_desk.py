"""A small desk for the reports, every figure computed by hand below (both engines: raw INSERTs
with TRUE/FALSE, ISO dates, stamps in ``values.ts`` form). Today is 2026-11-18 (tests' TZ is UTC).

Recruiters: AM (annual target 240,000 EUR), PS (no target).
Companies: Acme [/] Ltd (EUR 20 %, cadence 30), Globex (GBP 25 %, cadence 14), "=Quiet" (cadence 30,
never contacted, no orders: the CSV-injection name).

Jobs (opened → closed, stage, owner):
  J1 Acme Backend      07-01 → 08-10 placed   AM   P1 (offer 07-21) fell off, reopened, P2 (08-10) filled it
  J2 Acme Data         07-15, submitting  AM   P3 (offer 08-04) failed its guarantee: reopened
  J3 Globex Ops        06-10 → 07-10 placed   PS   P4 (offer 07-10)
  J4 Globex Lost       08-01 → 09-30 closed_lost PS
  J5 Acme Open         09-01, interviewing   AM   comp max 100k → expected fee 20,000 EUR
  J6 Globex Offer      09-15, offer          PS   comp max 50k → 12,500 GBP
  J7 Acme Hold         05-01 → 09-15 on_hold AM   (on hold is not closed)
  J8 Globex Old        2025-01-01 → 2025-02-01 placed AM   P5 (offer 2025-02-01)

Placements:
  P1 J1 AM 20,000 EUR offer 07-21 fell_off, not invoiced
  P2 J1 AM 18,000 EUR offer 08-10 started (guarantee to 11-30), invoiced 09-01 due 10-01 (overdue)
  P3 J2 AM 16,000 EUR offer 08-04 start 08-15, invoiced 08-15, paid 09-10, guarantee failed: left 09-14
     (30 of 90 days: pro-rata credit 10,666.67), guarantee end 11-13
  P4 J3 PS 12,000 GBP offer 07-10 start 07-20, invoiced 07-20, paid 08-05, guarantee passed (end 10-18)
  P5 J8 AM  9,000 GBP offer 2025-02-01, paid 2025-03-01, guarantee passed (end 2025-05-02)

Submissions (created, source, stage): S1 J1 07-05 LinkedIn placed · S2 J1 07-20 Referral placed ·
  S3 J2 07-20 LinkedIn placed · S4 J3 06-20 LinkedIn placed · S5 J5 09-05 LinkedIn interviewing
  (interview 11-19 14:00) · S6 J6 09-10 no source offered · S7 J4 08-02 Referral rejected_by_client
  · S8 J8 2025-01-10 LinkedIn placed

Activities: AM in the week of 11-16: 2 calls talked, 1 voicemail, 1 no answer, 1 email, 1 meeting
  (Acme, 11-16: its last contact), a move to Submitted (S5, 11-17); AM 11-15 23:30 a call talked
  (the week before); PS: 2 emails in the week of 11-16, a move to Offered (S6, 11-18), an email to
  Globex 10-01 (its last contact).
"""

from __future__ import annotations

from datetime import date, datetime

from deskcrm.domain.client_rules import company_key
from deskcrm.store import db
from deskcrm.store.last_contact import refresh_all
from deskcrm.store.values import ts

TODAY = date(2026, 11, 18)
ACME = "Acme [/] Ltd"
PERSON = "Zoë [bold]Reid\x1b[2J"
QUIET = "=Quiet(1)"


def _at(day: str, hh: int = 10, mm: int = 0) -> str:
    d = date.fromisoformat(day)
    return ts(datetime(d.year, d.month, d.day, hh, mm))


def build(path) -> dict[str, int]:
    from seed import migrated

    migrated(path)
    conn = db.connect(path)
    try:
        with db.write(conn):
            ids = _fill(conn)
            refresh_all(conn)
    finally:
        conn.close()
    return ids


def _fill(conn) -> dict[str, int]:
    ids: dict[str, int] = {}
    created = _at("2025-01-01")

    def one(sql: str, params: tuple) -> int:
        return conn.execute(sql + " RETURNING id", params).fetchone()[0]

    for key, name, initials, target in (("am", "Alex Morgan", "AM", 240000.0), ("ps", "Priya Shah", "PS", None)):
        ids[key] = one("INSERT INTO recruiter (name, initials, revenue_target, active) VALUES (?, ?, ?, TRUE)",
                       (name, initials, target))

    def company(key: str, name: str, currency: str, pct: float, cadence: int) -> None:
        ids[key] = one(
            "INSERT INTO company (name, name_norm, name_key, bd_stage, owner_id, fee_percent, fee_currency,"
            " payment_terms_days, guarantee_days, prorata_rule, checkin_cadence_days, created_at, updated_at,"
            " version, rank) VALUES (?, ?, ?, 'active_client', ?, ?, ?, 30, 90, 'prorata', ?, ?, ?, 1, 0)",
            (name, name.lower(), company_key(name), ids["am"], pct, currency, cadence, created, created))

    company("acme", ACME, "EUR", 20.0, 30)
    company("globex", "Globex", "GBP", 25.0, 14)
    company("quiet", QUIET, "EUR", 20.0, 30)

    def job(key: str, cid: str, title: str, opened: str, closed: str | None, stage: str, owner: str,
            currency: str, comp: float) -> None:
        ids[key] = one(
            "INSERT INTO job_order (company_id, title, skills, remote, comp_max, currency, openings, job_type,"
            " urgency, stage, owner_id, opened_on, closed_on, rank, version)"
            " VALUES (?, ?, '[]', 'onsite', ?, ?, 1, 'perm', 2, ?, ?, ?, ?, 0, 1)",
            (ids[cid], title, comp, currency, stage, ids[owner], opened, closed))

    job("j1", "acme", "Backend", "2026-07-01", "2026-08-10", "placed", "am", "EUR", 100000)
    job("j2", "acme", "Data", "2026-07-15", None, "submitting", "am", "EUR", 100000)
    job("j3", "globex", "Ops", "2026-06-10", "2026-07-10", "placed", "ps", "GBP", 48000)
    job("j4", "globex", "Lost", "2026-08-01", "2026-09-30", "closed_lost", "ps", "GBP", 50000)
    job("j5", "acme", "Open", "2026-09-01", None, "interviewing", "am", "EUR", 100000)
    job("j6", "globex", "Offer", "2026-09-15", None, "offer", "ps", "GBP", 50000)
    job("j7", "acme", "Hold", "2026-05-01", "2026-09-15", "on_hold", "am", "EUR", 100000)
    job("j8", "globex", "Old", "2025-01-01", "2025-02-01", "placed", "am", "GBP", 36000)

    ids["zoe"] = one(
        "INSERT INTO person (name, other_contacts, tags, custom, created_at, updated_at, version)"
        " VALUES (?, '[]', '[]', '{}', ?, ?, 1)", (PERSON, created, created))
    people = {}
    for n in range(1, 9):
        people[n] = one(
            "INSERT INTO person (name, other_contacts, tags, custom, created_at, updated_at, version)"
            " VALUES (?, '[]', '[]', '{}', ?, ?, 1)", (f"Cand {n}", created, created))

    def sub(key: str, n: int, j: str, made: str, source: str | None, stage: str, interview: str | None = None):
        pid = ids["zoe"] if n == 1 else people[n]
        ids[key] = one(
            "INSERT INTO submission (person_id, job_id, stage, stage_changed_at, interview_at, source, rank,"
            " created_at, version) VALUES (?, ?, ?, ?, ?, ?, 0, ?, 1)",
            (pid, ids[j], stage, _at(made), interview, source, _at(made)))

    sub("s1", 1, "j1", "2026-07-05", "LinkedIn", "placed")
    sub("s2", 2, "j1", "2026-07-20", "Referral", "placed")
    sub("s3", 3, "j2", "2026-07-20", "LinkedIn", "placed")
    sub("s4", 4, "j3", "2026-06-20", "LinkedIn", "placed")
    sub("s5", 5, "j5", "2026-09-05", "LinkedIn", "interviewing", _at("2026-11-19", 14))
    sub("s6", 6, "j6", "2026-09-10", None, "offered")
    sub("s7", 7, "j4", "2026-08-02", "Referral", "rejected_by_client")
    sub("s8", 8, "j8", "2025-01-10", "LinkedIn", "placed")

    def placement(key: str, s: str, j: str, cid: str, r: str, offer: str, start: str, fee: float, cur: str,
                  status: str, fee_status: str, invoiced: str | None, due: str | None, paid: str | None,
                  credited: float, end: str, left: str | None = None) -> None:
        row = conn.execute("SELECT person_id FROM submission WHERE id = ?", (ids[s],)).fetchone()
        ids[key] = one(
            "INSERT INTO placement (submission_id, person_id, job_id, company_id, recruiter_id, offer_accepted_on,"
            " start_date, salary, currency, fee_percent, fee_amount, fee_status, invoice_date, invoice_due, paid_on,"
            " credited_amount, guarantee_days, guarantee_end, status, left_on, owed, owed_rule, rank, version)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, 90, ?, ?, ?, ?, ?, 0, 1)",
            (ids[s], row[0], ids[j], ids[cid], ids[r], offer, start, fee * 5, cur, fee, fee_status, invoiced, due,
             paid, credited, end, status, left, "refund" if left else None, "prorata" if left else None))

    placement("p1", "s1", "j1", "acme", "am", "2026-07-21", "2026-09-01", 20000, "EUR", "fell_off", "not_invoiced",
              None, None, None, 0.0, "2026-11-30")
    placement("p2", "s2", "j1", "acme", "am", "2026-08-10", "2026-09-01", 18000, "EUR", "started", "invoiced",
              "2026-09-01", "2026-10-01", None, 0.0, "2026-11-30")
    placement("p3", "s3", "j2", "acme", "am", "2026-08-04", "2026-08-15", 16000, "EUR", "guarantee_failed", "paid",
              "2026-08-15", "2026-09-14", "2026-09-10", 10666.67, "2026-11-13", left="2026-09-14")
    placement("p4", "s4", "j3", "globex", "ps", "2026-07-10", "2026-07-20", 12000, "GBP", "guarantee_passed", "paid",
              "2026-07-20", "2026-08-19", "2026-08-05", 0.0, "2026-10-18")
    placement("p5", "s8", "j8", "globex", "am", "2025-02-01", "2025-02-01", 9000, "GBP", "guarantee_passed", "paid",
              "2025-02-01", "2025-03-03", "2025-03-01", 0.0, "2025-05-02")

    def act(kind: str, at: str, author: str, body: str = "", company: str | None = None, sub: str | None = None):
        conn.execute("INSERT INTO activity (kind, body, at, author_id, company_id, submission_id, person_id)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (kind, body, at, ids[author], ids[company] if company else None, ids[sub] if sub else None,
                      ids["zoe"] if kind == "meeting" else None))

    for at in (_at("2026-11-16"), _at("2026-11-17")):
        act("call_talked", at, "am")
    act("call_voicemail", _at("2026-11-17", 11), "am")
    act("call_no_answer", _at("2026-11-17", 12), "am")
    act("email", _at("2026-11-18", 9), "am")
    act("meeting", _at("2026-11-16", 15), "am", "Lunch [bold]x\x1b[2J", company="acme")
    act("stage_change", _at("2026-11-17", 16), "am", "Moved to Submitted", sub="s5")
    act("call_talked", _at("2026-11-15", 23, 30), "am")
    act("email", _at("2026-11-16", 9), "ps")
    act("email", _at("2026-11-17", 9), "ps")
    act("stage_change", _at("2026-11-18", 8), "ps", "Moved to Offered", sub="s6")
    act("email", _at("2026-10-01"), "ps", company="globex")
    return ids
