"""Privacy settings (issue 14): how long a removed person's journal images are kept.

    [privacy]
    undo_window_days = 30   # a merge or an undone create can be undone this long; then the
                            # journal forgets the removed person (store.journal_scrub)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PrivacySettings:
    undo_window_days: int = 30
