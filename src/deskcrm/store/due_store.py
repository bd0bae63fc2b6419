"""Due today, store side: load the facts the pure engine needs, and persist what the
recruiter does with an item (done, snooze, log an activity).

Reads are indexed range queries that return only records that *can* be due (a superset the
engine filters), so launch stays fast at 1M candidates. Every write is one transaction and
journaled, so it survives a restart and can be undone.
"""

from __future__ import annotations

import dataclasses

from datetime import date, timedelta
from typing import Any

from deskcrm.store.db import Connection
from deskcrm.domain import clock
from deskcrm.domain.due import (
    CandidateFacts,
    CompanyFacts,
    ConsentFacts,
    DueFacts,
    DueItem,
    DueSettings,
    DueState,
    FollowUpFacts,
    InterviewFacts,
    PlacementFacts,
)
from deskcrm.store import db, journal
from deskcrm.store.errors import StoreError
from deskcrm.store.labels import ACTIVITY_KINDS
from deskcrm.store.last_contact import TOUCH_KINDS, refresh_companies
from deskcrm.store.values import ds, local, midnight, parse_date, ts

_D = parse_date
_DAY = timedelta(days=1)

# SQLite-only index hints (``store.pg`` drops them on PostgreSQL, whose planner knows how many
# NULLs a column holds). Without them SQLite walks a wider index: every person never contacted
# (``last_contact_at IS NULL`` on ``ix_person_last_contact_at``: 72,000 of them at 1M candidates),
# every active client (``ix_company_bd_stage``) or every notice not sent, row by row
# (``ix_consent_notice_due``), where the partial index made for the rule holds only the rows it
# needs, in the order it needs them.
NEVER_CONTACTED = "INDEXED BY ix_person_never_contacted"
_CHECKIN = "INDEXED BY ix_company_checkin"
_FIRST_CONTACT = "INDEXED BY ix_consent_first_contact"
# A candidate's profile status, probed per person in the window (at most one profile a person):
# a scalar subquery, which both engines run as one primary-key probe per row — an EXISTS here,
# PostgreSQL turned into a hash join over every profile (82 ms at 100k, where the probes take 1).
_NURTURED = "(SELECT c.status FROM candidate_profile c WHERE c.person_id = q.id) IN ('active', 'passive')"
# Each rule's SQL reads only the rows that can be due in its window (issue 10: the load grows
# with the items, not with the desk): date cuts on indexed columns, partial indexes where a rule
# looks for what is *missing* (an unpaid invoice, an unticked check-in, no contact ever), and
# UNIONs of index searches instead of one OR'd scan. Upper date bounds are "before the next
# day", so a date stored with a time still compares right. The rules in ``due_rules`` still
# decide; ``tests/test_due_load.py`` checks the cuts drop nothing a load of everything would list.


def _placements(conn: Connection, today: date, s: DueSettings) -> list[PlacementFacts]:
    """Placements with a start to confirm, a guarantee ending, an invoice due or a check-in
    unticked inside its window; never one that fell off or failed its guarantee."""
    rows = conn.execute(
        """
        WITH due(id) AS (
            SELECT id FROM placement WHERE status = 'offer_accepted' AND start_date < :tomorrow
            UNION SELECT id FROM placement WHERE status = 'started' AND guarantee_end < :guarantee_until
            UNION SELECT id FROM placement WHERE fee_status = 'invoiced' AND invoice_due < :until
            UNION SELECT id FROM placement
                  WHERE checkin_30_done_at IS NULL AND checkin_30 >= :checkin_from AND checkin_30 < :until
            UNION SELECT id FROM placement
                  WHERE checkin_60_done_at IS NULL AND checkin_60 >= :checkin_from AND checkin_60 < :until
            UNION SELECT id FROM placement
                  WHERE checkin_90_done_at IS NULL AND checkin_90 >= :checkin_from AND checkin_90 < :until)
        SELECT pl.id, pl.person_id, p.name, pl.company_id, c.name, pl.job_id, j.title, pl.status,
               pl.start_date, pl.guarantee_end, pl.checkin_30, pl.checkin_60, pl.checkin_90,
               pl.checkin_30_done_at IS NOT NULL, pl.checkin_60_done_at IS NOT NULL,
               pl.checkin_90_done_at IS NOT NULL, pl.fee_status, pl.invoice_due, pl.fee_amount, pl.currency
        FROM due
        JOIN placement pl ON pl.id = due.id
        JOIN person p ON p.id = pl.person_id
        JOIN company c ON c.id = pl.company_id
        JOIN job_order j ON j.id = pl.job_id
        WHERE pl.status NOT IN ('fell_off', 'guarantee_failed')
        """,
        {
            "tomorrow": ds(today + _DAY),
            "guarantee_until": ds(today + timedelta(days=s.guarantee_window_days + 1)),
            "until": ds(today + timedelta(days=s.lookahead_days + 1)),
            "checkin_from": ds(today - timedelta(days=s.checkin_horizon_days)),
        },
    ).fetchall()
    return [
        PlacementFacts(
            r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], _D(r[8]), _D(r[9]), _D(r[10]), _D(r[11]),
            _D(r[12]), bool(r[13]), bool(r[14]), bool(r[15]), r[16], _D(r[17]), r[18], r[19],
        )
        for r in rows
    ]


# The distinct check-in cadences of active clients: a loose index scan of ``ix_company_checkin``
# (one index search per cadence, however many clients share it).
_CADENCES = f"""
    WITH RECURSIVE cadence(days) AS (
        SELECT min(checkin_cadence_days) FROM company {_CHECKIN}
         WHERE bd_stage = 'active_client' AND checkin_cadence_days > 0
        UNION ALL
        SELECT (SELECT min(checkin_cadence_days) FROM company {_CHECKIN}
                 WHERE bd_stage = 'active_client' AND checkin_cadence_days > cadence.days)
        FROM cadence WHERE cadence.days IS NOT NULL)
    SELECT days FROM cadence WHERE days IS NOT NULL
"""
_CADENCE_ARM = f"""
    SELECT id FROM company {_CHECKIN}
     WHERE bd_stage = 'active_client' AND checkin_cadence_days = ? AND last_contact_at IS NULL
    UNION ALL
    SELECT id FROM company {_CHECKIN}
     WHERE bd_stage = 'active_client' AND checkin_cadence_days = ? AND last_contact_at < ?
"""
_NO_STAMP = "0001-01-01 00:00:00.000000"  # before every stamp, and a timestamp on both engines
_ARMS_PER_QUERY = 100  # SQLite allows 500 terms in one compound SELECT; two per cadence


def _companies(conn: Connection, today: date, s: DueSettings) -> list[CompanyFacts]:
    """Active clients whose check-in is due by the end of the lookahead: never contacted, or last
    contacted ``cadence`` days before that or earlier (the stored ``company.last_contact_at``)."""
    upto = today + timedelta(days=s.lookahead_days)
    cadences = [days for (days,) in conn.execute(_CADENCES)]
    rows = []
    for start in range(0, len(cadences), _ARMS_PER_QUERY):
        arms, params = [], []
        for days in cadences[start:start + _ARMS_PER_QUERY]:
            # due = local date of the last contact + days <= upto, i.e. a last contact before the
            # local midnight that ends the day (upto - days).
            try:
                before = ts(midnight(upto - timedelta(days=days - 1)))
            except (OverflowError, ValueError):  # a cadence of millennia: no contact is that old
                before = _NO_STAMP
            arms.append(_CADENCE_ARM)
            params += [days, days, before]
        rows += conn.execute(
            f"""
            SELECT c.id, c.name, c.bd_stage, c.checkin_cadence_days, c.last_contact_at,
                   (SELECT cr.person_id FROM contact_role cr WHERE cr.company_id = c.id AND cr.left_at IS NULL
                     ORDER BY cr.is_hiring_manager DESC, cr.id LIMIT 1)
            FROM company c WHERE c.id IN ({" UNION ALL ".join(arms)})
            """,
            params,
        ).fetchall()
    names = _names(conn, [r[5] for r in rows if r[5]])
    out = []
    for cid, name, stage, cadence, last, contact in rows:
        last_local = local(last)
        out.append(
            CompanyFacts(cid, name, stage, cadence, last_local.date() if last_local else None, contact, names.get(contact))
        )
    return out


def _names(conn: Connection, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return dict(conn.execute(f"SELECT id, name FROM person WHERE id IN ({marks})", ids).fetchall())


def _candidates(conn: Connection, today: date, s: DueSettings) -> list[CandidateFacts]:
    """Active / passive candidates whose last touch (or, never touched, the day they were added)
    puts their nurture date inside the window: ``nurture_horizon_days`` late .. lookahead.

    The people in the window come from the index alone, and the candidate profile is probed
    before any person row is read: the client contacts last called in the same weeks (ten times
    the candidates at 1M) cost an index entry and a probe each, never a row."""
    cold = timedelta(days=s.nurture_days)
    rows = conn.execute(
        f"""
        WITH cold(id) AS (
            SELECT q.id FROM person q WHERE q.last_contact_at >= :lo AND q.last_contact_at < :hi
               AND {_NURTURED}
            UNION ALL
            SELECT q.id FROM person q {NEVER_CONTACTED}
             WHERE q.last_contact_at IS NULL AND q.created_at >= :lo AND q.created_at < :hi
               AND {_NURTURED})
        SELECT p.id, p.name, cp.current_employer, cp.status, p.last_contact_at, p.created_at, p.next_touch_on
        FROM cold JOIN person p ON p.id = cold.id JOIN candidate_profile cp ON cp.person_id = p.id
        WHERE p.erased_at IS NULL
        """,
        {
            "lo": ts(midnight(today - timedelta(days=s.nurture_horizon_days) - cold)),
            "hi": ts(midnight(today + timedelta(days=s.lookahead_days + 1) - cold)),
        },
    ).fetchall()
    out = []
    for pid, name, employer, status, last, created, next_touch in rows:
        last_local = local(last)
        out.append(
            CandidateFacts(
                pid, name, employer, status, last_local.date() if last_local else None, local(created).date(),
                _D(next_touch),
            )
        )
    return out


_CALL_KINDS = ("call_talked", "call_voicemail", "call_no_answer")


def _follow_ups(conn: Connection, today: date) -> list[FollowUpFacts]:
    """People whose scheduled next touch has come (the ``next_touch_on`` index), with their last
    call for the title. Nobody marked do-not-contact, nobody erased."""
    rows = conn.execute(
        """
        SELECT p.id, p.name,
               COALESCE(cp.current_employer,
                        (SELECT c.name FROM contact_role r JOIN company c ON c.id = r.company_id
                          WHERE r.person_id = p.id AND r.left_at IS NULL ORDER BY r.id DESC LIMIT 1)),
               p.next_touch_on,
               (SELECT a.kind || ' ' || a.at FROM activity a
                 WHERE a.person_id = p.id AND a.kind IN ({calls}) ORDER BY a.at DESC LIMIT 1)
        FROM person p LEFT JOIN candidate_profile cp ON cp.person_id = p.id
        WHERE p.next_touch_on <= ? AND p.erased_at IS NULL AND (cp.status IS NULL OR cp.status <> 'do_not_contact')
        """.format(calls=", ".join(f"'{k}'" for k in _CALL_KINDS)),
        (ds(today),),
    ).fetchall()
    out = []
    for pid, name, company, next_touch, last_call in rows:
        kind, _, at = (last_call or "").partition(" ")
        at_local = local(at) if at else None
        out.append(FollowUpFacts(pid, name, company, _D(next_touch), kind or None,
                                 at_local.date() if at_local else None))
    return out


def _interviews(conn: Connection, today: date, s: DueSettings) -> list[InterviewFacts]:
    lo = ts(midnight(today))
    hi = ts(midnight(today + timedelta(days=s.lookahead_days + 2)))
    rows = conn.execute(
        """
        SELECT su.id, su.person_id, p.name, j.company_id, c.name, j.id, j.title, su.interview_at
        FROM submission su
        JOIN person p ON p.id = su.person_id
        JOIN job_order j ON j.id = su.job_id
        JOIN company c ON c.id = j.company_id
        WHERE su.interview_at BETWEEN ? AND ? AND +su.stage = 'interviewing'
        """,  # unary +: the date range, not every submission at Interviewing
        (lo, hi),
    ).fetchall()
    return [InterviewFacts(r[0], r[1], r[2], r[3], r[4], r[5], r[6], local(r[7])) for r in rows]


def _consents(conn: Connection, today: date, s: DueSettings) -> list[ConsentFacts]:
    """Consents with an Art. 14 notice due by the end of the lookahead (a month after sourcing,
    or at first contact if sooner) or expiring within the expiry window (overdue never drops).
    In id order: a person's first consent names their notice item (the collector keeps the first)."""
    until = ds(today + timedelta(days=s.lookahead_days + 1))
    rows = conn.execute(
        f"""
        SELECT co.person_id, p.name, co.sourced_at, co.first_contact_at, co.notice_sent_at,
               co.expires_at, co.withdrawn_at IS NOT NULL
        FROM consent co JOIN person p ON p.id = co.person_id
        WHERE co.withdrawn_at IS NULL AND p.erased_at IS NULL AND co.id IN (
            SELECT id FROM consent WHERE notice_sent_at IS NULL AND sourced_at < :sourced_before
            UNION
            SELECT id FROM consent {_FIRST_CONTACT} WHERE notice_sent_at IS NULL AND first_contact_at < :until
            UNION
            SELECT id FROM consent WHERE expires_at < :expires_before)
        ORDER BY co.id
        """,
        {
            "sourced_before": ds(today + timedelta(days=s.lookahead_days + 1 - s.art14_notice_days)),
            "until": until,
            "expires_before": ds(today + timedelta(days=s.consent_expiry_window_days + 1)),
        },
    ).fetchall()
    return [ConsentFacts(r[0], r[1], _D(r[2]), _D(r[3]), _D(r[4]), _D(r[5]), bool(r[6])) for r in rows]


def retention_count(conn: Connection, today: date, s: DueSettings) -> int:
    """How many candidates are past their retention review day by at most
    ``retention_horizon_days`` (``store.retention_due``: since their last contact, the review that
    kept them, or their latest placement's start). Due today lists it as ONE summary item (at 1M
    about 10,000 are in the window). Counted up to :data:`RETENTION_COUNT_CAP` + 1 (the item then
    says "1,000+"): the launch's due load stays proportional to what it shows, not to the window
    (a full count at 1M cost ~45 ms of CPU)."""
    from deskcrm.store import retention_due

    return retention_due.count(conn, today, s, RETENTION_COUNT_CAP)


RETENTION_COUNT_CAP = 1000  # Due today's retention item says "1,000+" past this (domain.due_rules.retention_summary)


def _first(facts: object) -> int:
    """A fact's own id (its first field)."""
    return getattr(facts, dataclasses.fields(facts)[0].name)  # type: ignore[arg-type]


def load_facts(conn: Connection, today: date, settings: DueSettings = DueSettings()) -> DueFacts:
    # Each rule's facts in one order (the few rows in the window: sorted here, not by the SQL, whose
    # ORDER BY could turn an index search into a table walk), so both engines list them alike whatever
    # plan the server picks (PostgreSQL's changed once its statistics came in).
    return DueFacts(
        placements=sorted(_placements(conn, today, settings), key=_first),
        companies=sorted(_companies(conn, today, settings), key=_first),
        candidates=sorted(_candidates(conn, today, settings), key=_first),
        interviews=sorted(_interviews(conn, today, settings), key=_first),
        consents=sorted(_consents(conn, today, settings), key=_first),
        follow_ups=sorted(_follow_ups(conn, today), key=_first),
        retention_due=retention_count(conn, today, settings),
    )


def desk_is_empty(conn: Connection) -> bool:
    """No person and no company yet: the home says how to get started, not "all caught up"."""
    return not conn.execute("SELECT EXISTS (SELECT 1 FROM person) OR EXISTS (SELECT 1 FROM company)").fetchone()[0]


def load_state(conn: Connection) -> DueState:
    """Done items with the (local) day they were done, and snoozes."""
    done: dict[str, date] = {}
    snoozed: dict[str, date] = {}
    for key, done_at, until in conn.execute("SELECT key, done_at, snoozed_until FROM due_state"):
        if done_at:
            done[key] = local(done_at).date()
        elif until:
            snoozed[key] = date.fromisoformat(until)
    return DueState(done, snoozed)


# --- writes -------------------------------------------------------------------------------

_CHECKIN_COLUMN = {"30": "checkin_30_done_at", "60": "checkin_60_done_at", "90": "checkin_90_done_at"}


def mark_done(conn: Connection, item: DueItem, *, notice_method: str | None = None) -> str:
    """Mark an item done, and change the fact it was about where done means that: a check-in is
    ticked on its placement, a start confirmed moves a placement still at Offer accepted to
    Started, an ended guarantee confirmed moves it to Guarantee passed, an Art. 14 notice is
    recorded as sent today (``notice_method``: how it went — a consent ledger entry, ``store.consent_ledger``).
    Other kinds are only acknowledged and come back while their fact
    holds (``due.back_on``). Returns the txn id."""
    txn = journal.new_txn()
    now = ts(clock.utcnow())
    today = clock.today()
    with db.write(conn):
        journal.upsert(conn, txn, "due_state", {"key": item.key, "done_at": now, "snoozed_until": None, "updated_at": now})
        if item.kind == "checkin" and item.placement_id is not None:
            column = _CHECKIN_COLUMN[item.key.removeprefix("checkin").split(":")[0]]
            journal.update(conn, txn, "placement", item.placement_id, {column: now})
        if item.kind == "start_confirm" and item.placement_id is not None:
            placement = journal.row(conn, "placement", item.placement_id)
            if placement is not None and placement["status"] == "offer_accepted":  # not if it fell off meanwhile
                journal.update(conn, txn, "placement", item.placement_id, {"status": "started"})
        if item.kind == "guarantee_ending" and item.days_late > 0 and item.placement_id is not None:  # "ended"
            placement = journal.row(conn, "placement", item.placement_id)
            if placement is not None and placement["status"] == "started":  # not if it failed meanwhile
                journal.update(conn, txn, "placement", item.placement_id, {"status": "guarantee_passed"})
        if item.kind == "art14_notice" and item.person_id is not None and notice_method is not None:
            from deskcrm.store import consent_ledger

            consent_ledger.apply(conn, txn, item.person_id, "notice", on_date=today, method=notice_method)
        elif item.kind == "art14_notice" and item.person_id is not None:
            for (consent_id,) in conn.execute(
                "SELECT id FROM consent WHERE person_id = ? AND notice_sent_at IS NULL AND withdrawn_at IS NULL",
                (item.person_id,),
            ).fetchall():
                journal.update(conn, txn, "consent", consent_id, {"notice_sent_at": ds(today)})
        journal.insert(
            conn,
            txn,
            "activity",
            {
                "kind": "system",
                "body": f"Done: {item.title}",
                "at": now,
                "person_id": item.person_id,
                "company_id": item.company_id,
                "job_id": item.job_id,
                "placement_id": item.placement_id,
                "submission_id": item.submission_id,
            },
        )
    return txn


def snooze(conn: Connection, item: DueItem, until: date) -> str:
    txn = journal.new_txn()
    now = ts(clock.utcnow())
    with db.write(conn):
        journal.upsert(conn, txn, "due_state", {"key": item.key, "done_at": None, "snoozed_until": ds(until), "updated_at": now})
    return txn


def log_activity(
    conn: Connection,
    kind: str,
    body: str,
    **links: Any,
) -> str:
    """Log a call/email/meeting/note (``links``: the keywords of :func:`insert_activity`); a real touch also resets the person's last contact (and
    the company's), and ``next_touch_on`` (a call outcome's, see ``deskcrm.domain.touch``) schedules the
    next one — all in one transaction, so one undo takes back both."""
    person_id, company_id = links.get("person_id"), links.get("company_id")
    if kind not in ACTIVITY_KINDS:
        raise ValueError(f"activity kind {kind!r} is not one of {', '.join(ACTIVITY_KINDS)}")
    if person_id is None and company_id is None:
        raise ValueError("an activity needs a person or a company")
    txn = journal.new_txn()
    with db.write(conn):
        insert_activity(conn, txn, kind, body, **links)
    return txn


def insert_activity(
    conn: Connection,
    txn: str,
    kind: str,
    body: str,
    *,
    person_id: int | None = None,
    company_id: int | None = None,
    job_id: int | None = None,
    placement_id: int | None = None,
    submission_id: int | None = None,
    author_id: int | None = None,
    next_touch_on: date | None = None,
) -> int:
    """:func:`log_activity` inside the caller's transaction ``txn`` (a sent message logs one per
    person and company it concerns, ``store.outbox``); returns the activity's id."""
    now = ts(clock.utcnow())
    activity_id = journal.insert(
        conn,
        txn,
        "activity",
        {
            "kind": kind,
            "body": body,
            "at": now,
            "author_id": author_id,
            "person_id": person_id,
            "company_id": company_id,
            "job_id": job_id,
            "placement_id": placement_id,
            "submission_id": submission_id,
        },
    )
    changes: dict[str, object] = {}
    if person_id is not None and kind in TOUCH_KINDS:
        changes["last_contact_at"] = now
    if person_id is not None and next_touch_on is not None:
        changes["next_touch_on"] = ds(next_touch_on)
    if changes:
        journal.update(conn, txn, "person", person_id, {**changes, "updated_at": now})
    if company_id is not None and kind in TOUCH_KINDS:
        refresh_companies(conn, [company_id])  # derived: recomputed, not journaled
    if person_id is not None and kind in TOUCH_KINDS:
        for (consent_id,) in conn.execute(
            "SELECT id FROM consent WHERE person_id = ? AND first_contact_at IS NULL", (person_id,)
        ).fetchall():
            journal.update(conn, txn, "consent", consent_id, {"first_contact_at": ds(clock.today())})
    return activity_id


def add_note(conn: Connection, activity_id: int, body: str) -> str:
    """Write the note of an activity just logged (a call outcome's, added with ``a``). Returns the txn."""
    txn = journal.new_txn()
    with db.write(conn):
        journal.update(conn, txn, "activity", activity_id, {"body": body})
    return txn


def undo_last(conn: Connection) -> int:
    """Undo the newest due-screen write (done, snooze, activity)."""
    with db.write(conn):
        txn = journal.last_txn(conn, ("due_state", "activity"))
        if txn is None:
            raise StoreError("nothing to undo")
        return journal.undo(conn, txn)
