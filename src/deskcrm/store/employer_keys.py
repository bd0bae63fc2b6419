"""``candidate_profile.employer_key``: a candidate's current employer (free text) folded as a
company's ``name_key`` is (``client_rules.company_key``: case, accents, punctuation and legal
form aside), indexed — so an import finds the desk's candidates at a company by its key (a close
name there is a likely duplicate) without reading every profile.

Kept in ONE place: :func:`keyed`, which ``journal.typed`` applies to every row the journal
writes (a form's save, a merge, an undo, a CV attached) and an import's new rows call through
``new_rows.profile_row``; :func:`fill` keys the rows already there (migration 0025, the demo's
generated desk). A copy (``db copy``) carries the column as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from deskcrm.domain.client_rules import company_key

TABLE = "candidate_profile"


_key = lru_cache(maxsize=1 << 14)(company_key)  # an import's file repeats its companies


def employer_key(employer: str | None) -> str | None:
    """The key of a current employer's name; None for none (or one with no letters)."""
    return _key(employer) if employer else None


def keyed(table: str, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` as written to ``table``: a candidate profile's ``employer_key`` with its
    ``current_employer`` whenever that is written."""
    if table != TABLE or "current_employer" not in values:
        return values
    return {**values, "employer_key": employer_key(values["current_employer"])}


def fill(execute: Callable[[str, list[tuple] | None], list[tuple]]) -> None:
    """Key every profile's current employer: each distinct name keyed once, then one UPDATE
    joined to a scratch table of (name, key) by its primary key — one pass on either engine.
    ``execute(sql, rows)`` runs ``sql`` (``?`` marks) once per row of ``rows``, or once with
    none when ``rows`` is None, and returns what it read."""
    names = [r[0] for r in execute("SELECT DISTINCT current_employer FROM candidate_profile"
                                   " WHERE current_employer IS NOT NULL", None)]
    if not names:
        return
    execute("CREATE TEMPORARY TABLE employer_key_fill (name VARCHAR PRIMARY KEY, folded VARCHAR)", None)
    execute("INSERT INTO employer_key_fill (name, folded) VALUES (?, ?)", [(n, employer_key(n)) for n in names])
    execute("UPDATE candidate_profile SET employer_key = (SELECT f.folded FROM employer_key_fill AS f"
            " WHERE f.name = candidate_profile.current_employer) WHERE current_employer IS NOT NULL", None)
    execute("DROP TABLE employer_key_fill", None)
