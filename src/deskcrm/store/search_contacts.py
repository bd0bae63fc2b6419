"""Search by a phone number or an email address: the person whose number or address it is,
first. Mixed into ``store.search.SqliteSearch`` (``ContactMatches``).

The search index knows ``+49 172 23104960`` only as the words 49 · 172 · 23104960, and an
address as its parts, so a query that is or contains one (``Query.contacts``, read by
``contact_terms``) is also looked up on the person's own phone and email — the normalised
columns the duplicate check uses (``store.duplicates``), each indexed:

- an email: exact on ``email_norm`` (case-insensitive); while the address is still being typed
  (the last word, with its ``@``), as a prefix: ``jan.janssens@exa`` finds jan.janssens@example.com;
- a phone: exact on ``phone_norm`` (``validate.phone_norm``: ``+49 172 23104960``, ``0049 172
  23104960`` and ``+4917223104960`` are one number), and by its last digits on the
  ``ix_person_phone_tail`` index (the last ``TAIL`` characters of ``phone_norm``, migration
  0006): a national number typed without its country code (``0172 23104960``: the trunk 0 is
  dropped) or only its last digits (``23104960``) — at least ``TAIL`` digits, so a few typed
  digits do not match strangers — finds ``+49 172 23104960``; and a number typed with its
  country code finds one stored without it (``0172 23104960``).

Only a person's main phone and email are looked up (as the duplicate check does), at most
``LIMIT`` people. They come first — exact matches before last-digit ones — then the word
results without them; the query's filters apply to both, and ``count`` counts both.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from deskcrm.store.db import Connection
from deskcrm.domain import validate
from deskcrm.store import search_sql

if TYPE_CHECKING:
    from deskcrm.domain.search_query import Query
    from deskcrm.store.search import SearchPage

TAIL = 7  # digits: the index's expression and the shortest number matched by its end
LIMIT = 10
_LAST = "\U0010ffff"  # sorts after every character: the end of a prefix range


def contact_matches(conn: Connection, query: Query) -> list[int]:
    """The ids of the people whose phone or email the query holds, best first, at most
    ``LIMIT``; erased people never."""
    ranked: dict[int, tuple[int, int]] = {}  # (0 exact · 1 prefix or last digits, order found)
    for term in query.contacts:
        found = _email(conn, term.value, term.prefix) if term.kind == "email" else _phone(conn, term.value)
        for pid, rank in found:
            ranked[pid] = min(rank, ranked.get(pid, rank))
    return sorted(ranked, key=lambda pid: (ranked[pid], pid))[:LIMIT]


def terms_of(conn: Connection, query: Query, person_id: int) -> list:
    """The query's phones and emails whose lookup finds ``person_id`` (the why line's "phone")."""
    return [term for term in query.contacts
            if any(pid == person_id for pid, _rank in (_email(conn, term.value, term.prefix) if term.kind == "email"
                                                       else _phone(conn, term.value)))]


def _email(conn: Connection, typed: str, prefix: bool) -> list[tuple[int, tuple[int, int]]]:
    value = validate.email_norm(typed)
    if not value:
        return []
    if not prefix:
        sql, params = "email_norm = ?", (value,)
    else:
        sql, params = "email_norm >= ? AND email_norm < ?", (value, value + _LAST)
    rows = conn.execute(f"SELECT id, email_norm FROM person WHERE {sql} AND erased_at IS NULL"
                        " ORDER BY email_norm, id LIMIT ?", (*params, LIMIT)).fetchall()
    return [(pid, (0 if stored == value else 1, i)) for i, (pid, stored) in enumerate(rows)]


def _phone(conn: Connection, typed: str) -> list[tuple[int, tuple[int, int]]]:
    norm = validate.phone_norm(typed)
    if not norm:
        return []
    found = [(pid, (0, 0)) for (pid,) in conn.execute(
        "SELECT id FROM person WHERE phone_norm = ? AND erased_at IS NULL LIMIT ?", (norm, LIMIT))]
    international = norm.startswith("+")
    digits = norm.lstrip("+")
    tail = digits if international else digits.removeprefix("0")  # the trunk 0 of a national number
    if len(tail) < TAIL:
        return found
    tail_sql = search_sql.of(conn).phone_tail.format(n=TAIL)  # exactly the index's expression
    rows = conn.execute(
        f"SELECT id, phone_norm FROM person WHERE {tail_sql} = ? AND erased_at IS NULL LIMIT 200",
        (tail[-TAIL:],)).fetchall()
    for pid, stored in rows:
        if stored == norm:
            continue
        if international:  # typed with a country code; stored without one: 0172 23104960
            national = re.sub(r"\D", "", stored).removeprefix("0")
            ok = not stored.startswith("+") and tail.endswith(national) and len(tail) - len(national) <= 3
        else:  # typed without one: the stored number ends with what was typed
            ok = re.sub(r"\D", "", stored).endswith(tail)
        if ok:
            found.append((pid, (1, 0)))
    return found


class ContactMatches:
    """``SqliteSearch``'s search and count when the query holds a phone or an email: the
    people it names, then the word results without them."""

    conn: Connection

    def _contacts_first(self, query: Query, ids: list[int], limit: int, offset: int,
                        ranked: bool) -> SearchPage:
        from deskcrm.store.search import SearchPage

        head = self._contact_rows(query, ids)
        rows = head[offset:offset + limit]
        if len(rows) < limit:
            page = self._word_page(query, limit - len(rows), max(0, offset - len(head)), ranked,
                                   exclude=tuple(ids))
            rows += page
        return SearchPage(self._rows(rows), None, query.problems_for(self.me))

    def _count_with_contacts(self, query: Query, ids: list[int]) -> int:
        planned = self._count_sql(query, exclude=tuple(ids))
        words = int(self.conn.execute(*planned).fetchone()[0]) if planned else 0
        return len(self._contact_rows(query, ids)) + words

    def _contact_rows(self, query: Query, ids: list[int]) -> list[tuple]:
        """The rows of ``ids`` that pass the query's filters, in the order of ``ids``."""
        from deskcrm.store.search import _COLUMNS

        where, params, none = self._filters(query, "person")
        if none:
            return []
        marks = ",".join("?" * len(ids))
        found = {r[0]: r for r in self.conn.execute(
            f"SELECT {_COLUMNS} FROM person AS p LEFT JOIN candidate_profile AS cp ON cp.person_id = p.id"
            f" WHERE p.id IN ({marks}) AND p.erased_at IS NULL{where}", (*ids, *params))}
        return [found[pid] for pid in ids if pid in found]

    def _word_page(self, query: Query, limit: int, offset: int, ranked: bool, *,
                   exclude: tuple[int, ...]) -> list[tuple]:
        return self._page_rows(query, limit, offset, ranked, exclude) or []
