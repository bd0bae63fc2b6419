"""Match a role to the pool (``M`` on a job order, and the account's "N matches"): the people who
fit a job, ranked by ``domain.match_rules`` with why each matches and the pools they are in.

    found = match_job(conn, job_id, today)   # -> Matches(job title, search text, rows best first)
    count_strong(conn, job_id, today)        # how many strong matches (the account's number)

Who is considered: the search engine's best matches of each of the job's skills (``skill:…``,
the first :data:`PER_SKILL` of each, in the job's city unless it is remote; a job without skills:
the words of its title), people already on the job's pipeline left out. Their profiles are read by id, then ranked in Python — the same
on both engines.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from deskcrm.domain import match_rules
from deskcrm.domain.match_rules import JobNeeds, Profile
from deskcrm.domain.search_query import parse
from deskcrm.store.db import Connection
from deskcrm.store.errors import NotFound
from deskcrm.store.values import local, parse_date

PER_SKILL = 400  # people read per skill of the job (a skill's best-known matches)
MOST_SKILLS = 8
SHOWN = 200  # rows a match returns


@dataclass(frozen=True, slots=True)
class MatchRow:
    person_id: int
    name: str
    score: int
    reasons: tuple[str, ...]
    pools: tuple[str, ...]
    status: str | None
    strong: bool


@dataclass(frozen=True, slots=True)
class Matches:
    job_id: int
    title: str
    client: str
    search: str  # the search the match stands for
    rows: tuple[MatchRow, ...]
    strong: int  # how many strong matches in all


def needs_of(conn: Connection, job_id: int) -> tuple[JobNeeds, str, str]:
    """(what the job needs, its title, its client)."""
    from deskcrm.domain import vocabulary

    row = conn.execute(
        "SELECT j.title, c.name, j.skills, j.city, j.remote, j.comp_min, j.comp_max, j.currency"
        " FROM job_order AS j JOIN company AS c ON c.id = j.company_id WHERE j.id = ?", (job_id,)).fetchone()
    if row is None:
        raise NotFound(f"job order #{job_id} does not exist (any more)", "job")
    title, client, skills, city, remote, lo, hi, currency = row
    try:
        listed = [str(s) for s in json.loads(skills or "[]") if str(s).strip()]
    except ValueError:
        listed = []
    vocab = vocabulary.current()
    level = match_rules.seniority_of(title, list(vocab.seniorities.items()))
    needs = JobNeeds(tuple(dict.fromkeys(listed))[:MOST_SKILLS], city, remote or "onsite", lo, hi,
                     currency or "EUR", level)
    return needs, title, client


def _candidates(conn: Connection, needs: JobNeeds, title: str, today: date, job_id: int) -> list[int]:
    from deskcrm.store.search import SqliteSearch

    backend = SqliteSearch(conn, today, correct=False)
    quoted = match_rules.quoted
    place = f" city:{quoted(needs.city)}" if needs.city and needs.remote != "remote" else ""
    typed = [f"skill:{quoted(s)}{place}" for s in needs.skills] or [title.replace('"', " ") + place]
    ids: dict[int, None] = {}
    for q in typed:  # each skill's best matches (the engine's relevance), in the job's city unless remote
        for r in backend.search(parse(q, typing=False), limit=PER_SKILL, ranked=True).rows:
            ids[r.id] = None
    on_job = {r[0] for r in conn.execute("SELECT person_id FROM submission WHERE job_id = ?", (job_id,))}
    return [i for i in ids if i not in on_job]


def _profiles(conn: Connection, ids: list[int]) -> list[Profile]:
    out: list[Profile] = []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        rows = conn.execute(
            f"""SELECT p.id, p.name, cp.skills, p.city, cp.seniority, cp.desired_salary, cp.salary_currency,
                       cp.available_from, cp.notice_days, p.last_contact_at, cp.status
                FROM person AS p JOIN candidate_profile AS cp ON cp.person_id = p.id
                WHERE p.erased_at IS NULL AND p.id IN ({','.join('?' * len(chunk))})""", chunk).fetchall()
        for pid, name, skills, city, level, desired, cur, avail, notice, last, status in rows:
            try:
                have = tuple(str(s) for s in json.loads(skills or "[]"))
            except ValueError:
                have = ()
            when = local(last)
            out.append(Profile(pid, name, have, city, level, desired, cur, parse_date(avail),
                               notice, when.date() if when else None, status))
    return out


def _ranked(conn: Connection, job_id: int, today: date) -> tuple[JobNeeds, str, str, list]:
    needs, title, client = needs_of(conn, job_id)
    ranked = match_rules.rank(needs, _profiles(conn, _candidates(conn, needs, title, today, job_id)), today)
    return needs, title, client, ranked


def match_job(conn: Connection, job_id: int, today: date, *, limit: int = SHOWN) -> Matches:
    needs, title, client, ranked = _ranked(conn, job_id, today)
    shown = ranked[:limit]
    from deskcrm.store import pools  # here: `deskcrm client` counts matches without the due rules pools read

    member_of = pools.pools_of(conn, [p.person_id for p, _ in shown])
    rows = tuple(MatchRow(p.person_id, p.name, f.score, f.reasons, member_of.get(p.person_id, ()), p.status, f.strong)
                 for p, f in shown)
    return Matches(job_id, title, client, match_rules.search_text(needs), rows, sum(1 for _, f in ranked if f.strong))


def count_strong(conn: Connection, job_id: int, today: date) -> int:
    """How many strong matches the job has (the account's "N matches")."""
    return sum(1 for _, f in _ranked(conn, job_id, today)[3] if f.strong)
