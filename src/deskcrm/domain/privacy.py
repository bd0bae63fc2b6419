"""Privacy settings (issue 14): how long a removed person's journal images are kept, and the
retention policy (``domain.retention``; Due today lists one summary item, ``due_store.retention_count``,
and the review list acts on them, ``store.retention_review``).

    [privacy]
    undo_window_days = 30   # a merge or an undone create can be undone this long; then the
                            # journal forgets the removed person (store.journal_scrub)
    retention_months = 24   # a candidate never placed: reviewed this long after the last contact
    placement_retention_years = 7  # a placed candidate: this long after the latest placement's start
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PrivacySettings:
    undo_window_days: int = 30
    retention_months: int = 24
    placement_retention_years: int = 7

    def due(self) -> dict[str, int]:
        """The retention keys Due today reads (``due.DueSettings``)."""
        return {"retention_months": self.retention_months, "placement_retention_years": self.placement_retention_years}
