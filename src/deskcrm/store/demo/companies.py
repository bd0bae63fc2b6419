"""Companies (clients, prospects and other employers), their contacts' roles, the company rows
and the company timelines (client activities)."""

from __future__ import annotations

from datetime import date

from deskcrm.domain.client_rules import company_key, web_domain
from deskcrm.store.demo.base import _LO, _TOUCHES, DemoBase, _fold, _weighted
from deskcrm.store.demo.texts import (
    BD_BODIES,
    COMPANY_BODIES,
    COMPANY_LAST_KINDS,
    COMPANY_NOTES,
)
from deskcrm.store.demo.words import (
    BILLING_TITLES,
    COMPANY_BRANCHES,
    COMPANY_PREFIXES,
    COMPANY_SIZES,
    HR_TITLES,
    INDUSTRIES,
    LEGAL_FORMS,
    MANAGER_TITLES,
    REMOTE_WEIGHT,
)

_BD_STAGES = (("target", 0.12), ("contacted", 0.08), ("meeting", 0.06), ("terms_sent", 0.04),
              ("dormant", 0.10), ("lost", 0.05))  # the rest are active clients
# Prefix x industry word names 4,896 companies apart (folded keys; "Boreal Mutual GmbH" is
# "Boreal Mutual"). Up to this many names (clients and other employers) they are drawn as they
# always were; beyond it (over ~150,000 candidates) each gets a branch word too, or the draw
# would never end.
_PLAIN_NAMES = 4000


class Companies(DemoBase):
    """Companies and contact roles (first phase), company timelines (after the pipeline), rows."""

    def _companies(self) -> None:
        rand, pick, between = self.rand, self.pick, self.between
        n_comp = max(12, round(self.n / 50))
        stages: list[str] = []
        for stage, share in _BD_STAGES:
            stages += [stage] * max(1, round(n_comp * share))
        stages += ["active_client"] * (n_comp - len(stages))
        self.rng.shuffle(stages)
        names, seen, keys = [], set(), {}
        n_names = n_comp + max(40, n_comp // 3)  # clients + other employers
        branches = n_names > _PLAIN_NAMES
        while len(names) < n_names:
            ind = int(rand() * len(INDUSTRIES))
            city = pick(self.cities) if rand() * 100 > REMOTE_WEIGHT else None
            name = base = pick(COMPANY_PREFIXES) + " " + pick(INDUSTRIES[ind][1])
            if branches:
                name = base = base + " " + pick(COMPANY_BRANCHES)
            if city is not None and rand() < 0.45:
                name += " " + pick(LEGAL_FORMS[city[1]])
            key = keys.get(name) or keys.setdefault(name, company_key(name))
            if key in seen:  # "Boreal Mutual" and "Boreal Mutual GmbH" would be duplicates
                continue
            seen.add(key)
            names.append((name, ind, city, _fold(base) + ".example"))
        self.employers = tuple(x[0] for x in names[n_comp:])
        self.company_keys = {x[0]: keys[x[0]] for x in names[:n_comp]}
        comps = []
        for i in range(n_comp):
            name, ind, city, domain = names[i]
            stage = stages[i]
            has_terms = stage in ("active_client", "dormant", "lost", "terms_sent")
            flat = has_terms and rand() < 0.08
            comps.append({
                "id": i + 1, "name": name, "ind": ind, "industry": INDUSTRIES[ind][0],
                "families": _weighted(INDUSTRIES[ind][2]), "stage": stage,
                "city": city[0] if city else "Remote", "country": city[1] if city else None,
                "currency": city[5] if city else "EUR", "domain": domain,
                "owner": 1 + int(rand() * 3), "size": pick(COMPANY_SIZES),
                "pct": None if (flat or not has_terms) else pick((15.0, 18.0, 20.0, 20.0, 20.0, 22.0, 22.5,
                                                                  25.0, 25.0, 25.0, 28.0, 30.0)),
                "flat": pick((8000.0, 10000.0, 12000.0, 15000.0)) if flat else None,
                "terms": pick((14, 30, 30, 30, 45)) if has_terms else 30,
                "gdays": pick((60, 90, 90, 90, 180)) if has_terms else 90,
                "prorata": pick(("none", "prorata", "prorata", "full")) if has_terms else "none",
                "nps": between(5, 10) if stage == "active_client" and rand() < 0.7 else None,
                "cadence": pick((14, 30, 30, 60)) if stage == "active_client" else None,
                "notes": pick(COMPANY_NOTES) if rand() < 0.3 else None,
                "created": -between(420, 1800) if has_terms else -between(10, 400),
                "contacts": [],  # [(person_id, since, until)]
                "last": None,
            })
        self.companies = comps
        self.active = [c for c in comps if c["stage"] == "active_client"]
        self._curated_client_checkins()
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
                    title, hm, billing = pick(MANAGER_TITLES[fam]), 1, 0
                elif j == 1:
                    title, hm, billing = pick(HR_TITLES), 0, 0
                else:
                    title, hm, billing = pick(BILLING_TITLES), 0, 1
                self.role_rows.append((pid, c["id"], title, hm, billing, None, None))
                self.contact_people.append((pid, c, title))
                c["contacts"].append((pid, c["created"], 0))
            if stage == "active_client" and rand() < 0.15:  # a former hiring manager who left
                pid += 1
                left = between(c["created"] + 30, -200) if c["created"] < -260 else None
                if left is not None:
                    title = pick(MANAGER_TITLES[fam])
                    self.role_rows.append((pid, c["id"], title, 1, 0, self.ds(left), None))
                    self.contact_people.append((pid, c, title))
                    c["contacts"].append((pid, c["created"], left))
                else:
                    pid -= 1

    def contact_for(self, c: dict, day: int) -> int:
        """A contact of company ``c`` who worked there on ``day`` (the first one always did)."""
        ok = [p for p, since, until in c["contacts"] if since <= day <= until]
        return ok[int(self.rand() * len(ok))] if ok else c["contacts"][0][0]

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
                bodies = COMPANY_BODIES
            elif stage in ("dormant", "lost"):
                c["last"] = max(-between(100, 900), forced, c["created"] + 1)
                n, first, bodies = between(2, 5), c["created"] + 1, COMPANY_BODIES
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
                    kind, body = pick(("call_talked", "email", "meeting")), pick(BD_BODIES)
                else:
                    kind = pick(COMPANY_LAST_KINDS) if k == n - 1 else pick(self.comp_kinds)
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
            website = "https://www." + c["domain"]
            rows.append((c["id"], c["name"], " ".join(c["name"].casefold().split()), self.company_keys[c["name"]],
                         web_domain(website), c["industry"], c["size"], c["city"], c["country"], website, c["stage"],
                         c["owner"],
                         c["pct"], c["flat"], c["currency"], c["terms"], c["gdays"], c["prorata"], c["nps"],
                         c["cadence"], c["notes"], created, max(created, updated)))
        return rows
