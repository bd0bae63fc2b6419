"""The activities a candidate must have had (a stage change for each submission, the offer of each
placement, the check-ins done...), planned before the candidates are generated and read back
in candidate order as each one is.

A million candidates force ~300,000 of them: as a dict of lists of tuples that was ~100 MB,
here it is a few ``array`` columns (~10 MB), each text kept once.
"""

from __future__ import annotations

from array import array


_NONE_LEFT = 1 << 62  # past every candidate index


class Forced:
    def __init__(self) -> None:
        self._who = array("i")
        self._ints = tuple(array("i") for _ in range(6))  # day, sec, company, job, placement, submission (0: none)
        self._text = array("i")  # index into _texts: kind and body, as a pair
        self._texts: list[tuple[str, str]] = []
        self._text_ids: dict[tuple[str, str], int] = {}
        self._order: array | None = None  # entry numbers by candidate, then as added
        self._next = 0
        self._next_who = -1  # who the next entry is for, once reading began (-1: not known yet)

    def add(self, who: int, day: int, sec: int, kind: str, body: str, company: int | None, job: int | None,
            placement: int | None, submission: int | None) -> None:
        if self._order is not None:
            raise RuntimeError("Forced.add after reading began")
        self._who.append(who)
        for column, value in zip(self._ints, (day, sec, company, job, placement, submission), strict=True):
            column.append(value or 0)
        text = (kind, body)
        tid = self._text_ids.get(text)
        if tid is None:
            tid = self._text_ids[text] = len(self._texts)
            self._texts.append(text)
        self._text.append(tid)

    def pop(self, who: int) -> list[tuple] | None:
        """Candidate ``who``'s entries as (day, sec, kind, body, company, job, placement,
        submission) in the order they were added, or None; candidates are asked in order."""
        if who < self._next_who:  # most candidates have none: one comparison
            return None
        if self._order is None:
            self._order = array("i", sorted(range(len(self._who)), key=self._who.__getitem__))  # stable
            self._text_ids = {}
        order, whos = self._order, self._who
        n, k = len(order), self._next
        while k < n and whos[order[k]] < who:
            k += 1
        if k == n or whos[order[k]] > who:
            self._next = k
            self._next_who = whos[order[k]] if k < n else _NONE_LEFT
            return None
        found = []
        day, sec, company, job, placement, submission = self._ints
        while k < n and whos[order[k]] == who:
            e = order[k]
            kind, body = self._texts[self._text[e]]
            found.append((day[e], sec[e], kind, body, company[e] or None, job[e] or None, placement[e] or None,
                          submission[e] or None))
            k += 1
        self._next = k
        self._next_who = whos[order[k]] if k < n else _NONE_LEFT
        return found
