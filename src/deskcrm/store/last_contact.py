"""Last contact: which activities count as contact, and a company's last contact, stored.

A touch is a call where we talked or left a voicemail, an email or a meeting; a no-answer call,
a note, a stage change or a system record ("Done: …") is not. A person's last contact
(``person.last_contact_at``) is written with the activity that makes it (``due_store.log_activity``).

A company's last contact is the newest touch linked to the company (``activity.company_id``). It
is stored in ``company.last_contact_at`` so that the due list's client check-in rule can cut by
date in SQL (issue 10) and the clients list, the account and the BD board read it without a
subquery per company. It is derived data, so it is never edited, versioned or journaled: every
write that adds, moves or removes a company's touch recomputes it from the timeline in the same
transaction — logging an activity, a company merge, any journal undo (see ``journal.undo``) —
and so do the demo builder and the migration that added the column. A future write that deletes
activities (erasure) calls :func:`refresh_companies` for the companies they named.
"""

from __future__ import annotations

from collections.abc import Iterable
from deskcrm.store.db import Connection


TOUCH_KINDS = ("call_talked", "call_voicemail", "email", "meeting")
TOUCH_SQL = "(" + ", ".join(f"'{kind}'" for kind in TOUCH_KINDS) + ")"

# The newest touch of the company: ``ix_activity_company_at`` walked backwards to the first touch.
_NEWEST = f"""(SELECT a.at FROM activity a WHERE a.company_id = company.id AND a.kind IN {TOUCH_SQL}
               ORDER BY a.at DESC LIMIT 1)"""


def refresh_companies(conn: Connection, company_ids: Iterable[int | None]) -> None:
    """Recompute the last contact of these companies from their timeline (inside the caller's
    write transaction). Ids that name no company (deleted, merged away) are ignored."""
    for company_id in sorted({i for i in company_ids if i is not None}):
        conn.execute(f"UPDATE company SET last_contact_at = {_NEWEST} WHERE id = ?", (company_id,))


def refresh_all(conn: Connection) -> None:
    """Recompute every company's last contact (a bulk load, a migration)."""
    conn.execute(f"UPDATE company SET last_contact_at = {_NEWEST}")
