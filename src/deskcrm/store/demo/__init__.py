"""``deskcrm demo``: a realistic, deterministic demo database, built fast.

Same ``seed`` + ``candidates`` + ``today`` ⇒ the same database content. Everything is dated
relative to ``today`` (never the wall clock), so every rule of the due-today list has a few
items on that day and the list stays a believable size (DESIGN.md §1 "Due today"):

- most records are history (guarantee passed, check-ins done, fees paid) or comfortably in the
  future; start dates of ordinary placements are drawn so that no check-in, guarantee end or
  invoice lands in a due window by accident;
- a small, N-scaled set of *curated* records lands exactly in each window: check-ins today /
  overdue / this week, guarantees ending (one ended two days ago), invoices overdue / due,
  interviews today / tomorrow / this week, client check-ins overdue, candidates going cold,
  Art. 14 notices due and consents expiring.

Plain ``sqlite3`` + ``random``: no SQLModel/SQLAlchemy/Textual at import time. Rows are built
as tuples in Python and written with ``executemany`` in ONE transaction; the secondary indexes
are made after the rows while a thread builds the FTS index from a staged copy of its columns
(``search_build``: the two on both cores), then ``ANALYZE``. The demo writes no journal events
(it is a seed, not a user action).

The generator is a small package: ``build`` (checks, pragmas, the one transaction, progress and
the phase order), ``base`` (random sequence, date and word tables, helpers), ``companies``,
``placements``, ``pipeline``, ``people`` (candidates and contacts), ``due_windows`` (the curated
records), ``insert`` (bulk writing), ``search_build`` (the search index beside the writer), and
the word lists in ``words`` and ``texts``.
"""

from deskcrm.store.demo.build import DemoReport, build_demo

# The generator class, re-exported for tests that patch its phases.
from deskcrm.store.demo.build import _Demo as _Demo

__all__ = ["DemoReport", "build_demo"]
