"""The footer: the keys that work right now, from the live bindings, in one line.

A single widget rendering one line of Content (Textual's ``Footer`` mounts a widget per key
and recomposes on every binding change, which costs tens of milliseconds on the first
frame and on cursor moves). Bindings with ``show=False`` are left to the help screen;
disabled ones are dimmed; the command palette key sits at the right.
"""

from __future__ import annotations

from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

_PALETTE = {"command_palette", "app.command_palette"}


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen) -> None:
        self.refresh()

    def render(self) -> Content:
        app = self.app
        keys: list[Content] = []
        palette: Content | None = None
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if binding.action in _PALETTE and binding.priority:
                palette = Content.assemble(
                    (app.get_key_display(binding), "bold $footer-key-foreground"), " ", binding.description
                )
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            style = "" if active.enabled else "dim"
            keys.append(
                Content.assemble(
                    (app.get_key_display(binding), f"bold $footer-key-foreground {style}".strip()),
                    " ",
                    (binding.description, style),
                )
            )
        left = Content.assemble(" ", Content("  ").join(keys))
        if palette is None:
            return left
        gap = self.size.width - left.cell_length - palette.cell_length - 1
        if gap < 2:
            return left
        return Content.assemble(left, " " * gap, palette, " ")
