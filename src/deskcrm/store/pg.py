"""A desk on PostgreSQL behind the same connection the store uses on SQLite.

Store functions take a connection and run SQL written once, in the part of SQL both engines
agree on (``?`` and ``:name`` parameters, ``ON CONFLICT``, ``coalesce``, ``||``, ``TRUE``…).
:class:`PgConnection` gives them a connection with ``sqlite3.Connection``'s shape (``execute``
returning a cursor with ``fetchone``/``fetchall``/``rowcount``/``lastrowid``, ``executemany``,
``in_transaction``, ``interrupt``) over psycopg 3, and reads each column in the format the desk
file stores (dates and timestamps as the text of ``store.values``, booleans as 0/1), so a view
built from a row is the same on both engines. What differs beyond that lives in one module per
concern (``store/dialect.py``): search, locking, upkeep.

Translation of a statement (:func:`translate_sql`, cached): ``?`` → ``%s``, ``:name`` →
``%(name)s``, a literal ``%`` doubled, SQLite's planner hints dropped (``INDEXED BY ix``, and the
unary ``+`` that keeps SQLite off an index, as in ``AND +s.stage = ?``, and the ``CROSS`` of a
``CROSS JOIN t ON …``, which fixes SQLite's join order and is a syntax error on PostgreSQL: its
planner picks its own plan), ``BEGIN IMMEDIATE`` → ``BEGIN``. String literals and
quoted names are left alone. Nothing else is rewritten: SQL that only SQLite speaks fails here,
loudly, in the tests that run on both engines.

Driver errors leave as :class:`ServerError` (``sqlstate`` kept); ``store.db.failure`` turns them
into the store's own errors.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Iterable, Iterator, Sequence

import psycopg
from psycopg import adapt

from deskcrm.store import db
from deskcrm.store.pg_plans import Plans, psycopg_holds_plans, send, wiped


class ServerError(db.ServerError):
    """A PostgreSQL error seen by the store: ``sqlstate`` is the server's code (None when the
    connection itself failed)."""

    def __init__(self, message: str, sqlstate: str | None = None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


class ServerIntegrityError(ServerError, db.ServerIntegrityError):
    """A unique, foreign-key or check constraint refused the statement (SQLSTATE class 23)."""


# --- statements -----------------------------------------------------------------------------

_TOKEN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|::|\?|:[A-Za-z_]\w*|%|INDEXED\s+BY\s+\w+\s*"""
                    r"""|CROSS\s+JOIN(?=\s+\w+(?:\s+AS)?(?:\s+\w+)?\s+ON\b)"""
                    r"""|(?:(?<=AND )|(?<=OR )|(?<=WHERE )|(?<=ON )|(?<=BY )|(?<=\())\+(?=[A-Za-z_])""", re.I)


@lru_cache(maxsize=4096)
def translate_sql(sql: str) -> str:
    """``sql`` as psycopg takes it (see the module's docstring)."""
    if sql.lstrip().upper().startswith("BEGIN IMMEDIATE"):
        return "BEGIN"

    def one(m: re.Match[str]) -> str:
        tok = m.group(0)
        if tok[0] in "'\"" or tok == "::":
            return tok.replace("%", "%%") if tok[0] == "'" else tok
        if tok == "?":
            return "%s"
        if tok == "%":
            return "%%"
        if tok[0] == ":":
            return f"%({tok[1:]})s"
        if tok[0] in "cC":
            return "JOIN"  # SQLite's CROSS JOIN … ON: a join order fixed for its planner
        return ""  # INDEXED BY …, or a unary +

    return _TOKEN.sub(one, sql)


# --- column formats -------------------------------------------------------------------------


class _DateText(adapt.Loader):
    def load(self, data: Any) -> str:
        return bytes(data).decode()  # ISO: YYYY-MM-DD, as store.values.ds writes it


class _StampText(adapt.Loader):
    """timestamptz as ``store.values.ts`` writes it: UTC, ``YYYY-MM-DD HH:MM:SS.ffffff``."""

    def load(self, data: Any) -> str:
        text = bytes(data).decode()
        if text.endswith("+00"):  # the session is in UTC: always, in practice
            text = text[:-3]
            return text + ".000000" if len(text) == 19 else text.ljust(26, "0")
        value = datetime.fromisoformat(text)
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")


class _BoolInt(adapt.Loader):
    def load(self, data: Any) -> int:
        return 1 if bytes(data) == b"t" else 0


def _formats(conn: psycopg.Connection) -> None:
    conn.adapters.register_loader("date", _DateText)
    conn.adapters.register_loader("timestamptz", _StampText)
    conn.adapters.register_loader("timestamp", _StampText)
    conn.adapters.register_loader("bool", _BoolInt)


# --- the connection -------------------------------------------------------------------------


class PgCursor:
    """The result of one statement, shaped like ``sqlite3.Cursor``."""

    def __init__(self, conn: PgConnection, cur: psycopg.Cursor, sent: str = "") -> None:
        self._conn = conn
        self._cur = cur
        self._sent = sent  # what was sent for it in a batch: ``EXECUTE dk_N(…)``, its columns known (pg_plans)

    def _rows(self) -> bool:
        """Whether the statement returned rows (psycopg's ``description`` would build a column
        object per column to answer: on every fetch, a move's largest cost in Python)."""
        res = self._cur.pgresult
        return res is not None and (res.nfields > 0 or res.status in _ROWS)

    def fetchone(self) -> tuple | None:
        return self._cur.fetchone() if self._rows() else None

    def fetchall(self) -> list[tuple]:
        return self._cur.fetchall() if self._rows() else []

    def fetchmany(self, size: int = 1) -> list[tuple]:
        return self._cur.fetchmany(size) if self._rows() else []

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.fetchall())

    @property
    def rowcount(self) -> int:
        return self._cur.rowcount

    @property
    def description(self) -> tuple[tuple[str, None, None, None, None, None, None], ...] | None:
        """The columns' names, as ``sqlite3``'s (a 7-tuple per column, the name first)."""
        if not self._rows():
            return None
        known = self._conn._plans.columns(self._sent)
        if known is not None:
            return known
        res = self._cur.pgresult
        encoding = self._conn.encoding
        found = tuple((res.fname(i).decode(encoding), None, None, None, None, None, None)  # type: ignore[union-attr]
                      for i in range(res.nfields))  # type: ignore[union-attr]
        self._conn._plans.know(self._sent, found)
        return found

    @property
    def lastrowid(self) -> int | None:
        """The id the last INSERT took from its table's sequence (``lastval()``)."""
        try:
            return self._conn.execute("SELECT lastval()").fetchone()[0]
        except ServerError:
            return None

    def close(self) -> None:
        self._cur.close()


class PgResult:
    """One statement's result read in full (``PgConnection.execute_each``), shaped like a cursor."""

    def __init__(self, description: tuple | None, rows: list[tuple], rowcount: int) -> None:
        self.description, self._rows, self.rowcount = description, rows, rowcount

    def fetchone(self) -> tuple | None:
        return self._rows.pop(0) if self._rows else None

    def fetchall(self) -> list[tuple]:
        rows, self._rows = self._rows, []
        return rows

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.fetchall())


_ROWS = (psycopg.pq.ExecStatus.TUPLES_OK, psycopg.pq.ExecStatus.SINGLE_TUPLE)
_NOTHING = "SELECT 1 WHERE FALSE"  # a statement that does nothing: carries deferred ones, or none


class PgConnection:
    """A desk on a PostgreSQL server, with ``sqlite3.Connection``'s shape (see the module)."""

    engine = "postgresql"
    actor_id: int | None = None
    # True: parameters are bound on this side (the server plans each statement with its values);
    # only execute_prepared's are the server's (see generic_plans)
    literal = False

    def __init__(self, raw: psycopg.Connection, url: str) -> None:
        self._raw = raw
        self.url = url
        self._queued: list[tuple[str, Sequence[Any] | dict[str, Any]]] = []  # see defer()
        self._plans = Plans()  # the batches' prepared statements (store.pg_plans)

    # statements
    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> PgCursor:
        text = translate_sql(sql)
        if self._queued and text == "ROLLBACK":  # what was deferred is undone unsent
            unsent, self._queued = self._queued[0][0] == "BEGIN", []
            if unsent:  # the transaction never reached the server
                return PgCursor(self, self._raw.cursor())
        if self._queued:
            return self._with_queued(text, params)
        cur = psycopg.ClientCursor(self._raw) if self.literal else self._raw.cursor()
        wipes = wiped(text) and psycopg_holds_plans(self._raw)
        try:
            cur.execute(text, _params(params), prepare=False if self.literal else None)
        except psycopg.Error as exc:
            raise wrap(exc) from exc
        finally:
            if wipes:
                self._plans.forget()
        return PgCursor(self, cur)

    def generic_plans(self) -> None:
        """From now on the server keeps ONE plan per statement of :meth:`execute_prepared`, made
        at its first run and never again (``plan_cache_mode``): a search connection's page, whose
        every number is written into it and whose words are an InitPlan, is planned for its
        shape, not its values; planning it cost ~0.8 ms a keystroke at 1M, its run ~0.4-1 ms,
        and the server would plan it afresh for its first five runs and then, where its guess of
        the generic plan's cost was higher, for every run. Every other statement is bound here
        (``literal``): planned with its values each time, as a statement without parameters."""
        self.execute("SET plan_cache_mode = force_generic_plan")
        self.literal = True

    def execute_prepared(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> PgCursor:
        """``sql`` prepared on the server at its first run and bound there (see :meth:`generic_plans`)."""
        self.flush()
        cur = self._raw.cursor()
        try:
            cur.execute(translate_sql(sql), _params(params), prepare=True)
        except psycopg.Error as exc:
            raise wrap(exc) from exc
        return PgCursor(self, cur)

    def defer(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> None:
        """Send ``sql`` with the next statement that waits for its result, in one round trip:
        for a statement whose result nobody reads (``BEGIN``, a journal row, ``NOTIFY``). Order
        is kept; a failure surfaces as the next statement's, which then does not run (inside a
        transaction: the whole of it is rolled back)."""
        self._queued.append((translate_sql(sql), params))

    def flush(self) -> None:
        """Send what was deferred, now."""
        if self._queued:
            self.execute(_NOTHING)

    def _with_queued(self, text: str, params: Sequence[Any] | dict[str, Any]) -> PgCursor:
        """The deferred statements and this one in one round trip, positioned on this one's result."""
        queued, self._queued = self._queued, []
        try:
            cur = self._batch([*queued, (text, params)])
            while cur.nextset():
                pass
        except psycopg.Error as exc:
            raise wrap(exc) from exc
        return PgCursor(self, cur, self._plans.last[-1])

    def execute_each(self, statements: Sequence[tuple[str, Sequence[Any] | dict[str, Any]]]) -> list[PgResult]:
        """Run ``statements`` (with anything deferred before them) in ONE round trip; each one's
        result, read in full. For statements that do not depend on each other's results."""
        queued, self._queued = self._queued, []
        try:
            cur = self._batch([*queued, *((translate_sql(sql), params) for sql, params in statements)])
            for _ in queued:
                cur.nextset()
            out = []
            sent = self._plans.last[len(queued):]
            for n in range(len(statements)):
                if n:
                    cur.nextset()
                one = PgCursor(self, cur, sent[n])
                out.append(PgResult(one.description, one.fetchall(), cur.rowcount))
        except psycopg.Error as exc:
            raise wrap(exc) from exc
        return out

    def _batch(self, statements: list[tuple[str, Sequence[Any] | dict[str, Any]]]) -> psycopg.ClientCursor:
        """``statements`` (translated) sent as ONE simple query, their parameters bound by psycopg
        on this side (the server's multi-statement form takes none; cheaper here than psycopg's
        pipeline mode, whose loop is Python's), those of the journal's shapes from the plans the
        server keeps (``store.pg_plans``); the cursor is on the first one's result."""
        return send(self._raw, self._plans, [(q, _params(p)) for q, p in statements])

    @property
    def encoding(self) -> str:
        return self._raw.info.encoding

    def executemany(self, sql: str, seq: Iterable[Sequence[Any] | dict[str, Any]]) -> PgCursor:
        self.flush()  # what was deferred goes first
        text = translate_sql(sql)
        cur = self._raw.cursor()
        try:
            cur.executemany(text, [_params(p) for p in seq])
        except psycopg.Error as exc:
            raise wrap(exc) from exc
        return PgCursor(self, cur)

    @property
    def in_transaction(self) -> bool:
        return (self._raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE
                or any(q[0] == "BEGIN" for q in self._queued))

    def interrupt(self) -> None:
        """Stop the running statement (from another thread), as ``sqlite3``'s does."""
        try:
            self._raw.cancel_safe(timeout=2)
        except (psycopg.Error, AttributeError):
            pass

    def create_function(self, *args: Any, **kwargs: Any) -> None:
        """SQLite's Python functions are PostgreSQL functions made by the migrations."""

    def close(self) -> None:
        self._queued.clear()  # never sent: a transaction left open is rolled back by the server
        self._raw.close()

    @property
    def closed(self) -> bool:
        return self._raw.closed

    @property
    def raw(self) -> psycopg.Connection:
        """The psycopg connection, for the store's engine-specific modules only (what was
        deferred is sent first: the caller's statements come after it, as written)."""
        self.flush()
        return self._raw


def _params(params: Sequence[Any] | dict[str, Any]) -> Sequence[Any] | dict[str, Any]:
    return params if isinstance(params, dict) else tuple(params)


def wrap(exc: psycopg.Error) -> ServerError:
    cls = ServerIntegrityError if isinstance(exc, psycopg.IntegrityError) else ServerError
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return cls(first, getattr(exc, "sqlstate", None))


def connect(url: str) -> PgConnection:
    """Open the desk at ``url`` (autocommit; ``store.db.write`` begins and commits), in UTC."""
    from deskcrm.store.server import connect_raw, unreachable

    raw = connect_raw(url)
    try:
        raw.execute("SET TIME ZONE 'UTC'")
    except psycopg.Error as exc:
        raw.close()
        raise unreachable(url, exc) from None
    _formats(raw)
    return PgConnection(raw, url)


__all__ = ["PgConnection", "ServerError", "ServerIntegrityError", "connect", "translate_sql"]
