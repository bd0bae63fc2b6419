"""The search screen's worker side: what a worker does and the messages it posts. The
connections it runs on (reused, one per running query, interruptible) are ``work.search_pool``'s.

A worker reads a page and posts it — each row with what makes its cells, made when the table
first draws the row (a page is 100 people, a screen shows ~32; the cells of a whole page cost
more than the query at 100k) — with the store's estimate of the count (free, from where the
page ended), and — for a first page that is not the whole answer — counts every match exactly
as a second step (unless the screen already knows the count of this very query: ``known``).
Between steps it checks whether it was cancelled (a newer keystroke); the screen also drops
anything posted for a query that is no longer the current one (sequence numbers).
A first page that finds no one is not a dead end: before it is posted, the same worker asks
``store.search_partial`` for the best partial matches (``Found.dead``; a newer keystroke
interrupts it as it does the page), each row's cells with what it misses.
A stale query interrupted by a newer keystroke's (``SearchPool.interrupt_before``) gets the
store's ``Interrupted`` and posts nothing; any other store error is a ``SearchFailed``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message
from textual.worker import Worker

from deskcrm.screens import search_rows
from deskcrm.domain.search_query import Query
from deskcrm.store.errors import Interrupted, StoreError
from deskcrm.store.search import PersonRow
from deskcrm.store.search_partial import DeadEnd, dead_end, partial_page

if TYPE_CHECKING:
    from deskcrm.work.search_pool import SearchPool

Rows = list[tuple[PersonRow, Callable[[], tuple[Text, ...]]]]  # a row, and what makes its cells


class Found(Message):
    """A first page (``offset`` 0) or a next page of query number ``seq``."""

    def __init__(self, seq: int, offset: int, rows: Rows, more: bool, total: int | None,
                 problems: tuple[str, ...], keep: int | None, estimate: int | None = None,
                 corrected: tuple[tuple[str, str], ...] = (), dead: DeadEnd | None = None) -> None:
        super().__init__()
        self.seq, self.offset, self.rows, self.more = seq, offset, rows, more
        self.total, self.problems, self.keep = total, problems, keep
        self.estimate = estimate  # while ``total`` is None: about how many match
        self.corrected = corrected  # words that matched nothing, and what was searched (SearchPage.corrected)
        self.dead = dead  # no one matches it all: ``rows`` are the best partial matches


class Counted(Message):
    def __init__(self, seq: int, total: int) -> None:
        super().__init__()
        self.seq, self.total = seq, total


class SearchFailed(Message):
    def __init__(self, seq: int, message: str) -> None:
        super().__init__()
        self.seq, self.message = seq, message

class WhyFound(Message):
    """Which term hit which field, for ``person_id`` under query number ``seq``."""

    def __init__(self, seq: int, person_id: int, hits: tuple) -> None:
        super().__init__()
        self.seq, self.person_id, self.hits = seq, person_id, hits


def why(pool: SearchPool, worker: Worker, post: Callable[[Message], object], seq: int, query: Query,
        person_id: int, today: date, corrected: bool = False) -> None:
    """The why of ONE row (``store.search_order.why``: one index row read), posted as a message;
    a failure leaves the line empty (the search itself reports store errors)."""
    try:
        with pool.use(seq, today) as backend:
            hits = backend.why(query, person_id, corrected=corrected)
    except (Interrupted, StoreError, OSError):
        return
    if not worker.is_cancelled:
        post(WhyFound(seq, person_id, hits))


def run(pool: SearchPool, worker: Worker, post: Callable[[Message], object], seq: int, query: Query, *,
        ranked: bool, today: date, colours: dict[str, str], limit: int, offset: int = 0,
        keep: int | None = None, known: int | None = None, dead: DeadEnd | None = None) -> None:
    """One page of ``query`` (then, for a first page, the count), posted as messages.
    ``known``: the count of this query, already known (not counted again). ``dead``: the dead
    end shown (a next page of it is its next partial matches)."""
    try:
        with pool.use(seq, today) as backend:
            if dead is not None and offset > 0:  # the next partial matches: read by id, nothing searched again
                found = partial_page(backend, dead, offset=offset, limit=limit)
                rows = [(p.row, partial(search_rows.cells, p.row, today, colours, p.missing)) for p in found]
                more = offset + limit < len(dead.order)
                post(Found(seq, offset, rows, more, 0, (), None, None, (), dead))
                return
            page = backend.search(query, limit=limit, offset=offset, ranked=ranked)
            if worker.is_cancelled:
                return
            rows = [(r, partial(search_rows.cells, r, today, colours)) for r in page.rows]
            dead = None
            if offset == 0 and not rows and not query.is_empty:  # no one matches it all: the nearest
                dead = dead_end(backend, query, limit=limit, ranked=ranked, stop=lambda: worker.is_cancelled)
                rows = [(p.row, partial(search_rows.cells, p.row, today, colours, p.missing)) for p in dead.rows]
                if worker.is_cancelled:
                    return
            more = len(rows) == limit and (dead is None or len(dead.order) > limit)  # partial matches page too
            total = page.total if page.total is not None else (None if more or offset else len(rows))
            if total is None and offset == 0 and known is not None:
                total = known
            estimate = page.estimate if total is None else None
            if dead is not None:
                total = 0
            post(Found(seq, offset, rows, more, total, page.problems, keep, estimate, page.corrected, dead))
            if offset == 0 and total is None and not worker.is_cancelled:
                total = backend.count(query)
                if not worker.is_cancelled:
                    post(Counted(seq, total))
    except Interrupted:  # a newer keystroke's query took over: nothing to post
        pass
    except (StoreError, OSError) as exc:
        from deskcrm.work.writes import error_message

        post(SearchFailed(seq, error_message(exc)))
