"""Talent pools from the Search section (issue 16): ``space`` marks the person under the cursor
(marks stay while the query changes: find, mark, search again, mark more); ``P`` adds the marked
people — or the one under the cursor — to a pool (``screens.pool_actions``: pick one or type a new
name); ``ctrl+s`` saves the query as a saved-search pool; ``p`` opens the Pools view.

A mixin for ``SearchScreen`` (its ``table``, ``_selected``, ``_query``, ``query_input`` and
``_show_status``); the keys are in help (f1/?) and the palette, not the footer (full at 120
columns) — the count line says "N marked (P: add to a pool)".
"""

from __future__ import annotations

from textual.binding import Binding

from deskcrm.screens import pool_actions

BINDINGS = [
    Binding("space", "mark", "Mark", tooltip="Mark or unmark the person under the cursor (for P)",
            id="search.mark", show=False),
    Binding("P", "add_to_pool", "To pool", tooltip="Add the marked people (or the one under the cursor) to a "
            "talent pool: pick one or type a new name", id="search.add_to_pool", show=False),
    Binding("ctrl+s", "save_pool", "Save as pool", tooltip="Save this search as a pool (run again when opened)",
            id="search.save_pool", show=False),
    Binding("p", "pools", "Pools", tooltip="The talent pools: people, gone cold, last touch", show=False,
            id="search.pools"),
]
ACTIONS = {b.action for b in BINDINGS}


class SearchPools:
    def pool_action_shown(self, action: str, typing: bool) -> bool:
        """Whether a pool key works now (``typing``: the query box has the focus, where space, p
        and P are text)."""
        if action == "save_pool":
            return not self._query.is_empty  # type: ignore[attr-defined]
        if typing:
            return False
        if action == "add_to_pool":
            return bool(self.table.marked) or self._selected() is not None  # type: ignore[attr-defined]
        return True

    def action_mark(self) -> None:
        if self._selected() is not None:  # type: ignore[attr-defined]
            self.table.toggle_mark()  # type: ignore[attr-defined]
            self.table.action_cursor_down()  # type: ignore[attr-defined]
            self._show_status()  # type: ignore[attr-defined]
            self.refresh_bindings()  # type: ignore[attr-defined]

    def action_add_to_pool(self) -> None:
        row = self._selected()  # type: ignore[attr-defined]
        ids = [k for k in self.table.marked if isinstance(k, int)] or ([row.id] if row is not None else [])  # type: ignore[attr-defined]
        pool_actions.add_to_pool(self, ids, then=lambda _done: self._unmark())  # type: ignore[arg-type]

    def _unmark(self) -> None:
        self.table.clear_marks()  # type: ignore[attr-defined]
        self._show_status()  # type: ignore[attr-defined]

    def action_save_pool(self) -> None:
        pool_actions.save_search(self, self.query_input.value.strip())  # type: ignore[arg-type, attr-defined]

    def action_pools(self) -> None:
        from deskcrm.screens.pools import PoolsScreen

        self.app.push_screen(PoolsScreen())  # type: ignore[attr-defined]
