"""The per-kind rules of the due-today list (see DESIGN.md §1 "Due today").

Each rule walks one kind of record and calls ``out.emit(...)`` for what is due; ``out`` is a
:class:`deskcrm.domain.due.Collector`, which applies the done / snoozed state and works out bucket and
lateness. Rules only decide *whether* and *when* something is due, and what it is called.

The store's loader hands the rules only records that can be due (``store.due_store``), but the
engine holds its own budget over raw records too (100k placements in 10 ms, DESIGN.md §4), so the
shape is deliberate: window limits are computed once per call, a cheap list comprehension first
throws away the records that cannot be due (history) before anything is looked at properly or
allocated, and each item is emitted straight away.

Stdlib (and deskcrm.domain.amounts) only; this module never imports :mod:`deskcrm.domain.due` at run time (no import cycle).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from deskcrm.domain.amounts import money

if TYPE_CHECKING:
    from deskcrm.domain.due import (
        CandidateFacts,
        Collector,
        CompanyFacts,
        ConsentFacts,
        FollowUpFacts,
        InterviewFacts,
        PlacementFacts,
    )

_DAY = timedelta(days=1)
_CHECKIN_STATUSES = frozenset({"offer_accepted", "started", "guarantee_passed"})
_DEAD_STATUSES = frozenset({"fell_off", "guarantee_failed"})
_NURTURE_STATUSES = NURTURE_STATUSES = frozenset({"active", "passive"})


def cold_from(today: date, nurture_days: int) -> date:
    """A candidate whose last touch (never touched: the day they were added) is on or before
    this day has gone cold (nurture, below; a pool's "gone cold" count, ``store.pools``)."""
    return today - timedelta(days=nurture_days)
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # not strftime: locale-independent
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_date(day: date) -> str:
    """'Mon 18 May' (locale-independent)."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def _every(days: int) -> str:
    return "every day" if days == 1 else f"every {days} days"


# --------------------------------------------------------------------------- placements


def placement_items(placements: Sequence[PlacementFacts], out: Collector) -> None:
    """30/60/90-day check-ins, a start to confirm, guarantee ending, invoices due or overdue.

    A placement still at Offer accepted on or after its start date asks "Confirm they
    started", due on the start date and never dropped (until it is started — marking the item done
    does that — fell off, or the item is snoozed): until then its guarantee is not counted."""
    today = out.today
    s = out.settings
    upto = today + timedelta(days=s.lookahead_days)
    guarantee_upto = today + timedelta(days=s.guarantee_window_days)
    checkin_from = today - timedelta(days=s.checkin_horizon_days)
    chase = s.chase_days
    invoiced, started, accepted, passed = "invoiced", "started", "offer_accepted", "guarantee_passed"
    dead, checkins = _DEAD_STATUSES, _CHECKIN_STATUSES

    # Almost every placement is history: check-ins ticked, guarantee passed, fee not outstanding.
    # The first test says so in five reads (the cheapest order: ticked check-ins first) and
    # nothing else of it is looked at. The few left are cut by the windows the loop below applies
    # — the same tests, on the same fields, before any name is read or any text or item made — so
    # every placement the loop sees lists at least one item (unless done or snoozed).
    due_now = [
        p
        for p in placements
        if not (p.checkin_30_done and p.checkin_60_done and p.checkin_90_done and p.status == passed
                and p.fee_status != invoiced)
        and p.status not in dead
        and (
            (p.fee_status == invoiced and p.invoice_due is not None and p.invoice_due <= upto)
            or (p.status == started and p.guarantee_end is not None and p.guarantee_end <= guarantee_upto)
            or (p.status == accepted and p.start_date is not None and p.start_date <= today)
            or (p.status in checkins and (
                (not p.checkin_30_done and p.checkin_30 is not None and checkin_from <= p.checkin_30 <= upto)
                or (not p.checkin_60_done and p.checkin_60 is not None and checkin_from <= p.checkin_60 <= upto)
                or (not p.checkin_90_done and p.checkin_90 is not None and checkin_from <= p.checkin_90 <= upto)))
        )
    ]
    emit = out.emit
    amounts: dict[tuple[float | None, str], str] = {}  # a desk bills a few hundred distinct fees
    for p in due_now:
        status = p.status
        pid = p.id
        # Who and what every item of this placement names (Collector.emit's arguments after the
        # title), read once; passed one by one (a *tuple call costs more than the item).
        who, who_id, firm, firm_id, job, job_id = (p.candidate_name, p.candidate_id, p.company_name,
                                                   p.company_id, p.job_title, p.job_id)

        if status in checkins:
            if not p.checkin_30_done:
                due = p.checkin_30
                if due is not None and checkin_from <= due <= upto:
                    emit(f"checkin30:p{pid}", "checkin", due, "30-day check-in", who, who_id, firm, firm_id,
                         job, job_id, pid)
            if not p.checkin_60_done:
                due = p.checkin_60
                if due is not None and checkin_from <= due <= upto:
                    emit(f"checkin60:p{pid}", "checkin", due, "60-day check-in", who, who_id, firm, firm_id,
                         job, job_id, pid)
            if not p.checkin_90_done:
                due = p.checkin_90
                if due is not None and checkin_from <= due <= upto:
                    emit(f"checkin90:p{pid}", "checkin", due, "90-day check-in", who, who_id, firm, firm_id,
                         job, job_id, pid)

        if status == accepted:
            due = p.start_date
            if due is not None and due <= today:
                title = f"Confirm they started ({due.day} {_MONTHS[due.month - 1]})"
                emit(f"start:p{pid}", "start_confirm", due, title, who, who_id, firm, firm_id, job, job_id, pid)
        elif status == started:
            due = p.guarantee_end
            if due is not None and due <= guarantee_upto:  # overdue never drops: confirm it
                title = "Guarantee ended — confirm passed" if due < today else "Guarantee ends"
                # The end date is in the key: a new one (the start moved) is a new fact.
                emit(f"guarantee:p{pid}:{due.isoformat()}", "guarantee_ending", due, title,
                     who, who_id, firm, firm_id, job, job_id, pid, None, chase)

        if p.fee_status == invoiced:
            due = p.invoice_due
            if due is not None and due <= upto:  # money: never dropped however late
                title = "Invoice overdue" if due < today else "Invoice due"
                fee = (p.fee_amount, p.currency)
                amount = amounts.get(fee)
                if amount is None:
                    amount = amounts[fee] = money(*fee)
                # Done = chased today: back after the chase interval until paid. The due date is
                # in the key: a new invoice (re-issued) is a new fact.
                emit(f"invoice:p{pid}:{due.isoformat()}", "invoice_overdue", due,
                     f"{title} ({amount})" if amount else title, who, who_id, firm, firm_id, job, job_id, pid,
                     None, chase)


# --------------------------------------------------------------------------- clients


def company_items(companies: Sequence[CompanyFacts], out: Collector) -> None:
    """Active clients on a check-in cadence: due ``cadence`` days after the last contact."""
    today = out.today
    upto = today + timedelta(days=out.settings.lookahead_days)
    emit = out.emit
    for c in companies:
        if c.bd_stage != "active_client":
            continue
        cadence = c.checkin_cadence_days
        if not cadence or cadence < 0:
            continue
        last = c.last_contact
        if last is None:
            # Never contacted: due today, every day, until a call is logged. The key cannot hold
            # a date (it would change daily and defeat done / snooze), so it says "never".
            key = f"client_checkin:c{c.id}:never"
            due = today
            title = f"Client check-in ({_every(cadence)}; no contact logged)"
        else:
            try:
                due = last + timedelta(days=cadence)
            except OverflowError:  # a cadence of millennia: due after the year 9999, never
                continue
            if due > upto:
                continue
            key = f"client_checkin:c{c.id}:{due.isoformat()}"
            title = f"Client check-in ({_every(cadence)})"
        # Done counts as a check-in: back after the cadence (a logged call makes a new key).
        emit(key, "client_checkin", due, title, c.contact_name, c.contact_id, c.name, c.id, every=cadence)


# --------------------------------------------------------------------------- candidates


_CALLS = {"call_talked": "talked", "call_voicemail": "left voicemail", "call_no_answer": "no answer"}


def follow_up_items(people: Sequence[FollowUpFacts], out: Collector) -> None:
    """Call back / follow up: a next touch the recruiter scheduled, due from that day.

    Listed once its day has come (not ahead: a call-back in two days is not today's work) and
    never dropped however late — it is the recruiter's own plan — until it is done, snoozed, or
    replaced by a new call outcome (a new date, so a new key). Someone with an open follow-up
    is "planned": the nurture rule leaves them out (see ``candidate_items``).
    """
    today = out.today
    emit = out.emit
    for f in people:
        due = f.next_touch
        if due is None or due > today:
            continue
        key = f"follow_up:person{f.person_id}:{due.isoformat()}"
        if not out.is_done(key):
            out.planned.add(f.person_id)
        title = "Call back / follow up"
        if f.last_call in _CALLS and f.last_call_on is not None:
            day = f.last_call_on
            title += f" (last call {day.day} {_MONTHS[day.month - 1]}: {_CALLS[f.last_call]})"
        emit(key, "follow_up", due, title, f.name, f.person_id, f.company)


def candidate_items(candidates: Sequence[CandidateFacts], out: Collector) -> None:
    """Nurture: active / passive candidates not touched for ``nurture_days``.

    Due ``nurture_days`` after the last touch (or creation); listed from ``lookahead_days`` ahead
    until ``nurture_horizon_days`` late, after which they drop off (archived, found via search).

    Not for someone with a plan: a next touch still to come, or a follow-up listed today (or
    snoozed) — that item already says "call them". Once the follow-up is marked done without a
    new call, nurture applies again as usual.
    """
    today = out.today
    s = out.settings
    cold = timedelta(days=s.nurture_days)
    # due = base + cold, shown when today - horizon <= due <= today + lookahead:
    base_from = today - timedelta(days=s.nurture_horizon_days) - cold
    base_upto = today + timedelta(days=s.lookahead_days) - cold
    maybe = [c for c in candidates if base_from <= (c.last_touch or c.created) <= base_upto]
    emit = out.emit
    planned = out.planned
    for c in maybe:
        if c.status not in _NURTURE_STATUSES or c.id in planned:
            continue
        if c.next_touch is not None and c.next_touch > today:
            continue
        base = c.last_touch or c.created
        due = base + cold
        days = (today - base).days
        verb = "Gone cold" if base <= cold_from(today, s.nurture_days) else "Going cold"
        if c.last_touch is None:
            title = f"{verb}: never contacted, added {days} days ago"
        else:
            title = f"{verb}: no contact in {days} days"
        emit(f"nurture:person{c.id}:{due.isoformat()}", "nurture", due, title, c.name, c.id, c.employer)


# --------------------------------------------------------------------------- interviews


def interview_items(interviews: Sequence[InterviewFacts], out: Collector) -> None:
    """Interview prep: due the day before the interview (or today, for one today).

    An interview tomorrow is today's job (due today); later interviews within ``lookahead_days``
    are upcoming, due the day before; past interviews produce nothing.
    """
    today = out.today
    tomorrow = today + _DAY
    last_day = today + timedelta(days=out.settings.lookahead_days)
    emit = out.emit
    for i in interviews:
        at = i.interview_at
        day = at.date()
        if day < today or day > last_day:
            continue
        if day == today:
            due, when = today, "today"
        elif day == tomorrow:
            due, when = today, "tomorrow"
        else:
            due, when = day - _DAY, short_date(day)
        # The interview date is in the key: a second round on the same submission is new prep.
        emit(
            f"interview:s{i.submission_id}:{day.isoformat()}", "interview_prep", due,
            f"Prep: interview {when} {at.hour:02d}:{at.minute:02d}",
            i.candidate_name, i.candidate_id, i.company_name, i.company_id,
            i.job_title, i.job_id, None, i.submission_id,
        )


# --------------------------------------------------------------------------- GDPR


def consent_items(consents: Sequence[ConsentFacts], out: Collector) -> None:
    """Art. 14 notices due and consents / retention periods expiring (withdrawn: nothing)."""
    today = out.today
    s = out.settings
    upto = today + timedelta(days=s.lookahead_days)
    expiry_upto = today + timedelta(days=s.consent_expiry_window_days)
    notice_within = timedelta(days=s.art14_notice_days)
    chase = s.chase_days
    maybe = [
        c
        for c in consents
        if not c.withdrawn
        and (c.notice_sent_at is None or (c.expires_at is not None and c.expires_at <= expiry_upto))
    ]
    emit = out.emit
    for c in maybe:
        if c.notice_sent_at is None:
            # Due within a month of sourcing, or at first contact if that comes sooner.
            due = c.sourced_at + notice_within
            first = c.first_contact_at
            if first is not None and first < due:
                due = first
            if due <= upto:  # overdue never drops
                emit(f"art14:person{c.person_id}", "art14_notice", due, "Art. 14 notice due",
                     c.person_name, c.person_id)
        expires = c.expires_at
        if expires is not None and expires <= expiry_upto:  # overdue never drops
            title = "Consent expired" if expires < today else "Consent expires"
            emit(f"consent_expiry:person{c.person_id}:{expires.isoformat()}", "consent_expiring",
                 expires, title, c.person_name, c.person_id, every=chase)


RETENTION_SUMMARY_KEY = "retention_review:summary"


RETENTION_SHOWN_UP_TO = 1000  # store.due_store.RETENTION_COUNT_CAP: a larger count is "1,000+"


def retention_summary(count: int, out: Collector) -> None:
    """ONE item for every candidate past their retention review day (never one a person: at 1M
    about 14,500 are in the window); ``enter`` on it opens the review list. Done or snoozed, it is
    back after ``chase_days`` while candidates are still waiting."""
    if count <= 0:
        return
    s = out.settings
    noun = "candidate" if count == 1 else "candidates"
    many = f"{RETENTION_SHOWN_UP_TO:,}+" if count > RETENTION_SHOWN_UP_TO else f"{count:,}"  # the store counts no further
    out.emit(RETENTION_SUMMARY_KEY, "retention_review", out.today,
             f"Retention review — {many} {noun} past their retention period"
             f" ({s.retention_months} months since contact, {s.placement_retention_years} years since placed)",
             every=s.chase_days)
