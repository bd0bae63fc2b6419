"""Retention review (issue 14 item 4): the pure rule with hand-computed dates, and the store's list
and count on both engines, checked against the rule — exactly 24 months since the last contact is
due that day, a day less is not; a placed candidate never by that rule but 7 years after the
latest placement's start; a candidate kept at a review is due again 24 months after it; a bad
[privacy] entry is one line naming the unit."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from seed import seed

from deskcrm.domain import due
from deskcrm.domain.retention import add_months, review_on
from deskcrm.store import consent_ledger, db, due_store, journal, person_write, retention_review

TODAY = date(2026, 11, 18)


def test_add_months_clamps_to_the_month_end():
    assert add_months(date(2024, 11, 18), 24) == date(2026, 11, 18)
    assert add_months(date(2024, 3, 31), 1) == date(2024, 4, 30)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 1, 31), -2) == date(2025, 11, 30)


def test_review_day_by_hand():
    assert review_on(date(2024, 11, 18), date(2020, 1, 1), None, 24, 7) == date(2026, 11, 18)
    assert review_on(None, date(2024, 12, 1), None, 24, 7) == date(2026, 12, 1)  # never contacted: added
    # placed: 7 years after the latest start, whatever the last contact
    assert review_on(date(2020, 1, 1), date(2018, 1, 1), date(2019, 11, 20), 24, 7) == date(2026, 11, 20)
    # kept at a review: 24 months after it, when it came after the contact (placed: after the start)
    assert review_on(date(2022, 1, 1), date(2018, 1, 1), None, 24, 7, date(2024, 2, 29)) == date(2026, 2, 28)
    assert review_on(date(2022, 1, 1), date(2018, 1, 1), None, 24, 7, date(2022, 1, 1)) == date(2024, 1, 1)
    assert review_on(date(2023, 1, 1), date(2018, 1, 1), None, 24, 7, date(2022, 6, 1)) == date(2025, 1, 1)
    assert review_on(None, date(2018, 1, 1), date(2017, 3, 1), 24, 7, date(2024, 11, 12)) == date(2026, 11, 12)
    assert review_on(None, date(2018, 1, 1), date(2017, 3, 1), 24, 7, date(2016, 1, 1)) == date(2024, 3, 1)


@pytest.fixture
def desk(desk_path, today):
    seed(desk_path)
    conn = db.connect(desk_path)
    yield conn
    conn.close()


def _person(conn, name, last_contact: str | None, *, placed_on: str | None = None,
            created: str = "2019-01-01 09:00:00.000000") -> int:
    pid = person_write.create_person(conn, {"name": name, "source": "Referral"}).person_id
    with db.write(conn):
        conn.execute("UPDATE person SET last_contact_at = ?, created_at = ? WHERE id = ?",
                     (last_contact, created, pid))
        if placed_on is not None:
            job, company = conn.execute("SELECT id, company_id FROM job_order ORDER BY id LIMIT 1").fetchone()
            conn.execute(
                "INSERT INTO placement (person_id, job_id, company_id, recruiter_id, offer_accepted_on, start_date,"
                " salary, currency, fee_percent, fee_amount, fee_status, credited_amount, guarantee_days, guarantee_end,"
                " checkin_30, checkin_60, checkin_90, status, rank, version)"
                " VALUES (?, ?, ?, 1, ?, ?, 50000, 'EUR', 20, 10000, 'paid', 0, 90, ?, ?, ?, ?, 'guarantee_passed', 0, 1)",
                (pid, job, company, placed_on, placed_on, placed_on, placed_on, placed_on, placed_on))
    return pid


def _due(conn, settings=due.DueSettings()) -> dict[int, retention_review.Candidate]:
    return {c.person_id: c for c in retention_review.page(conn, TODAY, settings, 0, 10_000)}


def _keep(conn, pid: int, on: date) -> None:
    with db.write(conn):
        consent_ledger.apply(conn, journal.new_txn(), pid, "review", on_date=on)


def test_the_store_finds_the_reviews_due(desk):
    conn = desk
    exactly = _person(conn, "Ret Exactly", "2024-11-18 10:00:00.000000")
    short = _person(conn, "Ret Short", "2024-11-30 10:00:00.000000")
    placed_cold = _person(conn, "Ret Placed Cold", "2024-11-18 10:00:00.000000", placed_on="2023-05-01")
    placed_old = _person(conn, "Ret Placed Old", "2020-01-01 10:00:00.000000", placed_on="2019-11-18")
    found = _due(conn)
    assert exactly in found and (found[exactly].why, found[exactly].since) == ("contact", date(2024, 11, 18))
    assert short not in found and placed_cold not in found  # a placed candidate: never by the 24 months
    assert (found[placed_old].why, found[placed_old].since) == ("placed", date(2019, 11, 18))  # 7 years to the day
    assert exactly not in _due(conn, due.DueSettings(retention_months=12))


def test_a_kept_candidate_comes_back_after_another_period(desk, monkeypatch):
    """Kept at a review, a candidate leaves the list — and is due again a retention period after
    that review, though their last contact is by then far outside the contact window."""
    conn = desk
    kept = _person(conn, "Ret Kept", "2022-10-01 10:00:00.000000")
    _keep(conn, kept, date(2024, 11, 10))  # kept two years ago: due 2026-11-10
    later = _person(conn, "Ret Kept Then Called", "2022-10-01 10:00:00.000000")
    _keep(conn, later, date(2024, 11, 10))
    with db.write(conn):  # a contact after the review: the period runs from the contact again
        conn.execute("UPDATE person SET last_contact_at = ? WHERE id = ?", ("2025-06-01 10:00:00.000000", later))
    placed = _person(conn, "Ret Placed Kept", "2019-01-01 10:00:00.000000", placed_on="2017-03-01")
    _keep(conn, placed, date(2024, 11, 12))  # a placed candidate kept at their 7 years: 24 months on
    found = _due(conn)
    assert (found[kept].why, found[kept].since) == ("review", date(2024, 11, 10))
    assert (found[placed].why, found[placed].since) == ("review", date(2024, 11, 12))
    assert later not in found
    # kept again today: gone until 2028
    retention_review.keep(conn, [kept])
    assert kept not in _due(conn)
    assert due_store.retention_count(conn, TODAY, due.DueSettings()) == len(_due(conn))


def _rule_due(row, settings) -> bool:
    day = review_on(row["contact"], row["added"], row["placed"], settings.retention_months,
                    settings.placement_retention_years, row["review"])
    return TODAY - timedelta(days=settings.retention_horizon_days) <= day <= TODAY


def test_the_store_agrees_with_the_rule(desk):
    """Many candidates with last contacts, additions, placements and reviews near each window's
    edges: the store lists exactly those ``domain.retention.review_on`` says are due, each once,
    and the count agrees."""
    conn = desk
    rng = random.Random(14)
    settings = due.DueSettings()
    edges = {  # each window's edges (and a day either side), and days well inside and outside
        "contact": [date(2024, 10, d) for d in (17, 18, 19, 20)] + [date(2024, 11, d) for d in (1, 17, 18, 19)]
        + [date(2023, 5, 1), date(2025, 3, 1)],
        "placed": [date(2019, 10, d) for d in (18, 19, 20)] + [date(2019, 11, d) for d in (1, 18, 19)]
        + [date(2016, 1, 1), date(2022, 6, 1)],
    }
    rows = {}
    for n in range(70):
        contact = rng.choice([None, *edges["contact"]])
        added = rng.choice(edges["contact"][:4] + [date(2018, 1, 1)]) if contact is None else date(2018, 1, 1)
        placed = rng.choice([None, None, *edges["placed"]])
        review = rng.choice([None, None, contact, *edges["contact"]])
        pid = _person(conn, f"Ret {n}", f"{contact.isoformat()} 10:00:00.000000" if contact else None,
                      placed_on=placed.isoformat() if placed else None, created=f"{added.isoformat()} 09:00:00.000000")
        if review is not None:
            _keep(conn, pid, review)
        rows[pid] = {"contact": contact, "added": added, "placed": placed, "review": review}
    listed = retention_review.page(conn, TODAY, settings, 0, 10_000)
    ids = [c.person_id for c in listed]
    assert len(ids) == len(set(ids))  # each once
    expected = {pid for pid, row in rows.items() if _rule_due(row, settings)}
    assert set(ids) & set(rows) == expected and expected and set(rows) - expected
    assert due_store.retention_count(conn, TODAY, settings) == len(ids)
    assert {c.why for c in listed if c.person_id in rows} == {"contact", "review", "placed"}


def test_a_bad_retention_entry_is_one_line(tmp_path, monkeypatch):
    from deskcrm.config import settings as settings_mod
    from deskcrm.errors import ConfigError

    cfg = tmp_path / "config.toml"
    cfg.write_text("[privacy]\nretention_months = \"two years\"\n")
    with pytest.raises(ConfigError) as bad:
        settings_mod.load(cfg)
    assert "[privacy] retention_months must be a whole number of months" in str(bad.value)
    cfg.write_text("[privacy]\nretention_months = 36\nplacement_retention_years = 10\n")
    s = settings_mod.due_settings(settings_mod.load(cfg))
    assert (s.retention_months, s.placement_retention_years) == (36, 10)


def test_due_today_lists_one_summary_item_with_the_count(desk):
    conn = desk
    settings = due.DueSettings()
    before = due_store.retention_count(conn, TODAY, settings)
    due_ids = [_person(conn, f"Ret Due {n}", "2024-11-10 10:00:00.000000") for n in range(3)]
    _person(conn, "Ret Short", "2024-11-30 10:00:00.000000")  # not yet 24 months
    _person(conn, "Ret Long Missed", "2024-09-01 10:00:00.000000")  # past the 30-day horizon
    _person(conn, "Ret Placed", "2024-11-10 10:00:00.000000", placed_on="2023-05-01")  # placed: not by 24 months
    assert due_ids and due_store.retention_count(conn, TODAY, settings) == before + 3
    items = [i for i in due.compute_due(due_store.load_facts(conn, TODAY, settings), TODAY, settings)
             if i.kind == "retention_review"]
    assert len(items) == 1 and items[0].person_id is None and items[0].bucket == "today"
    assert items[0].title == f"Retention review — {before + 3} candidates past their retention period (24 months since contact, 7 years since placed)"
    state = due.DueState(snoozed_until={items[0].key: date(2026, 11, 20)})
    assert not [i for i in due.compute_due(due_store.load_facts(conn, TODAY, settings), TODAY, settings, state)
                if i.kind == "retention_review"]


def test_the_count_stops_past_its_cap_and_the_item_says_so(desk, monkeypatch):
    """Due today's load stays proportional to what it shows: the count stops one past its cap
    (a full count at 1M cost ~45 ms), and the item says "1,000+"."""
    conn = desk
    settings = due.DueSettings()
    before = due_store.retention_count(conn, TODAY, settings)
    for n in range(4):
        _person(conn, f"Ret Cap {n}", "2024-11-10 10:00:00.000000")
    monkeypatch.setattr(due_store, "RETENTION_COUNT_CAP", before + 2)
    assert due_store.retention_count(conn, TODAY, settings) == before + 3  # cap + 1: "more than the cap"
    from deskcrm.domain import due_rules

    monkeypatch.setattr(due_rules, "RETENTION_SHOWN_UP_TO", 2)
    items = [i for i in due.compute_due(due.DueFacts(retention_due=3), TODAY, settings) if i.kind == "retention_review"]
    assert [i.title for i in items] == ["Retention review — 2+ candidates past their retention period (24 months since contact, 7 years since placed)"]


def test_no_candidates_past_review_no_item():
    assert not due.compute_due(due.DueFacts(retention_due=0), TODAY)
    [item] = due.compute_due(due.DueFacts(retention_due=1), TODAY)
    assert item.title == "Retention review — 1 candidate past their retention period (24 months since contact, 7 years since placed)"


def test_the_review_list_pages_newest_stale_first_keep_skips_erase_erases(desk, tmp_path):
    from deskcrm.domain.retention import add_months
    from deskcrm.store import retention_review

    conn = desk
    settings = due.DueSettings()
    before = due_store.retention_count(conn, TODAY, settings)
    older = _person(conn, "[bold]Older[/] \x1b[2J", "2024-11-01 10:00:00.000000")
    newer = _person(conn, "Newer", "2024-11-15 10:00:00.000000")
    third = _person(conn, "Third", "2024-11-12 10:00:00.000000")
    assert due_store.retention_count(conn, TODAY, settings) == before + 3
    listed = [c.person_id for c in retention_review.page(conn, TODAY, settings, 0, 500)]
    assert len(listed) == before + 3
    assert listed.index(newer) < listed.index(third) < listed.index(older)
    row = next(c for c in retention_review.page(conn, TODAY, settings, 0, 500) if c.person_id == older)
    assert row.name == "[bold]Older[/] \x1b[2J" and row.last_contact == date(2024, 11, 1) and row.source == "Referral"
    assert [c.person_id for c in retention_review.page(conn, TODAY, settings, 1, 1)] == listed[1:2]

    retention_review.keep(conn, [older, newer])
    assert due_store.retention_count(conn, TODAY, settings) == before + 1
    assert {older, newer}.isdisjoint(c.person_id for c in retention_review.page(conn, TODAY, settings, 0, 500))
    # the review keeps them for another retention period: a review entry older than that no longer does
    with db.write(conn):
        conn.execute("UPDATE consent_entry SET on_date = ? WHERE person_id = ? AND kind = 'review'",
                     (add_months(TODAY, -24).isoformat(), older))
    assert due_store.retention_count(conn, TODAY, settings) == before + 2

    seen = []
    assert retention_review.erase(conn, [older, third], data_dir=tmp_path, progress=lambda n, t: seen.append((n, t))) == 2
    assert seen == [(1, 2), (2, 2)]
    assert due_store.retention_count(conn, TODAY, settings) == before
    erased = conn.execute("SELECT count(*) FROM person WHERE id IN (?, ?) AND erased_at IS NOT NULL", (older, third))
    assert erased.fetchone()[0] == 2
