"""Recruiters as an import names them: a file's Owner cell by initials (:func:`owners`), and an
owner change in a dry run said by initials, never by the recruiter's id (:func:`owners_said`:
``owner: SR kept (file: PS)``)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from deskcrm.store.db import Connection


def owners(conn: Connection) -> dict[str, int]:
    """Active recruiters' initials (upper case) -> id."""
    return {i.upper(): r for r, i in conn.execute("SELECT id, initials FROM recruiter WHERE active = TRUE")}


def owners_said(conn: Connection, changes: list[Any], known: dict[int, str]) -> list[Any]:
    """``changes`` (``plan.Change``) with an owner change said by the recruiters' initials
    (``#id``: one the desk no longer has); ``known``: every recruiter's id -> initials, read
    here at the first need."""
    if not any(c.field == "owner_id" for c in changes):
        return changes
    if not known:
        known.update(conn.execute("SELECT id, initials FROM recruiter").fetchall())

    def said(value: Any) -> str | None:
        return None if value is None else known.get(value, f"#{value}")

    return [replace(c, shown_old=said(c.old), shown_new=said(c.new)) if c.field == "owner_id" else c for c in changes]
