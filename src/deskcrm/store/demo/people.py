"""People: the candidate plan (status, family, creation day, source, pools), forced activities,
the contacts' person rows, and the candidates themselves — person, profile, consent and activity
rows, generated in chunks in one tight loop."""

from __future__ import annotations

from array import array

from deskcrm.store.demo.base import _HISTORY, _LO, _TOUCHES, DemoBase, _weighted
from deskcrm.store.demo.forced import Forced
from deskcrm.store.demo.texts import (
    CANDIDATE_BODIES,
    LAST_TOUCH_KINDS,
    PERSON_NOTES,
    RESUME_CLOSERS,
    RESUME_OPENERS,
)
from deskcrm.store.demo.words import (
    CITIES,
    CURRENCY_FACTOR,
    FAMILY_SALARY,
    FAMILY_WEIGHTS,
    FAMOUS,
    MAIL_DOMAINS,
    NOTICE_DAYS,
    ROLES,
    SENIORITIES,
)

_PHONE_REST = {"49": 8, "44": 6, "31": 8, "33": 8, "41": 7, "43": 7}
# The work a demo candidate wants (search: type:contract): 4 in 7 permanent, 2 contract, 1 either.
_WANTED = ("perm", "perm", "contract", "perm", "either", "perm", "contract")


class People(DemoBase):
    """Candidates and the person rows of contacts."""

    # ------------------------------------------------------------------ candidates: plan

    def _candidate_plan(self) -> None:
        """Per candidate: status, family, creation day, source. A million candidates: the day is
        an ``array`` of ints and each pool an ``array`` of indexes (a list of ints would hold
        ~36 MB per million); the draws are ``pick``'s, inlined."""
        n, rand = self.n, self.rand
        statuses = _weighted((("active", 25), ("passive", 65), ("placed", 7), ("do_not_contact", 3)))
        families, sources = self.families, self.sources
        k_st, k_fam, k_src = len(statuses), len(families), len(sources)
        self.status = [statuses[int(rand() * k_st)] for _ in range(n)]
        self.family = [families[int(rand() * k_fam)] for _ in range(n)]
        self.created = array("i", (-1 - int(rand() * _HISTORY) for _ in range(n)))
        self.source = [sources[int(rand() * k_src)] for _ in range(n)]
        self.forced = Forced()
        self.override: dict[int, tuple] = {}  # candidate index -> (status, employer, title)
        self._curated_gdpr()
        self.reserved = reserved = set(self.nurture) | self.art14 | set(self.consent_exp)
        self.pools: dict[tuple[str, str], array] = {}
        by_status: dict[str, dict[str, array]] = {}
        for fam, _ in FAMILY_WEIGHTS:
            for st in ("active", "passive", "placed"):
                self.pools[st, fam] = by_status.setdefault(st, {})[fam] = array("i")
        status, family = self.status, self.family
        for i in range(n):
            pools = by_status.get(status[i])  # none for do_not_contact
            if pools is not None and i not in reserved:
                pools[family[i]].append(i)
        for p in self.pools.values():
            self.rng.shuffle(p)

    def spare(self) -> list[int]:
        """Everyone not reserved for a curated item: the last resort of a tiny demo."""
        return [i for i in range(self.n) if i not in self.reserved]

    def force(self, i: int, day: int, sec: int, kind: str, body: str, company=None, job=None,
              placement=None, submission=None) -> None:
        self.forced.add(i, day, sec, kind, body, company, job, placement, submission)
        if day - 3 < self.created[i]:
            self.created[i] = day - self.between(3, 90)

    # ------------------------------------------------------------------ person rows

    def contact_rows(self) -> tuple[list[tuple], list[tuple]]:
        rand, pick, between = self.rand, self.pick, self.between
        persons, consents = [], []
        seen: set[str] = set()
        for pid, c, title in self.contact_people:
            while True:
                fi, li = int(rand() * len(self.first)), int(rand() * len(self.last))
                name = self.first[fi] + " " + self.last[li]
                if name not in FAMOUS:
                    break
            email = f"{self.first_a[fi]}.{self.last_a[li]}@{c['domain']}"
            if email in seen:
                email = f"{self.first_a[fi]}.{self.last_a[li]}{pid}@{c['domain']}"
            seen.add(email)
            city = next((x for x in CITIES if x[0] == c["city"]), None) or pick(self.cities)
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
        roles = {fam: len(r) for fam, r in ROLES.items()}
        headline, skillsets, skilltext = self.headline, self.skillsets, self.skilltext
        employers, clients = self.employers, [c["name"] for c in self.companies]
        n_emp, n_cli = len(employers), len(clients)
        tagsets, ntags = self.tagsets, len(self.tagsets)
        cand_kinds, nck = self.cand_kinds, len(self.cand_kinds)
        bodies = CANDIDATE_BODIES
        last_kinds = LAST_TOUCH_KINDS
        notes, n_notes = PERSON_NOTES, len(PERSON_NOTES)
        notice_days, n_notice = NOTICE_DAYS, len(NOTICE_DAYS)
        mails = MAIL_DOMAINS
        sal, senf, curf = FAMILY_SALARY, SENIORITIES, CURRENCY_FACTOR
        recent_p = {"active": 0.6, "passive": 0.1, "placed": 0.3, "do_not_contact": 0.05}
        kdist = (0, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 5, 6)
        status, family, created_of, source = self.status, self.family, self.created, self.source
        forced_of, override = self.forced, self.override
        nurture, art14, consent_exp = self.nurture, self.art14, self.consent_exp
        extra = self.contact_touch
        touches = _TOUCHES
        off_lo = -_LO
        offs, tod = self.off, self.tod
        seen_mail = self.seen_mail.add
        persons, profiles, consents, acts = [], [], [], []
        for i in range(lo, hi):
            pid = i + 1
            st, fam, c, src = status[i], family[i], created_of[i], source[i]
            while True:
                fi, li = int(rand() * nf), int(rand() * nl)
                name = first[fi] + " " + last[li]
                if name not in FAMOUS:
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
                if not seen_mail(email):  # one address, one person
                    email = f"{local}{pid}@{mails[pid % 5]}"
                    seen_mail(email)
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
            forced = forced_of.pop(i)
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
                    lc = max(lc, max(f[0] for f in forced))  # the latest forced day
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
                    du, su = divmod(day * 86400 + sec - offs[day + off_lo], 86400)  # ts(day, sec), inlined
                    at = dstr[du + off_lo] + tod[su]
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
                opener = RESUME_OPENERS[int(rand() * 3)]
                resume = (opener + RESUME_CLOSERS[int(rand() * 4)]).format(
                    headline=head, article="an" if head[0] in "AEIOU" else "a",
                    years=years, employer=employer or "a " + city[0] + " employer", city=city[0],
                    skills=skilltext[fam, ri])
            profiles.append((
                pid, skillsets[fam, ri][int(rand() * 12)], senf[si][0], title, employer, salary, desired, cur,
                notice, dstr[int(rand() * notice) + off_lo] if st == "active" else None, st, resume,
                _WANTED[pid % len(_WANTED)]))  # by id, not drawn: the demo's other values stay as they were
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
