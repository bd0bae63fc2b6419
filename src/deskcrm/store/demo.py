"""``deskcrm demo``: a realistic, deterministic demo database, built fast.

Same ``seed`` + ``candidates`` + ``today`` ⇒ the same database content. Everything is dated
relative to ``today`` (never the wall clock), so every rule of the due-today list has a few
items on that day and the list stays a believable size (DESIGN.md §1 "Due today"):

- most records are history (guarantee passed, check-ins done, fees paid) or comfortably in the
  future; start dates of ordinary placements are drawn so that no check-in, guarantee end or
  invoice lands in a due window by accident;
- a small, N-scaled set of *curated* records lands exactly in each window: check-ins today /
  overdue / this week, guarantees ending (one ended two days ago), invoices overdue / due,
  interviews today / tomorrow / this week, client check-ins overdue, candidates going cold,
  Art. 14 notices due and consents expiring.

Plain ``sqlite3`` + ``random``: no SQLModel/SQLAlchemy/Textual at import time. Rows are built
as tuples in Python and written with ``executemany`` in ONE transaction; secondary indexes and
the FTS index are (re)built after the rows, then ``ANALYZE``. The demo writes no journal events
(it is a seed, not a user action).
"""

from __future__ import annotations

import random
import sqlite3
from bisect import bisect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate
from math import log
from pathlib import Path
from time import perf_counter

from deskcrm.store import demo_data as D
from deskcrm.store.errors import StoreError

Progress = Callable[[str, float], None]

# Days are integer offsets from ``today`` (negative = past). Nothing is dated "today" or later
# except appointments (interviews, check-ins, start dates): the demo is built "this morning".
_HISTORY = 1460  # four years
_LO, _HI = -2700, 800  # range of the date tables
_NURTURE = (-104, -83)  # last touch in here = on the nurture list (90 days + 14 late .. 7 ahead)
_TOUCHES = frozenset({"call_talked", "call_voicemail", "email", "meeting"})  # reset last contact
_STAGE_LABEL = {
    "sourced": "Sourced", "contacted": "Contacted", "qualified": "Qualified", "submitted": "Submitted",
    "interviewing": "Interviewing", "offered": "Offered", "rejected_by_us": "Rejected by us",
    "rejected_by_client": "Rejected by client", "candidate_withdrew": "Candidate withdrew",
}
_SUB_STAGES = (("sourced", 20), ("contacted", 18), ("qualified", 12), ("submitted", 14), ("interviewing", 9),
               ("offered", 2), ("rejected_by_us", 11), ("rejected_by_client", 10), ("candidate_withdrew", 4))
_SUB_PROGRESS = {"sourced": 1, "contacted": 1, "qualified": 1, "submitted": 2, "interviewing": 3, "offered": 4}
_JOB_STAGE = {0: "intake", 1: "sourcing", 2: "submitting", 3: "interviewing", 4: "offer"}
_EXIT_REASONS = {
    "rejected_by_us": ("Salary expectations too high", "Not enough German", "Skills gap"),
    "rejected_by_client": ("Client chose another candidate", "Culture fit", "Not senior enough"),
    "candidate_withdrew": ("Accepted a counter-offer", "Commute too long", "Took another offer"),
}
_BD_STAGES = (("target", 0.12), ("contacted", 0.08), ("meeting", 0.06), ("terms_sent", 0.04),
              ("dormant", 0.10), ("lost", 0.05))  # the rest are active clients
_PHONE_REST = {"49": 8, "44": 6, "31": 8, "33": 8, "41": 7, "43": 7}
_INTERVIEW_TIMES = (9 * 60 + 30, 10 * 60 + 30, 11 * 60, 14 * 60, 15 * 60 + 30, 16 * 60)
_RECRUITERS = ((1, "Alex Morgan", "AM", "alex.morgan@desk.example", 260000.0),
               (2, "Priya Shah", "PS", "priya.shah@desk.example", 220000.0),
               (3, "Tom Becker", "TB", "tom.becker@desk.example", 180000.0))


@dataclass
class DemoReport:
    path: Path
    candidates: int
    companies: int
    contacts: int
    jobs: int
    submissions: int
    placements: int
    activities: int
    seconds: float
    rows: int  # every table row inserted (the search index not counted)


def build_demo(
    path: Path,
    candidates: int = 5000,
    seed: int = 0,
    today: date | None = None,
    progress: Progress | None = None,
) -> DemoReport:
    """Create a fresh database at ``path`` filled with ``candidates`` candidates and the rest in proportion."""
    from deskcrm import clock
    from deskcrm.store import db, migrate
    from deskcrm.store.search_index import rebuild_person_index

    t0 = perf_counter()
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path}: is a directory; demo builds a fresh database file — choose a new --db")
    existed = path.exists()
    if existed and path.stat().st_size > 0:
        raise StoreError(f"{path}: already exists; demo builds a fresh database — choose a new --db or delete it")
    if candidates < 1:
        raise StoreError(f"{candidates}: a demo needs at least one candidate")
    say = progress or (lambda stage, fraction: None)
    say("creating the schema", 0.0)
    conn = None
    try:
        if existed:
            path.chmod(0o600)  # it is about to hold personal data (DESIGN.md §6)
        migrate.ensure_current(path)
        gen = _Demo(candidates, seed, today or clock.today())
        conn = db.connect(path)
        conn.execute("PRAGMA foreign_keys = OFF")  # checked once at the end instead of per row
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -65536")
        # A rollback journal for the load: in WAL mode every page would be written twice (WAL, then
        # checkpoint); a fresh file's new pages need no journal at all. WAL is back on at the end.
        conn.execute("PRAGMA journal_mode = DELETE")
        with db.write(conn):
            rows = gen.load(conn, say)
            say("building the search index", 0.84)
            rebuild_person_index(conn)
        say("checking references", 0.94)
        bad = conn.execute("PRAGMA foreign_key_check").fetchall()
        if bad:  # a bug in this module, never bad input
            raise StoreError(f"{path}: demo data broke {len(bad)} references (first: {bad[0]})")
        say("analysing", 0.97)
        conn.execute("PRAGMA analysis_limit = 1000")
        conn.execute("ANALYZE")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        if conn is not None:
            conn.close()
            conn = None
        _discard(path, existed)
        raise
    finally:
        if conn is not None:
            conn.close()
    say("done", 1.0)
    c = gen.counts
    return DemoReport(path, candidates, c["companies"], c["contacts"], c["jobs"], c["submissions"],
                      c["placements"], c["activities"], perf_counter() - t0, rows)


def _discard(path: Path, existed: bool) -> None:
    """A failed build leaves nothing behind (an empty file given to us is left empty)."""
    for extra in ("-wal", "-shm", "-journal"):
        Path(f"{path}{extra}").unlink(missing_ok=True)
    if existed:
        with open(path, "wb"):
            pass
    else:
        path.unlink(missing_ok=True)


def _weighted(pairs) -> tuple:
    """((value, weight), ...) -> a tuple with each value repeated weight times (for uniform picks)."""
    return tuple(v for v, w in pairs for _ in range(w))


def _fold(text: str) -> str:
    return text.lower().translate(D.ASCII_FOLD)


class _Demo:
    """Generates the rows. Phase order matters: companies → jobs/placements/pipeline (which fix
    the dates candidates must have been in touch) → company timelines → candidates."""

    def __init__(self, n: int, seed: int, today: date) -> None:
        self.n = n
        self.today = today
        self.rng = random.Random(seed)
        self.rand = self.rng.random
        self.counts: dict[str, int] = {}
        self.seen_mail: set[str] = set()
        self._date_tables()
        self._word_tables()

    # ------------------------------------------------------------------ small helpers

    def _date_tables(self) -> None:
        """Day offset → 'YYYY-MM-DD', and the local UTC offset of each day (ts() semantics:
        naive times are local wall-clock time, stored as UTC)."""
        base = self.today + timedelta(days=_LO)
        days = [base + timedelta(days=i) for i in range(_HI - _LO)]
        self.dstr = [d.isoformat() for d in days]
        offs = []
        for d in days:
            off = datetime(d.year, d.month, d.day, 12).astimezone().utcoffset()
            offs.append(int(off.total_seconds()) if off is not None else 0)
        self.off = offs
        self.tod = [f" {h:02d}:{m:02d}:{s:02d}.000000" for h in range(24) for m in range(60) for s in range(60)]

    def ts(self, day: int, sec: int) -> str:
        """Stored UTC text of local time ``sec`` seconds after midnight on day offset ``day``."""
        du, su = divmod(day * 86400 + sec - self.off[day - _LO], 86400)
        return self.dstr[du - _LO] + self.tod[su]

    def ds(self, day: int | None) -> str | None:
        return None if day is None else self.dstr[day - _LO]

    def pick(self, seq):
        return seq[int(self.rand() * len(seq))]

    def between(self, lo: int, hi: int) -> int:
        """Uniform integer in [lo, hi] (hi < lo gives lo)."""
        return lo + int(self.rand() * (hi - lo + 1)) if hi > lo else lo

    def work_sec(self) -> int:
        return 8 * 3600 + int(self.rand() * 36000)  # 08:00-18:00 local

    def quota(self, at5k: int, at100k: int) -> int:
        """How many curated items of one kind: ``at5k`` at 5,000 candidates, ``at100k`` at 100,000."""
        e = log(at100k / at5k) / log(20)
        return max(1, round(at5k * (self.n / 5000) ** e))

    def _word_tables(self) -> None:
        rng = self.rng
        self.first = D.FIRST_NAMES
        self.last = D.LAST_NAMES
        self.first_a = tuple(_fold(x) for x in D.FIRST_NAMES)
        self.last_a = tuple(_fold(x) for x in D.LAST_NAMES)
        self.cities = _weighted((c, c[2]) for c in D.CITIES)
        self.sources = _weighted(D.SOURCES)
        self.families = _weighted(D.FAMILY_WEIGHTS)
        self.sen = _weighted((i, s[3]) for i, s in enumerate(D.SENIORITIES))
        self.cand_kinds = _weighted(D.CANDIDATE_KINDS)
        self.comp_kinds = _weighted(D.COMPANY_KINDS)
        self.sub_stages = _weighted(_SUB_STAGES)
        tags = ["[]"] * 14 + [f'["{t}"]' for t in D.TAGS] * 2
        tags += [f'["{a}", "{b}"]' for a in D.TAGS[:5] for b in D.TAGS[5:]]
        self.tagsets = tuple(tags)
        # Per (family, role): headline per seniority, and a few skill-list variants as JSON text.
        self.headline, self.skillsets, self.skilltext = {}, {}, {}
        for fam, roles in D.ROLES.items():
            extra = D.FAMILY_SKILLS[fam]
            for ri, (title, core, prefixed) in enumerate(roles):
                self.headline[fam, ri] = tuple((p if prefixed else "") + title for _, p, _, _ in D.SENIORITIES)
                variants = []
                for _ in range(12):
                    skills = list(core[: 2 + int(self.rand() * 4)])
                    skills += [s for s in rng.sample(extra, 1 + int(self.rand() * 3)) if s not in skills]
                    for s in skills:
                        if '"' in s or "\\" in s:
                            raise ValueError(f"demo skill {s!r} needs JSON escaping")
                    variants.append('["' + '", "'.join(skills) + '"]')
                self.skillsets[fam, ri] = tuple(variants)
                self.skilltext[fam, ri] = f"{core[0]}, {core[1]} and {core[2]}"

    # ------------------------------------------------------------------ phases

    def load(self, conn: sqlite3.Connection, say: Progress) -> int:
        say("planning companies and jobs", 0.03)
        self._companies()
        self._candidate_plan()
        self._placements()
        self._pipeline()
        self._company_timelines()
        ins = _Inserter(conn)
        ins.drop_indexes()
        ins.rows("recruiter", ("id", "name", "initials", "email", "revenue_target", "active"),
                 [r + (1,) for r in _RECRUITERS])
        ins.rows("company", _COMPANY_COLS, self.company_rows())
        ins.rows("job_order", _JOB_COLS, self.job_rows)
        ins.rows("submission", _SUB_COLS, self.sub_rows)
        ins.rows("placement", _PLACEMENT_COLS, self.placement_rows)
        ins.rows("contact_role", _ROLE_COLS, self.role_rows)
        persons, consents = self.contact_rows()
        ins.rows("person", _PERSON_COLS, persons)
        ins.rows("consent", _CONSENT_COLS, consents)
        ins.rows("activity", _ACTIVITY_COLS, self.activities)
        self.counts["activities"] = len(self.activities)
        self.activities = []
        chunk, told = 10000, -1.0
        for start in range(0, self.n, chunk):
            if start / self.n - told >= 0.05:  # at most ~20 progress calls, however many candidates
                told = start / self.n
                say("generating candidates", 0.08 + 0.62 * told)
            persons, profiles, consents, acts = self._candidates(start, min(self.n, start + chunk))
            ins.rows("person", _PERSON_COLS, persons)
            ins.rows("candidate_profile", _PROFILE_COLS, profiles)
            ins.rows("consent", _CONSENT_COLS, consents)
            ins.rows("activity", _ACTIVITY_COLS, acts)
            self.counts["activities"] += len(acts)
        say("indexing", 0.72)
        ins.restore_indexes()
        return ins.total

    # ------------------------------------------------------------------ companies & contacts

    def _companies(self) -> None:
        rand, pick, between = self.rand, self.pick, self.between
        n_comp = max(12, round(self.n / 50))
        stages: list[str] = []
        for stage, share in _BD_STAGES:
            stages += [stage] * max(1, round(n_comp * share))
        stages += ["active_client"] * (n_comp - len(stages))
        self.rng.shuffle(stages)
        names, seen = [], set()
        n_names = n_comp + max(40, n_comp // 3)  # clients + other employers
        while len(names) < n_names:
            ind = int(rand() * len(D.INDUSTRIES))
            city = pick(self.cities) if rand() * 100 > D.REMOTE_WEIGHT else None
            name = base = pick(D.COMPANY_PREFIXES) + " " + pick(D.INDUSTRIES[ind][1])
            if city is not None and rand() < 0.45:
                name += " " + pick(D.LEGAL_FORMS[city[1]])
            if name in seen:
                continue
            seen.add(name)
            names.append((name, ind, city, _fold(base) + ".example"))
        self.employers = tuple(x[0] for x in names[n_comp:])
        comps = []
        for i in range(n_comp):
            name, ind, city, domain = names[i]
            stage = stages[i]
            has_terms = stage in ("active_client", "dormant", "lost", "terms_sent")
            flat = has_terms and rand() < 0.08
            comps.append({
                "id": i + 1, "name": name, "ind": ind, "industry": D.INDUSTRIES[ind][0],
                "families": _weighted(D.INDUSTRIES[ind][2]), "stage": stage,
                "city": city[0] if city else "Remote", "country": city[1] if city else None,
                "currency": city[5] if city else "EUR", "domain": domain,
                "owner": 1 + int(rand() * 3), "size": pick(D.COMPANY_SIZES),
                "pct": None if (flat or not has_terms) else pick((15.0, 18.0, 20.0, 20.0, 20.0, 22.0, 22.5,
                                                                  25.0, 25.0, 25.0, 28.0, 30.0)),
                "flat": pick((8000.0, 10000.0, 12000.0, 15000.0)) if flat else None,
                "terms": pick((14, 30, 30, 30, 45)) if has_terms else 30,
                "gdays": pick((60, 90, 90, 90, 180)) if has_terms else 90,
                "prorata": pick(("none", "linear", "linear", "stepped")) if has_terms else "none",
                "nps": between(5, 10) if stage == "active_client" and rand() < 0.7 else None,
                "cadence": pick((14, 30, 30, 60)) if stage == "active_client" else None,
                "notes": pick(D.COMPANY_NOTES) if rand() < 0.3 else None,
                "created": -between(420, 1800) if has_terms else -between(10, 400),
                "contacts": [],  # [(person_id, since, until)]
                "last": None,
            })
        self.companies = comps
        self.active = [c for c in comps if c["stage"] == "active_client"]
        # Curated client check-ins: a handful overdue and one or two due this week.
        reserved = self.rng.sample(self.active, min(len(self.active) - 1,
                                                     self.quota(3, 6) + self.quota(1, 2)))
        for k, c in enumerate(reserved):
            if k < self.quota(3, 6):
                c["last"] = -(c["cadence"] + between(1, 10))
            else:
                c["last"] = -(c["cadence"] - between(0, 6))
            c["reserved"] = True
        self.open_clients = [c for c in self.active if not c.get("reserved")]
        self.counts["companies"] = n_comp
        # Regular contacts (hiring manager first), ids after the candidates.
        self.contact_people: list[tuple] = []  # (pid, company, title)
        self.role_rows: list[tuple] = []
        pid = self.n
        for c in comps:
            stage = c["stage"]
            k = {"active_client": between(2, 3), "dormant": between(1, 2), "lost": between(1, 2),
                 "terms_sent": 2, "meeting": between(1, 2)}.get(stage, 1)
            fam = c["families"][0]
            for j in range(k):
                pid += 1
                if j == 0:
                    title, hm, billing = pick(D.MANAGER_TITLES[fam]), 1, 0
                elif j == 1:
                    title, hm, billing = pick(D.HR_TITLES), 0, 0
                else:
                    title, hm, billing = pick(D.BILLING_TITLES), 0, 1
                self.role_rows.append((pid, c["id"], title, hm, billing, None, None))
                self.contact_people.append((pid, c, title))
                c["contacts"].append((pid, c["created"], 0))
            if stage == "active_client" and rand() < 0.15:  # a former hiring manager who left
                pid += 1
                left = between(c["created"] + 30, -200) if c["created"] < -260 else None
                if left is not None:
                    title = pick(D.MANAGER_TITLES[fam])
                    self.role_rows.append((pid, c["id"], title, 1, 0, self.ds(left), None))
                    self.contact_people.append((pid, c, title))
                    c["contacts"].append((pid, c["created"], left))
                else:
                    pid -= 1

    def contact_for(self, c: dict, day: int) -> int:
        """A contact of company ``c`` who worked there on ``day`` (the first one always did)."""
        ok = [p for p, since, until in c["contacts"] if since <= day <= until]
        return ok[int(self.rand() * len(ok))] if ok else c["contacts"][0][0]

    # ------------------------------------------------------------------ candidates: plan

    def _candidate_plan(self) -> None:
        n, rand, pick = self.n, self.rand, self.pick
        statuses = _weighted((("active", 25), ("passive", 65), ("placed", 7), ("do_not_contact", 3)))
        self.status = [pick(statuses) for _ in range(n)]
        self.family = [pick(self.families) for _ in range(n)]
        self.created = [-1 - int(rand() * _HISTORY) for _ in range(n)]
        self.source = [pick(self.sources) for _ in range(n)]
        # candidate index -> [(day, sec, kind, body, company, job, placement, submission)]
        self.forced: dict[int, list] = {}
        self.latest: dict[int, int] = {}  # candidate index -> latest forced day
        self.override: dict[int, tuple] = {}  # candidate index -> (status, employer, title)
        # Curated GDPR / nurture candidates: never used in pipelines or placements.
        want = {"nurture": self.quota(8, 30), "art14": self.quota(2, 4), "consent": self.quota(2, 5)}
        self.nurture, self.art14, self.consent_exp = {}, set(), {}
        pool = self.rng.sample(range(n), min(n, 4 * sum(want.values()) + 40))
        for i in pool:
            if self.status[i] not in ("active", "passive"):
                continue
            if len(self.nurture) < want["nurture"]:
                self.nurture[i] = self.between(*_NURTURE)
                self.created[i] = min(self.created[i], self.nurture[i] - self.between(10, 400))
            elif len(self.art14) < want["art14"]:
                self.art14.add(i)
                self.created[i] = -self.between(25, 40)
            elif len(self.consent_exp) < want["consent"]:
                given = -730 + self.between(-5, 30)
                self.consent_exp[i] = given
                self.created[i] = min(self.created[i], given - self.between(30, 300))
        reserved = set(self.nurture) | self.art14 | set(self.consent_exp)
        self.pools: dict[tuple[str, str], list[int]] = {}
        for fam, _ in D.FAMILY_WEIGHTS:
            for st in ("active", "passive", "placed"):
                self.pools[st, fam] = []
        for i in range(n):
            st = self.status[i]
            if st != "do_not_contact" and i not in reserved:
                self.pools[st, self.family[i]].append(i)
        for p in self.pools.values():
            self.rng.shuffle(p)
        self.spare = [i for i in range(n) if i not in reserved]  # last resort for tiny demos

    def force(self, i: int, day: int, sec: int, kind: str, body: str, company=None, job=None,
              placement=None, submission=None) -> None:
        self.forced.setdefault(i, []).append((day, sec, kind, body, company, job, placement, submission))
        if day > self.latest.get(i, _LO):
            self.latest[i] = day
        if day - 3 < self.created[i]:
            self.created[i] = day - self.between(3, 90)

    # ------------------------------------------------------------------ jobs & placements

    def _job_spec(self, c: dict) -> tuple:
        fam = self.pick(c["families"])
        ri = int(self.rand() * len(D.ROLES[fam]))
        si = self.pick(self.sen)
        base = D.FAMILY_SALARY[fam] * D.SENIORITIES[si][2] * D.CURRENCY_FACTOR[c["currency"]]
        return fam, ri, si, round(base * 0.9, -3), round(base * 1.15, -3)

    def fee_override(self, c: dict) -> float | None:
        """Now and then a job has its own (higher) fee than the client's agreement."""
        return c["pct"] + 2.5 if c["pct"] is not None and self.rand() < 0.08 else None

    def _job_row(self, jid, c, spec, stage, opened, closed, reason, openings, hm, fee):
        rand, pick = self.rand, self.pick
        fam, ri, si, lo, hi = spec
        title, core, _ = D.ROLES[fam][ri]
        title = self.headline[fam, ri][si]
        req = pick(D.JOB_REQUIREMENTS).format(
            years=2 + si * 2, article="an" if title[0] in "AEIOU" else "a", title=title,
            skill=core[0], skill2=core[1], manager=pick(D.MANAGER_TITLES[fam]))
        remote = "remote" if c["city"] == "Remote" else pick(("onsite", "hybrid", "hybrid", "remote"))
        return (jid, c["id"], hm, title, req, '["' + '", "'.join(core[:4]) + '"]',
                c["city"] if c["city"] != "Remote" else None, remote, lo, hi, c["currency"], openings,
                pick(("perm",) * 17 + ("contract", "contract", "retained")), pick((1, 2, 2, 2, 3)),
                fee, None, stage, c["owner"] if rand() < 0.8 else
                1 + int(rand() * 3), self.ds(opened), self.ds(closed), reason, float(jid))

    def _placement_state(self, start: int, c: dict, kind: str | None, target: int | None):
        """Status, check-ins and invoice of a placement starting on ``start``; None when it would
        put something in a due window that ``kind`` (a curated due item, or None) does not ask for."""
        gd, terms = c["gdays"], c["terms"]
        end = start + gd
        if kind == "ended":
            status = "started"
        elif start > 0:
            status = "offer_accepted"
        elif end < 0:
            status = "guarantee_passed"
        else:
            status = "started"
        if kind == "checkin" and status not in ("offer_accepted", "started"):
            return None
        if status == "started" and end <= 14 and kind not in ("guarantee", "ended"):
            return None
        checkins, done = (start + 30, start + 60, start + 90), [None, None, None]
        for x, day in enumerate(checkins):
            if kind == "checkin" and day == target:
                continue  # the curated one stays open
            if day < 0:
                done[x] = self.between(day, min(day + 3, -1))
            elif day <= 7:
                if kind is None:
                    return None
                done[x] = -1  # a curated record's other check-in: done a little early
        fee = {"status": "not_invoiced", "date": None, "due": None, "paid": None}
        if status != "offer_accepted":
            due = start + terms
            fee.update(status="invoiced", date=start, due=due)
            if kind in ("invoice_overdue", "invoice_week"):
                pass
            elif due < 0:
                fee.update(status="paid", paid=max(start, min(due + self.between(-7, 14), -1)))
            elif due <= 7:
                fee.update(status="paid", paid=self.between(start, -1))  # paid early
        return status, checkins, done, fee, end

    def _placements(self) -> None:
        rand, between, pick = self.rand, self.between, self.pick
        n_pl = max(15, round(self.n / 20))
        curated = []
        for kind, at5k, at100k, days in (
            ("checkin", 1, 2, (0, 0)), ("checkin", 2, 4, (-10, -1)), ("checkin", 2, 4, (1, 7)),
            ("guarantee", 2, 4, (0, 14)), ("invoice_overdue", 2, 5, (-40, -3)), ("invoice_week", 1, 3, (0, 7)),
        ):
            curated += [(kind, between(*days)) for _ in range(self.quota(at5k, at100k))]
        curated.append(("ended", -2))
        self.placements: list[dict] = []
        self.jobs: list[tuple] = []  # (company, spec, openings, [placements])
        for kind, target in curated:
            for _ in range(500):
                c = pick(self.open_clients)
                if kind == "checkin":
                    start = target - pick((30, 60, 90))
                elif kind in ("guarantee", "ended"):
                    start = target - c["gdays"]
                else:
                    start = target - c["terms"]
                state = self._placement_state(start, c, kind, target)
                if state is not None:
                    break
            else:  # pragma: no cover - every company shape has a solution
                raise StoreError("demo: could not place a curated placement")
            spec = self._job_spec(c)
            pl = {"start": start, "state": state, "c": c, "spec": spec}
            self.placements.append(pl)
            self.jobs.append((c, spec, 1, [pl]))
        remaining = n_pl - len(curated)
        old_clients = [c for c in self.companies if c["stage"] in ("active_client", "dormant", "lost")]
        while remaining > 0:
            openings = min(remaining, pick((1, 1, 1, 2, 2, 3)))
            for _ in range(1000):
                anchor = 40 - int(rand() * (_HISTORY - 100))
                c = pick(old_clients if anchor < -365 else self.active)
                if c.get("reserved") and anchor + 60 >= c["last"]:
                    continue
                states = []
                for _k in range(openings):
                    start = anchor - int(rand() * 21)
                    state = self._placement_state(start, c, None, None)
                    if state is None:
                        break
                    states.append((start, state))
                else:
                    break
            spec = self._job_spec(c)
            pls = [{"start": s, "state": st, "c": c, "spec": spec} for s, st in states]
            self.placements += pls
            self.jobs.append((c, spec, openings, pls))
            remaining -= openings
        # A few history placements failed.
        for pl in self.placements:
            if pl["state"][0] == "guarantee_passed" and pl["start"] < -200:
                r = rand()
                if r < 0.03:
                    pl["dead"] = "fell_off"
                elif r < 0.07:
                    pl["dead"] = "guarantee_failed"
        self._placement_people()
        self._placement_rows()

    def _placement_people(self) -> None:
        """Most recent placements get 'placed' candidates of the job's family first."""
        order = sorted(range(len(self.placements)), key=lambda k: -self.placements[k]["start"])
        for k in order:
            pl = self.placements[k]
            fam = pl["spec"][0]
            for pool in (self.pools["placed", fam], self.pools["passive", fam], self.pools["active", fam],
                         *(self.pools[st, f] for st in ("placed", "passive", "active") for f, _ in D.FAMILY_WEIGHTS)):
                if pool:
                    pl["i"] = pool.pop()
                    break
            else:  # tiny demo: reuse someone (a second placement for the same person, another job)
                pl["i"] = self.pick(self.spare) if self.spare else 0

    def _placement_rows(self) -> None:
        rand, between, ts, ds, force = self.rand, self.between, self.ts, self.ds, self.force
        self.job_rows, self.sub_rows, self.placement_rows = [], [], []
        self.activities: list[tuple] = []
        self.company_touch: dict[int, int] = {}
        jid = sid = plid = 0
        used: set[tuple[int, int]] = set()
        for c, spec, openings, pls in self.jobs:
            jid += 1
            fam, ri, si, lo, hi = spec
            title = self.headline[fam, ri][si]
            offers, subs_created = [], []
            job_fee = self.fee_override(c)
            for pl in pls:
                i = pl["i"]
                if (i, jid) in used:
                    continue
                used.add((i, jid))
                status, checkins, done, fee, end = pl["state"]
                start = pl["start"]
                dead = pl.get("dead")
                offer = min(start - between(14, 60), -1 - int(rand() * 5))
                created = offer - between(10, 50)
                offers.append(offer)
                subs_created.append(created)
                if created - 3 < self.created[i]:
                    self.created[i] = created - between(3, 90)
                sid += 1
                plid += 1
                owner = c["owner"]
                self.sub_rows.append((sid, i + 1, jid, "placed", ts(offer, self.work_sec()),
                                      ts(offer - between(3, 12), 60 * self.pick(_INTERVIEW_TIMES)), None,
                                      self.source[i], 0.0, ts(created, self.work_sec())))
                salary = float(int((lo + rand() * (hi - lo)) / 500) * 500)
                pct = c["pct"] if job_fee is None else job_fee
                amount = c["flat"] if pct is None else round(salary * pct / 100, 2)
                done_ts = [None if d is None else ts(d, self.work_sec()) for d in done]
                fail = None
                credited = 0.0
                if dead == "fell_off":
                    status, fail, done_ts = "fell_off", self.pick(D.FELL_OFF_REASONS), [None] * 3
                    fee = {"status": "not_invoiced", "date": None, "due": None, "paid": None}
                elif dead == "guarantee_failed":
                    status, fail, done_ts[2] = "guarantee_failed", self.pick(D.FAIL_REASONS), None
                    fee = dict(fee, status="credited")
                    credited = amount
                self.placement_rows.append((
                    plid, sid, i + 1, jid, c["id"], owner, ds(offer), ds(start), salary, c["currency"], pct,
                    amount, fee["status"], ds(fee["date"]), ds(fee["due"]), ds(fee["paid"]), credited,
                    c["gdays"], ds(end), ds(checkins[0]), done_ts[0], ds(checkins[1]), done_ts[1],
                    ds(checkins[2]), done_ts[2], status, fail, float(plid)))
                force(i, offer, self.work_sec(), "stage_change", f"Placed: offer accepted, starts {ds(start)}",
                      c["id"], jid, plid, sid)
                self.company_touch[c["id"]] = max(self.company_touch.get(c["id"], _LO), offer)
                for x, d in enumerate(done):
                    if d is not None and done_ts[x] is not None:
                        force(i, d, self.work_sec(), "call_talked",
                              f"{30 * (x + 1)}-day check-in: {self.pick(D.CHECKIN_BODIES)}", None, None, plid)
                if dead:
                    day = start - between(3, 10) if dead == "fell_off" else start + between(20, c["gdays"] - 5)
                    force(i, max(offer + 1, day), self.work_sec(), "note", fail, None, None, plid)
                    self.override[i] = ("active", None, None)
                elif status != "offer_accepted":
                    self.override[i] = ("placed", c["name"], title)
                elif i not in self.override:
                    self.override[i] = ("placed", None, None)
            opened = min(subs_created) - between(5, 30) if subs_created else -between(30, 400)
            closed = max(offers) if offers else opened + 30
            stage = "placed" if closed >= -60 else "closed_filled"
            hm = self.contact_for(c, opened)
            self.job_rows.append(self._job_row(jid, c, spec, stage, opened, closed,
                                               "filled" if stage == "closed_filled" else None, openings, hm,
                                               job_fee))
        self.next_job, self.next_sub = jid, sid
        self.counts["placements"] = plid
        self._former_candidates_as_contacts()

    def _former_candidates_as_contacts(self) -> None:
        """One record per human: a few people we placed years ago now hire through us."""
        k = max(1, len(self.companies) // 40)
        old = [pl for pl in self.placements
               if pl["start"] < -700 and pl["state"][0] == "guarantee_passed" and not pl.get("dead")
               and pl["c"]["stage"] == "active_client"]
        for pl in self.rng.sample(old, min(k, len(old))):
            c, i = pl["c"], pl["i"]
            if any(p == i + 1 for p, _, _ in c["contacts"]):
                continue
            fam = pl["spec"][0]
            title = self.pick(D.MANAGER_TITLES[fam])
            since = pl["start"] + 365
            self.role_rows.append((i + 1, c["id"], title, 1, 0, None, c["contacts"][0][0]))
            c["contacts"].append((i + 1, since, 0))
            self.override[i] = ("placed", c["name"], title)

    # ------------------------------------------------------------------ open jobs & pipeline

    def _pipeline(self) -> None:
        rand, between, pick, ts = self.rand, self.between, self.pick, self.ts
        n_comp = len(self.companies)
        n_open = max(6, round(n_comp * 0.35))
        n_subs = max(24, self.n // 10)
        jobs = []
        for k in range(n_open):
            c = pick(self.open_clients)
            intake = k % 9 == 0
            opened = -between(1, 8) if intake else -between(10, 150)
            jobs.append((c, self._job_spec(c), opened, intake))
        live = [j for j in jobs if not j[3]]
        # Uneven: a few busy jobs, some with only a handful of people sourced so far.
        weights = list(accumulate(0.05 + rand() ** 2 for _ in live))
        per_job = [0] * len(live)
        for _ in range(n_subs):
            per_job[bisect(weights, rand() * weights[-1])] += 1
        jid, sid = self.next_job, self.next_sub
        subs = []  # [stage, row fields...] as lists, finished after curation
        job_subs: dict[int, list] = {}
        for c, spec, opened, intake in jobs:
            jid += 1
            job_subs[jid] = []
            if intake:
                continue
            want = per_job.pop()
            fam = spec[0]
            active, passive = self.pools["active", fam], self.pools["passive", fam]
            n_a = min(len(active), round(want * 0.85))
            people = self.rng.sample(active, n_a) + self.rng.sample(passive, min(len(passive), want - n_a))
            for i in people:
                sid += 1
                stage = pick(self.sub_stages)
                created = between(opened + 1, -1)
                changed = between(created, -1)
                sub = [sid, i, jid, stage, changed, None, None, created, c]
                if stage in ("interviewing", "offered", "rejected_by_client") and rand() < 0.75 and changed < -1:
                    sub[5] = ts(between(changed, -1), 60 * pick(_INTERVIEW_TIMES))
                if stage in _EXIT_REASONS:
                    sub[6] = pick(_EXIT_REASONS[stage])
                subs.append(sub)
                job_subs[jid].append(sub)
        # Curated interviews: today, tomorrow, later this week (weekdays).
        later = [d for d in range(2, 8) if (self.today + timedelta(days=d)).weekday() < 5] or [2]
        wanted = ([0] * self.quota(1, 2) + [1] * self.quota(2, 3)
                  + [pick(later) for _ in range(self.quota(2, 4))])
        order = sorted(subs, key=lambda s: (s[3] != "interviewing", s[3] != "submitted", s[0]))
        for day, sub in zip(wanted, order, strict=False):  # fewer subs than wanted: tiny demo
            sub[3], sub[6] = "interviewing", None
            sub[5] = ts(day, 60 * pick(_INTERVIEW_TIMES))
        for sub in subs:
            sid_, i, jid_, stage, changed, interview, reason, created, c = sub
            sec = self.work_sec()
            self.sub_rows.append((sid_, i + 1, jid_, stage, ts(changed, sec), interview, reason,
                                  self.source[i], float(sid_), ts(created, self.work_sec())))
            self.force(i, changed, sec, "stage_change", f"Moved to {_STAGE_LABEL[stage]}", c["id"], jid_, None, sid_)
            self.company_touch[c["id"]] = max(self.company_touch.get(c["id"], _LO), changed)
            if created < self.created[i] + 1:
                self.created[i] = created - between(3, 60)
        jid = self.next_job
        for c, spec, opened, _intake in jobs:
            jid += 1
            top = max((_SUB_PROGRESS.get(s[3], 1) for s in job_subs[jid]), default=0)
            self.job_rows.append(self._job_row(jid, c, spec, _JOB_STAGE[top], opened, None, None,
                                               pick((1, 1, 1, 2, 3)), self.contact_for(c, opened),
                                               self.fee_override(c)))
        # Closed without a placement (lost, cancelled) and on hold.
        n_other = max(3, 2 * n_comp - len(self.job_rows))
        agreed = [c for c in self.companies if c["pct"] is not None or c["flat"] is not None]
        for _ in range(n_other):
            jid += 1
            c = pick(agreed)
            stage = pick(("closed_lost",) * 9 + ("closed_cancelled",) * 7 + ("on_hold",) * 4)
            opened = -between(30, _HISTORY)
            closed = None if stage == "on_hold" else min(opened + between(20, 150), -1)
            self.job_rows.append(self._job_row(jid, c, self._job_spec(c), stage, opened, closed,
                                               pick(D.CLOSE_REASONS[stage]), 1, self.contact_for(c, opened),
                                               self.fee_override(c)))
        self.counts["jobs"] = len(self.job_rows)
        self.counts["submissions"] = len(self.sub_rows)

    # ------------------------------------------------------------------ company timelines

    def _company_timelines(self) -> None:
        """Client activities. An active client's last contact (max activity.at for the company)
        is recent enough that its check-in cadence is not due — except the curated ones."""
        between, pick, ts = self.between, self.pick, self.ts
        acts = self.activities
        self.contact_touch: dict[int, tuple[str, int]] = {}  # person id -> (max touch ts, first touch day)
        earliest_job: dict[int, int] = {}
        for row in self.job_rows:
            day = (date.fromisoformat(row[18]) - self.today).days
            earliest_job[row[1]] = min(earliest_job.get(row[1], 0), day)
        for c in self.companies:
            stage, cid = c["stage"], c["id"]
            c["created"] = min(c["created"], earliest_job.get(cid, 0) - between(7, 60))
            forced = self.company_touch.get(cid, _LO)
            if stage == "active_client":
                if not c.get("reserved"):
                    c["last"] = max(-between(1, c["cadence"] - 8), forced)
                n, first = between(4, 11), max(c["created"] + 1, c["last"] - 720)
                bodies = D.COMPANY_BODIES
            elif stage in ("dormant", "lost"):
                c["last"] = max(-between(100, 900), forced, c["created"] + 1)
                n, first, bodies = between(2, 5), c["created"] + 1, D.COMPANY_BODIES
            elif stage == "target":
                continue
            else:
                c["last"] = max(-between(1, {"contacted": 60, "meeting": 30, "terms_sent": 14}[stage]),
                                c["created"] + 1)
                n, first, bodies = between(1, 3), max(c["created"] + 1, c["last"] - 90), None
            first = min(first, c["last"])
            days = sorted(between(first, c["last"]) for _ in range(n - 1))
            days.append(c["last"])
            for k, day in enumerate(days):
                if bodies is None:
                    kind, body = pick(("call_talked", "email", "meeting")), pick(D.BD_BODIES)
                else:
                    kind = pick(D.COMPANY_LAST_KINDS) if k == n - 1 else pick(self.comp_kinds)
                    body = pick(bodies[kind])
                p = self.contact_for(c, day)
                at = ts(day, self.work_sec())
                acts.append((kind, body, at, c["owner"], p, cid, None, None, None))
                if kind in _TOUCHES:
                    old = self.contact_touch.get(p)
                    self.contact_touch[p] = (at, day) if old is None else (max(old[0], at), min(old[1], day))

    # ------------------------------------------------------------------ rows

    def company_rows(self) -> list[tuple]:
        rows = []
        for c in self.companies:
            created = self.ts(c["created"], self.work_sec())
            updated = self.ts(c["last"], 18 * 3600) if c["last"] is not None else created
            rows.append((c["id"], c["name"], " ".join(c["name"].casefold().split()), c["industry"], c["size"],
                         c["city"], c["country"], "https://www." + c["domain"], c["stage"], c["owner"],
                         c["pct"], c["flat"], c["currency"], c["terms"], c["gdays"], c["prorata"], c["nps"],
                         c["cadence"], c["notes"], created, max(created, updated)))
        return rows

    def contact_rows(self) -> tuple[list[tuple], list[tuple]]:
        rand, pick, between = self.rand, self.pick, self.between
        persons, consents = [], []
        seen: set[str] = set()
        for pid, c, title in self.contact_people:
            while True:
                fi, li = int(rand() * len(self.first)), int(rand() * len(self.last))
                name = self.first[fi] + " " + self.last[li]
                if name not in D.FAMOUS:
                    break
            email = f"{self.first_a[fi]}.{self.last_a[li]}@{c['domain']}"
            if email in seen:
                email = f"{self.first_a[fi]}.{self.last_a[li]}{pid}@{c['domain']}"
            seen.add(email)
            city = next((x for x in D.CITIES if x[0] == c["city"]), None) or pick(self.cities)
            cc = city[3]
            pre = pick(city[4])
            rest = f"{int(rand() * 10 ** _PHONE_REST[cc]):0{_PHONE_REST[cc]}d}"
            created = self.ts(c["created"], 25200)
            touch = self.contact_touch.get(pid)
            last = touch[0] if touch else None
            persons.append((pid, name, email, email, f"+{cc} {pre} {rest}", f"+{cc}{pre}{rest}", "[]",
                            city[0], city[1], f"{title} at {c['name']}", None, None, "Business development",
                            c["owner"], "[]", None, last, created, max(created, last or created)))
            consents.append((pid, "legitimate_interest", "Business development", self.ds(c["created"]), None,
                             None, self.ds(touch[1]) if touch else None,
                             self.ds(min(c["created"] + between(0, 3), -1)), None))
        self.counts["contacts"] = len(self.role_rows)
        return persons, consents

    def _candidates(self, lo: int, hi: int) -> tuple[list, list, list, list]:
        """Candidates ``lo``..``hi`` (indexes): person, profile, consent and activity rows."""
        rand, ts, dstr = self.rand, self.ts, self.dstr
        first, last, first_a, last_a = self.first, self.last, self.first_a, self.last_a
        nf, nl = len(first), len(last)
        cities, ncity = self.cities, len(self.cities)
        sen, nsen = self.sen, len(self.sen)
        roles = {fam: len(r) for fam, r in D.ROLES.items()}
        headline, skillsets, skilltext = self.headline, self.skillsets, self.skilltext
        employers, clients = self.employers, [c["name"] for c in self.companies]
        n_emp, n_cli = len(employers), len(clients)
        tagsets, ntags = self.tagsets, len(self.tagsets)
        cand_kinds, nck = self.cand_kinds, len(self.cand_kinds)
        bodies = D.CANDIDATE_BODIES
        last_kinds = D.LAST_TOUCH_KINDS
        notes, n_notes = D.PERSON_NOTES, len(D.PERSON_NOTES)
        notice_days, n_notice = D.NOTICE_DAYS, len(D.NOTICE_DAYS)
        mails = D.MAIL_DOMAINS
        sal, senf, curf = D.FAMILY_SALARY, D.SENIORITIES, D.CURRENCY_FACTOR
        recent_p = {"active": 0.6, "passive": 0.1, "placed": 0.3, "do_not_contact": 0.05}
        kdist = (0, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 5, 6)
        status, family, created_of, source = self.status, self.family, self.created, self.source
        forced_of, latest_of, override = self.forced, self.latest, self.override
        nurture, art14, consent_exp = self.nurture, self.art14, self.consent_exp
        extra = self.contact_touch
        touches = _TOUCHES
        off_lo = -_LO
        offs, tod = self.off, self.tod
        seen_mail = self.seen_mail
        persons, profiles, consents, acts = [], [], [], []
        for i in range(lo, hi):
            pid = i + 1
            st, fam, c, src = status[i], family[i], created_of[i], source[i]
            while True:
                fi, li = int(rand() * nf), int(rand() * nl)
                name = first[fi] + " " + last[li]
                if name not in D.FAMOUS:
                    break
            fa, la = first_a[fi], last_a[li]
            city = cities[int(rand() * ncity)]
            r = rand()
            if r < 0.04:
                email = None
            else:
                local = (f"{fa}.{la}" if r < 0.5 else f"{fa[0]}{la}" if r < 0.7 else f"{fa}{la}" if r < 0.85
                         else f"{fa}.{la}{10 + int(rand() * 89)}")
                email = f"{local}@{mails[int(rand() * 5)]}"
                if email in seen_mail:  # one address, one person
                    email = f"{local}{pid}@{mails[pid % 5]}"
                seen_mail.add(email)
            if rand() < 0.9:
                cc = city[3]
                pre = city[4][int(rand() * len(city[4]))]
                n_rest = _PHONE_REST[cc]
                rest = f"{int(rand() * 10 ** n_rest):0{n_rest}d}"
                phone, phone_norm = f"+{cc} {pre} {rest}", f"+{cc}{pre}{rest}"
            else:
                phone = phone_norm = None
            if rand() < 0.7:
                slug = f"{fa}-{la}-{int(rand() * 16777216):06x}"
                li_url, li_norm = "https://www.linkedin.com/in/" + slug, "linkedin.com/in/" + slug
            else:
                li_url = li_norm = None
            ri = int(rand() * roles[fam])
            si = sen[int(rand() * nsen)]
            head = headline[fam, ri][si]
            r = rand()
            employer = clients[int(rand() * n_cli)] if r < 0.2 else employers[int(rand() * n_emp)] if r < 0.95 else None
            title = head
            cur = city[5]
            salary = float(int(sal[fam] * senf[si][2] * curf[cur] * (0.85 + 0.3 * rand()) / 500) * 500)
            desired = float(int(salary * (1.05 + 0.2 * rand()) / 1000) * 1000)
            notice = notice_days[int(rand() * n_notice)]
            ov = override.get(i)
            if ov is not None:
                st = ov[0]
                if ov[1] is not None:
                    employer, title = ov[1], ov[2]
            owner = 1 + int(rand() * 3)
            # ---- timeline: own activities end at the last touch ``lc``
            k = 0 if i in art14 else kdist[int(rand() * 13)]
            forced = forced_of.get(i)
            if i in nurture:
                lc = nurture[i]
                k = k or 1
            else:
                if c > -105 or rand() < recent_p[st]:
                    lo_d = max(c, -82)
                    lc = lo_d + int(rand() * (-lo_d))  # [max(c, -82), -1]
                else:
                    lc = c + int(rand() * (-104 - c))  # [c, -105]
                if forced is not None:
                    k = k or 1
                    fmax = latest_of[i]
                    lc = max(lc, fmax)
                if -104 <= lc <= -83:
                    lc = -1 - int(rand() * 82)
                if k == 0 and -104 <= c <= -83:
                    k = 1
            max_touch, first_touch = None, None
            if k:
                days = sorted([c + int(rand() * (lc - c + 1)) for _ in range(k - 1)])
                for day in days:
                    kind = cand_kinds[int(rand() * nck)]
                    body = bodies[kind]
                    sec = 28800 + int(rand() * 36000)
                    du, su = divmod(day * 86400 + sec - offs[day + off_lo], 86400)
                    at = dstr[du + off_lo] + tod[su]
                    acts.append((kind, body[int(rand() * len(body))], at, owner, pid, None, None, None, None))
                    if kind in touches:
                        if first_touch is None:
                            first_touch = day
                        if day == lc and (max_touch is None or at > max_touch):
                            max_touch = at  # same day as the last touch, later in the day
                kind = last_kinds[int(rand() * 6)]
                body = bodies[kind]
                sec = 28800 + int(rand() * 36000)
                du, su = divmod(lc * 86400 + sec - offs[lc + off_lo], 86400)
                at = dstr[du + off_lo] + tod[su]
                acts.append((kind, body[int(rand() * len(body))], at, owner, pid, None, None, None, None))
                if max_touch is None or at > max_touch:
                    max_touch = at
                if first_touch is None:
                    first_touch = lc
            if forced is not None:
                for day, sec, kind, body, comp, job, plc, sub in forced:
                    at = ts(day, sec)
                    acts.append((kind, body, at, owner, pid, comp, job, plc, sub))
                    if kind in touches:
                        if max_touch is None or at > max_touch:
                            max_touch = at
                        if first_touch is None or day < first_touch:
                            first_touch = day
            ex = extra.get(pid)
            if ex is not None:
                if max_touch is None or ex[0] > max_touch:
                    max_touch = ex[0]
                if first_touch is None or ex[1] < first_touch:
                    first_touch = ex[1]
            created = ts(c, 25200 + int(rand() * 3600))  # 07:00-08:00, before any activity that day
            persons.append((
                pid, name, email, email, phone, phone_norm, "[]", city[0], city[1], head, li_url, li_norm, src,
                owner, tagsets[int(rand() * ntags)], notes[int(rand() * n_notes)] if rand() < 0.12 else None,
                max_touch, created, max_touch if max_touch is not None and max_touch > created else created))
            resume = None
            if rand() < 0.3:
                years = 1 + 3 * si + int(rand() * 4)
                opener = D.RESUME_OPENERS[int(rand() * 3)]
                resume = (opener + D.RESUME_CLOSERS[int(rand() * 4)]).format(
                    headline=head, article="an" if head[0] in "AEIOU" else "a",
                    years=years, employer=employer or "a " + city[0] + " employer", city=city[0],
                    skills=skilltext[fam, ri])
            profiles.append((
                pid, skillsets[fam, ri][int(rand() * 12)], senf[si][0], title, employer, salary, desired, cur,
                notice, dstr[int(rand() * notice) + off_lo] if st == "active" else None, st, resume))
            # ---- GDPR ledger
            if i in consent_exp:
                basis, given = "consent", consent_exp[i]
            elif (src == "Website" or src == "Job board") and rand() < 0.7:
                basis = "consent"
                g0 = max(c, -699)
                given = g0 + int(rand() * (-g0))
            else:
                basis, given = "legitimate_interest", None
            if i in art14:
                notice_day = None
            else:
                notice_day = c + int(rand() * 15)
                if first_touch is not None and first_touch < notice_day:
                    notice_day = first_touch
                if notice_day > -1:
                    notice_day = None
            withdrawn = None
            if st == "do_not_contact" and rand() < 0.6:
                withdrawn = dstr[c + int(rand() * -c) + off_lo]
            consents.append((
                pid, basis, src, dstr[c + off_lo], None if given is None else dstr[given + off_lo],
                None if given is None else dstr[given + 730 + off_lo],
                None if first_touch is None else dstr[first_touch + off_lo],
                None if notice_day is None else dstr[notice_day + off_lo], withdrawn))
        return persons, profiles, consents, acts


# ---------------------------------------------------------------------- writing


class _Inserter:
    """executemany per table; secondary indexes dropped for the load and rebuilt after
    (building an index over sorted data is several times faster than maintaining it per row)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.total = 0
        self._indexes: list[tuple[str, str]] = []

    def drop_indexes(self) -> None:
        self._indexes = self.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN ('person', 'candidate_profile', 'consent', 'activity') ORDER BY name"
        ).fetchall()
        for name, _ in self._indexes:
            self.conn.execute(f'DROP INDEX "{name}"')

    def restore_indexes(self) -> None:
        for _, sql in self._indexes:
            self.conn.execute(sql)
        self._indexes = []

    def rows(self, table: str, cols: tuple[str, ...], rows: list[tuple]) -> None:
        if not rows:
            return
        names, marks = ", ".join(cols), ", ".join("?" * len(cols))
        const = _CONSTANTS.get(table)
        if const:  # NOT NULL columns whose defaults live in the ORM only
            names += ", " + ", ".join(const)
            marks += ", " + ", ".join(const.values())
        self.conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
        self.total += len(rows)


_V1 = {"version": "1"}
_CONSTANTS = {"company": _V1, "person": {"custom": "'{}'", "version": "1"}, "candidate_profile": _V1,
              "contact_role": _V1, "job_order": _V1, "submission": _V1, "placement": _V1, "consent": _V1}


_COMPANY_COLS = ("id", "name", "name_norm", "industry", "size", "city", "country", "website", "bd_stage",
                 "owner_id", "fee_percent", "flat_fee", "fee_currency", "payment_terms_days", "guarantee_days",
                 "prorata_rule", "nps", "checkin_cadence_days", "notes", "created_at", "updated_at")
_ROLE_COLS = ("person_id", "company_id", "title", "is_hiring_manager", "is_billing", "left_at", "reports_to_id")
_JOB_COLS = ("id", "company_id", "hiring_manager_id", "title", "requirements", "skills", "city", "remote",
             "comp_min", "comp_max", "currency", "openings", "job_type", "urgency", "fee_percent_override",
             "flat_fee_override", "stage", "owner_id", "opened_on", "closed_on", "close_reason", "rank")
_SUB_COLS = ("id", "person_id", "job_id", "stage", "stage_changed_at", "interview_at", "exit_reason", "source",
             "rank", "created_at")
_PLACEMENT_COLS = ("id", "submission_id", "person_id", "job_id", "company_id", "recruiter_id",
                   "offer_accepted_on", "start_date", "salary", "currency", "fee_percent", "fee_amount",
                   "fee_status", "invoice_date", "invoice_due", "paid_on", "credited_amount", "guarantee_days",
                   "guarantee_end", "checkin_30", "checkin_30_done_at", "checkin_60", "checkin_60_done_at",
                   "checkin_90", "checkin_90_done_at", "status", "fail_reason", "rank")
_PERSON_COLS = ("id", "name", "email", "email_norm", "phone", "phone_norm", "other_contacts", "city", "country",
                "headline", "linkedin_url", "linkedin_norm", "source", "owner_id", "tags", "notes",
                "last_contact_at", "created_at", "updated_at")
_PROFILE_COLS = ("person_id", "skills", "seniority", "current_title", "current_employer", "current_salary",
                 "desired_salary", "salary_currency", "notice_days", "available_from", "status", "resume_text")
_CONSENT_COLS = ("person_id", "lawful_basis", "source", "sourced_at", "given_at", "expires_at",
                 "first_contact_at", "notice_sent_at", "withdrawn_at")
_ACTIVITY_COLS = ("kind", "body", "at", "author_id", "person_id", "company_id", "job_id", "placement_id",
                  "submission_id")
