"""A small hand-built desk for UI tests: at least one due item of every kind on 2026-11-18.

Raw sqlite3 INSERTs in the on-disk formats of ``deskcrm.store.values`` on a database made by
``migrate.ensure_current``. Every string a screen shows comes from ``Names``, so the hostile
test can put one string into all of them (``Names.every(s)``).

Due on TODAY (Wednesday 2026-11-18) with default settings:

  overdue   invoice P3 (18 days) · 60-day check-in P3 (18) · nurture Farah (10)
            · client check-in Northwind (9) · Art. 14 notice Hana (9)
  today     invoice P2 · 30-day check-in P2 · interview prep Dev (tomorrow 10:30)
  coming up client check-in Acme (2) · nurture George (2) · interview prep Eva (4)
            · guarantee P1 (7) · 90-day check-in P1 (7) · guarantee P3 (12) · consent Ivan (13)

Lena (the person screen's record) has every role and nothing due: candidate again, hiring
manager at Globex, former contact at Acme, placed at Northwind in 2024 (P4, guarantee passed,
fee paid), submitted to the backend job, rejected for the finance job.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from textual.worker import WorkerCancelled

from deskcrm.domain.client_rules import company_key
from deskcrm.store import db
from deskcrm.store.employer_keys import employer_key
from deskcrm.store.last_contact import refresh_all
from deskcrm.store.migrate import ensure_current
from deskcrm.store.values import ds, ts

TODAY = date(2026, 11, 18)
COUNTS = {"overdue": 5, "today": 3, "upcoming": 7}


@dataclass(frozen=True)
class Names:
    # candidates (placed: ana, ben, chloe; interviewing: dev, eva; nurture: farah, george)
    ana: str = "Ana Silva"
    ben: str = "Ben Okafor"
    chloe: str = "Chloe Martin"
    dev: str = "Dev Patel"
    eva: str = "Eva Novak"
    farah: str = "Farah Khan"
    george: str = "George Li"
    hana: str = "Hana Sato"  # Art. 14 notice due
    ivan: str = "Ivan Petrov"  # consent expiring
    bo: str = "Bo Chen"  # hiring manager at Northwind
    cara: str = "Cara Diaz"  # contact at Acme
    email: str = "{first}@example.com"  # {first}: the first name, lower case
    phone: str = "+44 20 7946 0{n:03d}"
    headline: str = "Senior Backend Engineer, payments"
    employer: str = "Initech"
    current_title: str = "Backend Engineer"
    person_notes: str = "Prefers calls after 4pm; open to hybrid."
    northwind: str = "Northwind Logistics"
    acme: str = "Acme Ltd"
    globex: str = "Globex"
    company_notes: str = "Billing via purchase order only."
    job_backend: str = "Senior Backend Engineer"
    job_analyst: str = "Data Analyst"
    job_pm: str = "Product Manager"
    job_finance: str = "Finance Controller"
    contact_title: str = "Head of Engineering"
    activity_body: str = "Spoke about the role; sending two more profiles by Friday."
    # the person screen's record (see the module docstring)
    lena: str = "Lena Hoffmann"
    lena_title: str = "Head of Data"
    job_data: str = "Data Engineer"
    skill: str = "Python"
    tag: str = "fintech"
    linkedin: str = "https://www.linkedin.com/in/lena-hoffmann"
    other_email: str = "lena.h@proton.example"
    exit_reason: str = "Client chose an internal candidate"
    consent_source: str = "Referral"
    # issue 5: companies in every BD stage before Active client (the BD board)
    prospect: str = "Umbrella"

    @classmethod
    def every(cls, value: str) -> Names:
        """Every field set to ``value`` (the hostile test)."""
        return cls(**{f.name: value for f in dataclasses.fields(cls)})

    def email_for(self, name: str, n: int) -> str:
        first = name.split(" ")[0].lower() if name else "x"
        try:
            return self.email.format(first=first, n=n)
        except (KeyError, IndexError, ValueError):
            return self.email

    def phone_for(self, n: int) -> str:
        try:
            return self.phone.format(n=n)
        except (KeyError, IndexError, ValueError):
            return self.phone


def _d(offset: int) -> str:
    return ds(TODAY + timedelta(days=offset))


def _at(offset: int, hour: int = 10, minute: int = 0) -> str:
    d = TODAY + timedelta(days=offset)
    return ts(datetime(d.year, d.month, d.day, hour, minute))


_template: Path | None = None


def migrated(path: Path) -> None:
    """An empty database at ``path`` on the current schema (migrated once per test run, then
    copied with SQLite's backup API: Alembic is the slow part of a UI test's setup)."""
    global _template
    if db.is_server(path):
        return  # conftest's desk_path made it from a migrated template
    if _template is None or not _template.exists():
        import tempfile

        _template = Path(tempfile.mkdtemp(prefix="deskcrm-seed-")) / "template.db"
        ensure_current(_template)
    src = db.connect(_template)
    dst = db.connect(path, create=True)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def seed(path: Path, names: Names | None = None) -> dict[str, int]:
    """Create ``path`` on the current schema and fill it. Returns ids by short name."""
    n = names or Names()
    migrated(path)
    conn = db.connect(path)
    ids: dict[str, int] = {}
    try:
        with db.write(conn):
            _fill(conn, n, ids)
            _fill_prospects(conn, n, ids)
            refresh_all(conn)  # the companies' stored last contact, from the activities above
    finally:
        conn.close()
    return ids


def _fill(conn, n: Names, ids: dict[str, int]) -> None:
    created = _at(-400)
    conn.execute(
        "INSERT INTO recruiter (name, initials, email, revenue_target, active) VALUES (?, ?, ?, ?, TRUE)",
        ("Sam Reed", "SR", "sam@desk.example", 250000.0),
    )

    def company(key: str, name: str, fee: float, cadence: int | None, stage: str = "active_client") -> int:
        cur = conn.execute(
            "INSERT INTO company (name, name_norm, name_key, industry, city, country, bd_stage, owner_id, fee_percent,"
            " fee_currency, payment_terms_days, guarantee_days, prorata_rule, checkin_cadence_days, notes,"
            " created_at, updated_at, version) VALUES (?, ?, ?, 'Logistics', 'London', 'GB', ?, 1, ?, 'EUR', 30, 90,"
            " 'prorata', ?, ?, ?, ?, 1)",
            (name, name.lower(), company_key(name), stage, fee, cadence, n.company_notes, created, created),
        )
        ids[key] = cur.lastrowid
        return cur.lastrowid

    northwind = company("northwind", n.northwind, 20.0, 30)
    acme = company("acme", n.acme, 18.0, 14)
    globex = company("globex", n.globex, 22.0, None)

    counter = iter(range(1, 1000))

    def person(key: str, name: str, *, last_contact: str | None, status: str | None = "active",
               created_at: str = created) -> int:
        i = next(counter)
        cur = conn.execute(
            "INSERT INTO person (name, email, email_norm, phone, phone_norm, other_contacts, city, country,"
            " headline, source, owner_id, tags, custom, notes, last_contact_at, created_at, updated_at, version)"
            " VALUES (?, ?, ?, ?, ?, '[]', 'London', 'GB', ?, 'LinkedIn', 1, '[]', '{}', ?, ?, ?, ?, 1)",
            (name, n.email_for(name, i), n.email_for(name, i).lower(), n.phone_for(i), f"+44207946{i:04d}",
             n.headline, n.person_notes, last_contact, created_at, created_at),
        )
        pid = cur.lastrowid
        ids[key] = pid
        if status is not None:
            conn.execute(
                "INSERT INTO candidate_profile (person_id, skills, current_title, current_employer, employer_key,"
                " current_salary, salary_currency, notice_days, status, version)"
                " VALUES (?, '[\"python\"]', ?, ?, ?, 70000, 'EUR', 30, ?, 1)",
                (pid, n.current_title, n.employer, employer_key(n.employer), status),
            )
        return pid

    recent = _at(-8)
    ana = person("ana", n.ana, last_contact=recent, status="placed")
    ben = person("ben", n.ben, last_contact=recent, status="placed")
    chloe = person("chloe", n.chloe, last_contact=recent, status="placed")
    dev = person("dev", n.dev, last_contact=recent)
    eva = person("eva", n.eva, last_contact=recent)
    farah = person("farah", n.farah, last_contact=_at(-100), status="passive")  # due -10: gone cold
    george = person("george", n.george, last_contact=_at(-88))  # due +2: going cold
    hana = person("hana", n.hana, last_contact=None, created_at=_at(-39))
    ivan = person("ivan", n.ivan, last_contact=recent)
    bo = person("bo", n.bo, last_contact=_at(-39), status=None)
    cara = person("cara", n.cara, last_contact=_at(-12), status=None)

    for pid, cid, hm in ((bo, northwind, True), (cara, acme, True)):
        conn.execute(
            "INSERT INTO contact_role (person_id, company_id, title, is_hiring_manager, is_billing, version)"
            " VALUES (?, ?, ?, ?, FALSE, 1)",
            (pid, cid, n.contact_title, hm),
        )

    def job(key: str, cid: int, title: str, stage: str, manager: int | None) -> int:
        cur = conn.execute(
            "INSERT INTO job_order (company_id, hiring_manager_id, title, skills, city, remote, comp_min, comp_max,"
            " currency, openings, job_type, urgency, stage, owner_id, opened_on, rank, version)"
            " VALUES (?, ?, ?, '[]', 'London', 'hybrid', 70000, 90000, 'EUR', 1, 'perm', 2, ?, 1, ?, 0, 1)",
            (cid, manager, title, stage, _d(-120)),
        )
        ids[key] = cur.lastrowid
        return cur.lastrowid

    j_backend = job("job_backend", northwind, n.job_backend, "interviewing", bo)
    j_finance = job("job_finance", northwind, n.job_finance, "placed", bo)
    j_analyst = job("job_analyst", acme, n.job_analyst, "placed", cara)
    j_pm = job("job_pm", globex, n.job_pm, "placed", None)

    def submission(key: str, pid: int, jid: int, stage: str, interview: str | None) -> int:
        cur = conn.execute(
            "INSERT INTO submission (person_id, job_id, stage, stage_changed_at, interview_at, source, rank,"
            " created_at, version) VALUES (?, ?, ?, ?, ?, 'LinkedIn', 0, ?, 1)",
            (pid, jid, stage, _at(-20), interview, _at(-40)),
        )
        ids[key] = cur.lastrowid
        return cur.lastrowid

    submission("sub_dev", dev, j_backend, "interviewing", _at(1, 10, 30))  # prep due today
    submission("sub_eva", eva, j_backend, "interviewing", _at(5, 14, 0))  # prep due +4
    s_ana = submission("sub_ana", ana, j_pm, "placed", None)
    s_ben = submission("sub_ben", ben, j_finance, "placed", None)
    s_chloe = submission("sub_chloe", chloe, j_analyst, "placed", None)

    def placement(key: str, pid: int, jid: int, cid: int, sid: int, *, start: int, salary: float,
                  fee_pct: float, fee_status: str, invoice_due: int | None, done: tuple[bool, bool, bool]) -> int:
        cur = conn.execute(
            "INSERT INTO placement (submission_id, person_id, job_id, company_id, recruiter_id, offer_accepted_on,"
            " start_date, salary, currency, fee_percent, fee_amount, fee_status, invoice_date, invoice_due,"
            " credited_amount, guarantee_days, guarantee_end, checkin_30, checkin_30_done_at, checkin_60,"
            " checkin_60_done_at, checkin_90, checkin_90_done_at, status, rank, version)"
            " VALUES (?, ?, ?, ?, 1, ?, ?, ?, 'EUR', ?, ?, ?, ?, ?, 0, 90, ?, ?, ?, ?, ?, ?, ?, 'started', 0, 1)",
            (
                sid, pid, jid, cid, _d(start - 30), _d(start), salary, fee_pct, salary * fee_pct / 100,
                fee_status, _d(invoice_due - 30) if invoice_due is not None else None,
                _d(invoice_due) if invoice_due is not None else None, _d(start + 90),
                _d(start + 30), _at(start + 30) if done[0] else None,
                _d(start + 60), _at(start + 60) if done[1] else None,
                _d(start + 90), _at(start + 90) if done[2] else None,
            ),
        )
        ids[key] = cur.lastrowid
        return cur.lastrowid

    # P1 Ana: started 83 days ago; guarantee and 90-day check-in in 7 days; fee paid.
    p1 = placement("p1", ana, j_pm, globex, s_ana, start=-83, salary=95000, fee_pct=22, fee_status="paid",
                   invoice_due=None, done=(True, True, False))
    # P2 Ben: started 30 days ago; 30-day check-in and invoice due today.
    p2 = placement("p2", ben, j_finance, northwind, s_ben, start=-30, salary=82000, fee_pct=20,
                   fee_status="invoiced", invoice_due=0, done=(False, False, False))
    # P3 Chloe: started 78 days ago; 60-day check-in and invoice 18 days late; guarantee in 12 days.
    p3 = placement("p3", chloe, j_analyst, acme, s_chloe, start=-78, salary=90000, fee_pct=18,
                   fee_status="invoiced", invoice_due=-18, done=(True, False, False))

    def activity(kind: str, at: str, *, pid: int | None = None, cid: int | None = None,
                 jid: int | None = None, plid: int | None = None) -> None:
        conn.execute(
            "INSERT INTO activity (kind, body, at, author_id, person_id, company_id, job_id, placement_id)"
            " VALUES (?, ?, ?, 1, ?, ?, ?, ?)",
            (kind, n.activity_body, at, pid, cid, jid, plid),
        )

    activity("call_talked", _at(-39, 11), pid=bo, cid=northwind)  # Northwind check-in due -9
    activity("email", _at(-12, 15), pid=cara, cid=acme)  # Acme check-in due +2
    # Calls with placed candidates are not contact with the client: no company link, so the
    # clients' check-in dates above stay what they are.
    for pid, plid, jid in ((ana, p1, j_pm), (ben, p2, j_finance), (chloe, p3, j_analyst)):
        activity("call_talked", _at(-8, 9, 30), pid=pid, jid=jid, plid=plid)
        activity("note", _at(-20, 16), pid=pid, plid=plid)
    for pid in (dev, eva, ivan):
        activity("call_voicemail", _at(-8, 14), pid=pid)
    activity("call_talked", _at(-100, 12), pid=farah)
    activity("email", _at(-88, 12), pid=george)

    def consent(pid: int, *, sourced: int, notice: int | None, expires: int | None) -> None:
        conn.execute(
            "INSERT INTO consent (person_id, lawful_basis, source, sourced_at, given_at, expires_at,"
            " first_contact_at, notice_sent_at, version) VALUES (?, 'legitimate_interest', 'LinkedIn', ?, NULL,"
            " ?, NULL, ?, 1)",
            (pid, _d(sourced), _d(expires) if expires is not None else None, _d(notice) if notice is not None else None),
        )

    consent(hana, sourced=-39, notice=None, expires=None)  # notice due -9
    consent(ivan, sourced=-300, notice=-299, expires=13)  # consent expires +13

    _fill_lena(conn, n, ids, northwind=northwind, acme=acme, globex=globex,
               j_backend=j_backend, j_finance=j_finance)


def _fill_lena(conn, n: Names, ids: dict[str, int], *, northwind: int, acme: int, globex: int,
               j_backend: int, j_finance: int) -> None:
    """One human, every role, nothing due today (the due list and its counts are unchanged)."""
    import json

    created = _at(-900)
    other = json.dumps([{"kind": "email", "value": n.other_email, "norm": "x"},
                        {"kind": "phone", "value": n.phone_for(99), "norm": "+442079460099"}])
    lena = conn.execute(
        "INSERT INTO person (name, email, email_norm, phone, phone_norm, other_contacts, city, country,"
        " headline, linkedin_url, linkedin_norm, source, owner_id, tags, custom, notes, last_contact_at,"
        " created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, 'Berlin', 'DE', ?, ?, ?, ?, 1, ?, '{}', ?, ?,"
        " ?, ?, 3)",
        (n.lena, n.email_for(n.lena, 50), n.email_for(n.lena, 50).lower(), n.phone_for(50), "+442079460050",
         other, n.headline, n.linkedin, "linkedin.com/in/lena-hoffmann", n.consent_source,
         json.dumps([n.tag]), n.person_notes, _at(-2, 16, 15), created, created),
    ).lastrowid
    ids["lena"] = lena
    conn.execute(
        "INSERT INTO candidate_profile (person_id, skills, seniority, current_title, current_employer, employer_key,"
        " current_salary, desired_salary, salary_currency, notice_days, available_from, status, resume_path,"
        " version) VALUES (?, ?, 'lead', ?, ?, ?, 98000, 110000, 'EUR', 90, ?, 'passive', 'lena.pdf', 1)",
        (lena, json.dumps([n.skill, "SQL", "Airflow"]), n.lena_title, n.globex, employer_key(n.globex), _d(75)),
    )
    conn.execute(  # hiring manager at Globex now (Globex has no check-in cadence: nothing due)
        "INSERT INTO contact_role (person_id, company_id, title, is_hiring_manager, is_billing, version)"
        " VALUES (?, ?, ?, TRUE, FALSE, 1)", (lena, globex, n.lena_title),
    )
    conn.execute(  # left Acme before we placed her
        "INSERT INTO contact_role (person_id, company_id, title, is_hiring_manager, is_billing, left_at, version)"
        " VALUES (?, ?, ?, FALSE, TRUE, '2024-03-01', 1)", (lena, acme, n.current_title),
    )
    j_data = conn.execute(
        "INSERT INTO job_order (company_id, title, skills, city, remote, comp_min, comp_max, currency, openings,"
        " job_type, urgency, stage, owner_id, opened_on, closed_on, rank, version) VALUES (?, ?, '[]', 'Berlin',"
        " 'remote', 80000, 95000, 'EUR', 1, 'perm', 2, 'closed_filled', 1, '2024-03-10', '2024-05-20', 0, 1)",
        (northwind, n.job_data),
    ).lastrowid
    ids["job_data"] = j_data

    def submission(key: str, jid: int, stage: str, changed: str, created_at: str, exit_reason=None) -> int:
        sid = conn.execute(
            "INSERT INTO submission (person_id, job_id, stage, stage_changed_at, exit_reason, source, rank,"
            " created_at, version) VALUES (?, ?, ?, ?, ?, 'Referral', 0, ?, 1)",
            (lena, jid, stage, changed, exit_reason, created_at),
        ).lastrowid
        ids[key] = sid
        return sid

    s_data = submission("sub_lena_data", j_data, "placed", "2024-05-20 09:00:00.000000", "2024-03-15 09:00:00.000000")
    submission("sub_lena_finance", j_finance, "rejected_by_client", _at(-60), _at(-75), n.exit_reason)
    s_backend = submission("sub_lena_backend", j_backend, "submitted", _at(-5, 11), _at(-9, 10))
    ids["p4"] = conn.execute(
        "INSERT INTO placement (submission_id, person_id, job_id, company_id, recruiter_id, offer_accepted_on,"
        " start_date, salary, currency, fee_percent, fee_amount, fee_status, invoice_date, invoice_due, paid_on,"
        " credited_amount, guarantee_days, guarantee_end, checkin_30, checkin_30_done_at, checkin_60,"
        " checkin_60_done_at, checkin_90, checkin_90_done_at, status, rank, version)"
        " VALUES (?, ?, ?, ?, 1, '2024-05-20', '2024-07-01', 88000, 'EUR', 20, 17600, 'paid', '2024-07-01',"
        " '2024-07-31', '2024-07-25', 0, 90, '2024-09-29', '2024-07-31', '2024-07-31 10:00:00.000000',"
        " '2024-08-30', '2024-08-30 10:00:00.000000', '2024-09-29', '2024-09-29 10:00:00.000000',"
        " 'guarantee_passed', 0, 1)",
        (s_data, lena, j_data, northwind),
    ).lastrowid

    def activity(kind: str, at: str, body: str, *, jid: int | None = None, sid: int | None = None) -> None:
        conn.execute(  # person and job only: no company link, so no client's check-in date moves
            "INSERT INTO activity (kind, body, at, author_id, person_id, job_id, submission_id)"
            " VALUES (?, ?, ?, 1, ?, ?, ?)", (kind, body, at, lena, jid, sid),
        )

    activity("call_talked", _at(-2, 16, 15), n.activity_body, jid=j_backend)
    activity("stage_change", _at(-5, 11), "Moved to Submitted", jid=j_backend, sid=s_backend)
    activity("email", _at(-30, 9), n.activity_body)
    activity("stage_change", "2024-05-20 09:00:00.000000", "Moved to Placed", jid=j_data, sid=s_data)
    conn.execute(  # sourced long ago, notice sent, consent good for years: nothing due
        "INSERT INTO consent (person_id, lawful_basis, source, sourced_at, given_at, expires_at,"
        " first_contact_at, notice_sent_at, version) VALUES (?, 'consent', ?, '2024-03-12', '2024-03-14',"
        " '2028-03-14', '2024-03-13', '2024-03-13', 1)", (lena, n.consent_source),
    )


def _fill_prospects(conn, n: Names, ids: dict[str, int]) -> None:
    """Issue 5: one company per BD stage before Active client, and one Dormant; none has a fee
    agreement but "Terms sent", and none is an active client (nothing new is due)."""
    created = _at(-200)
    for key, stage, suffix, fee in (("target", "target", " Co", None), ("contacted", "contacted", " Labs", None),
                                    ("meeting", "meeting", " Bio", None), ("terms_sent", "terms_sent", " AG", 15.0),
                                    ("dormant", "dormant", " Old", None)):
        name = n.prospect + suffix
        ids[f"bd_{key}"] = conn.execute(
            "INSERT INTO company (name, name_norm, name_key, city, bd_stage, owner_id, fee_percent, fee_currency,"
            " payment_terms_days, guarantee_days, prorata_rule, created_at, updated_at, version)"
            " VALUES (?, ?, ?, 'Leeds', ?, 1, ?, 'GBP', 30, 90, 'none', ?, ?, 1)",
            (name, name.lower(), company_key(name), stage, fee, created, created),
        ).lastrowid
    conn.execute("INSERT INTO activity (kind, body, at, author_id, company_id) VALUES ('meeting', ?, ?, 1, ?)",
                 (n.activity_body, _at(-6, 14), ids["bd_meeting"]))


# --------------------------------------------------------------------------- pilot helpers


async def settle(pilot, rounds: int = 5) -> None:
    """Let workers (reads, writes, the reload a write triggers) finish and the screen repaint."""
    app = pilot.app
    for _ in range(rounds):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:  # one cancelled meanwhile (its dialog dismissed): it is done with, as a finished one
            pass
        await pilot.pause()
        writes = getattr(app, "writes", None)
        if not any(w.is_running for w in app.workers) and not (writes and writes.busy):
            break
    await pilot.pause()  # one more idle wait: the repaint a handler's last message asked for


async def until(pilot, condition, rounds: int = 400) -> None:
    """Wait (a Pilot pause at a time) until ``condition()`` holds; fail if it never does."""
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the app never got there")


async def keys(pilot, *pressed: str) -> None:
    """Press each key as a person would: one at a time, letting the app settle in between."""
    for key in pressed:
        await pilot.press(key)
        await settle(pilot)


def run_app(path, body, size=(120, 40), *, notifications: bool = False) -> None:
    """Open deskcrm on ``path`` (config from the isolated home) and run ``await body(app, pilot)``."""
    import asyncio

    from deskcrm.config import settings as settings_mod
    from deskcrm.app import DeskApp

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=size, notifications=notifications) as pilot:
            await settle(pilot)
            await body(app, pilot)

    asyncio.run(go())


def screen_text(app) -> str:
    """What the terminal would show right now, as plain text (styles dropped)."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True,
        color_system="truecolor", record=True, legacy_windows=False,
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)


# --------------------------------------------------------------------------- search


_demo_template: Path | None = None


def search_demo(path: Path) -> Path:
    """A copy at ``path`` of the 300-candidate demo (seed 1, dated TODAY): deterministic people
    for search tests and snapshots. Built once per test run, then copied with the backup API."""
    global _demo_template
    if _demo_template is None or not _demo_template.exists():
        import tempfile

        from deskcrm.store.demo import build_demo

        _demo_template = Path(tempfile.mkdtemp(prefix="deskcrm-search-")) / "demo.db"
        build_demo(_demo_template, candidates=300, seed=1, today=TODAY)
    src = db.connect(_demo_template)
    dst = db.connect(path, create=True)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return path


def copy_db(source: Path, path: Path) -> Path:
    """A copy of the database at ``source`` (SQLite's backup: consistent, WAL included) at ``path``."""
    from deskcrm.store import db

    src, dst = db.connect(source), db.connect(path, create=True)
    src.backup(dst)
    src.close()
    dst.close()
    return path


def index(path: Path) -> None:
    """Build the person search index of a seeded database (``seed`` leaves it empty)."""
    from deskcrm.store.search_index import rebuild_person_index

    conn = db.connect(path)
    try:
        with db.write(conn):
            rebuild_person_index(conn)
    finally:
        conn.close()


def index_hits(conn, word: str) -> list[int]:
    """Who the person search index finds for one ``word``, by id, on either engine (FTS5's
    MATCH; PostgreSQL's ``doc`` tsvector)."""
    if db.engine(conn) == "postgresql":
        sql = "SELECT person_id FROM person_fts WHERE doc @@ to_tsquery('simple', ?) ORDER BY person_id"
    else:
        sql = "SELECT rowid FROM person_fts WHERE person_fts MATCH ? ORDER BY rowid"
    return [r[0] for r in conn.execute(sql, (word.lower(),))]


def index_rows(conn) -> list[tuple]:
    """Every row of the person search index (id first, then its seven columns), on either engine."""
    if db.engine(conn) == "postgresql":
        sql = ("SELECT person_id, name, headline, skills, employer, location, notes, resume FROM person_fts "
               "ORDER BY person_id")
    else:
        sql = "SELECT rowid, * FROM person_fts ORDER BY rowid"
    return conn.execute(sql).fetchall()


def row(path, table: str, key: int) -> dict | None:
    """One record as the journal reads it (``journal.row``), straight from the file."""
    from deskcrm.store import db, journal

    conn = db.connect(path)
    try:
        return journal.row(conn, table, key)
    finally:
        conn.close()


def query(path, sql, *args):
    """Rows of ``sql`` read straight from the desk: what a test checks the app wrote."""
    conn = db.connect(path) if db.is_server(path) else sqlite3.connect(path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


async def fill(pilot, name: str, value: str) -> None:
    """Clear the form's ``name`` box, then type ``value`` key by key."""
    from textual.widgets import Input

    box = pilot.app.screen.query_one(f"#field-{name}", Input)
    box.focus()
    await pilot.pause()
    box.value = ""
    await pilot.press(*value)
    await pilot.pause()


def traced_statements(monkeypatch) -> list[str]:
    """Every SQL statement run by connections ``db.connect`` opens from now on (call
    ``monkeypatch.undo()`` or set ``db.connect`` back to stop tracing new ones)."""
    statements: list[str] = []
    connect = db.connect

    def traced(*args, **kwargs):
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(db, "connect", traced)
    return statements


@pytest.fixture
def in_tmp_folder(tmp_path, monkeypatch):
    """The test's folder is the working directory, so a Pilot test types a path key by key
    relative to it (:func:`typed`: a few keys, not the ~90 of pytest's temporary path)."""
    monkeypatch.chdir(tmp_path)


def typed(path) -> str:
    """``path`` as a recruiter in its folder would type it: relative when under the working directory."""
    import os

    path = Path(path)
    return os.path.relpath(path) if path.is_relative_to(Path.cwd()) else str(path)


async def open_person(pilot, person_id: int):
    """Push the person screen and wait until their record is shown."""
    from deskcrm.screens.person import PersonScreen

    screen = PersonScreen(person_id)
    pilot.app.push_screen(screen)
    await until(pilot, lambda: screen.record is not None)
    await settle(pilot)
    return screen


def toasts(app) -> str:
    """The notifications on screen, one string."""
    return " | ".join(str(n.message) for n in app._notifications)


def unsent(path, person_id: int, subject: str, where: str = "the config file") -> None:
    """A message to ``person_id`` that failed to go (no ``[mail]`` set up): it waits in the Outbox."""
    from deskcrm.domain.mail import Draft, MailSettings
    from deskcrm.store import db, outbox

    conn = db.connect(path)
    try:
        outbox.send(conn, Draft(to=("dev@example.com",), subject=subject, body="b", person_ids=(person_id,)),
                    MailSettings(where=where))
    except outbox.SendFailed:
        return
    finally:
        conn.close()
    raise AssertionError("the message was sent")
