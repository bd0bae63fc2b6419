"""Placements: the ordinary (history and future) placements around the curated ones, the people
placed, and the placement, submission and job rows and activities they imply."""

from __future__ import annotations

from datetime import timedelta

from deskcrm.store.demo.base import _HISTORY, _INTERVIEW_TIMES, _LO, DemoBase
from deskcrm.store.demo.texts import CHECKIN_BODIES, FAIL_REASONS, FELL_OFF_REASONS
from deskcrm.store.demo.words import FAMILY_WEIGHTS, MANAGER_TITLES


class Placements(DemoBase):
    """Placed jobs: placements first, then who was placed, then the rows."""

    def _placements(self) -> None:
        rand, pick = self.rand, self.pick
        n_pl = max(15, round(self.n / 20))
        remaining = n_pl - self._curated_placements()
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
                         *(self.pools[st, f] for st in ("placed", "passive", "active") for f, _ in FAMILY_WEIGHTS)):
                if pool:
                    pl["i"] = pool.pop()
                    break
            else:  # tiny demo: reuse someone (a second placement for the same person, another job)
                spare = self.spare()
                pl["i"] = self.pick(spare) if spare else 0

    def _placement_rows(self) -> None:
        rand, between, ts, ds, force = self.rand, self.between, self.ts, self.ds, self.force
        self.job_rows, self.sub_rows, self.placement_rows = [], [], []
        self.guarantee_rows: list[tuple] = []  # (owed, owed_rule, left_on, id) of failed guarantees
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
                    status, fail, done_ts = "fell_off", self.pick(FELL_OFF_REASONS), [None] * 3
                    fee = {"status": "not_invoiced", "date": None, "due": None, "paid": None}
                elif dead == "guarantee_failed":  # what it owes is set below, once the last day is known
                    status, fail, done_ts[2] = "guarantee_failed", self.pick(FAIL_REASONS), None
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
                              f"{30 * (x + 1)}-day check-in: {self.pick(CHECKIN_BODIES)}", None, None, plid)
                if dead:
                    day = start - between(3, 10) if dead == "fell_off" else start + between(20, c["gdays"] - 5)
                    force(i, max(offer + 1, day), self.work_sec(), "note", fail, None, None, plid)
                    if dead == "guarantee_failed":
                        self._guarantee_failed(plid, c, start, day, amount)
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

    def _guarantee_failed(self, plid: int, c: dict, start: int, day: int, amount: float) -> None:
        """The client's agreement applied to a failed guarantee (``guarantee_rules``), as the board
        does it: the credit on the row just added, what is owed, the rule and the last day."""
        from deskcrm.domain.guarantee_rules import guarantee_outcome

        owed = "replacement" if plid % 3 == 0 else "refund"  # not from the RNG: the rest stays as it was
        out = guarantee_outcome(c["prorata"], owed, fee=amount, currency=c["currency"], guarantee_days=c["gdays"],
                                start=self.today + timedelta(days=start), left_on=self.today + timedelta(days=day))
        row = list(self.placement_rows[-1])
        row[16] = out.credit  # credited_amount
        if out.credit and out.credit >= amount:
            row[12] = "credited"  # fee_status
        self.placement_rows[-1] = tuple(row)
        self.guarantee_rows.append((out.owed, c["prorata"], self.ds(day), plid))

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
            title = self.pick(MANAGER_TITLES[fam])
            since = pl["start"] + 365
            self.role_rows.append((i + 1, c["id"], title, 1, 0, None, c["contacts"][0][0]))
            c["contacts"].append((i + 1, since, 0))
            self.override[i] = ("placed", c["name"], title)
