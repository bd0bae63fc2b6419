"""The demo generator's shared state: the seeded random sequence, the day-offset date tables,
the weighted pick tables built from the word lists, and the small helpers every phase uses."""

from __future__ import annotations

import random
from array import array
from datetime import date, datetime, timedelta
from hashlib import blake2b
from math import log

from deskcrm.store.demo.texts import CANDIDATE_KINDS, COMPANY_KINDS
from deskcrm.store.demo.words import (
    ASCII_FOLD,
    CITIES,
    FAMILY_SKILLS,
    FAMILY_WEIGHTS,
    FIRST_NAMES,
    LAST_NAMES,
    ROLES,
    SENIORITIES,
    SOURCES,
    TAGS,
)
from deskcrm.store.due_store import TOUCH_KINDS

# Days are integer offsets from ``today`` (negative = past). Nothing is dated "today" or later
# except appointments (interviews, check-ins, start dates): the demo is built "this morning".
_HISTORY = 1460  # four years
_LO, _HI = -2700, 800  # range of the date tables
_TOUCHES = frozenset(TOUCH_KINDS)  # reset last contact (the due list's rule)
_SUB_STAGES = (("sourced", 20), ("contacted", 18), ("qualified", 12), ("submitted", 14), ("interviewing", 9),
               ("offered", 2), ("rejected_by_us", 11), ("rejected_by_client", 10), ("candidate_withdrew", 4))
_INTERVIEW_TIMES = (9 * 60 + 30, 10 * 60 + 30, 11 * 60, 14 * 60, 15 * 60 + 30, 16 * 60)


def _weighted(pairs) -> tuple:
    """((value, weight), ...) -> a tuple with each value repeated weight times (for uniform picks)."""
    return tuple(v for v, w in pairs for _ in range(w))


def _fold(text: str) -> str:
    return text.lower().translate(ASCII_FOLD)


class Seen:
    """A set of strings kept as 64-bit fingerprints (blake2b) in one flat open-addressing table:
    8 bytes a slot, so a million e-mail addresses take 16 MB where a ``set`` of ``str`` takes
    ~130 MB. Two different strings sharing a fingerprint — odds about 1 in 10^7 at five
    million — would read as seen; like every draw here, that is the same on every run."""

    def __init__(self, expected: int) -> None:
        self._make(1 << max(10, (2 * expected).bit_length()))

    def _make(self, size: int) -> None:
        self.table = array("Q", bytes(8 * size))
        self.mask, self.count = size - 1, 0

    def add(self, text: str) -> bool:
        """Remember ``text``; False when it was already there."""
        fp = int.from_bytes(blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little") or 1
        table, mask = self.table, self.mask
        i = fp & mask
        slot = table[i]
        while slot:  # the common case, a free slot at once, costs no call to _put
            if slot == fp:
                return False
            i = (i + 1) & mask
            slot = table[i]
        return self._put(fp)

    def _put(self, fp: int) -> bool:
        table, mask = self.table, self.mask
        i = fp & mask
        while True:
            slot = table[i]
            if slot == 0:
                table[i] = fp
                self.count += 1
                if self.count * 3 > 2 * len(table):  # over 2/3 full: double
                    old = [x for x in table if x]
                    self._make(2 * len(table))
                    for x in old:
                        self._put(x)
                return True
            if slot == fp:
                return False
            i = (i + 1) & mask


class DemoBase:
    """Random sequence, date and word tables, helpers. The phase classes (companies, placements,
    pipeline, people, due_windows) subclass it and share state through attributes, so the order
    of the phases is part of the output: see ``build._Demo.load``."""

    def __init__(self, n: int, seed: int, today: date) -> None:
        self.n = n
        self.today = today
        self.seed = seed
        self.rng = random.Random(seed)
        self.rand = self.rng.random
        self.counts: dict[str, int] = {}
        self.seen_mail = Seen(n)  # candidates' e-mail addresses: one address, one person
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
        self.first = FIRST_NAMES
        self.last = LAST_NAMES
        self.first_a = tuple(_fold(x) for x in FIRST_NAMES)
        self.last_a = tuple(_fold(x) for x in LAST_NAMES)
        self.cities = _weighted((c, c[2]) for c in CITIES)
        self.sources = _weighted(SOURCES)
        self.families = _weighted(FAMILY_WEIGHTS)
        self.sen = _weighted((i, s[3]) for i, s in enumerate(SENIORITIES))
        self.cand_kinds = _weighted(CANDIDATE_KINDS)
        self.comp_kinds = _weighted(COMPANY_KINDS)
        self.sub_stages = _weighted(_SUB_STAGES)
        tags = ["[]"] * 14 + [f'["{t}"]' for t in TAGS] * 2
        tags += [f'["{a}", "{b}"]' for a in TAGS[:5] for b in TAGS[5:]]
        self.tagsets = tuple(tags)
        # Per (family, role): headline per seniority, and a few skill-list variants as JSON text.
        self.headline, self.skillsets, self.skilltext = {}, {}, {}
        for fam, roles in ROLES.items():
            extra = FAMILY_SKILLS[fam]
            for ri, (title, core, prefixed) in enumerate(roles):
                self.headline[fam, ri] = tuple((p if prefixed else "") + title for _, p, _, _ in SENIORITIES)
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
