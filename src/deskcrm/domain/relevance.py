"""How well one person fits a query, as a recruiter would judge it, and why (issue 17, item 4).

Pure: no SQL, no Textual. The store hands over the query's terms and the person's index fields
as index words (folded, split as the index splits them); this module says which term hit which
field (:func:`hits`, shown as "why: python → title, skills · berlin → location"), how much that
is worth (:func:`score`) and how equally relevant people are ordered (:func:`order_key`).

Relevance is coarse on purpose, so that people who fit equally well TIE and the recruiter's
tie-breaks decide between them (a bm25 score never ties):

- each term is worth what the best field it hits is worth: name, title or skills ``STRONG``
  (3; both title and skills: 4 — a Python Engineer before a Data Scientist who knows Python),
  employer or location 2, notes or CV text 1;
- a word typed whole beats the longer words it begins (``java``: Java before JavaScript);
- an exact phrase beats scattered words: each pair of consecutive query terms found next to
  each other, in order, in one field adds ``ADJACENT`` ("senior python" in "Senior Python
  Engineer").

Equally relevant people are then ordered (:func:`order_key`): do-not-contact last (and the row
says so); a desired salary outside the range the query asks for after one inside it; available
sooner first (already available = today; no date after every date); status active > passive >
placed > not a candidate; the most recently contacted first (a timestamp: it ties nobody, so it
comes last).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

__all__ = ["ADJACENT", "FIELDS", "SHOWN", "Hit", "Term", "hits", "order_key", "score", "why_text"]

# The index's fields, in its column order, with the word the why line uses for each.
FIELDS = {"name": "name", "headline": "title", "skills": "skills", "employer": "employer",
          "location": "location", "notes": "notes", "resume": "CV"}
SHOWN = {**FIELDS, "phone": "phone", "email": "email"}  # a why: also a phone or an email typed whole (search_contacts)
_WORTH = {"name": 3, "headline": 3, "skills": 3, "employer": 2, "location": 2, "notes": 1, "resume": 1}
_BOTH = 4  # a term in both the title and the skills
ADJACENT = 2  # two consecutive query terms side by side in one field
_STATUS = {"active": 0, "passive": 1, "placed": 2}  # then: not a candidate (3); do-not-contact is last anyway
_NO_DATE = date.max


@dataclass(frozen=True, slots=True)
class Term:
    """One query term as index words; ``prefix``: its last word may continue (``pyth``)."""

    words: tuple[str, ...]
    prefix: bool = False
    shown: str = ""  # as the why line names it ("python")
    # What else the term means (the vocabulary's group: "developer" → engineer, programmer), as
    # index words; each is found whole, worth what the term is worth
    alts: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Hit:
    term: str  # Term.shown
    fields: tuple[str, ...]  # FIELDS keys, in FIELDS order


def _at(words: Sequence[str], term: Term) -> list[tuple[int, int, bool]]:
    """Where ``term`` or one of its alternatives is found in ``words``, each as (start, how many
    words, whole): side by side and in order; ``whole`` False where a prefix term only begins a
    longer word (``java`` in JavaScript)."""
    out = [(i, len(term.words), not term.prefix or words[i + len(term.words) - 1] == term.words[-1])
           for i in _starts(words, term.words, term.prefix)]
    for alt in term.alts:
        out.extend((i, len(alt), True) for i in _starts(words, alt, False))
    return out


def _starts(words: Sequence[str], want: tuple[str, ...], prefix: bool) -> list[int]:
    """Where ``want`` starts in ``words``; ``prefix``: its last word may continue."""
    n = len(want)
    if not n or len(words) < n:
        return []
    first, last = want[0], want[-1]
    if n == 1:
        if prefix:
            return [i for i, w in enumerate(words) if w.startswith(first)]
        return [i for i, w in enumerate(words) if w == first] if first in words else []
    out = []
    for i in (i for i, w in enumerate(words[:len(words) - n + 1]) if w == first):
        end = words[i + n - 1]
        if all(words[i + k] == want[k] for k in range(1, n - 1)) and (end.startswith(last) if prefix else end == last):
            out.append(i)
    return out


def _positions(terms: Sequence[Term], fields: dict[str, Sequence[str]]) -> list[dict[str, list[tuple[int, int, bool]]]]:
    """Per term: the fields it is found in, each with where (``_at``)."""
    out = []
    for t in terms:
        found = {}
        for f in FIELDS:
            words = fields.get(f)
            if words:
                at = _at(words, t)
                if at:
                    found[f] = at
        out.append(found)
    return out


def hits(terms: Sequence[Term], fields: dict[str, Sequence[str]]) -> tuple[Hit, ...]:
    """Which fields each term is found in (a term found nowhere: an empty ``fields``)."""
    return tuple(Hit(t.shown, tuple(p)) for t, p in zip(terms, _positions(terms, fields)))


def _worth(fields: Iterable[str]) -> int:
    fields = set(fields)
    if "headline" in fields and "skills" in fields:
        return _BOTH
    return max((_WORTH[f] for f in fields), default=0)


def score(terms: Sequence[Term], fields: dict[str, Sequence[str]]) -> tuple[int, tuple[Hit, ...]]:
    """(relevance, the hits): the terms' worth plus ``ADJACENT`` per phrase pair found. A term
    that is a prefix is worth one less where it only begins a longer word (``java`` finds Java
    before JavaScript)."""
    at = _positions(terms, fields)
    total = 0
    for term, found in zip(terms, at):
        worth = _worth(found)
        if term.prefix and worth:
            whole = [f for f, spans in found.items() if any(w for _i, _n, w in spans)]
            worth = max(_worth(whole), worth - 1)
        total += worth
    pairs = 0
    for a, pa, pb in zip(terms, at, at[1:]):  # phrase pairs: the next term right after a, one field
        if not a.prefix and any(f in pb and {i + n for i, n, _w in spans} & {j for j, _n, _w in pb[f]}
                                for f, spans in pa.items()):
            pairs += 1
    return total + ADJACENT * pairs, tuple(Hit(t.shown, tuple(p)) for t, p in zip(terms, at))


def _in_range(desired: float | None, salary: Sequence[tuple[str, float]]) -> bool:
    if not salary:
        return True
    if desired is None:
        return False
    tests = {"<": desired.__lt__, "<=": desired.__le__, ">": desired.__gt__, ">=": desired.__ge__,
             "=": desired.__eq__}
    return all(tests[op](amount) for op, amount in salary)


def order_key(relevance: int, *, status: str | None, available: date | None, last_contact: str | None,
              desired: float | None, salary: Sequence[tuple[str, float]], today: date) -> tuple:
    """Sort key, best first: do-not-contact last, then relevance, then the tie-breaks (see the
    module docstring). ``last_contact``: the stored timestamp text (sorts as time)."""
    soon = _NO_DATE if available is None else max(available, today)
    return (status == "do_not_contact", -relevance, not _in_range(desired, salary), soon,
            _STATUS.get(status or "", 3), _Desc(last_contact or ""))


class _Desc:
    """A string sorted backwards (newest timestamp first)."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __lt__(self, other: _Desc) -> bool:
        return self.value > other.value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Desc) and self.value == other.value


def why_text(found: Sequence[Hit]) -> str:
    """"python → title, skills · berlin → location · java → nowhere" (plain text)."""
    return " · ".join(f"{h.term} → {', '.join(SHOWN[f] for f in h.fields) or 'nowhere'}" for h in found)
