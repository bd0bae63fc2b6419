"""A query taken apart, for a search that found no one (``store.search_partial``), and the
sentences that say so. Pure: no SQL, no Textual.

A query's *parts* are its free-text words — each phrase one part ("berlin", "machine
learning"): all must match — and its filters, each one part: ``skill:…`` and ``tag:…`` and
``role:…`` one per value (all must hold), ``city:…`` all its values one part (any may match),
``status:`` and ``owner:`` one part each, ``salary`` and ``avail`` one per comparison. Each part
has a label spelled as the recruiter would type it (``salary<60k``, ``status:placed``,
``skill:"machine learning"``) and the query without it (:func:`filters`).

    terms(q)              -> the free-text parts, in the order typed
    filters(q)            -> [Filter(label, q without it, it alone, indexed)]
    only(q, 0)            -> the first word alone
    headline(...)         -> "No one matches all 3 words — 214 match 2 of them"
    advice(...)           -> "Nothing in the desk has zzzq — check the spelling · salary<60k removed 412"
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from deskcrm.domain.search_query import Phrase, Query

__all__ = ["Filter", "advice", "filters", "headline", "label", "only", "terms"]


def label(phrase: Phrase) -> str:
    """A free-text part as typed: its words ("machine learning")."""
    return phrase.label


def terms(query: Query) -> list[str]:
    """The labels of the free-text parts, in the order typed."""
    return [label(t) for t in query.terms]


def _phrase_value(phrase: Phrase) -> str:
    text = label(phrase)
    return f'"{text}"' if len(phrase.words) > 1 else text


def _amount(amount: float) -> str:
    """60000 -> 60k, 2000000 -> 2m, 62500 -> 62.5k, 950 -> 950: exact, as a recruiter types it."""
    for size, suffix in ((1e6, "m"), (1e3, "k")):
        if amount >= size and (amount * 10) % size == 0:
            return f"{amount / size:g}{suffix}"
    return f"{amount:g}"


@dataclass(frozen=True)
class Filter:
    """One filter of a query: its label, the query without it, and it alone (no words, no
    other filter). ``indexed``: a ``skill:`` or ``city:`` part, which the text index answers."""

    label: str
    without: Query
    alone: Query
    indexed: bool = False


def filters(query: Query) -> list[Filter]:
    """Each filter of ``query``. Phones and emails are not looked up again (``contacts``
    emptied): they are free-text words here like any other."""
    q = replace(query, contacts=())
    bare = Query()
    out: list[Filter] = []
    for i, s in enumerate(q.skills):
        out.append(Filter(f"skill:{_phrase_value(s)}", replace(q, skills=q.skills[:i] + q.skills[i + 1:]),
                          replace(bare, skills=(s,)), True))
    if q.cities:
        out.append(Filter(" ".join(f"city:{_phrase_value(c)}" for c in q.cities), replace(q, cities=()),
                          replace(bare, cities=q.cities), True))
    if q.seniority:  # an index word too (the seniority's, or the headline's): any level may match
        out.append(Filter("/".join(dict.fromkeys(level for level, _ in q.seniority)), replace(q, seniority=()),
                          replace(bare, seniority=q.seniority), True))
    for i, t in enumerate(q.tags):
        out.append(Filter(f"tag:{t.value}", replace(q, tags=q.tags[:i] + q.tags[i + 1:]), replace(bare, tags=(t,))))
    if q.statuses:
        out.append(Filter("status:" + ",".join(sorted(q.statuses)), replace(q, statuses=frozenset()),
                          replace(bare, statuses=q.statuses)))
    if q.owners:
        out.append(Filter("owner:" + ",".join(o.lower() if o == "me" else o for o in q.owners),
                          replace(q, owners=()), replace(bare, owners=q.owners)))
    for role in sorted(q.roles):
        out.append(Filter(f"role:{role}", replace(q, roles=q.roles - {role}), replace(bare, roles=frozenset({role}))))
    for i, (op, amount) in enumerate(q.salary):
        out.append(Filter(f"salary{op}{_amount(amount)}", replace(q, salary=q.salary[:i] + q.salary[i + 1:]),
                          replace(bare, salary=((op, amount),))))
    for i, (op, days) in enumerate(q.avail):
        out.append(Filter(f"avail{op}{days}d", replace(q, avail=q.avail[:i] + q.avail[i + 1:]),
                          replace(bare, avail=((op, days),))))
    for i, (op, days) in enumerate(q.notice):
        out.append(Filter(f"notice{op}{days}d", replace(q, notice=q.notice[:i] + q.notice[i + 1:]),
                          replace(bare, notice=((op, days),))))
    if q.job_types:
        out.append(Filter("type:" + ",".join(sorted(q.job_types)), replace(q, job_types=frozenset()),
                          replace(bare, job_types=q.job_types)))
    for i, c in enumerate(q.custom):  # the desk's own fields (domain.custom_query): one part each
        out.append(Filter(c.label, replace(q, custom=q.custom[:i] + q.custom[i + 1:]), replace(bare, custom=(c,))))
    return out


def only(query: Query, index: int) -> Query:
    """The free-text part number ``index`` alone: no other word, no filter."""
    return Query(source=label(query.terms[index]), terms=(query.terms[index],))


def _words(n: int) -> str:
    return "1 word" if n == 1 else f"{n:,} words"


def _count(n: int, about: bool) -> str:
    return f"≈ {n:,}" if about else f"{n:,}"


def headline(query: Query, *, met: int | None, matched: int, about: bool, missed: str, only_filter: str | None = None) -> str:
    """The count line of a search that found no one.

    ``met``: how many free-text parts the partial rows meet (None: no partial rows);
    ``matched``: how many people those are (``about``: an estimate); ``missed``: what the rows
    miss — "words", "filters" or "both"; ``only_filter``: the one filter they all miss."""
    n = len(query.terms)
    if n == 0:
        subject = "these filters"
    elif n == 1:
        subject = f"“{label(query.terms[0])}”" + (" and the filters" if query.has_filters else "")
    else:
        subject = ("both words" if n == 2 else f"all {n} words") + (" and filters" if query.has_filters else "")
    head = f"No one matches {subject}"
    if met is None or matched == 0:
        return head
    many = _count(matched, about)
    if missed == "words":
        tail = f"{many} match {met} of them" if n > 1 else f"{many} match without it"
    elif missed == "filters":
        tail = f"{many} match without {only_filter}" if only_filter else f"{many} match without one of the filters"
    else:
        tail = f"{many} match all but one word or filter"
    return f"{head} — {tail}"


def advice(nowhere: Sequence[str], removed: Mapping[str, tuple[int, bool]], *, has_rows: bool) -> str:
    """What to do next, one line: the words nothing in the desk has, the filters that removed
    the most (``removed``: label -> (count, an estimate)), and a suggestion."""
    out: list[str] = []
    if nowhere:
        quoted = " or ".join(f"“{w}”" for w in nowhere)
        out.append(f"Nothing in the desk has {quoted} — check the spelling or try another word")
    worst = sorted(((c, about, f) for f, (c, about) in removed.items() if c), key=lambda x: (-x[0], x[2]))
    if worst:
        out.append(" · ".join(f"{f} removed {_count(c, about)}" for c, about, f in worst[:3]) + " — drop a filter")
    if not out:
        out.append("Check the spelling, shorten a word, or remove a filter"
                   if not has_rows else "The people below miss a part of the query (see Missing)")
    return " · ".join(out)
