"""How well a person fits a job order, and why — the ranking of ``M`` (match a role) and of the
account's "N matches". Pure: no SQL, no Textual.

    needs = JobNeeds(("Rust", "Go"), "Berlin", "hybrid", 70_000, 90_000, "EUR", "senior")
    fit(needs, profile, today)   # -> Fit(score, reasons) or None (not a fit at all)
    rank(needs, profiles, today) # best first; ties: more recently contacted, then by name
    search_text(needs)           # the search the match stands for: skill:rust skill:go city:berlin …

Points (out of 100): skills 50 (the share of the job's skills they have), salary inside the
range 15 (above it: −10), location 10 (the job's city, or the job is remote; elsewhere: −10),
seniority 10, available within 30 days 10 (60 days: 5), last contact within 30 days 5, active
5 (placed: −15). Nobody without one of the job's skills (a job with skills), nobody marked do
not contact. A *strong* match has at least half the skills, is in the right place and is
active or passive (not placed).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from deskcrm.domain.amounts import money

STRONG_SKILLS = 0.5
NEAR_DAYS, SOON_DAYS, RECENT_DAYS = 30, 60, 30


@dataclass(frozen=True, slots=True)
class JobNeeds:
    skills: tuple[str, ...]
    city: str | None
    remote: str  # onsite | hybrid | remote
    comp_min: float | None
    comp_max: float | None
    currency: str
    seniority: str | None  # the stored seniority value the title says ("senior"), if any


@dataclass(frozen=True, slots=True)
class Profile:
    person_id: int
    name: str
    skills: tuple[str, ...]
    city: str | None
    seniority: str | None
    desired_salary: float | None
    currency: str | None
    available_from: date | None
    notice_days: int | None
    last_contact: date | None
    status: str | None


@dataclass(frozen=True, slots=True)
class Fit:
    score: int
    hits: tuple[str, ...]  # the job's skills they have
    reasons: tuple[str, ...]  # one short phrase each, best first
    strong: bool


def _fold(value: str | None) -> str:
    return " ".join((value or "").casefold().split())


def _level(value: str | None) -> str:
    return "".join(ch for ch in (value or "").casefold() if ch.isalnum())


def available_in(p: Profile, today: date) -> int | None:
    """Days until they can start: their available-from date, else their notice period."""
    if p.available_from is not None:
        return max(0, (p.available_from - today).days)
    return p.notice_days


def fit(job: JobNeeds, p: Profile, today: date) -> Fit | None:
    if p.status == "do_not_contact":
        return None
    have = {_fold(s) for s in p.skills}
    hits = tuple(s for s in job.skills if _fold(s) in have)
    if job.skills and not hits:
        return None
    score, reasons = 0, []
    if job.skills:
        score += round(50 * len(hits) / len(job.skills))
        reasons.append(f"skills {len(hits)}/{len(job.skills)}: {', '.join(hits)}")
    same_currency = p.currency is None or p.currency == job.currency
    if p.desired_salary is not None and same_currency and (job.comp_min is not None or job.comp_max is not None):
        wants = money(p.desired_salary, p.currency or job.currency)
        if job.comp_max is not None and p.desired_salary > job.comp_max:
            score -= 10
            reasons.append(f"wants {wants}, above {money(job.comp_max, job.currency)}")
        else:
            score += 15
            reasons.append(f"salary {wants} inside the range")
    place_ok = job.remote == "remote" or not job.city or _fold(p.city) == _fold(job.city)
    if job.remote == "remote":
        score += 10
    elif job.city and place_ok:
        score += 10
        reasons.append(f"in {p.city}")
    elif job.city and p.city:
        score -= 10
        reasons.append(f"in {p.city}, not {job.city}")
    if job.seniority and _level(p.seniority) == _level(job.seniority):
        score += 10
        reasons.append(f"{p.seniority}")
    days = available_in(p, today)
    if days is not None:
        score += 10 if days <= NEAR_DAYS else 5 if days <= SOON_DAYS else 0
        reasons.append("available now" if days == 0 else f"available in {days} days")
    if p.last_contact is not None:
        ago = (today - p.last_contact).days
        score += 5 if ago <= RECENT_DAYS else 0
        reasons.append("contacted today" if ago <= 0 else f"last contact {ago} days ago")
    else:
        reasons.append("never contacted")
    if p.status == "active":
        score += 5
    elif p.status == "placed":
        score -= 15
        reasons.append("placed")
    strong = place_ok and p.status in ("active", "passive") and (
        not job.skills or len(hits) / len(job.skills) >= STRONG_SKILLS)
    return Fit(score, hits, tuple(reasons), strong)


def rank(job: JobNeeds, profiles: Iterable[Profile], today: date) -> list[tuple[Profile, Fit]]:
    """The people who fit, best first (ties: the more recently contacted, then by name)."""
    found = [(p, f) for p in profiles if (f := fit(job, p, today)) is not None]
    found.sort(key=lambda pf: (-pf[1].score, -(pf[0].last_contact or date.min).toordinal(),
                               pf[0].name.casefold(), pf[0].person_id))
    return found


def seniority_of(title: str, levels: Sequence[tuple[str, str]]) -> str | None:
    """The seniority a job title says ("Senior Rust Engineer" -> "senior"): ``levels`` are
    (word(s), stored value) pairs, longest first wins."""
    words = f" {_fold(title)} "
    for said, level in sorted(levels, key=lambda wl: -len(wl[0])):
        if f" {_fold(said)} " in words:
            return level
    return None


def quoted(value: str) -> str:
    """A filter value as the search language takes it: inner quotes dropped, quoted when it has spaces."""
    value = " ".join(value.replace('"', " ").split())
    return f'"{value}"' if " " in value else value


def search_text(job: JobNeeds) -> str:
    """The search the match stands for, in the search language (shown, and saved as a pool)."""
    parts = [f"skill:{quoted(s)}" for s in job.skills if s.strip()]
    if job.city and job.remote != "remote":
        parts.append(f"city:{quoted(job.city)}")
    if job.comp_max is not None:
        parts.append(f"salary<={job.comp_max:g}")
    if job.seniority:
        parts.append(f"seniority:{job.seniority}")
    return " ".join(parts)
