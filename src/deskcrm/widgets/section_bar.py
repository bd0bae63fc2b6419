"""The top line: product name, the numbered sections (the current one highlighted), a trail.

Data-agnostic: it is given ``(key, label)`` pairs, the active key and an optional trail
(e.g. "Details", or the job a pipeline shows); it never looks anything up itself. When the
line does not fit (80 columns) the product name gives way; when a trail does not fit beside
every label, the other sections keep only their number keys too, so the trail shows as much as it can ("4 Job orders ›
Data Engineer — Kestrel…").
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widget import Widget


class SectionBar(Widget):
    DEFAULT_CSS = """
    SectionBar {
        dock: top;
        height: 1;
        width: 1fr;
        background: $panel;
        color: $foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(
        self,
        sections: Sequence[tuple[str, str]],
        active: str | None,
        trail: Content | str = "",
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._sections = tuple(sections)
        self._active = active
        self._trail = trail

    def set_trail(self, trail: Content | str) -> None:
        self._trail = trail
        self.refresh()

    def render(self) -> Content:
        line = self._line(compact=False)
        if line.cell_length > self.size.width > 0:
            if not self._trail:  # six sections at 80 columns: the labels stay, the product name goes
                return self._line(compact=False, brand=False)
            return self._line(compact=True)
        return line

    def _line(self, *, compact: bool, brand: bool = True) -> Content:
        parts: list[Content | tuple[str, str] | str] = [] if compact or not brand else [
            (" deskcrm ", "bold $primary"), " "]
        for key, label in self._sections:
            if key == self._active:
                parts.append((f" {key} {label} ", "bold reverse $primary"))
            elif compact:
                parts.append((f" {key}", "bold $accent"))
            else:
                parts.append((f" {key} ", "bold $accent"))
                parts.append((f"{label} ", "$foreground 70%"))
            parts.append(" ")
        if self._trail:
            trail = self._trail if isinstance(self._trail, Content) else Content(self._trail)
            parts.append(("› ", "$foreground 60%"))
            parts.append(trail)
        return Content.assemble(*parts)
