"""SQLAlchemy engine and sessions with the same pragmas and ``BEGIN IMMEDIATE`` writes.

Imported lazily (SQLModel costs ~0.4 s): never on the first paint or in read-only CLI commands.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import Engine, create_engine, event
from sqlmodel import Session

from deskcrm.store import db as _db


def make_engine(url: str) -> Engine:
    """``url`` is a file path or a PostgreSQL URL (``postgresql://…``: driven by psycopg 3)."""
    from deskcrm import dburl

    if dburl.is_server(url):
        url = dburl.sqlalchemy_url(url)
    elif "://" not in url:
        path = url
        url = f"sqlite:///{path}"
        _db.connect(path, create=True).close()  # validates the file and sets application_id
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record):  # noqa: ANN001
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            _db._pragmas(dbapi_conn)

        @event.listens_for(engine, "begin")
        def _on_begin(conn):  # noqa: ANN001
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


@contextmanager
def session(engine: Engine) -> Iterator[Session]:
    """One unit of work: commits on success, rolls back on any error."""
    with Session(engine) as s:
        with s.begin():
            yield s
