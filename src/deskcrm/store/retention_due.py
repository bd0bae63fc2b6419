"""Who is due for a retention review today (issue 14): the SQL form of ``domain.retention.review_on``.

A candidate's data is reviewed one period after the latest of what keeps it (``domain.retention``):

- ``contact``: never placed — ``retention_months`` after their last contact (never contacted: the
  day they were added), unless a review came on or after it;
- ``review``: kept at a review (a consent-ledger ``review`` entry, ``retention_review.keep``) —
  ``retention_months`` after the latest review, when it came after the last contact (never placed)
  or after the latest placement's start (placed);
- ``placed``: placed — ``placement_retention_years`` after the latest placement's start, unless a
  review came after it.

Each candidate falls in exactly one of the three (the conditions are each other's complements) and
is due when that day lies in ``[today - retention_horizon_days, today]``. Each part reads only its
window from an index: ``last_contact_at`` and the never-contacted partial index, the ledger's
``review`` entries by day (``ix_consent_entry_review``, migration 0021), placements by start
(``ix_placement_start``). Only candidates count (a profile), so an erased person never does.

Due today shows the count as ONE item (:func:`count`, which stops past a cap); the review list pages
them (:func:`page`): the stale by contact first, then the kept, then the placed, newest first in each.
"""

from __future__ import annotations

from datetime import date, timedelta

from deskcrm.domain.due import DueSettings
from deskcrm.domain.pipeline_rules import DEAD_PLACEMENT_STATUSES, LIVE_PLACEMENT_STATUSES
from deskcrm.domain.retention import add_months
from deskcrm.store.db import Connection
from deskcrm.store.due_store import NEVER_CONTACTED  # the due list's own hint for that index
from deskcrm.store.values import ds, midnight, ts

WHY = ("contact", "review", "placed")  # the page's order

# A candidate (a profile: an erased person has none), probed per person in the window.
_CANDIDATE = "EXISTS (SELECT 1 FROM candidate_profile c WHERE c.person_id = {p})"
_NEVER_PLACED = "NOT EXISTS (SELECT 1 FROM placement x WHERE x.person_id = {p})"
# A review on or after ``{since}`` (a stored date against a stored time: the review's midnight is
# not before the time, so a review the same day as the contact does not count as after it).
_REVIEWED_SINCE = ("EXISTS (SELECT 1 FROM consent_entry e WHERE e.person_id = {p} AND e.kind = 'review'"
                   " AND e.on_date >= {since})")
_REVIEWED_AFTER = ("EXISTS (SELECT 1 FROM consent_entry e WHERE e.person_id = {p} AND e.kind = 'review'"
                   " AND e.on_date > {since})")

_STATUSES = (*LIVE_PLACEMENT_STATUSES, *DEAD_PLACEMENT_STATUSES)  # every status: ix_placement_start's ranges
_IN_STATUSES = ", ".join(f"'{s}'" for s in _STATUSES)


def _parts() -> dict[str, str]:
    """Each part's SELECT of ``(person id, the day it runs from)``."""
    q = "q.id"
    contact_kept = f"{_CANDIDATE.format(p=q)} AND {_NEVER_PLACED.format(p=q)}"
    contact = f"""
        SELECT q.id AS id, q.last_contact_at AS since FROM person q
         WHERE q.last_contact_at >= :lo AND q.last_contact_at < :hi AND {contact_kept}
           AND NOT {_REVIEWED_SINCE.format(p=q, since='q.last_contact_at')}
        UNION ALL
        SELECT q.id, q.created_at FROM person q {NEVER_CONTACTED}
         WHERE q.last_contact_at IS NULL AND q.created_at >= :lo AND q.created_at < :hi AND {contact_kept}
           AND NOT {_REVIEWED_SINCE.format(p=q, since='q.created_at')}"""
    e = "r.person_id"
    review = f"""
        SELECT r.person_id AS id, r.on_date AS since FROM consent_entry r INDEXED BY ix_consent_entry_review
         WHERE r.kind = 'review' AND r.on_date >= :review_lo AND r.on_date <= :review_hi
           AND NOT EXISTS (SELECT 1 FROM consent_entry f WHERE f.person_id = r.person_id AND f.kind = 'review'
                            AND (f.on_date > r.on_date OR (f.on_date = r.on_date AND f.id > r.id)))
           AND {_CANDIDATE.format(p=e)}
           AND NOT EXISTS (SELECT 1 FROM placement x WHERE x.person_id = r.person_id AND x.start_date >= r.on_date)
           AND (EXISTS (SELECT 1 FROM placement x WHERE x.person_id = r.person_id)
                OR EXISTS (SELECT 1 FROM person q WHERE q.id = r.person_id
                            AND coalesce(q.last_contact_at, q.created_at) <= r.on_date))"""
    placed = f"""
        SELECT pl.person_id AS id, pl.start_date AS since FROM placement pl
         WHERE pl.status IN ({_IN_STATUSES}) AND pl.start_date >= :placed_lo AND pl.start_date <= :placed_hi
           AND NOT EXISTS (SELECT 1 FROM placement y WHERE y.person_id = pl.person_id
                            AND (y.start_date > pl.start_date OR (y.start_date = pl.start_date AND y.id > pl.id)))
           AND {_CANDIDATE.format(p='pl.person_id')}
           AND NOT {_REVIEWED_AFTER.format(p='pl.person_id', since='pl.start_date')}"""
    return {"contact": contact, "review": review, "placed": placed}


def window(today: date, s: DueSettings) -> dict[str, str]:
    """The bounds of each part: its day plus its period falls in ``[today - horizon, today]``."""
    late = today - timedelta(days=s.retention_horizon_days)
    months, placed = -s.retention_months, -12 * s.placement_retention_years
    return {
        "lo": ts(midnight(add_months(late, months))),
        "hi": ts(midnight(add_months(today, months) + timedelta(days=1))),
        "review_lo": ds(add_months(late, months)),
        "review_hi": ds(add_months(today, months)),
        "placed_lo": ds(add_months(late, placed)),
        "placed_hi": ds(add_months(today, placed)),
    }


def count(conn: Connection, today: date, s: DueSettings, cap: int) -> int:
    """How many candidates are due for review, counted up to ``cap`` + 1 (then "more than cap")."""
    parts = _parts()
    counted = " + ".join(f"(SELECT count(*) FROM ({parts[w]} LIMIT :cap) AS {w})" for w in WHY)
    total = conn.execute(f"SELECT {counted}", {**window(today, s), "cap": cap + 1}).fetchone()[0]
    return min(cap + 1, total)


def page_sql() -> str:
    """``(id, why, since)`` of one page, in the list's order (for ``retention_review.page``)."""
    parts = _parts()
    union = " UNION ALL ".join(f"SELECT d.id, {n} AS why, d.since FROM ({parts[w]}) AS d" for n, w in enumerate(WHY))
    return f"SELECT id, why, since FROM ({union}) AS due ORDER BY why, since DESC, id LIMIT :limit OFFSET :offset"
