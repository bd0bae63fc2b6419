"""The due list outside the TUI: compute it for a database file, print it as text or JSON.

Plain sqlite3 and the pure engine only, so `deskcrm due` starts fast.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from deskcrm.domain import clock
from deskcrm.domain.due import BUCKETS, DueItem, DueSettings, compute_due, group_by_bucket, lateness
from deskcrm.text import clean, json_text

HEADINGS = {"overdue": "Overdue", "today": "Today", "upcoming": "Coming up"}


def compute_for(path: Path, today: date, due_settings: DueSettings) -> list[DueItem]:
    """Read the facts and stored state from the database file and compute the due list."""
    from deskcrm.store import db, due_store

    conn = db.connect(path)
    try:
        facts = due_store.load_facts(conn, today, due_settings)
        state = due_store.load_state(conn)
    finally:
        conn.close()
    return compute_due(facts, today, due_settings, state)


def due_items(path: Path, day: date | None = None) -> tuple[list[DueItem], date]:
    from deskcrm.config import settings as settings_mod

    today = day or clock.today()
    return compute_for(path, today, settings_mod.due_settings(settings_mod.load())), today


class Prefetch:
    """The launch-time due list, computed while Textual is still importing, so the first
    frame can already show rows (DESIGN.md §4: launch <= 1.6x a bare Textual app).

    On POSIX the list is computed in a forked child (before any connection is open or any
    thread started) and pickled back over a pipe: the two cores work in parallel, where a
    thread would fight the imports for the GIL. Elsewhere a thread does it. ``take()`` hands
    the result over once; after that, or after any failure, screens read the database
    themselves as usual — the prefetch is only ever a head start.
    """

    def __init__(self, path: Path, due_settings: DueSettings) -> None:
        import os
        import threading

        self.today = clock.today()
        self._items: list[DueItem] | None = None
        self._taken = False
        if hasattr(os, "fork"):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: compute, send, and leave without running any cleanup
                os.close(read_end)
                _child(write_end, path, self.today, due_settings)
            os.close(write_end)
            target, args = self._receive, (pid, read_end)
        else:  # pragma: no cover - Windows
            target, args = self._compute, (path, due_settings)
        self._thread = threading.Thread(target=target, args=args, name="due-prefetch", daemon=True)
        self._thread.start()

    def _compute(self, path: Path, due_settings: DueSettings) -> None:
        try:
            self._items = compute_for(path, self.today, due_settings)
        except Exception:  # noqa: BLE001 - the screen's own load reports errors properly
            self._items = None

    def _receive(self, pid: int, read_end: int) -> None:
        import os
        import pickle

        chunks = []
        try:
            while chunk := os.read(read_end, 1 << 16):  # blocks without holding the GIL
                chunks.append(chunk)
            self._items = pickle.loads(b"".join(chunks)) if chunks else None
        except Exception:  # noqa: BLE001 - a failed head start is no error
            self._items = None
        finally:
            os.close(read_end)
            os.waitpid(pid, 0)

    def take(self, *, timeout: float | None = None) -> list[DueItem] | None:
        """The prefetched items, once; None if not ready within ``timeout``, failed or taken."""
        if self._taken:
            return None
        self._thread.join(timeout)
        if self._thread.is_alive():
            return None
        self._taken = True
        return self._items


def _child(write_end: int, path: Path, today: date, due_settings: DueSettings) -> None:
    import os
    import pickle

    code = 1
    try:
        data = pickle.dumps(compute_for(path, today, due_settings), protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view):]
        code = 0
    except BaseException:  # noqa: BLE001 - the parent falls back to its own read
        pass
    finally:
        os._exit(code)
def as_dict(item: DueItem) -> dict[str, object]:
    return {
        "key": item.key,
        "kind": item.kind,
        "bucket": item.bucket,
        "due_date": item.due_date.isoformat(),
        "days_late": item.days_late,
        "title": item.title,
        "person": item.person,
        "person_id": item.person_id,
        "company": item.company,
        "company_id": item.company_id,
        "job": item.job,
        "job_id": item.job_id,
        "placement_id": item.placement_id,
        "submission_id": item.submission_id,
        "snoozed": item.snoozed,
    }


def render_json(items: list[DueItem]) -> str:
    return json_text([as_dict(i) for i in items])


def render_text(items: list[DueItem], today: date) -> str:
    """Plain text for a terminal; user data is cleaned of control characters."""
    lines = [f"Due on {today:%a %d %b %Y}: {len(items)} item{'s' if len(items) != 1 else ''}"]
    groups = group_by_bucket(items)
    for bucket in BUCKETS:
        group = groups[bucket]
        if not group:
            continue
        lines.append("")
        lines.append(f"{HEADINGS[bucket]} ({len(group)})")
        for item in group:
            who = clean(item.person) or "—"
            where = clean(item.company) or ""
            lines.append(
                f"  {lateness(item):<14} {clean(item.title)[:40]:<40} {who[:28]:<28} {where[:28]}".rstrip()
            )
    if not items:
        lines.append("Nothing due. Enjoy the quiet — or open deskcrm and source.")
    return "\n".join(lines)
