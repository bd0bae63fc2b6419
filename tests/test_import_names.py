"""``names.NameIndex.best`` answers exactly as a brute-force scan (property test; no database):
over the names filed at the company that share a word's start with the name looked up — the
query's starts in their order, each start's names in the order they were filed — the first name
of the highest ``fuzz.ratio`` of the sorted forms, kept from NAME_SCORE: the same payload, the
same score, the same tie. Files and lookups interleave (as an import's rows do), lists grow past
the sizes where they are copied side by side, and a name is filed once per company unless the
index is made with ``once=False`` (a file's own pass)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from deskcrm.store.imports.names import NAME_SCORE, Name, NameIndex, name_of

_WORD = st.text(alphabet="abeilnoé", min_size=1, max_size=6)  # few letters: many close names, many ties
_NAME = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)
_STEP = st.tuples(st.sampled_from(["acme", "zeta"]), _NAME, st.booleans())  # (company, name, look it up first)


def _scan(filed: list[tuple[str, Name, int]], company: str, q: Name) -> tuple[int, float] | None:
    found, top = None, 0.0
    for start in q.starts:
        for at, name, payload in filed:
            if at == company and start in name.starts:
                score = fuzz.ratio(q.key, name.key)
                if score >= NAME_SCORE and score > top:
                    found, top = payload, score
    return None if found is None else (found, top)


@settings(max_examples=300, deadline=None)
@given(st.lists(_STEP, max_size=60), st.booleans())
def test_best_is_a_brute_force_scan(steps, once):
    index, filed, seen = NameIndex(once=once), [], set()
    for payload, (company, text, look) in enumerate(steps):
        name = name_of(text)
        if look:
            assert index.best(company, name) == _scan(filed, company, name)
        if not once or (company, name.folded) not in seen:
            seen.add((company, name.folded))
            filed.append((company, name, payload))
        index.add(company, name, payload)
    for company in ("acme", "zeta", "other"):
        for _, text, _ in steps[:10]:
            assert index.best(company, name_of(text)) == _scan(filed, company, name_of(text))


def test_a_score_exactly_at_the_cutoff_is_kept_and_ties_go_to_the_first_filed():
    index = NameIndex(once=False)
    index.add("acme", name_of("George Husahi-Petrov"), 1)  # 6 edits in 40 letters: exactly 85
    assert index.best("acme", name_of("George Nuzahu-Petrov")) == (1, 85.0)
    index.add("acme", name_of("Ana Bell"), 2)
    index.add("acme", name_of("Ana Belle"), 3)
    index.add("acme", name_of("Ana Bel"), 4)  # "ana bell" is as close to both as the first: the first wins
    assert index.best("acme", name_of("Ana Bell")) == (2, 100.0)
    assert index.best("acme", name_of("Ana Belly")) == (2, fuzz.ratio("ana belly", "ana bell"))
