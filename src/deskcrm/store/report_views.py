"""What the Reports section's pickers read (screen-only): the companies a report can be scoped
to. The reports themselves, their definitions and their drill-down are ``store.reports``'s."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deskcrm.store.db import Connection

CLIENT_CHOICES = 5000  # a longer list is narrowed by typing in the picker's filter box


def client_choices(conn: Connection, *, limit: int = CLIENT_CHOICES) -> list[tuple[int, str]]:
    """(id, name) of the companies, by name — the scope picker's "a client" list."""
    return conn.execute("SELECT id, name FROM company ORDER BY name_norm, id LIMIT ?", (limit,)).fetchall()
