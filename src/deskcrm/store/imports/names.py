"""Names as an import compares them: folded (case and accents aside), their words sorted, and
filed by company so that a close spelling at the same company is found (``rapidfuzz``) without
comparing a name with every other. The planner (``plan``) and the file's own pass (``file_pass``)
use them; pure, no database.

    index = NameIndex()
    index.add(company, name_of("Zoë Moss"), payload)
    index.best(company, name_of("Zoe Mos"))    # (payload, score) of the closest ≥ NAME_SCORE, or None
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from sys import intern
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process

from deskcrm.domain.client_rules import company_key as _company_key

NAME_SCORE = 85  # rapidfuzz token_sort_ratio of two folded names at the same company: a likely duplicate


company_key = lru_cache(maxsize=1 << 16)(_company_key)  # a file names its companies again and again

# _COPIES: a lookup reads every name of a list (``rapidfuzz`` scores them all); names filed one by
# one over a long file lie far apart in memory, and a lookup then waits on the memory for each
# (a list of 107: 19 us, 5 us once they are in the cache). When a list reaches 16, 32, 64, …
# names, they are copied anew, side by side (the same text, in the same order: the same
# answers), at one copy a name on average: a 100k-row file's names are looked up ~2.5x faster.
join = "".join


def fold(text: str) -> str:
    """Case and accents aside, spaces closed up: "Zoë  Moss" -> "zoe moss"."""
    if text.isascii():  # most names: nothing to decompose
        return " ".join(text.lower().split())
    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).split())


class NameIndex:
    """Names by company, found again by a close spelling: each name is filed under (company,
    the first three letters of each of its words), so a name is compared (``rapidfuzz``) only
    with the names at its company that share a word's start with it — not with all of them.

    A name is kept with its words sorted (``token_sort_ratio`` of two names is the plain
    ``ratio`` of their sorted forms), so a lookup scores each filed list in place, without
    copying or re-sorting anything; of equal scores the name filed first wins."""

    __slots__ = ("_by", "_filed")

    def __init__(self, *, once: bool = True) -> None:
        # company -> word start -> (sorted names, payloads): nested, not keyed by a (company, start)
        # tuple, and the starts interned — a file's index holds about one such list a row.
        self._by: dict[Any, dict[str, tuple[list[str], list[Any]]]] = {}
        # hash((company, folded)): a name filed once per company. None: the caller adds only names
        # ``best`` did not find (a file's rows), so the same name never comes twice.
        self._filed: set[int] | None = set() if once else None

    def add(self, company: Any, name: Name, payload: Any) -> None:
        if self._filed is not None:
            filed = hash((company, name.folded))
            if filed in self._filed:
                return
            self._filed.add(filed)
        at = self._by.get(company)
        if at is None:
            at = self._by[company] = {}
        for pre in name.starts:
            filed_here = at.get(pre)
            if filed_here is None:
                filed_here = at[intern(pre)] = ([], [])
            keys = filed_here[0]
            keys.append(name.key)
            filed_here[1].append(payload)
            n = len(keys)
            if n >= 16 and not n & (n - 1):
                keys[:] = [join((key, "")) for key in keys]  # see _COPIES

    def knows(self, company: Any) -> bool:
        """Whether any name is filed at ``company`` (else ``best`` finds nothing there)."""
        return company in self._by

    def best(self, company: Any, name: Name) -> tuple[Any, float] | None:
        """(payload, score) of the closest name at ``company`` scoring ≥ NAME_SCORE, else None."""
        found, top = None, 0.0
        at = self._by.get(company)
        if at is None:
            return None
        for pre in name.starts:
            filed = at.get(pre)
            if filed is None:
                continue
            hit = process.extractOne(name.key, filed[0], scorer=fuzz.ratio, score_cutoff=max(top, NAME_SCORE))
            if hit is not None and (found is None or hit[1] > top):
                found, top = filed[1][hit[2]], hit[1]
                if top >= 100:  # the same name: no later start's list can score more
                    break
        return None if found is None else (found, top)


class Name(NamedTuple):
    """A name as the index compares it: folded, its words sorted, and where it is filed."""

    folded: str
    key: str  # the folded words sorted: token_sort_ratio(a, b) is ratio(a.key, b.key)
    starts: tuple[str, ...]  # the first three letters of each word of two or more (once each)


def name_of(text: str) -> Name:
    if text.isascii():  # ``fold``'s, its words kept
        words = text.lower().split()
        folded = " ".join(words)
    else:
        folded = fold(text)
        words = folded.split()
    if len(words) == 2:  # most names (one a row): what the lines below make, without their lists
        a, b = words
        if len(a) >= 2:
            starts = (a[:3], b[:3]) if len(b) >= 2 and a[:3] != b[:3] else (a[:3],)
        else:
            starts = (b[:3],) if len(b) >= 2 else (folded[:3],)
        return tuple.__new__(Name, (folded, folded if a <= b else f"{b} {a}", starts))
    starts = [w[:3] for w in words if len(w) >= 2]
    starts = tuple(dict.fromkeys(starts) if len(starts) > 1 else starts) or (folded[:3],)
    words.sort()
    return tuple.__new__(Name, (folded, " ".join(words), starts))  # one a row: not through the constructor


def name_reason(score: float, company: str | None) -> str:
    """Why a close name is a likely duplicate, as a plan's reason says it."""
    return f"same name at {company}" if score >= 100 else f"similar name at {company} ({round(score)}%)"
