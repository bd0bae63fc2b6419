"""The plans a PostgreSQL connection keeps for the statements of its batches (``store.pg``).

A batch (``PgConnection.defer``/``execute_each``: a move's reads, its update and activity, its
journal rows) travels as ONE simple query with its parameters bound on this side, so the server
would parse, analyse and plan each of its statements every time. A statement of one of the
journal's shapes — a row by its key (``SELECT … WHERE "id" = ?``, locked or not), an ``INSERT …
VALUES (?, …)``, an ``UPDATE … SET "c" = ?, … WHERE "id" = ? [AND version = ?]``, a key taken
from a sequence ahead (``SELECT nextval('seq')``: ``store.journal_ahead``) — is prepared on
the server the first time a connection sends it (``PREPARE dk_N AS …``, in the same round trip)
and sent as ``EXECUTE dk_N(…)`` from then on: one round trip still, the plan reused. Only those
shapes: each of their parameters stands for a column's value, so the server knows its type
without being told (any other statement is sent as it was).

Prepared statements outlive a rolled-back transaction; a batch that fails forgets the names it
was preparing (the next one prepares under a new name: a name is never reused). psycopg sends
``DEALLOCATE ALL`` after a ``ROLLBACK``, ``DROP``, ``ALTER`` or ``DISCARD ALL`` when it holds
prepared statements of its own (``prepare_threshold``): :func:`wiped` says when a statement may
do that, and the connection then forgets every plan (:meth:`Plans.forget`). A batch that still
finds a plan gone (a ``ROLLBACK`` sent around the connection) is sent again, prepared afresh,
when it was the first of its transaction (:func:`send`).
"""

from __future__ import annotations

import re
from typing import Any, Sequence

import psycopg

Statement = tuple[str, Sequence[Any] | dict[str, Any]]  # translated (``store.pg.translate_sql``), its parameters

_NAME = r'"?\w+"?'
_KEYED = rf"{_NAME} = (?:%s|\(SELECT {_NAME} FROM {_NAME} WHERE {_NAME} = %s\))"
_SHAPES = re.compile(
    rf"SELECT (?:\*|{_NAME}(?:, {_NAME})*) FROM {_NAME} WHERE {_KEYED}(?: AND {_KEYED})*(?: FOR UPDATE)?"
    rf"|INSERT INTO {_NAME} \({_NAME}(?:, {_NAME})*\) VALUES \(%s(?:, %s)*\)(?: RETURNING \*)?"
    rf"|UPDATE {_NAME} SET {_NAME} = %s(?:, {_NAME} = %s)* WHERE {_NAME} = %s(?: AND version = %s)?"
    r"(?: RETURNING \*)?"
    r"|SELECT nextval\('[\w.\"]+'\)")
_MARK = re.compile(r"%s")
_WIPES = re.compile(r"\s*(?:DROP|ALTER|ROLLBACK|DISCARD\s+ALL|DEALLOCATE\s+ALL)\b", re.I)  # psycopg's rule
MAX_PLANS = 200  # a connection's prepared statements: the store's shapes are far fewer


class Plans:
    """One connection's prepared statements, by the statement's text (translated: ``%s`` marks)."""

    def __init__(self) -> None:
        self._names: dict[str, str] = {}  # text → its EXECUTE, to bind with the statement's parameters
        self._made = 0
        self._fresh: list[str] = []  # prepared by the batch being sent (forgotten if it fails)
        self._columns: dict[str, tuple] = {}  # an EXECUTE's result columns (a plan's never change)
        self.last: list[str] = []  # what the last batch sent for each of its statements

    def text(self, sql: str, params: Sequence[Any] | dict[str, Any]) -> tuple[str, str | None]:
        """(what to send for ``sql``, to bind with its ``params``; the PREPARE to send before it, or None)."""
        known = self._names.get(sql)
        if known is not None:
            return known, None
        if isinstance(params, dict) or len(self._names) >= MAX_PLANS or not _SHAPES.fullmatch(sql):
            return sql, None
        self._made += 1
        name = f"dk_{self._made}"
        known = self._names[sql] = _execute(name, sql)
        self._fresh.append(sql)
        count = iter(range(1, sql.count("%s") + 1))
        return known, f"PREPARE {name} AS " + _MARK.sub(lambda _: f"${next(count)}", sql)

    def forget(self) -> None:
        """Every plan gone on the server (``DEALLOCATE ALL``): each statement is prepared again."""
        self._names.clear()
        self._fresh.clear()
        self._columns.clear()

    def columns(self, sent: str) -> tuple | None:
        """The result columns (``cursor.description``) of ``sent``, an EXECUTE of a plan: the server
        refuses to run a plan whose result's columns changed (``cached plan must not change result
        type``), so they are read once per plan. None: not known (or not a plan's)."""
        return self._columns.get(sent) if sent else None

    def know(self, sent: str, columns: tuple) -> None:
        if sent.startswith("EXECUTE dk_"):
            self._columns[sent] = columns

    def sent(self, ok: bool) -> None:
        """The batch has run (``ok``) or failed: its new names kept, or forgotten."""
        if not ok:
            for sql in self._fresh:
                self._names.pop(sql, None)
        self._fresh.clear()


def send(raw: psycopg.Connection, plans: Plans, statements: list[Statement]) -> psycopg.ClientCursor:
    """``statements`` as ONE simple query, those of the journal's shapes run from ``plans``; the
    cursor on the first one's result. A batch that finds a plan gone (deallocated around the
    connection) when no transaction had begun before it is rolled back whole (it was all of the
    transaction) and sent again with every plan prepared afresh."""
    idle = raw.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    try:
        return _send(raw, plans, statements)
    except psycopg.Error as exc:
        if not (idle and gone(exc)):
            raise
    if raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        raw.execute("ROLLBACK")
    plans.forget()
    return _send(raw, plans, statements)


def _send(raw: psycopg.Connection, plans: Plans, statements: list[Statement]) -> psycopg.ClientCursor:
    cur = psycopg.ClientCursor(raw)
    made, texts, named = [], [], False
    for q, p in statements:
        sent, prepare = plans.text(q, p)
        if prepare is not None:
            made.append(prepare)
        texts.append(sent)
        named = named or isinstance(p, dict)
    plans.last = texts
    wipes = any(wiped(q) for q in texts) and psycopg_holds_plans(raw)
    try:
        if named:  # each statement's parameters bound on their own
            parts = [cur.mogrify(q, p) for q, (_, p) in zip(texts, statements)]
            cur.execute("; ".join([*made, *parts]), prepare=False)
        else:  # the whole string bound at once (one parse of it, one conversion of each value)
            cur.execute("; ".join([*(m.replace("%", "%%") for m in made), *texts]),
                        [v for _, p in statements for v in p], prepare=False)
    except BaseException:
        plans.sent(False)
        raise
    finally:
        if wipes:
            plans.forget()
    plans.sent(True)
    for _ in made:  # on to the first statement's result
        cur.nextset()
    return cur


def psycopg_holds_plans(raw: psycopg.Connection) -> bool:
    """Whether psycopg holds prepared statements of its own on ``raw`` (it then deallocates ALL
    after a ROLLBACK, DROP or ALTER: :func:`wiped`); True when unsure."""
    names = getattr(getattr(raw, "_prepared", None), "_names", None)
    return True if names is None else bool(names)


def wiped(sql: str) -> bool:
    """Whether psycopg deallocates every prepared statement after ``sql`` (when it holds some)."""
    return sql[:1] in "RrDdAa \n" and _WIPES.match(sql) is not None


def gone(exc: BaseException) -> bool:
    """Whether ``exc`` is the server's refusal to run a plan it no longer has (one of ours)."""
    return getattr(exc, "sqlstate", None) == "26000" and '"dk_' in str(exc)


def _execute(name: str, sql: str) -> str:
    n = sql.count("%s")
    return f"EXECUTE {name}({', '.join(['%s'] * n)})" if n else f"EXECUTE {name}"
