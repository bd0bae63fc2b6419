"""The due-today engine (deskcrm.domain.due): rules, boundaries, state, ordering — pure, no database."""

from __future__ import annotations

import ast
import dataclasses
import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from deskcrm.domain import amounts, due_done, due_item, due_rules, retention
from deskcrm.domain import due as due_mod
from deskcrm.domain.due import (
    BUCKETS,
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
    add_days,
    compute_due,
    group_by_bucket,
    lateness,
)

TODAY = date(2026, 5, 11)  # a Monday


def d(offset: int, today: date = TODAY) -> date:
    return today + timedelta(days=offset)


def placement(**kw) -> PlacementFacts:
    base = {
        "id": 12, "candidate_id": 7, "candidate_name": "Ana Silva", "company_id": 5,
        "company_name": "Acme Ltd", "job_id": 3, "job_title": "Backend Engineer", "status": "started", "start_date": None,
        "guarantee_end": None, "checkin_30": None, "checkin_60": None, "checkin_90": None,
        "checkin_30_done": False, "checkin_60_done": False, "checkin_90_done": False,
        "fee_status": "not_invoiced", "invoice_due": None, "fee_amount": None, "currency": "EUR",
    }
    base.update(kw)
    return PlacementFacts(**base)


def company(**kw) -> CompanyFacts:
    base = {"id": 5, "name": "Acme Ltd", "bd_stage": "active_client", "checkin_cadence_days": 30,
                "last_contact": None, "contact_id": 21, "contact_name": "Bo Chen"}
    base.update(kw)
    return CompanyFacts(**base)


def candidate(**kw) -> CandidateFacts:
    base = {"id": 9, "name": "Cleo Diaz", "employer": "Initech", "status": "passive", "last_touch": None,
                "created": d(-1000)}
    base.update(kw)
    return CandidateFacts(**base)


def follow_up(**kw) -> FollowUpFacts:
    base = {"person_id": 9, "name": "Cleo Diaz", "company": "Initech", "next_touch": d(0),
            "last_call": "call_voicemail", "last_call_on": d(-2)}
    base.update(kw)
    return FollowUpFacts(**base)


def interview(at: datetime, **kw) -> InterviewFacts:
    base = {"submission_id": 44, "candidate_id": 7, "candidate_name": "Ana Silva", "company_id": 5,
                "company_name": "Acme Ltd", "job_id": 3, "job_title": "Backend Engineer", "interview_at": at}
    base.update(kw)
    return InterviewFacts(**base)


def consent(**kw) -> ConsentFacts:
    base = {"person_id": 9, "person_name": "Cleo Diaz", "sourced_at": d(-300), "first_contact_at": None,
                "notice_sent_at": d(-299), "expires_at": None, "withdrawn": False}
    base.update(kw)
    return ConsentFacts(**base)


DEFAULTS = DueSettings()
NO_STATE = DueState()


def run(today: date = TODAY, settings: DueSettings = DEFAULTS, state: DueState = NO_STATE,
        **facts) -> list[DueItem]:
    return compute_due(DueFacts(**facts), today, settings, state)


def keys(items) -> list[str]:
    return [i.key for i in items]


def one(items) -> DueItem:
    assert len(items) == 1, items
    return items[0]


# --------------------------------------------------------------------------- contract


def test_record_fields_match_the_loader_contract():
    def names(cls):
        return tuple(f.name for f in dataclasses.fields(cls))

    assert names(PlacementFacts) == (
        "id", "candidate_id", "candidate_name", "company_id", "company_name", "job_id",
        "job_title", "status", "start_date", "guarantee_end", "checkin_30", "checkin_60",
        "checkin_90", "checkin_30_done", "checkin_60_done", "checkin_90_done", "fee_status",
        "invoice_due", "fee_amount", "currency",
    )
    assert names(CompanyFacts) == ("id", "name", "bd_stage", "checkin_cadence_days",
                                   "last_contact", "contact_id", "contact_name")
    assert names(CandidateFacts) == ("id", "name", "employer", "status", "last_touch", "created", "next_touch")
    assert names(FollowUpFacts) == ("person_id", "name", "company", "next_touch", "last_call", "last_call_on")
    assert names(InterviewFacts) == ("submission_id", "candidate_id", "candidate_name",
                                     "company_id", "company_name", "job_id", "job_title",
                                     "interview_at")
    assert names(ConsentFacts) == ("person_id", "person_name", "sourced_at", "first_contact_at",
                                   "notice_sent_at", "expires_at", "withdrawn")
    assert names(DueItem) == (
        "key", "kind", "bucket", "due_date", "days_late", "title", "person", "person_id",
        "company", "company_id", "job", "job_id", "placement_id", "submission_id", "snoozed",
        "back_after_days",
    )
    for cls in (PlacementFacts, CompanyFacts, CandidateFacts, InterviewFacts, ConsentFacts,
                FollowUpFacts, DueFacts, DueState, DueSettings, DueItem):
        assert cls.__dataclass_params__.frozen and hasattr(cls, "__slots__"), cls
    assert BUCKETS == ("overdue", "today", "upcoming")


@pytest.mark.parametrize("module", [due_mod, due_item, due_rules, due_done, amounts, retention])
def test_engine_is_pure_stdlib(module):
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots = [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            roots = [(node.module or "").split(".")[0]]
        else:
            continue
        for root in roots:
            assert root == "deskcrm" or (root in sys.stdlib_module_names and root != "sqlite3"), root
            if root == "deskcrm":
                names = [node.module] if isinstance(node, ast.ImportFrom) else []
                if names == ["deskcrm.domain"]:  # from deskcrm.domain import due_rules
                    names = [f"deskcrm.domain.{alias.name}" for alias in node.names]
                assert all(n in ("deskcrm.domain.due", "deskcrm.domain.due_item", "deskcrm.domain.due_rules",
                                 "deskcrm.domain.due_done",
                                 "deskcrm.domain.amounts", "deskcrm.domain.retention") for n in names), names


def test_empty_facts_give_nothing():
    assert compute_due(DueFacts(), TODAY) == []


# --------------------------------------------------------------------------- date helpers


def test_add_days_month_ends_and_leap_years():
    assert add_days(date(2026, 1, 31), 30) == date(2026, 3, 2)  # Feb 2026 has 28 days
    assert add_days(date(2028, 1, 31), 30) == date(2028, 3, 1)  # Feb 2028 has 29
    assert add_days(date(2028, 1, 30), 30) == date(2028, 2, 29)
    assert add_days(date(2028, 2, 29), 30) == date(2028, 3, 30)
    assert add_days(date(2028, 2, 29), 365) == date(2029, 2, 28)
    assert add_days(date(2028, 3, 1), -1) == date(2028, 2, 29)
    assert add_days(date(2026, 12, 31), 1) == date(2027, 1, 1)
    assert add_days(date(2026, 4, 30), 0) == date(2026, 4, 30)
    assert due_mod.days_between(date(2028, 2, 28), date(2028, 3, 1)) == 2


# --------------------------------------------------------------------------- check-ins


@pytest.mark.parametrize(
    ("offset", "bucket", "days_late", "text"),
    [(0, "today", 0, "today"), (-1, "overdue", 1, "1 day late"), (1, "upcoming", -1, "tomorrow"),
     (7, "upcoming", -7, "in 7 days"), (-45, "overdue", 45, "45 days late")],
)
def test_checkin_boundaries_listed(offset, bucket, days_late, text):
    item = one(run(placements=[placement(checkin_30=d(offset))]))
    assert (item.key, item.kind, item.title) == ("checkin30:p12", "checkin", "30-day check-in")
    assert (item.bucket, item.days_late, item.due_date, lateness(item)) == (
        bucket, days_late, d(offset), text)
    assert (item.person, item.person_id, item.company, item.company_id) == (
        "Ana Silva", 7, "Acme Ltd", 5)
    assert (item.job, item.job_id, item.placement_id, item.submission_id, item.snoozed) == (
        "Backend Engineer", 3, 12, None, False)


@pytest.mark.parametrize("offset", [8, -46, 400])
def test_checkin_outside_window_not_listed(offset):
    assert run(placements=[placement(checkin_60=d(offset))]) == []


def test_each_checkin_separately_and_done_ones_hidden():
    p = placement(checkin_30=d(-2), checkin_60=d(0), checkin_90=d(3), checkin_30_done=True)
    items = run(placements=[p])
    assert keys(items) == ["checkin60:p12", "checkin90:p12"]
    assert [i.title for i in items] == ["60-day check-in", "90-day check-in"]


@pytest.mark.parametrize("status", ["offer_accepted", "started", "guarantee_passed"])
def test_checkins_for_live_and_passed_placements(status):
    assert keys(run(placements=[placement(status=status, checkin_90=d(-1))])) == ["checkin90:p12"]


@pytest.mark.parametrize("status", ["fell_off", "guarantee_failed"])
def test_dead_placements_produce_nothing(status):
    p = placement(status=status, checkin_30=d(0), guarantee_end=d(1), fee_status="invoiced",
                  invoice_due=d(-10), fee_amount=18000.0)
    assert run(placements=[p]) == []


def test_checkin_month_end_start_jan_31():
    p = placement(start_date=date(2026, 1, 31), checkin_30=add_days(date(2026, 1, 31), 30))
    assert p.checkin_30 == date(2026, 3, 2)
    assert run(date(2026, 3, 1), placements=[p])[0].bucket == "upcoming"
    assert run(date(2026, 3, 2), placements=[p])[0].bucket == "today"
    item = one(run(date(2026, 3, 3), placements=[p]))
    assert (item.bucket, item.days_late) == ("overdue", 1)


def test_checkin_on_leap_day():
    leap = date(2028, 2, 29)
    p = placement(start_date=date(2028, 1, 30), checkin_30=add_days(date(2028, 1, 30), 30))
    assert p.checkin_30 == leap
    assert lateness(one(run(date(2028, 2, 28), placements=[p]))) == "tomorrow"
    assert one(run(leap, placements=[p])).bucket == "today"
    assert one(run(date(2028, 3, 1), placements=[p])).days_late == 1
    assert one(run(date(2028, 2, 22), placements=[p])).days_late == -7  # exactly the lookahead
    assert run(date(2028, 2, 21), placements=[p]) == []
    assert one(run(date(2028, 4, 14), placements=[p])).days_late == 45  # 2028: 29+31+14 days
    assert run(date(2028, 4, 15), placements=[p]) == []


# --------------------------------------------------------------------------- guarantee


def test_guarantee_window_boundary_14_vs_15():
    item = one(run(placements=[placement(guarantee_end=d(14))]))
    assert (item.key, item.kind, item.title, item.bucket, item.days_late) == (
        f"guarantee:p12:{d(14).isoformat()}", "guarantee_ending", "Guarantee ends", "upcoming", -14)
    assert run(placements=[placement(guarantee_end=d(15))]) == []
    assert run(settings=DueSettings(guarantee_window_days=15),
               placements=[placement(guarantee_end=d(15))]) != []


def test_guarantee_today_and_overdue_while_still_started():
    assert one(run(placements=[placement(guarantee_end=d(0))])).title == "Guarantee ends"
    item = one(run(placements=[placement(guarantee_end=d(-200))]))
    assert (item.bucket, item.days_late, item.title) == (
        "overdue", 200, "Guarantee ended — confirm passed")


@pytest.mark.parametrize("status", ["offer_accepted", "guarantee_passed"])
def test_guarantee_only_for_started(status):
    assert run(placements=[placement(status=status, guarantee_end=d(3))]) == []


# --------------------------------------------------------------------------- start to confirm


def test_start_to_confirm_from_the_start_day_not_the_day_before():
    accepted = {"status": "offer_accepted", "guarantee_end": d(60), "checkin_30": d(30)}
    assert run(placements=[placement(start_date=d(1), **accepted)]) == []  # the day before: not due
    item = one(run(placements=[placement(start_date=d(0), **accepted)]))
    assert (item.key, item.kind, item.bucket, item.days_late, item.title) == (
        "start:p12", "start_confirm", "today", 0, "Confirm they started (11 May)")
    assert (item.person_id, item.company_id, item.job_id, item.placement_id) == (7, 5, 3, 12)
    # the frozen clock moves on a day: same item, now a day late
    late = one(run(d(1), placements=[placement(start_date=d(0), **accepted)]))
    assert (late.key, late.bucket, late.days_late) == ("start:p12", "overdue", 1)


def test_start_to_confirm_is_never_dropped_and_can_be_done_or_snoozed():
    p = placement(status="offer_accepted", start_date=d(-200), guarantee_end=d(-110))
    item = one(run(placements=[p]))
    assert (item.bucket, item.days_late, item.title) == ("overdue", 200, "Confirm they started (23 Oct)")
    assert run(placements=[p], state=DueState(done={"start:p12": TODAY})) == []
    assert run(placements=[p], state=DueState(snoozed_until={"start:p12": d(1)})) == []
    assert one(run(placements=[p], state=DueState(snoozed_until={"start:p12": d(0)}))).snoozed


@pytest.mark.parametrize("status", ["started", "guarantee_passed", "fell_off", "guarantee_failed"])
def test_start_to_confirm_only_while_at_offer_accepted(status):
    items = run(placements=[placement(status=status, start_date=d(-3))])
    assert not [i for i in items if i.kind == "start_confirm"]


def test_start_to_confirm_without_a_start_date_is_not_due():
    assert run(placements=[placement(status="offer_accepted", start_date=None)]) == []


# --------------------------------------------------------------------------- invoices


def test_invoice_overdue_never_dropped():
    p = placement(status="guarantee_passed", fee_status="invoiced", invoice_due=d(-400),
                  fee_amount=18000.0, currency="EUR")
    item = one(run(placements=[p]))
    assert (item.key, item.kind, item.bucket, item.days_late) == (
        f"invoice:p12:{d(-400).isoformat()}", "invoice_overdue", "overdue", 400)
    assert item.title == "Invoice overdue (EUR 18,000)"


def test_invoice_due_soon_is_listed_within_lookahead():
    p = placement(fee_status="invoiced", invoice_due=d(7), fee_amount=1234.5, currency="GBP")
    item = one(run(placements=[p]))
    assert (item.bucket, item.title) == ("upcoming", "Invoice due (GBP 1,234.50)")
    assert run(placements=[dataclasses.replace(p, invoice_due=d(8))]) == []
    assert one(run(placements=[dataclasses.replace(p, invoice_due=d(0))])).bucket == "today"


@pytest.mark.parametrize("fee_status", ["not_invoiced", "paid", "credited"])
def test_invoice_only_when_invoiced(fee_status):
    assert run(placements=[placement(fee_status=fee_status, invoice_due=d(-5))]) == []


def test_invoice_without_amount_or_due_date():
    assert one(run(placements=[placement(fee_status="invoiced", invoice_due=d(-1))])).title == (
        "Invoice overdue")
    assert run(placements=[placement(fee_status="invoiced", invoice_due=None)]) == []


# --------------------------------------------------------------------------- client cadence


def test_client_checkin_due_after_cadence():
    item = one(run(companies=[company(last_contact=d(-31))]))
    assert (item.key, item.kind, item.bucket, item.days_late) == (
        f"client_checkin:c5:{d(-1).isoformat()}", "client_checkin", "overdue", 1)
    assert item.title == "Client check-in (every 30 days)"
    assert (item.person, item.person_id, item.company, item.company_id, item.job) == (
        "Bo Chen", 21, "Acme Ltd", 5, None)
    assert one(run(companies=[company(last_contact=d(-23))])).days_late == -7
    assert run(companies=[company(last_contact=d(-22))]) == []


def test_client_recurring_key_changes_after_a_new_last_contact():
    old = one(run(companies=[company(last_contact=d(-35))]))
    done = DueState(done={old.key: TODAY})
    assert run(state=done, companies=[company(last_contact=d(-35))]) == []
    # A call logged 31 days ago (and not marked done): the next check-in is a new item.
    new = one(run(state=done, companies=[company(last_contact=d(-31))]))
    assert new.key != old.key and new.key == f"client_checkin:c5:{d(-1).isoformat()}"
    # Logging a call today moves the next one out of the window entirely.
    assert run(companies=[company(last_contact=TODAY)]) == []


def test_client_never_contacted_is_due_today_with_a_stable_key():
    item = one(run(companies=[company(last_contact=None, checkin_cadence_days=14)]))
    assert (item.key, item.bucket, item.due_date) == ("client_checkin:c5:never", "today", TODAY)
    assert item.title == "Client check-in (every 14 days; no contact logged)"
    assert one(run(d(5), companies=[company()])).key == item.key


def test_a_cadence_of_millennia_is_never_due_once_a_contact_is_logged():
    assert run(companies=[company(last_contact=d(-100), checkin_cadence_days=10_000_000)]) == []
    assert one(run(companies=[company(last_contact=None, checkin_cadence_days=10_000_000)])).due_date == TODAY


@pytest.mark.parametrize("kw", [{"bd_stage": "dormant"}, {"bd_stage": "meeting"},
                                {"checkin_cadence_days": None}, {"checkin_cadence_days": 0}])
def test_client_checkin_needs_active_client_and_cadence(kw):
    assert run(companies=[company(last_contact=d(-100), **kw)]) == []


# --------------------------------------------------------------------------- nurture


@pytest.mark.parametrize(
    ("touched", "days_late", "title"),
    [(-90, 0, "Gone cold: no contact in 90 days"), (-97, 7, "Gone cold: no contact in 97 days"),
     (-104, 14, "Gone cold: no contact in 104 days"),
     (-83, -7, "Going cold: no contact in 83 days")],
)
def test_nurture_window(touched, days_late, title):
    item = one(run(candidates=[candidate(last_touch=d(touched))]))
    due = d(touched + 90)
    assert (item.key, item.kind, item.due_date, item.days_late, item.title) == (
        f"nurture:person9:{due.isoformat()}", "nurture", due, days_late, title)
    assert (item.person, item.person_id, item.company, item.company_id) == (
        "Cleo Diaz", 9, "Initech", None)


@pytest.mark.parametrize("touched", [-105, -82, -400, 0])
def test_nurture_horizon_boundary_drops(touched):
    assert run(candidates=[candidate(last_touch=d(touched))]) == []


def test_nurture_falls_back_to_created_and_respects_status():
    item = one(run(candidates=[candidate(last_touch=None, created=d(-95))]))
    assert item.title == "Gone cold: never contacted, added 95 days ago"
    assert item.due_date == d(-5)
    for status in ("placed", "do_not_contact"):
        assert run(candidates=[candidate(status=status, last_touch=d(-95))]) == []
    assert one(run(candidates=[candidate(status="active", last_touch=d(-95))])).days_late == 5


def test_nurture_custom_settings():
    s = DueSettings(nurture_days=30, nurture_horizon_days=0, lookahead_days=0)
    assert one(run(settings=s, candidates=[candidate(last_touch=d(-30))])).bucket == "today"
    assert run(settings=s, candidates=[candidate(last_touch=d(-31))]) == []
    assert run(settings=s, candidates=[candidate(last_touch=d(-29))]) == []


# --------------------------------------------------------------------------- interviews


def at(offset: int, hh: int = 10, mm: int = 30) -> datetime:
    day = d(offset)
    return datetime(day.year, day.month, day.day, hh, mm)


def test_interview_tomorrow_is_prep_today():
    item = one(run(interviews=[interview(at(1))]))
    assert (item.kind, item.bucket, item.due_date, item.days_late) == (
        "interview_prep", "today", TODAY, 0)
    assert item.title == "Prep: interview tomorrow 10:30"
    assert item.key == f"interview:s44:{d(1).isoformat()}"
    assert (item.submission_id, item.placement_id, item.job_id, item.person) == (
        44, None, 3, "Ana Silva")


def test_interview_today_later_and_past():
    assert one(run(interviews=[interview(at(0, 9, 5))])).title == "Prep: interview today 09:05"
    later = one(run(interviews=[interview(at(3, 14, 0))]))  # Thursday 14 May 2026
    assert (later.bucket, later.due_date, later.title) == (
        "upcoming", d(2), "Prep: interview Thu 14 May 14:00")
    assert one(run(interviews=[interview(at(7))])).due_date == d(6)
    assert run(interviews=[interview(at(8))]) == []
    assert run(interviews=[interview(at(-1))]) == []


def test_interview_across_month_end():
    item = one(run(date(2028, 2, 28), interviews=[interview(datetime(2028, 3, 1, 8, 0))]))
    assert (item.due_date, item.bucket, item.title) == (
        date(2028, 2, 29), "upcoming", "Prep: interview Wed 1 Mar 08:00")


# --------------------------------------------------------------------------- GDPR


def test_art14_due_a_month_after_sourcing():
    item = one(run(consents=[consent(sourced_at=d(-30), notice_sent_at=None)]))
    assert (item.key, item.kind, item.title, item.bucket) == (
        "art14:person9", "art14_notice", "Art. 14 notice due", "today")
    assert (item.person, item.person_id, item.company) == ("Cleo Diaz", 9, None)
    assert one(run(consents=[consent(sourced_at=d(-23), notice_sent_at=None)])).days_late == -7
    assert run(consents=[consent(sourced_at=d(-22), notice_sent_at=None)]) == []


def test_art14_uses_first_contact_when_earlier():
    c = consent(sourced_at=d(-10), first_contact_at=d(-3), notice_sent_at=None)
    item = one(run(consents=[c]))
    assert (item.due_date, item.bucket, item.days_late) == (d(-3), "overdue", 3)
    later = consent(sourced_at=d(-35), first_contact_at=d(-1), notice_sent_at=None)
    assert one(run(consents=[later])).due_date == d(-5)  # sourcing + 30 came first


def test_art14_overdue_never_drops_and_sent_or_withdrawn_hide():
    assert one(run(consents=[consent(sourced_at=d(-900), notice_sent_at=None)])).days_late == 870
    assert run(consents=[consent(sourced_at=d(-30), notice_sent_at=d(-2))]) == []
    assert run(consents=[consent(sourced_at=d(-30), notice_sent_at=None, withdrawn=True)]) == []


def test_consent_expiring_window():
    item = one(run(consents=[consent(expires_at=d(30))]))
    assert (item.key, item.kind, item.title, item.bucket) == (
        f"consent_expiry:person9:{d(30).isoformat()}", "consent_expiring", "Consent expires",
        "upcoming")
    assert run(consents=[consent(expires_at=d(31))]) == []
    old = one(run(consents=[consent(expires_at=d(-60))]))
    assert (old.bucket, old.days_late, old.title) == ("overdue", 60, "Consent expired")
    assert run(consents=[consent(expires_at=d(-1), withdrawn=True)]) == []


# --------------------------------------------------------------------------- done / snoozed


def test_done_items_are_hidden():
    p = placement(checkin_30=d(-1), checkin_60=d(2))
    state = DueState(done={"checkin30:p12": TODAY})
    assert keys(run(state=state, placements=[p])) == ["checkin60:p12"]


def test_snoozed_item_reappears_on_its_snooze_date():
    p = placement(checkin_30=d(-2))
    state = DueState(snoozed_until={"checkin30:p12": d(1)})
    assert run(state=state, placements=[p]) == []  # the day before: hidden
    item = one(run(d(1), state=state, placements=[p]))  # on the date: back, flagged
    assert (item.snoozed, item.due_date, item.days_late, lateness(item)) == (
        True, d(-2), 3, "3 days late")
    assert one(run(d(5), state=state, placements=[p])).snoozed is True
    assert one(run(placements=[p])).snoozed is False  # an unrelated snooze does not flag


def test_snooze_applies_per_key():
    c = company(last_contact=d(-31))
    key = f"client_checkin:c5:{d(-1).isoformat()}"
    assert run(state=DueState(snoozed_until={key: d(3)}), companies=[c]) == []
    # A new last contact makes a new key that the old snooze does not cover.
    assert not one(run(state=DueState(snoozed_until={key: d(3)}),
                       companies=[company(last_contact=d(-30))])).snoozed


# --------------------------------------------------------------------------- follow-ups (call outcomes)


@pytest.mark.parametrize(("offset", "bucket"), [(0, "today"), (-1, "overdue"), (-60, "overdue")])
def test_follow_up_due_from_its_day_and_never_dropped(offset, bucket):
    item = one(run(follow_ups=[follow_up(next_touch=d(offset))]))
    assert (item.key, item.kind, item.bucket, item.due_date) == (
        f"follow_up:person9:{d(offset).isoformat()}", "follow_up", bucket, d(offset))
    assert item.title == "Call back / follow up (last call 9 May: left voicemail)"
    assert (item.person, item.person_id, item.company, item.company_id) == ("Cleo Diaz", 9, "Initech", None)


def test_follow_up_not_listed_ahead_and_titles():
    assert run(follow_ups=[follow_up(next_touch=d(1))]) == []  # a call-back tomorrow is not today's work
    assert one(run(follow_ups=[follow_up(last_call=None, last_call_on=None)])).title == "Call back / follow up"
    talked = one(run(follow_ups=[follow_up(last_call="call_talked", last_call_on=d(-30), next_touch=d(0))]))
    assert talked.title == "Call back / follow up (last call 11 Apr: talked)"


def test_follow_up_done_and_snooze():
    key = f"follow_up:person9:{d(0).isoformat()}"
    assert run(follow_ups=[follow_up()], state=DueState(done={key: TODAY})) == []
    assert run(follow_ups=[follow_up()], state=DueState(snoozed_until={key: d(2)})) == []
    back = one(run(today=d(2), follow_ups=[follow_up()], state=DueState(snoozed_until={key: d(2)})))
    assert back.snoozed and back.days_late == 2
    # a new call outcome sets a new date: a new item, the old "done" does not hide it
    assert one(run(follow_ups=[follow_up(next_touch=d(-1))], state=DueState(done={key: TODAY}))).kind == "follow_up"


def test_a_scheduled_touch_replaces_nurture_for_that_person():
    cold = candidate(last_touch=d(-95))  # nurture due 5 days ago
    # no plan: nurture as usual
    assert one(run(candidates=[cold])).kind == "nurture"
    # a next touch still to come: the plan covers them, no nurture item
    assert run(candidates=[candidate(last_touch=d(-95), next_touch=d(3))]) == []
    # the follow-up is due: ONE item for the person, the follow-up
    items = run(candidates=[candidate(last_touch=d(-95), next_touch=d(0))], follow_ups=[follow_up(next_touch=d(0))])
    assert [i.kind for i in items] == ["follow_up"]
    # snoozed follow-up: still the plan, no nurture in its place
    key = f"follow_up:person9:{d(0).isoformat()}"
    snoozed = DueState(snoozed_until={key: d(2)})
    assert run(candidates=[candidate(last_touch=d(-95), next_touch=d(0))], follow_ups=[follow_up()], state=snoozed) == []
    # follow-up marked done without a new call: nurture applies again
    done = DueState(done={key: TODAY})
    again = run(candidates=[candidate(last_touch=d(-95), next_touch=d(0))], follow_ups=[follow_up()], state=done)
    assert [i.kind for i in again] == ["nurture"]
    # someone else's follow-up changes nothing for this candidate
    other = run(candidates=[cold], follow_ups=[follow_up(person_id=10)])
    assert sorted(i.kind for i in other) == ["follow_up", "nurture"]


# --------------------------------------------------------------------------- order & grouping


def mixed_facts() -> dict:
    return {
        "placements": [
            placement(id=1, checkin_30=d(-3)),
            placement(id=2, fee_status="invoiced", invoice_due=d(-3), fee_amount=5000.0),
            placement(id=3, guarantee_end=d(0)),
            placement(id=4, checkin_60=d(0)),
            placement(id=5, checkin_90=d(4)),
            placement(id=6, status="guarantee_passed", checkin_90=d(-10)),
        ],
        "companies": [company(id=8, last_contact=d(-30))],
        "candidates": [candidate(id=9, last_touch=d(-93)), candidate(id=10, last_touch=d(-88))],
        "interviews": [interview(at(1), submission_id=44), interview(at(3), submission_id=45)],
        "consents": [consent(person_id=11, sourced_at=d(-33), notice_sent_at=None),
                  consent(person_id=12, expires_at=d(0))],
    }


def test_order_overdue_most_late_first_then_today_then_upcoming_soonest():
    items = run(**mixed_facts())
    assert keys(items) == [
        "checkin90:p6",  # 10 days late
        f"invoice:p2:{d(-3).isoformat()}",  # 3 days late: invoice before check-in
        "checkin30:p1",
        "art14:person11",  # 3 days late
        f"nurture:person9:{d(-3).isoformat()}",
        f"guarantee:p3:{d(0).isoformat()}",  # today: guarantee, check-in, prep, client, consent
        "checkin60:p4",
        f"interview:s44:{d(1).isoformat()}",
        f"client_checkin:c8:{d(0).isoformat()}",
        f"consent_expiry:person12:{d(0).isoformat()}",
        f"interview:s45:{d(3).isoformat()}",  # upcoming: due in 2 days
        f"nurture:person10:{d(2).isoformat()}",
        "checkin90:p5",  # in 4 days
    ]
    assert [i.bucket for i in items] == ["overdue"] * 5 + ["today"] * 5 + ["upcoming"] * 3


def test_ties_within_a_kind_break_by_key_and_output_is_deterministic():
    facts = mixed_facts()
    facts["placements"] += [placement(id=20, checkin_30=d(-3)), placement(id=13, checkin_30=d(-3))]
    expected = keys(run(**facts))
    assert expected.index("checkin30:p1") < expected.index("checkin30:p13") < expected.index(
        "checkin30:p20")
    rng = random.Random(7)
    for _ in range(10):
        shuffled = {k: rng.sample(v, len(v)) for k, v in facts.items()}
        assert keys(run(**shuffled)) == expected
    assert len(set(expected)) == len(expected)


def test_group_by_bucket_keeps_every_bucket_and_order():
    assert group_by_bucket([]) == {"overdue": [], "today": [], "upcoming": []}
    items = run(**mixed_facts())
    groups = group_by_bucket(items)
    assert list(groups) == list(BUCKETS)
    assert [i for b in BUCKETS for i in groups[b]] == items
    only_today = group_by_bucket(run(placements=[placement(checkin_30=d(0))]))
    assert (len(only_today["overdue"]), len(only_today["today"]), len(only_today["upcoming"])) == (
        0, 1, 0)


@pytest.mark.parametrize(("late", "text"), [(3, "3 days late"), (1, "1 day late"), (0, "today"),
                                            (-1, "tomorrow"), (-2, "in 2 days")])
def test_lateness_text(late, text):
    item = one(run(placements=[placement(checkin_30=d(-late))]))
    assert lateness(item) == text


def test_accepts_any_sequence_and_leaves_inputs_alone():
    facts = mixed_facts()
    as_tuples = {k: tuple(v) for k, v in facts.items()}
    assert keys(run(**as_tuples)) == keys(run(**facts))
    state = DueState(snoozed_until={"checkin30:p1": d(0)})
    before = dict(state.snoozed_until)
    run(state=state, **facts)
    assert dict(state.snoozed_until) == before


def test_duplicate_records_collapse_to_one_item():
    # e.g. two consent rows (two lawful bases) for one person: one Art. 14 item, not two.
    c = consent(sourced_at=d(-40), notice_sent_at=None)
    assert keys(run(consents=[c, c])) == ["art14:person9"]
    assert keys(run(placements=[placement(checkin_30=d(0))] * 2)) == ["checkin30:p12"]


def test_fast_item_constructor_builds_the_same_frozen_item():
    args = ("k", "checkin", "today", TODAY, 0, "t", "p", 1, "c", 2, "j", 3, 4, None, False, None)
    fast = due_mod._new_item(*args)
    assert type(fast) is DueItem and fast == DueItem(*args) and hash(fast) == hash(DueItem(*args))
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.title = "changed"  # type: ignore[misc]


# --------------------------------------------------------------------------- done: retired, or back while still true


def invoice(**kw) -> PlacementFacts:
    return placement(**{"status": "guarantee_passed", "fee_status": "invoiced", "invoice_due": d(-10),
                        "fee_amount": 18000.0, **kw})


def test_a_chased_invoice_comes_back_after_the_chase_interval_until_paid():
    item = one(run(placements=[invoice()]))
    assert item.key == f"invoice:p12:{d(-10).isoformat()}"
    done = DueState(done={item.key: TODAY})  # "x" today: chased today
    assert run(state=done, placements=[invoice()]) == []
    assert run(d(6), state=done, placements=[invoice()]) == []
    back = one(run(d(7), state=done, placements=[invoice()]))  # [due] chase_days = 7
    assert (back.key, back.title, back.days_late, back.snoozed) == (item.key, "Invoice overdue (EUR 18,000)", 17, True)
    assert due_mod.back_on(item, TODAY) == d(7)
    # paid: gone for good, whatever the done state says
    paid = placement(status="guarantee_passed", fee_status="paid", invoice_due=d(-10), fee_amount=18000.0)
    assert run(d(30), state=done, placements=[paid]) == []


def test_the_chase_interval_comes_from_the_settings():
    done = DueState(done={f"invoice:p12:{d(-10).isoformat()}": TODAY})
    settings = DueSettings(chase_days=3)
    assert run(d(2), settings, done, placements=[invoice()]) == []
    assert one(run(d(3), settings, done, placements=[invoice()])).snoozed


def test_an_invoice_done_before_it_falls_due_is_back_the_day_it_is_overdue():
    p = placement(fee_status="invoiced", invoice_due=d(2), fee_amount=900.0)
    item = one(run(placements=[p]))
    assert item.title.startswith("Invoice due")
    done = DueState(done={item.key: TODAY})
    assert run(d(2), state=done, placements=[p]) == []
    back = one(run(d(3), state=done, placements=[p]))
    assert back.title.startswith("Invoice overdue") and back.days_late == 1
    assert due_mod.back_on(item, TODAY) == d(3)


def test_a_new_invoice_due_date_is_a_new_fact_that_done_does_not_hide():
    old = one(run(placements=[invoice()]))
    done = DueState(done={old.key: TODAY})
    again = one(run(state=done, placements=[invoice(invoice_due=d(-1))]))  # re-invoiced
    assert again.key != old.key and not again.snoozed


def test_a_client_check_in_done_counts_as_a_check_in_and_comes_back_after_the_cadence():
    c = company(last_contact=d(-31), checkin_cadence_days=30)
    item = one(run(companies=[c]))
    done = DueState(done={item.key: TODAY})
    assert run(d(29), state=done, companies=[c]) == []
    assert one(run(d(30), state=done, companies=[c])).key == item.key
    never = company(last_contact=None, checkin_cadence_days=14)
    key = one(run(companies=[never])).key
    assert run(d(13), state=DueState(done={key: TODAY}), companies=[never]) == []
    assert one(run(d(14), state=DueState(done={key: TODAY}), companies=[never])).snoozed


def test_a_consent_expiry_done_is_back_after_the_chase_interval_until_renewed():
    c = consent(expires_at=d(-5))
    item = one(run(consents=[c]))
    done = DueState(done={item.key: TODAY})
    assert run(d(6), state=done, consents=[c]) == []
    assert one(run(d(7), state=done, consents=[c])).title == "Consent expired"
    assert run(d(7), state=done, consents=[consent(expires_at=d(400))]) == []  # renewed: a new fact


def test_a_guarantee_ending_done_early_is_back_once_it_has_ended():
    p = placement(guarantee_end=d(3))
    item = one(run(placements=[p]))
    assert item.key == f"guarantee:p12:{d(3).isoformat()}"
    done = DueState(done={item.key: TODAY})
    assert run(d(3), state=done, placements=[p]) == []
    assert one(run(d(4), state=done, placements=[p])).title == "Guarantee ended — confirm passed"
    # a new end date (the start moved) is a new fact
    assert not one(run(state=done, placements=[placement(guarantee_end=d(5))])).snoozed


@pytest.mark.parametrize(
    "facts",
    [
        {"placements": [placement(checkin_30=d(-1))]},
        {"placements": [placement(status="offer_accepted", start_date=d(-2))]},
        {"follow_ups": [follow_up()]},
        {"candidates": [candidate(last_touch=d(-95))]},
        {"interviews": [interview(datetime(2026, 5, 12, 10, 0))]},
        {"consents": [consent(sourced_at=d(-40), notice_sent_at=None)]},
    ],
)
def test_done_retires_for_good_what_done_changes_or_was_only_a_reminder(facts):
    item = one(run(**facts))
    assert due_mod.back_on(item, TODAY) is None
    done = DueState(done={item.key: TODAY})
    for later in (0, 7, 30, 90):
        assert [i for i in run(d(later), state=done, **facts) if i.key == item.key] == []


@pytest.mark.parametrize(
    ("facts", "note"),
    [
        ({"placements": [invoice()]}, "Chased — back on Mon 18 May unless paid"),
        ({"placements": [placement(fee_status="invoiced", invoice_due=d(2), fee_amount=9.0)]},
         "Chased — back on Thu 14 May unless paid"),
        ({"companies": [company(last_contact=d(-31))]}, "Checked in — next check-in due Wed 10 Jun"),
        ({"consents": [consent(expires_at=d(-5))]}, "Noted — back on Mon 18 May unless consent is renewed"),
        ({"placements": [placement(guarantee_end=d(3))]}, "Noted — back on Fri 15 May to confirm it passed"),
        ({"placements": [placement(guarantee_end=d(-3))]}, "Guarantee confirmed passed"),
        ({"placements": [placement(status="offer_accepted", start_date=d(-2))]}, "Start confirmed — moved to Started"),
        ({"consents": [consent(sourced_at=d(-40), notice_sent_at=None)]}, "Art. 14 notice recorded as sent today"),
        ({"placements": [placement(checkin_30=d(-1))]}, "Done: 30-day check-in"),
    ],
)
def test_what_x_says_on_screen(facts, note):
    assert due_mod.done_note(one(run(**facts)), TODAY) == note


def test_a_done_check_in_on_a_cadence_of_millennia_never_comes_back_and_never_crashes():
    client = company(checkin_cadence_days=10**9, last_contact=None)
    key = "client_checkin:c5:never"
    assert [i.key for i in compute_due(DueFacts(companies=[client]), TODAY)] == [key]
    assert compute_due(DueFacts(companies=[client]), TODAY, state=DueState(done={key: TODAY})) == []
