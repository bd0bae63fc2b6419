"""The deliberate due-window records. A small, N-scaled set of curated items lands exactly in
each window of the due-today list (DESIGN.md §1 "Due today"): client check-ins overdue / this
week, placement check-ins today / overdue / this week, guarantees ending (one ended two days
ago), invoices overdue / due, interviews today / tomorrow / this week, candidates going cold,
Art. 14 notices due and consents expiring, and a start to confirm. ``_placement_state`` is also the guard that keeps
every ordinary placement's check-ins, guarantee end and invoice out of those windows.

Each method is called by its phase at the point where the random sequence expects it.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import timedelta

from deskcrm.store.demo.base import _INTERVIEW_TIMES, DemoBase
from deskcrm.store.demo.insert import (
    _ACTIVITY_COLS,
    _JOB_COLS,
    _PLACEMENT_COLS,
    _SUB_COLS,
    _Inserter,
)
from deskcrm.store.errors import StoreError

_NURTURE = (-104, -83)  # last touch in here = on the nurture list (90 days + 14 late .. 7 ahead)


class DueWindows(DemoBase):
    """Curated records for every due rule, and the placement-state guard."""

    def _curated_client_checkins(self) -> None:
        """Curated client check-ins: a handful overdue and one or two due this week."""
        between = self.between
        reserved = self.rng.sample(self.active, min(len(self.active) - 1,
                                                     self.quota(3, 6) + self.quota(1, 2)))
        for k, c in enumerate(reserved):
            if k < self.quota(3, 6):
                c["last"] = -(c["cadence"] + between(1, 10))
            else:
                c["last"] = -(c["cadence"] - between(0, 6))
            c["reserved"] = True

    def _curated_gdpr(self) -> None:
        """Curated GDPR / nurture candidates: never used in pipelines or placements."""
        n = self.n
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

    def _placement_state(self, start: int, c: dict, kind: str | None, target: int | None):
        """Status, check-ins and invoice of a placement starting on ``start``; None when it would
        put something in a due window that ``kind`` (a curated due item, or None) does not ask for."""
        gd, terms = c["gdays"], c["terms"]
        end = start + gd
        if kind == "ended":
            status = "started"
        elif kind == "start" or start > 0:  # "start": past its start date, not yet confirmed
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

    def _curated_placements(self) -> int:
        """Placements whose check-in, guarantee end or invoice lands in a due window (they start
        ``self.placements`` and ``self.jobs``); returns how many."""
        between, pick = self.between, self.pick
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
        return len(curated)

    def _curated_interviews(self, subs: list) -> None:
        """Curated interviews: today, tomorrow, later this week (weekdays)."""
        pick, ts = self.pick, self.ts
        later = [d for d in range(2, 8) if (self.today + timedelta(days=d)).weekday() < 5] or [2]
        wanted = ([0] * self.quota(1, 2) + [1] * self.quota(2, 3)
                  + [pick(later) for _ in range(self.quota(2, 4))])
        order = sorted(subs, key=lambda s: (s[3] != "interviewing", s[3] != "submitted", s[0]))
        for day, sub in zip(wanted, order, strict=False):  # fewer subs than wanted: tiny demo
            sub[3], sub[6] = "interviewing", None
            sub[5] = ts(day, 60 * pick(_INTERVIEW_TIMES))

    def _unconfirmed_starts(self, conn: sqlite3.Connection) -> int:
        """A few placements still at Offer accepted on or after their start date ("Confirm
        they started"): each a new placed job at an open client, with its submission, its
        placement and the offer's stage change, for an active candidate with no other pipeline,
        placement or due item, who becomes "placed".

        Added last, with rows read back from the database and draws from a random stream of its
        own: the main seeded sequence, and so every other record and due item, stays as it was."""
        main = self.rng, self.rand
        self.rng = random.Random(f"deskcrm demo: unconfirmed starts {self.seed}")
        self.rand = self.rng.random
        try:
            return self._add_unconfirmed_starts(conn)
        finally:
            self.rng, self.rand = main

    def _add_unconfirmed_starts(self, conn: sqlite3.Connection) -> int:
        """Inserts the rows; returns how many."""
        between, ts, ds = self.between, self.ts, self.ds
        want = self.quota(2, 4)
        reserved = {i + 1 for i in (*self.nurture, *self.art14, *self.consent_exp)}
        free = [pid for (pid,) in conn.execute(
            """
            SELECT cp.person_id FROM candidate_profile cp JOIN person p ON p.id = cp.person_id
            WHERE cp.status = 'active' AND p.next_touch_on IS NULL AND p.created_at < ?
              AND NOT EXISTS (SELECT 1 FROM submission s WHERE s.person_id = cp.person_id)
              AND NOT EXISTS (SELECT 1 FROM placement pl WHERE pl.person_id = cp.person_id)
              AND NOT EXISTS (SELECT 1 FROM contact_role r WHERE r.person_id = cp.person_id)
            ORDER BY cp.person_id
            """, (ds(-150),)) if pid not in reserved]
        if not free or not self.open_clients:  # a tiny demo may have no candidate to spare
            return 0
        people = self.rng.sample(free, min(want, len(free)))
        jid, sid, plid = (conn.execute(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0]
                          for t in ("job_order", "submission", "placement"))
        jobs, subs, pls, acts = [], [], [], []
        for pid in people:
            c = self.pick(self.open_clients)
            start = -between(0, 6)
            status, checkins, _done, fee, end = self._placement_state(start, c, "start", None)
            offer = start - between(14, 45)
            created = offer - between(10, 40)
            opened = created - between(5, 30)
            jid, sid, plid = jid + 1, sid + 1, plid + 1
            spec = self._job_spec(c)
            job_fee = self.fee_override(c)
            jobs.append(self._job_row(jid, c, spec, "placed", opened, offer, None, 1, self.contact_for(c, opened),
                                      job_fee))
            subs.append((sid, pid, jid, "placed", ts(offer, self.work_sec()),
                         ts(offer - between(3, 12), 60 * self.pick(_INTERVIEW_TIMES)), None,
                         self.source[pid - 1], 0.0, ts(created, self.work_sec())))
            _fam, _ri, _si, lo, hi = spec
            salary = float(int((lo + self.rand() * (hi - lo)) / 500) * 500)
            pct = c["pct"] if job_fee is None else job_fee
            amount = c["flat"] if pct is None else round(salary * pct / 100, 2)
            pls.append((plid, sid, pid, jid, c["id"], c["owner"], ds(offer), ds(start), salary, c["currency"], pct,
                        amount, fee["status"], None, None, None, 0.0, c["gdays"], ds(end), ds(checkins[0]), None,
                        ds(checkins[1]), None, ds(checkins[2]), None, status, None, float(plid)))
            acts.append(("stage_change", f"Placed: offer accepted, starts {ds(start)}", ts(offer, self.work_sec()),
                         c["owner"], pid, c["id"], jid, plid, sid))
        ins = _Inserter(conn)
        ins.rows("job_order", _JOB_COLS, jobs)
        ins.rows("submission", _SUB_COLS, subs)
        ins.rows("placement", _PLACEMENT_COLS, pls)
        ins.rows("activity", _ACTIVITY_COLS, acts)
        conn.executemany("UPDATE candidate_profile SET status = 'placed' WHERE person_id = ?",
                         [(pid,) for pid in people])
        for key, n in (("jobs", len(jobs)), ("submissions", len(subs)), ("placements", len(pls)),
                       ("activities", len(acts))):
            self.counts[key] += n
        return ins.total
