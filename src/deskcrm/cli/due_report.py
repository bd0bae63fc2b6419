"""`deskcrm due`: the due list of a database file (read by ``work.due_list``) as text or JSON.

The store's plain reads and the pure engine only, so `deskcrm due` starts fast.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from deskcrm.domain import clock
from deskcrm.domain.due import BUCKETS, DueItem, group_by_bucket, lateness
from deskcrm.text import clean, json_text
from deskcrm.work.due_list import compute_for

HEADINGS = {"overdue": "Overdue", "today": "Today", "upcoming": "Coming up"}


def due_items(path: Path, day: date | None = None) -> tuple[list[DueItem], date]:
    from deskcrm.config import settings as settings_mod

    today = day or clock.today()
    return compute_for(path, today, settings_mod.due_settings(settings_mod.load())), today


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
