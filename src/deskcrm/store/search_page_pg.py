"""A page of person search on PostgreSQL in ONE statement (``store.search`` on a server).

On SQLite a page is one query and its contact roles a second, both in-process: they cost
microseconds. On a server every statement is a round trip, so a keystroke's page comes back
whole from one statement that carries, beside the page's rows (``store.search._COLUMNS``):

- ``top``: the highest person id (the full page's estimate of the count, ``SearchPage.estimate``);
- ``roles``: each row's contact roles as a JSON list of ``[company, left]``, newest first, the
  current before the former (what ``store.search`` otherwise reads in a second query).

An unranked text page is found in up to four steps, each run only when the one before fell
short (a one-time filter on the earlier step's count, a's count tested first: a step that does
not run is not scanned), all in the statement:

1. walk the index's first ``FIRST`` ids (``TsVector.walk``) in id order, testing each row: a
   common word or prefix ("se", "python") fills the page here, in well under a millisecond;
2. walk on past them (``TsVector.walk_on``: their rows are not read again; on a later page,
   from the first id), up to the first ``SECOND`` ids, when that is cheaper than step 4 by the
   first walk's counts (below): a word of middling frequency ("python berl",
   '"machine learning'), or common words with a filter ("status:active skill:ja"); the page
   is then a's rows and b's. With a short prefix (``wide``: "senior nu", "accountant sa") on a
   desk of ``LONG_FROM`` people or more, up to ``LONG`` ids when the first walk found anybody:
   GIN reads every word under such a prefix into one bitmap (35-45 ms at 1M), a walk of the
   page's ~3,000-15,000 rows costs 1.5-4 ms;
3. with filters, when the words match 1 row in ``DENSE_WORDS`` or more but the filters keep
   few of them ("se status:dnc tag:relocation"): walk every id (reading every match of the
   words from the bitmap would cost more than reading every row);
4. otherwise, or when the second walk too falls short (a rare word: "sap fico",
   "accountant sal"), the whole query: the GIN bitmap of every match of the words, sorted by
   id (``+ 0``: no walk), the page joined (``TsVector.matched_ids``), or with filters the
   matches' ids sorted first and the filters tested in id order until the page is full
   (``TsVector.sorted_matches``).

The cost model: a walk costs about 0.5 µs per row and fills the page after ``page / d`` rows
(``d``: the share of rows that match the whole query, ``a / FIRST`` in the first walk); the
bitmap costs about 5 µs per match of the WORDS (each is read from the table to learn its id,
then filtered), ``N * w`` of them (``w``: the words' share, ``t / FIRST``; without filters
``t = a``; ``N``: the highest person id), and more where a word is common (GIN ANDs the
words' whole lists). The walk is taken when ``a * t * N >= WALK_ON`` (= page * FIRST² / 10 =
1.25M) with two matches or more in the first walk: at 100k people 4 in the first 500 rows, at
1M 2. One match or none is a noisy guess: at 1M "senior nurs" and "anna" (one each) fill the
page in 3,000-7,000 rows, 1.5-2 ms, where their bitmaps cost 25-40 ms, while "skill:python
sala" (one too) falls short at 20,000 rows. Without filters the words' counts decide then
(``store.search_estimate``, ``GUESS_ON``).
With filters each match of the words is also looked up in the candidate profile (about 10 µs
a match in all): half that threshold ("accountant salary<70k": 1 in 500, the words 8 in 500,
a walk of 8,805 rows, 4 ms, not 1,627 matches looked up, 15-40 ms).

    WITH a AS MATERIALIZED (<walk FIRST>),
         na AS MATERIALIZED (<count(a)>), m AS MATERIALIZED (<the highest person id>),
         [t AS MATERIALIZED (<count of the words' matches among the first FIRST ids>),]
         b AS MATERIALIZED (SELECT * FROM (<walk on past FIRST, to SECOND or LONG>) AS x
                            WHERE <count(a)> < :page AND (<long> OR <count(a)> * <t> * <N> >= WALK_ON)
                            LIMIT :page - <count(a)>),
         nb AS MATERIALIZED (<count(b)>),
         [c AS MATERIALIZED (SELECT * FROM (<walk ALL>) AS x WHERE <a, a+b short> AND <t dense>),]
         u AS MATERIALIZED (
            SELECT * FROM a WHERE <count(a)> >= :page
            UNION ALL SELECT * FROM a WHERE <count(a)> < :page AND <count(a+b)> >= :page
            UNION ALL SELECT * FROM b WHERE <count(a)> < :page AND <count(a+b)> >= :page
            [UNION ALL SELECT * FROM c WHERE <count(a)> < :page AND <count(c)> > 0]
            UNION ALL SELECT * FROM (<the whole query>) AS r WHERE <a, a+b short> AND NOT <t dense>)
    SELECT u.*, <top>, <roles> FROM u LEFT JOIN (<the roles of u's people, one read>) ORDER BY u.id

(every unranked page is in person-id order). With a typed word of three letters or more the walks
go over the people holding the typed words' first three letters instead of every id
(``store.search_prefix``: ``person_prefix``, an index-only scan in id order), the second walk
shorter and taken by the first walk's share of matches alone (``second``): the same rows. Any
other page is ``SELECT u.*, <top>, <roles> FROM (<the page>) AS u``, its roles a subquery per row: the page's own order is kept (its
subquery is sorted and limited, so it is scanned as it is). Nothing here imports a driver.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["ALL", "DENSE_WORDS", "FIRST", "GUESS_ON", "LONG", "LONG_FROM", "SECOND", "WALK_ON", "Walks", "statement",
           "walks_in"]

FIRST = 500  # ids walked first
SECOND = 20_000  # ids walked at most in the second walk
WALK_ON = 1_250_000  # a * t * N from which the second walk is cheaper than the bitmap (see above)
ALL = 2**31 - 1  # the third walk (with filters): every id
DENSE_WORDS = 10  # with filters: t * DENSE_WORDS >= FIRST (the words match 1 row in 10 or more): walk all
# a first walk with one match or none walks on when the words' guessed matches M (store.search_estimate)
# have M² >= GUESS_ON × N: the walk's page / M × N rows (0.3-0.8 µs each) against M matches
# read from the bitmap (~2.5 µs each), the guess high by up to 5x (words taken as independent).
# At 1M: M >= 4,000 ("senior nurs" 39k, "anna" 7k: walk; "skill:python sala" ~0: the bitmap);
# on a desk of LONG_FROM people or more (below it a bitmap of the few a first walk suggests is cheap)
GUESS_ON = 16
LONG = 100_000  # a short prefix's walk (``wide``): the ids walked at most, instead of SECOND
# a walk of candidates (``second``) walks on when its first walk's share of matches fills the
# page in 1/FILL of the second walk (its cost ~2 µs a row: a page short of it reads the bitmap too)
FILL = 1.5
LONG_FROM = 1_000_000  # ... on a desk whose highest person id is this or more (LONG: a tenth of it at most)

_TOP_SQL = "(SELECT coalesce(max(id), 0) FROM person)"  # the highest person id (the estimate's)
_EXTRAS = (
    f", {_TOP_SQL} AS top"
    ", (SELECT json_agg(json_build_array(c.name, r.left_at IS NOT NULL)"
    " ORDER BY r.left_at IS NOT NULL, r.id DESC)"
    " FROM contact_role AS r JOIN company AS c ON c.id = r.company_id WHERE r.person_id = u.id) AS roles"
)

# The same for a page in id order, its rows a CTE ``u``: the roles of all its people read at
# once and joined (not a subquery run per row: ~0.03 ms of the server's ~0.35 for "py" at 1M)
_PAGE_EXTRAS = (
    f", {_TOP_SQL} AS top, ro.roles FROM u LEFT JOIN ("
    "SELECT r.person_id, json_agg(json_build_array(c.name, r.left_at IS NOT NULL)"
    " ORDER BY r.left_at IS NOT NULL, r.id DESC) AS roles"
    " FROM contact_role AS r JOIN company AS c ON c.id = r.company_id"
    " WHERE r.person_id = ANY(ARRAY(SELECT id FROM u)) GROUP BY r.person_id) AS ro ON ro.person_id = u.id"
    " ORDER BY u.id"
)

Planned = tuple[str, list[object]]
# (the page over the first ids [past the first ``after``], the words' count over the first ids)
Walks = tuple[Callable[..., Planned | None], Callable[[int], Planned | None]]


_WALKS = "WITH a AS MATERIALIZED ("  # how a statement of walks starts: its first CTE, a (walks_in)


def statement(page: Planned, walks: Walks | None, rows: int, *, wide: bool = False,
              guess: Callable[[str], Planned | None] | None = None, second: int | None = None) -> Planned:
    """The one statement for ``page`` (its SQL and parameters), tried first as ``walks`` (the
    query over the first ids, and the count of the words' matches among them — None without
    filters); ``rows``: how many rows make a walk's answer complete (its LIMIT). ``wide``: a
    word is a short prefix (``TsVector.wide``), whose GIN bitmap reads every word under it: on a
    desk of ``LONG_FROM`` people or more, a first walk that finds anybody walks on up to
    ``LONG`` ids rather than read that bitmap. ``guess``: given the SQL of the highest id, an
    SQL expression of how many people match the words (``store.search_estimate``): without
    filters, a first walk of one match or none walks on when the guess says the walk is cheaper
    (``GUESS_ON``). ``second``: a walk of candidates, each dearer than an id's row
    (``store.search_prefix``): the second walk's rows at most (instead of ``SECOND``), walked
    only where the first walk's share of matches fills the page within them (nor ``wide``, nor
    ``guess``)."""
    sql, params = page
    rows = int(rows)  # written into the statement, as every number of it: see above
    walk, words = walks if walks is not None else (None, None)
    first = walk(FIRST) if walk is not None else None
    if first is None:
        return f"SELECT u.*{_EXTRAS} FROM ({sql}) AS u", list(params)
    counted = words(FIRST) if words is not None else None
    whole = walk(ALL) if counted is not None else None
    # each count and the highest id made once, in a CTE of one row that every test reads (written
    # in each test, a subquery is an InitPlan of its own: twelve aggregates of a, five backward
    # scans of person's key, each set up at every run and the executed ones each scanning again)
    count_a, top = "(SELECT n FROM na)", "(SELECT top FROM m)"
    ctes: list[str] = ["na AS MATERIALIZED (SELECT count(*) AS n FROM a)",
                       "m AS MATERIALIZED (SELECT coalesce(max(id), 0) AS top FROM person)"]
    values = [*first[1]]
    words_a, dense = count_a, "FALSE"
    if counted is not None:
        ctes.append(f"t AS MATERIALIZED ({counted[0]})")
        values += counted[1]
        words_a, dense = "(SELECT * FROM t)", f"(SELECT * FROM t) * {DENSE_WORDS} >= {FIRST}"
    # the second walk: SECOND ids, or LONG with a short prefix (``wide``) on a big desk when the
    # first walk found anybody; one step either way (its size an expression: one plan to start)
    go_long = f"{count_a} > 0 AND {top} >= {LONG_FROM}"
    size: int | str = f"(CASE WHEN {go_long} THEN {LONG} ELSE {SECOND} END)" if wide else SECOND
    walk_on = WALK_ON if counted is None else WALK_ON // 2
    when = f"{count_a} < {rows} AND " + (f"({go_long} OR " if wide else "(") + f"{count_a} * {words_a} * {top} >= {walk_on}"
    if second is not None:  # candidates: on when a's share of them fills the page well within the second walk
        size, when, guess = int(second), f"{count_a} < {rows} AND ({count_a} * {int(second)} >= {FILL * rows * FIRST}", None
    guessed = guess(top) if guess is not None and counted is None else None
    when_values = list(guessed[1]) if guessed is not None else []
    if guessed is not None:  # one match in 500 is a noisy guess of the rest: the words' counts say more
        when += (f" AND {count_a} >= 2 OR {top} >= {LONG_FROM} AND {guessed[0]} >= sqrt({float(GUESS_ON)} * {top})")
    when += ")"
    union = f"SELECT * FROM a WHERE {count_a} >= {rows}"
    on = walk(size, FIRST)  # going on past the first walk (None: a later page, walked from the start)
    if on is not None:  # the page's rest: a's rows and b's make the page
        ctes.append(f"b AS MATERIALIZED (SELECT * FROM ({on[0]}) AS x WHERE {when} LIMIT greatest(0, {rows} - {count_a}))")
        values += [*on[1], *when_values]
        count_ab = f"{count_a} + (SELECT n FROM nb)"
        union += f" UNION ALL SELECT * FROM a WHERE {count_a} < {rows} AND {count_ab} >= {rows}"
    else:
        again = walk(size)
        ctes.append(f"b AS MATERIALIZED (SELECT * FROM ({again[0]}) AS x WHERE {when})")
        values += [*again[1], *when_values]
        count_ab = "(SELECT n FROM nb)"
    ctes.append("nb AS MATERIALIZED (SELECT count(*) AS n FROM b)")  # read (and b scanned) only when a test needs it
    # a's count first: a one-time filter stops at its first false test, and b's InitPlans (b
    # scanned, its counts and the highest id read) run only when a test needs them
    union += f" UNION ALL SELECT * FROM b WHERE {count_a} < {rows} AND {count_ab} >= {rows}"
    short = f"{count_a} < {rows} AND {count_ab} < {rows}"  # a and a+b both short of the page
    if whole is not None:
        ctes.append(f"c AS MATERIALIZED (SELECT * FROM ({whole[0]}) AS x WHERE {short} AND {dense})")
        values += [*whole[1]]
        union += f" UNION ALL SELECT * FROM c WHERE {count_a} < {rows} AND (SELECT count(*) FROM c) > 0"
    union += f" UNION ALL SELECT * FROM ({sql}) AS r WHERE {short} AND NOT ({dense})"
    values += params
    ctes.append(f"u AS MATERIALIZED ({union})")
    return (f"{_WALKS}{first[0]}), {', '.join(ctes)} SELECT u.*{_PAGE_EXTRAS.replace(_TOP_SQL, top)}", values)


def walks_in(planned: Planned) -> bool:
    """Whether ``planned`` (a :func:`statement`) walks: its numbers are written into it and its
    words are an InitPlan, so ONE plan serves every run of its shape (``TsVector.run_page``).
    A page without walks (filters only, a later page of contacts) keeps a plan per run: its
    parameters are what tells an index scan from a walk."""
    return planned[0].startswith(_WALKS)
