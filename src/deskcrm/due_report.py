"""The due list outside the TUI: compute it for a database file, print it as text or JSON.

Plain sqlite3 and the pure engine only, so `deskcrm due` starts fast.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from deskcrm import clock
from deskcrm.due import BUCKETS, DueItem, compute_due, group_by_bucket, lateness
from deskcrm.text import clean

HEADINGS = {"overdue": "Overdue", "today": "Today", "upcoming": "Coming up"}


def due_items(path: Path, day: date | None = None) -> tuple[list[DueItem], date]:
    from deskcrm import settings as settings_mod
    from deskcrm.store import db, due_store

    today = day or clock.today()
    due_settings = settings_mod.due_settings(settings_mod.load())
    conn = db.connect(path)
    try:
        facts = due_store.load_facts(conn, today, due_settings)
        state = due_store.load_state(conn)
    finally:
        conn.close()
    return compute_due(facts, today, due_settings, state), today


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
    return json.dumps([as_dict(i) for i in items], ensure_ascii=False, indent=2)


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
