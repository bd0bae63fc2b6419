"""The due engine's fast paths return exactly what the rules say (issue 10 item 1: the engine
over 100k raw placements <= 10 ms). ``reference_due`` below is the rules written plainly — every
record looked at, every candidate item built, state applied, sorted — and hypothesis checks that
:func:`deskcrm.domain.due.compute_due` (window pre-cuts, items built only for what is listed) returns the
same list on random desks. Plus the work the engine does for records that cannot be due: none
beyond the fields that show it.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from deskcrm.domain.amounts import money
from deskcrm.domain.due import (
    KINDS,
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
    compute_due,
)
from deskcrm.domain.due_done import back_after

TODAY = date(2026, 5, 11)
_MON = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_CALLS = {"call_talked": "talked", "call_voicemail": "left voicemail", "call_no_answer": "no answer"}


# --------------------------------------------------------------------------- the rules, plainly


def _candidates(facts: DueFacts, today: date, s: DueSettings, done: dict) -> list[tuple]:
    """Every item the rules name, in rule order: (key, kind, due, title, person, person_id,
    company, company_id, job, job_id, placement_id, submission_id, every)."""
    days = timedelta
    rows: list[tuple] = []
    look = today + days(s.lookahead_days)

    for p in facts.placements:
        if p.status in ("fell_off", "guarantee_failed"):
            continue
        who = (p.candidate_name, p.candidate_id, p.company_name, p.company_id, p.job_title, p.job_id, p.id)
        if p.status in ("offer_accepted", "started", "guarantee_passed"):
            for n, day, ticked in ((30, p.checkin_30, p.checkin_30_done), (60, p.checkin_60, p.checkin_60_done),
                                   (90, p.checkin_90, p.checkin_90_done)):
                if not ticked and day is not None and today - days(s.checkin_horizon_days) <= day <= look:
                    rows.append((f"checkin{n}:p{p.id}", "checkin", day, f"{n}-day check-in", *who, None, None))
        if p.status == "offer_accepted" and p.start_date is not None and p.start_date <= today:
            day = p.start_date
            rows.append((f"start:p{p.id}", "start_confirm", day, f"Confirm they started ({day.day} {_MON[day.month - 1]})",
                         *who, None, None))
        if p.status == "started" and p.guarantee_end is not None \
                and p.guarantee_end <= today + days(s.guarantee_window_days):
            day = p.guarantee_end
            title = "Guarantee ended — confirm passed" if day < today else "Guarantee ends"
            rows.append((f"guarantee:p{p.id}:{day.isoformat()}", "guarantee_ending", day, title, *who, None,
                         s.chase_days))
        if p.fee_status == "invoiced" and p.invoice_due is not None and p.invoice_due <= look:
            day = p.invoice_due
            title = "Invoice overdue" if day < today else "Invoice due"
            amount = money(p.fee_amount, p.currency)
            rows.append((f"invoice:p{p.id}:{day.isoformat()}", "invoice_overdue", day,
                         f"{title} ({amount})" if amount else title, *who, None, s.chase_days))

    for c in facts.companies:
        cadence = c.checkin_cadence_days
        if c.bd_stage != "active_client" or not cadence or cadence < 0:
            continue
        every = "every day" if cadence == 1 else f"every {cadence} days"
        if c.last_contact is None:
            rows.append((f"client_checkin:c{c.id}:never", "client_checkin", today,
                         f"Client check-in ({every}; no contact logged)", c.contact_name, c.contact_id, c.name, c.id,
                         None, None, None, None, cadence))
            continue
        try:
            day = c.last_contact + days(cadence)
        except OverflowError:
            continue
        if day <= look:
            rows.append((f"client_checkin:c{c.id}:{day.isoformat()}", "client_checkin", day,
                         f"Client check-in ({every})", c.contact_name, c.contact_id, c.name, c.id,
                         None, None, None, None, cadence))

    planned = set()
    for f in facts.follow_ups:
        if f.next_touch is None or f.next_touch > today:
            continue
        key = f"follow_up:person{f.person_id}:{f.next_touch.isoformat()}"
        if key not in done:
            planned.add(f.person_id)
        title = "Call back / follow up"
        if f.last_call in _CALLS and f.last_call_on is not None:
            title += f" (last call {f.last_call_on.day} {_MON[f.last_call_on.month - 1]}: {_CALLS[f.last_call]})"
        rows.append((key, "follow_up", f.next_touch, title, f.name, f.person_id, f.company,
                     None, None, None, None, None, None))

    for c in facts.candidates:
        if c.status not in ("active", "passive") or c.id in planned:
            continue
        if c.next_touch is not None and c.next_touch > today:
            continue
        base = c.last_touch or c.created
        day = base + days(s.nurture_days)
        if not today - days(s.nurture_horizon_days) <= day <= look:
            continue
        verb = "Gone cold" if day <= today else "Going cold"
        age = (today - base).days
        title = (f"{verb}: never contacted, added {age} days ago" if c.last_touch is None
                 else f"{verb}: no contact in {age} days")
        rows.append((f"nurture:person{c.id}:{day.isoformat()}", "nurture", day, title, c.name, c.id, c.employer,
                     None, None, None, None, None, None))

    for i in facts.interviews:
        day = i.interview_at.date()
        if day < today or day > look:
            continue
        if day == today:
            due, when = today, "today"
        elif day == today + days(1):
            due, when = today, "tomorrow"
        else:
            due, when = day - days(1), f"{_DAYS[day.weekday()]} {day.day} {_MON[day.month - 1]}"
        rows.append((f"interview:s{i.submission_id}:{day.isoformat()}", "interview_prep", due,
                     f"Prep: interview {when} {i.interview_at.hour:02d}:{i.interview_at.minute:02d}",
                     i.candidate_name, i.candidate_id, i.company_name, i.company_id, i.job_title, i.job_id,
                     None, i.submission_id, None))

    for c in facts.consents:
        if c.withdrawn:
            continue
        if c.notice_sent_at is None:
            day = c.sourced_at + days(s.art14_notice_days)
            if c.first_contact_at is not None and c.first_contact_at < day:
                day = c.first_contact_at
            if day <= look:
                rows.append((f"art14:person{c.person_id}", "art14_notice", day, "Art. 14 notice due", c.person_name,
                             c.person_id, None, None, None, None, None, None, None))
        if c.expires_at is not None and c.expires_at <= today + days(s.consent_expiry_window_days):
            day = c.expires_at
            rows.append((f"consent_expiry:person{c.person_id}:{day.isoformat()}", "consent_expiring", day,
                         "Consent expired" if day < today else "Consent expires", c.person_name, c.person_id,
                         None, None, None, None, None, None, s.chase_days))
    return rows


def reference_due(facts: DueFacts, today: date, s: DueSettings = DueSettings(),
                  state: DueState = DueState()) -> list[DueItem]:
    """The due list as the rules define it (DESIGN.md §1 "Due today", README's due table)."""
    items, seen = [], set()
    for key, kind, due, title, *who, every in _candidates(facts, today, s, dict(state.done)):
        if key in seen:  # the first record to name a key lists it
            continue
        seen.add(key)
        done_on, until = state.done.get(key), state.snoozed_until.get(key)
        if done_on is not None:
            back = back_after(kind, due, every, done_on)
            if back is None or back > today:
                continue
        if until is not None and until > today:
            continue
        late = (today - due).days
        bucket = "overdue" if late > 0 else "today" if late == 0 else "upcoming"
        items.append(DueItem(key, kind, bucket, due, late, title, *who,
                             until is not None or done_on is not None, every))
    return sorted(items, key=lambda i: (i.due_date, KINDS.index(i.kind), i.key))


# --------------------------------------------------------------------------- random desks


def day_near(span: int = 200) -> st.SearchStrategy[date]:
    return st.integers(-span, span).map(lambda n: TODAY + timedelta(days=n))


maybe_day = st.one_of(st.none(), day_near())
ids = st.integers(1, 6)  # few ids: duplicate keys happen
names = st.sampled_from(["Ana Silva", "Bo Chen", "[/] x", "Zoë"])

placements = st.builds(
    PlacementFacts, id=ids, candidate_id=ids, candidate_name=names, company_id=ids, company_name=names,
    job_id=ids, job_title=names,
    status=st.sampled_from(["offer_accepted", "started", "guarantee_passed", "fell_off", "guarantee_failed",
                            "someday"]),
    start_date=maybe_day, guarantee_end=maybe_day, checkin_30=maybe_day, checkin_60=maybe_day,
    checkin_90=maybe_day, checkin_30_done=st.booleans(), checkin_60_done=st.booleans(),
    checkin_90_done=st.booleans(),
    fee_status=st.sampled_from(["not_invoiced", "invoiced", "paid", "credited"]), invoice_due=maybe_day,
    fee_amount=st.one_of(st.none(), st.sampled_from([0.0, 18000.0, 1234.5])),
    currency=st.sampled_from(["EUR", "GBP", ""]),
)
companies = st.builds(
    CompanyFacts, id=ids, name=names, bd_stage=st.sampled_from(["active_client", "target", "dormant"]),
    checkin_cadence_days=st.one_of(st.none(), st.integers(-3, 120), st.just(10**9)), last_contact=maybe_day,
    contact_id=st.one_of(st.none(), ids), contact_name=st.one_of(st.none(), names),
)
candidates = st.builds(
    CandidateFacts, id=ids, name=names, employer=st.one_of(st.none(), names),
    status=st.sampled_from(["active", "passive", "placed", "do_not_contact"]), last_touch=maybe_day,
    created=day_near(), next_touch=maybe_day,
)
follow_ups = st.builds(
    FollowUpFacts, person_id=ids, name=names, company=st.one_of(st.none(), names), next_touch=day_near(),
    last_call=st.sampled_from([None, "call_talked", "call_voicemail", "call_no_answer", "email"]),
    last_call_on=maybe_day,
)
interviews = st.builds(
    InterviewFacts, submission_id=ids, candidate_id=ids, candidate_name=names, company_id=ids,
    company_name=names, job_id=ids, job_title=names,
    interview_at=st.builds(lambda d, h, m: datetime(d.year, d.month, d.day, h, m), day_near(20),
                           st.integers(0, 23), st.sampled_from([0, 30])),
)
consents = st.builds(
    ConsentFacts, person_id=ids, person_name=names, sourced_at=day_near(), first_contact_at=maybe_day,
    notice_sent_at=maybe_day, expires_at=maybe_day, withdrawn=st.booleans(),
)
desks = st.builds(
    DueFacts, placements=st.lists(placements, max_size=12), companies=st.lists(companies, max_size=5),
    candidates=st.lists(candidates, max_size=5), interviews=st.lists(interviews, max_size=4),
    consents=st.lists(consents, max_size=5), follow_ups=st.lists(follow_ups, max_size=4),
)
due_settings = st.builds(
    DueSettings, guarantee_window_days=st.integers(0, 30), lookahead_days=st.integers(0, 14),
    nurture_days=st.integers(1, 120), nurture_horizon_days=st.integers(0, 30),
    checkin_horizon_days=st.integers(0, 60), consent_expiry_window_days=st.integers(0, 60),
    art14_notice_days=st.integers(1, 40), chase_days=st.integers(1, 10),
)


@settings(max_examples=400, deadline=None)
@given(facts=desks, today=day_near(3), s=due_settings, data=st.data())
def test_compute_due_is_exactly_the_rules(facts, today, s, data):
    keys = sorted({row[0] for row in _candidates(facts, today, s, {})})
    done = data.draw(st.dictionaries(st.sampled_from(keys), day_near(20), max_size=4) if keys else st.just({}))
    snoozed = data.draw(st.dictionaries(st.sampled_from(keys), day_near(5), max_size=4) if keys else st.just({}))
    state = DueState(done=done, snoozed_until=snoozed)
    assert compute_due(facts, today, s, state) == reference_due(facts, today, s, state)


@settings(max_examples=200, deadline=None)
@given(ps=st.lists(placements, max_size=40), today=day_near(3))
def test_placements_alone_in_any_order(ps, today):
    got = compute_due(DueFacts(placements=ps), today)
    assert got == reference_due(DueFacts(placements=ps), today)
    assert compute_due(DueFacts(placements=ps[::-1]), today) == reference_due(DueFacts(placements=ps[::-1]), today)


# --------------------------------------------------------------------------- work: proportional to what is due


class Watched:
    """A placement record that notes which of its fields the engine reads."""

    def __init__(self, facts: PlacementFacts, reads: list[str]) -> None:
        object.__setattr__(self, "_facts", facts)
        object.__setattr__(self, "_reads", reads)

    def __getattr__(self, name: str) -> object:
        self._reads.append(name)
        return getattr(self._facts, name)


def history(pid: int, **kw) -> PlacementFacts:
    start = TODAY - timedelta(days=400)
    base = {f.name: None for f in fields(PlacementFacts)}
    base.update(id=pid, candidate_id=pid, candidate_name=f"Person {pid}", company_id=1, company_name="Acme",
                job_id=1, job_title="Engineer", status="guarantee_passed", start_date=start,
                guarantee_end=start + timedelta(days=90), checkin_30=start + timedelta(days=30),
                checkin_60=start + timedelta(days=60), checkin_90=start + timedelta(days=90),
                checkin_30_done=True, checkin_60_done=True, checkin_90_done=True, fee_status="paid",
                invoice_due=start + timedelta(days=30), fee_amount=18000.0, currency="EUR")
    base.update(kw)
    return PlacementFacts(**base)


NAMES = {"candidate_name", "company_name", "job_title", "candidate_id", "company_id", "job_id"}


def test_records_that_cannot_be_due_are_read_no_further_than_that():
    """A settled placement, and live ones with nothing in any window (a guarantee ending in two
    months, an invoice due in a month, check-ins ticked or far off): the engine reads no name,
    no id, no amount of them — only the fields that show nothing is due."""
    quiet = [
        history(1),
        history(2, status="started", start_date=TODAY - timedelta(days=20),
                guarantee_end=TODAY + timedelta(days=70), checkin_30=TODAY + timedelta(days=10),
                checkin_30_done=False, checkin_60_done=False, checkin_90_done=False),
        history(3, status="offer_accepted", start_date=TODAY + timedelta(days=20),
                checkin_30=TODAY + timedelta(days=50), checkin_30_done=False),
        history(4, fee_status="invoiced", invoice_due=TODAY + timedelta(days=30)),
        history(5, status="fell_off", fee_status="invoiced", invoice_due=TODAY - timedelta(days=3),
                checkin_30=TODAY, checkin_30_done=False),
    ]
    reads: list[list[str]] = [[] for _ in quiet]
    assert compute_due(DueFacts(placements=[Watched(p, r) for p, r in zip(quiet, reads)]), TODAY) == []
    for p, r in zip(quiet, reads):
        assert not NAMES & set(r), f"placement {p.id}: read {sorted(NAMES & set(r))} though nothing is due"
        assert "fee_amount" not in r and "currency" not in r


def test_a_due_placement_is_read_once_for_its_names():
    p = history(7, checkin_60=TODAY - timedelta(days=2), checkin_60_done=False, fee_status="invoiced",
                invoice_due=TODAY - timedelta(days=5))
    reads: list[str] = []
    items = compute_due(DueFacts(placements=[Watched(p, reads)]), TODAY)
    assert [i.kind for i in items] == ["invoice_overdue", "checkin"]
    assert all(reads.count(name) == 1 for name in NAMES)

