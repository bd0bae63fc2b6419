"""The palette's "jump anywhere": people, companies and job orders by name, mixed with the
commands (``screens/commands.py``) and Textual's own.

One store connection per palette (opened in ``startup``, closed in ``shutdown``); each
keystroke's lookup (``store.jump.find``) runs in a thread, so the palette never waits on the
database. Choosing a hit opens the record through ``open_record``. Names are user data: the
prompt and the detail line are literal Content, never markup.
"""

from __future__ import annotations

import asyncio
import threading
from functools import partial
from typing import TYPE_CHECKING

from textual.command import Hit, Hits, Provider

from deskcrm import text

if TYPE_CHECKING:
    from deskcrm.store.db import Connection

KIND_LABELS = {"person": "Person", "company": "Client", "job": "Job"}


class JumpCommands(Provider):
    _conn: Connection | None = None

    async def startup(self) -> None:
        from deskcrm.work.writes import error_message
        from deskcrm.store import db
        from deskcrm.store.errors import StoreError

        self._lock = threading.Lock()
        self._warned = False
        try:
            self._conn = await asyncio.to_thread(db.connect, self.app.db_path)  # type: ignore[attr-defined]
        except StoreError as exc:
            text.notify(self.app, f"Jump to a record is off: {error_message(exc)}", severity="warning")

    async def shutdown(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            await asyncio.to_thread(self._close, conn)

    def _close(self, conn: Connection) -> None:
        with self._lock:  # after a lookup still running in its thread
            conn.close()

    def _find(self, query: str) -> list:
        from deskcrm.store import db
        from deskcrm.store.jump import find

        with self._lock, db.translated(self.app.db_path):  # type: ignore[attr-defined]
            conn = self._conn
            return find(conn, query) if conn is not None else []

    async def search(self, query: str) -> Hits:
        if self._conn is None:
            return
        from deskcrm.store.errors import StoreError

        try:
            hits = await asyncio.to_thread(self._find, query)
        except StoreError as exc:
            if not self._warned:
                self._warned = True
                text.notify(self.app, f"Jump: could not look up records ({exc})", severity="warning")
            return
        from deskcrm.screens.open_record import open_record

        for hit in hits:
            yield Hit(
                hit.score,
                text.join(text.safe(f"{KIND_LABELS[hit.kind]:<7}", "dim"), text.safe(hit.label, "bold")),
                partial(open_record, self.app, hit.kind, hit.id),
                text=text.clean(hit.label),
                help=text.safe(hit.detail),  # type: ignore[arg-type]  # Content: shown literally
            )
