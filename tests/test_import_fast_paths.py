"""The import's fast paths give what the plain ones give (property tests; no database).

- ``imports.mapper`` (cells as a list, columns looked up once a file) == ``imports.mapped``;
- ``plan.NameIndex`` (names filed with their words sorted, each filed list scored in place)
  finds the best ``token_sort_ratio`` among the names sharing a word's start, as a plain scan;
- a phone cell already written as the desk writes it: the norm ``read_person`` takes without a
  regex is ``validate.phone_norm`` of ``cells.phone``'s value;
- ``names.name_of``'s short path for a two-word name == the plain lines every name took before;
- ``created_rows.runs``' one-run path == its loop over every key.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from deskcrm.domain import validate
from deskcrm.store import created_rows
from deskcrm.store.imports import Mapping, MappedRow, SourceRow, cells, mapped, mapper, names
from deskcrm.store.imports.plan import NAME_SCORE, NameIndex, name_of
from deskcrm.store.imports.rows import read_person

_TARGETS = st.sampled_from(["", "email", "phone", "notes", "custom:Referrer", "custom:Rate"])
_CELL = st.sampled_from(["", "a", "b c", "[bold]x[/]", "\x1b[2J"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_TARGETS, _CELL), min_size=1, max_size=7), st.booleans())
def test_mapper_is_mapped(columns, absent):
    header = [f"col{i}" for i in range(len(columns))]
    targets = {h: t for h, (t, _) in zip(header, columns)}
    if absent:
        targets["not in the file"] = "email"
    mapping = Mapping("people", "generic", targets)
    row = [c for _, c in columns]
    assert mapper(mapping, header)(7, row) == mapped(SourceRow(7, dict(zip(header, row))), mapping)


_WORD = st.text(alphabet="abdeiklmnosu", min_size=1, max_size=7)
_NAME = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(_NAME, max_size=30), _NAME)
def test_name_index_finds_the_best_close_name(names, query):
    index = NameIndex()
    for n, name in enumerate(names):
        index.add("acme", name_of(name), n)
    q = name_of(query)
    sharing = [name for name in dict.fromkeys(names) if set(name_of(name).starts) & set(q.starts)]
    best = max((fuzz.token_sort_ratio(q.folded, name_of(n).folded) for n in sharing), default=0)
    hit = index.best("acme", q)
    if best < NAME_SCORE:
        assert hit is None
    else:
        assert hit is not None and hit[1] == best
        assert fuzz.token_sort_ratio(q.folded, name_of(names[hit[0]]).folded) == best
    assert index.best("other company", q) is None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="0123456789", min_size=1, max_size=5), min_size=1, max_size=5), st.booleans())
def test_a_written_phone_reads_as_the_plain_path_does(groups, padded):
    text = "+" + " ".join(groups)
    cell = f"  {text} " if padded else text
    try:
        plain = cells.phone(cell)
    except validate.Invalid:
        return
    person = read_person(MappedRow(2, {"full_name": "Ana [bold]Li", "phone": cell}), "people", {})
    assert (person.phone, person.phone_norm) == (plain, validate.phone_norm(plain) or None)
    assert person.name == "Ana [bold]Li"


def _name_of_plainly(text: str) -> tuple:
    """``names.name_of`` as it was written first: every name through the same lines."""
    folded = names.fold(text)
    words = folded.split()
    starts = [w[:3] for w in words if len(w) >= 2]
    starts = tuple(dict.fromkeys(starts) if len(starts) > 1 else starts) or (folded[:3],)
    return folded, " ".join(sorted(words)), starts


_NAME_TEXT = st.lists(st.sampled_from(["a", "ab", "abc", "abd", "Ana", "ANA", "Zoë", "zoe", "Émile", "o'neil", "x-y",
                                       "[/]", "\x1b[31m", "\u202eevil", "ß"]), max_size=4).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(_NAME_TEXT | st.text(max_size=12), st.sampled_from(["", " ", "  ", "\t"]))
def test_a_name_folds_as_the_plain_lines_fold_it(text, pad):
    """A two-word name's short path (``name_of``, once a row of a file) gives what every name got before."""
    assert tuple(name_of(pad + text + pad)) == _name_of_plainly(pad + text + pad)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 40), max_size=12) | st.tuples(st.integers(0, 9), st.integers(0, 20)).map(
    lambda t: list(range(t[0], t[0] + t[1]))), st.randoms())
def test_created_keys_run_as_the_plain_loop_runs_them(ids, rnd):
    """``created_rows.runs``' one-run path (an import's chunk of new ids) == the loop over every key."""
    rnd.shuffle(ids)
    plain: list[list[int]] = []
    for i in sorted(ids):
        if plain and plain[-1][1] + 1 == i:
            plain[-1][1] = i
        else:
            plain.append([i, i])
    assert created_rows.runs(ids) == plain
