"""The candidate-profile filters of the search language: ``seniority:``, ``notice<…`` and ``type:``.

    seniority:senior        the candidate's seniority (or the headline's word, as "senior" typed
                            as a word finds); ``,`` ``|`` or repeat = any: seniority:lead,principal
    notice<2m  notice<=4w   notice period (the profile's notice in days) — d, w or m (30 days);
    notice=0                a bare number is days; unknown notice never matches
    type:contract type:perm the job type the candidate wants; someone open to either matches both

Kept apart from ``search_query`` (which calls :func:`known` and :func:`add`) so that other
filters can be added beside these. Pure: no SQL, no Textual.
"""

from __future__ import annotations

import re
from typing import Protocol

__all__ = ["JOB_TYPES", "KEYS", "WANTED_TYPES", "add", "known", "wanted_type"]

KEYS = {"seniority": "seniority", "level": "seniority", "notice": "notice", "type": "type"}
JOB_TYPES = ("perm", "contract")
WANTED_TYPES = ("perm", "contract", "either")  # what a profile may hold
_TYPE_ALIASES = {"permanent": "perm", "contractor": "contract", "contracting": "contract", "freelance": "contract",
                 "interim": "contract", "temp": "contract", "fte": "perm", "both": "either", "any": "either",
                 "perms": "perm", "contracts": "contract"}
_SPAN = re.compile(r"^(\d{1,5})\s*(d|days?|w|wks?|weeks?|m|mos?|months?)?$", re.IGNORECASE)
_SPAN_DAYS = {"d": 1, "w": 7, "m": 30}
EXAMPLES = {"seniority": "seniority:senior", "notice": "notice<2m", "type": "type:contract"}


class _Into(Protocol):  # search_query's builder, as far as these filters write to it
    typing: bool
    seniority: list[tuple[str, str]]
    notice: list[tuple[str, int]]
    job_types: set[str]
    problems: list[str]


def known(key: str, op: str) -> bool:
    kind = KEYS.get(key.lower())
    return kind == "notice" or (kind is not None and op == ":")


def wanted_type(value: str | None) -> str | None:
    """A typed wanted job type as stored: "Contract" -> "contract", "both" -> "either"; "" -> None.
    Raises ValueError naming the choices for anything else."""
    v = (value or "").strip().casefold()
    if not v:
        return None
    v = _TYPE_ALIASES.get(v, v)
    found = [t for t in WANTED_TYPES if t.startswith(v)] if len(v) >= 2 else []
    if len(found) != 1:
        raise ValueError("use perm, contract or either")
    return found[0]


def add(into: _Into, shown: str, key: str, op: str, value: str, typing_last: bool) -> None:
    """Read one filter (``value`` stripped) into the builder, or name the problem."""
    kind = KEYS[key.lower()]
    if not value or (kind != "notice" and not _values(value)):  # "type:," names nothing either
        if not typing_last:
            into.problems.append(f"{shown} needs a value, e.g. {EXAMPLES[kind]}")
        return
    if kind == "notice":
        _notice(into, shown, op, value, typing_last)
    elif kind == "type":
        for v in _values(value):
            t = _TYPE_ALIASES.get(v, v)
            found = [n for n in (*JOB_TYPES, "either") if n.startswith(t)] if len(t) >= 2 else []
            if len(found) == 1:
                into.job_types.update(JOB_TYPES if found[0] == "either" else found)
            elif not (typing_last and (len(t) < 2 or found)):
                into.problems.append(f"{shown}: use type:contract or type:perm")
    else:
        _seniority(into, shown, value, typing_last)


def _values(value: str) -> list[str]:
    return [v.strip() for v in re.split(r"[,|]", value.casefold()) if v.strip()]


def _notice(into: _Into, shown: str, op: str, value: str, typing_last: bool) -> None:
    hint = f"{shown}: use notice<… with days, weeks or months like notice<2m, notice<=4w or notice=0"
    if op == ":":
        into.problems.append(hint)
        return
    m = _SPAN.match(value)
    if not m:
        if not (typing_last and value.isdigit()):
            into.problems.append(hint)
        return
    days = int(m.group(1)) * _SPAN_DAYS[(m.group(2) or "d")[0].lower()]
    if days > 3650:
        into.problems.append(hint)
        return
    into.notice.append((op, days))


def _seniority(into: _Into, shown: str, value: str, typing_last: bool) -> None:
    from deskcrm.domain import vocabulary

    vocab = vocabulary.current()
    levels = list(vocab.headline)
    for v in _values(value):
        key = vocabulary.key_of(v.replace("-", " ").replace("_", " "))
        level = vocab.seniority(key) or vocab.seniority(v) or (v if v in levels else None)
        if level is None and len(v) >= 2:
            starts = [lv for lv in levels if lv.startswith(v)]
            level = starts[0] if len(starts) == 1 and not typing_last else None
            if typing_last and starts:
                continue  # still being typed: "seniority:sen" on its way to senior
        if level is None:
            if not (typing_last and len(v) < 2):
                into.problems.append(f"{shown}: use {', '.join(levels)}")
            continue
        into.seniority.append((level, vocab.headline.get(level, level)))
