"""Jobs and the live pipeline: job specs and rows, open jobs with their submissions (stage,
interviews, exit reasons), and jobs closed without a placement or on hold."""

from __future__ import annotations

from bisect import bisect
from itertools import accumulate

from deskcrm.store.demo.base import _HISTORY, _INTERVIEW_TIMES, _LO, DemoBase
from deskcrm.store.demo.texts import CLOSE_REASONS, JOB_REQUIREMENTS
from deskcrm.store.demo.words import (
    CURRENCY_FACTOR,
    FAMILY_SALARY,
    MANAGER_TITLES,
    ROLES,
    SENIORITIES,
)

_STAGE_LABEL = {
    "sourced": "Sourced", "contacted": "Contacted", "qualified": "Qualified", "submitted": "Submitted",
    "interviewing": "Interviewing", "offered": "Offered", "rejected_by_us": "Rejected by us",
    "rejected_by_client": "Rejected by client", "candidate_withdrew": "Candidate withdrew",
}
_SUB_PROGRESS = {"sourced": 1, "contacted": 1, "qualified": 1, "submitted": 2, "interviewing": 3, "offered": 4}
_JOB_STAGE = {0: "intake", 1: "sourcing", 2: "submitting", 3: "interviewing", 4: "offer"}
_EXIT_REASONS = {
    "rejected_by_us": ("Salary expectations too high", "Not enough German", "Skills gap"),
    "rejected_by_client": ("Client chose another candidate", "Culture fit", "Not senior enough"),
    "candidate_withdrew": ("Accepted a counter-offer", "Commute too long", "Took another offer"),
}


class Pipeline(DemoBase):
    """Job rows, open jobs and their submissions."""

    # ------------------------------------------------------------------ jobs

    def _job_spec(self, c: dict) -> tuple:
        fam = self.pick(c["families"])
        ri = int(self.rand() * len(ROLES[fam]))
        si = self.pick(self.sen)
        base = FAMILY_SALARY[fam] * SENIORITIES[si][2] * CURRENCY_FACTOR[c["currency"]]
        return fam, ri, si, round(base * 0.9, -3), round(base * 1.15, -3)

    def fee_override(self, c: dict) -> float | None:
        """Now and then a job has its own (higher) fee than the client's agreement."""
        return c["pct"] + 2.5 if c["pct"] is not None and self.rand() < 0.08 else None

    def _job_row(self, jid, c, spec, stage, opened, closed, reason, openings, hm, fee):
        rand, pick = self.rand, self.pick
        fam, ri, si, lo, hi = spec
        title, core, _ = ROLES[fam][ri]
        title = self.headline[fam, ri][si]
        req = pick(JOB_REQUIREMENTS).format(
            years=2 + si * 2, article="an" if title[0] in "AEIOU" else "a", title=title,
            skill=core[0], skill2=core[1], manager=pick(MANAGER_TITLES[fam]))
        remote = "remote" if c["city"] == "Remote" else pick(("onsite", "hybrid", "hybrid", "remote"))
        return (jid, c["id"], hm, title, req, '["' + '", "'.join(core[:4]) + '"]',
                c["city"] if c["city"] != "Remote" else None, remote, lo, hi, c["currency"], openings,
                pick(("perm",) * 17 + ("contract", "contract", "retained")), pick((1, 2, 2, 2, 3)),
                fee, None, stage, c["owner"] if rand() < 0.8 else
                1 + int(rand() * 3), self.ds(opened), self.ds(closed), reason, float(jid))

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
        self._curated_interviews(subs)
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
                                               pick(CLOSE_REASONS[stage]), 1, self.contact_for(c, opened),
                                               self.fee_override(c)))
        self.counts["jobs"] = len(self.job_rows)
        self.counts["submissions"] = len(self.sub_rows)
