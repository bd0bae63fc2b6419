"""The footer: the keys that work right now, from the live bindings, in one line.

A single widget rendering one line of Content (Textual's ``Footer`` mounts a widget per key
and recomposes on every binding change, which costs tens of milliseconds on the first
frame and on cursor moves). Bindings with ``show=False`` are left to the help screen;
disabled ones are dimmed; the command palette key sits at the right. When the keys do not
fit (80 columns), the last ones give way but help stays: ``… ? Help`` says where the rest are.
"""

from __future__ import annotations

from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

_PALETTE = {"command_palette", "app.command_palette"}
_HELP = {"help", "app.help"}
_GAP = "  "


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
        help_key: Content | None = None
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
            key = Content.assemble(
                (app.get_key_display(binding), f"bold $footer-key-foreground {style}".strip()),
                " ",
                (binding.description, style),
            )
            keys.append(key)
            if binding.action in _HELP:
                help_key = key
        left = Content.assemble(" ", Content(_GAP).join(keys))
        if help_key is not None and left.cell_length > self.size.width > 0:
            left = self._fitted(keys, help_key)
        if palette is None:
            return left
        gap = self.size.width - left.cell_length - palette.cell_length - 1
        if gap < 2:
            return left
        return Content.assemble(left, " " * gap, palette, " ")

    def _fitted(self, keys: list[Content], help_key: Content) -> Content:
        """As many keys as fit, in order, then ``… ? Help`` (the help screen lists them all)."""
        tail = Content.assemble("…", _GAP, help_key)
        room = self.size.width - 1 - tail.cell_length
        shown: list[Content] = []
        used = 0
        for key in keys:
            if key is help_key:
                continue
            need = key.cell_length + len(_GAP)
            if used + need > room:
                break
            shown.append(key)
            used += need
        return Content.assemble(" ", *(Content.assemble(k, _GAP) for k in shown), tail)
