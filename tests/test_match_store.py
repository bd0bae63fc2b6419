"""Match a role (store.match, domain.match_rules) and the bulk actions on a pool's people
(store.people_bulk), on both engines."""

from __future__ import annotations

from datetime import date

import pytest

from deskcrm.domain import match_rules
from deskcrm.domain.match_rules import JobNeeds, Profile
from deskcrm.store import db, journal, match, people_bulk, pools
from deskcrm.store.errors import Invalid

TODAY = date(2026, 11, 18)
NEEDS = JobNeeds(("Rust", "Go", "Kubernetes"), "Berlin", "hybrid", 70_000, 90_000, "EUR", "senior")


def _p(pid, name, skills, city="Berlin", *, level=None, salary=None, avail=None, notice=None, last=None,
       status="active") -> Profile:
    return Profile(pid, name, skills, city, level, salary, "EUR" if salary else None, avail, notice, last, status)


def test_fit_scores_and_says_why():
    best = match_rules.fit(NEEDS, _p(1, "A", ("rust", "Go", "kubernetes"), level="Senior", salary=80_000,
                                     notice=14, last=date(2026, 11, 10)), TODAY)
    assert best.score == 50 + 15 + 10 + 10 + 10 + 5 + 5 and best.strong
    assert best.reasons == ("skills 3/3: Rust, Go, Kubernetes", "salary EUR 80,000 inside the range", "in Berlin",
                            "Senior", "available in 14 days", "last contact 8 days ago")
    dear = match_rules.fit(NEEDS, _p(2, "B", ("Rust",), "Paris", salary=120_000), TODAY)
    assert "wants EUR 120,000, above EUR 90,000" in dear.reasons and "in Paris, not Berlin" in dear.reasons
    assert not dear.strong and dear.score < best.score
    assert match_rules.fit(NEEDS, _p(3, "C", ("Python",)), TODAY) is None  # none of the skills
    assert match_rules.fit(NEEDS, _p(4, "D", ("Rust",), status="do_not_contact"), TODAY) is None


def test_rank_orders_by_fit_then_recent_contact():
    people = [_p(1, "Old", ("Rust",), last=date(2026, 1, 1)), _p(2, "All", ("Rust", "Go", "Kubernetes")),
              _p(3, "Recent", ("Rust",), last=date(2026, 11, 1))]
    assert [p.name for p, _ in match_rules.rank(NEEDS, people, TODAY)] == ["All", "Recent", "Old"]


def test_search_text_and_seniority_of_a_title():
    assert match_rules.search_text(NEEDS) == "skill:Rust skill:Go skill:Kubernetes city:Berlin salary<=90000 seniority:senior"
    levels = [("senior", "senior"), ("sr", "senior"), ("head of", "head"), ("lead", "lead")]
    assert match_rules.seniority_of("Head of Platform", levels) == "head"
    assert match_rules.seniority_of("Sr Rust engineer", levels) == "senior"
    assert match_rules.seniority_of("Backend engineer", levels) is None


@pytest.fixture
def desk(seeded_store):
    from seed import index

    conn, ids, path = seeded_store
    index(path)
    return conn, ids, path


def test_match_job_ranks_the_desk_with_reasons_and_pools(desk, today):
    conn, ids, _ = desk
    with db.write(conn):
        conn.execute("UPDATE job_order SET skills = '[\"Python\"]', city = 'London', stage = 'sourcing' WHERE id = ?",
                     (ids["job_pm"],))
        conn.execute("UPDATE candidate_profile SET desired_salary = 80000, notice_days = 7 WHERE person_id = ?",
                     (ids["farah"],))
    pools.add_to_pool(conn, "Python people", [ids["farah"]])
    found = match.match_job(conn, ids["job_pm"], today)
    assert found.search == "skill:Python city:London salary<=90000"
    names = [r.person_id for r in found.rows]
    on_job = {r[0] for r in conn.execute("SELECT person_id FROM submission WHERE job_id = ?", (ids["job_pm"],))}
    assert ids["farah"] in names and not on_job & set(names)  # those on the job already: left out
    assert ids["bo"] not in names  # no candidate profile
    top = found.rows[0]
    assert top.person_id == ids["farah"] and top.pools == ("Python people",)
    assert "skills 1/1: Python" in top.reasons and "available in 7 days" in top.reasons
    placed = [i for i, r in enumerate(found.rows) if r.status == "placed"]
    assert placed and not any(found.rows[i].strong for i in placed)  # placed: shown, never strong
    assert found.strong == match.count_strong(conn, ids["job_pm"], today) == sum(r.strong for r in found.rows)


def test_bulk_put_on_job_is_one_transaction(desk, today):
    conn, ids, _ = desk
    with db.write(conn):
        conn.execute("UPDATE job_order SET stage = 'sourcing' WHERE id = ?", (ids["job_pm"],))
    done = people_bulk.put_on_job(conn, [ids["farah"], ids["george"]], ids["job_pm"])
    assert done.changed == 2 and "2 people put on" in done.message and "Sourced" in done.message
    stages = conn.execute("SELECT person_id, stage FROM submission WHERE job_id = ? AND stage = 'sourced'",
                          (ids["job_pm"],)).fetchall()
    assert sorted(stages) == sorted([(ids["farah"], "sourced"), (ids["george"], "sourced")])
    again = people_bulk.put_on_job(conn, [ids["farah"], ids["hana"]], ids["job_pm"])
    assert again.changed == 1 and again.left == 1
    journal.undo(conn, done.txn)
    left = conn.execute("SELECT person_id FROM submission WHERE job_id = ? AND stage = 'sourced'",
                        (ids["job_pm"],)).fetchall()
    assert left == [(ids["hana"],)]


def test_bulk_tag_and_log(desk, today):
    conn, ids, _ = desk
    two = [ids["farah"], ids["george"]]
    tagged = people_bulk.tag_people(conn, two, "rust")
    assert tagged.changed == 2
    assert people_bulk.tag_people(conn, two, "RUST").changed == 0
    logged = people_bulk.log_for_people(conn, two, "email", "Market update")
    assert logged.changed == 2
    row = pools.add_to_pool(conn, "Warm", two).pool
    assert row.cold == 0  # the email was a touch: nobody is cold now
    with pytest.raises(Invalid):
        people_bulk.tag_people(conn, two, "  ")
    with pytest.raises(Invalid):
        people_bulk.log_for_people(conn, two, "stage_change", "x")
