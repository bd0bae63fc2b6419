"""The footer: the keys that work right now, from the live bindings, in one line.

A single widget rendering one line of Content (Textual's ``Footer`` mounts a widget per key
and recomposes on every binding change, which costs tens of milliseconds on the first
frame and on cursor moves). Bindings with ``show=False`` are left to the help screen;
disabled ones are dimmed; bindings that share a ``Binding.Group`` are one entry ("H/L Move");
the command palette key sits at the right when there is room. A screen may name a key for what it
does there (``binding_label(binding) -> str | None``: its words, ``""`` to leave it out, ``None``
the binding's own description).

What gives way when the keys do not fit (80 columns, a busy board): keys are listed most used
first, so the last of the screen's own keys go, and ``… ? Help`` at the end says where they are
(the help screen lists every key). The safety keys never go: undo (``^z``: take back what was
just done) and quit stay, next to help.

The same ``… ? Help`` ends the line whenever a key that works here is not on it — one left to the
help screen (``show=False``: ``r`` refresh, a person's ``X``/``D``/``I``), not only one that did
not fit — so a recruiter can always tell there are more keys. Not counted: a key shown under
another key of the same action (``:`` beside ``^p Palette``), the section keys (the section bar
shows them), Textual's own keys (``tab`` focus, no binding id), and keys disabled here.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

_PALETTE = {"command_palette", "app.command_palette"}
_HELP = {"help", "app.help"}
_SAFETY = {"undo", "app.undo", "quit", "app.quit"}  # never give way
_SECTION = ("section(", "app.section(")  # shown in the section bar, not the footer
_GAP = "  "


@dataclass
class _Entry:
    keys: list[str]
    description: str
    enabled: bool
    action: str

    def content(self) -> Content:
        style = "" if self.enabled else "dim"
        return Content.assemble(
            ("/".join(self.keys), f"bold $footer-key-foreground {style}".strip()), " ", (self.description, style)
        )


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

    def _entries(self) -> tuple[list[_Entry], Content | None, bool]:
        """The footer's entries in binding order (one per action, one per group), the palette, and
        whether a key that works here is left off (``show=False``; see the module)."""
        app = self.app
        entries: list[_Entry] = []
        groups: dict[Binding.Group, _Entry] = {}
        palette: Content | None = None
        seen: set[str] = set()
        unshown: set[str] = set()  # actions of enabled keys not shown (unless another key shows them)
        label = getattr(self.screen, "binding_label", None)  # (binding) -> its words here; "" hides it
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if binding.action in _PALETTE and binding.priority:
                palette = Content.assemble(
                    (app.get_key_display(binding), "bold $footer-key-foreground"), " ", binding.description
                )
                continue
            if not binding.show:
                ours = binding.id is not None  # every key of deskcrm's has an id; Textual's own (tab) do not
                if ours and active.enabled and not binding.system and not binding.action.startswith(_SECTION):
                    unshown.add(binding.action)
                continue
            if binding.action in seen:
                continue
            seen.add(binding.action)
            key = app.get_key_display(binding)
            grouped = groups.get(binding.group) if binding.group is not None else None
            if grouped is not None:
                grouped.keys.append(key)
                grouped.enabled = grouped.enabled or active.enabled
                continue
            description = binding.group.description if binding.group is not None else binding.description
            if label is not None:  # the screen names the key for what it does here ("esc Not now")
                said = label(binding)
                if said == "":
                    continue
                description = said or description
            entry = _Entry([key], description, active.enabled, binding.action)
            entries.append(entry)
            if binding.group is not None:
                groups[binding.group] = entry
        hidden = bool(unshown - seen - _PALETTE - {f"app.{a}" for a in seen} - {a.removeprefix("app.") for a in seen})
        return entries, palette, hidden

    def render(self) -> Content:
        entries, palette, hidden = self._entries()
        keys = [entry.content() for entry in entries]
        left = Content.assemble(" ", Content(_GAP).join(keys))
        help_at = next((i for i, entry in enumerate(entries) if entry.action in _HELP), None)
        if help_at is not None and self.size.width > 0 and (hidden or left.cell_length > self.size.width):
            left = self._fitted(entries, keys, help_at)
        if palette is None:
            return left
        gap = self.size.width - left.cell_length - palette.cell_length - 1
        if gap < 2:
            return left
        return Content.assemble(left, " " * gap, palette, " ")

    def _fitted(self, entries: list[_Entry], keys: list[Content], help_at: int) -> Content:
        """The safety keys, and as many of the others as fit in order, then ``… ? Help`` (all of
        them when they fit: a key left to the help screen is why it ends so)."""
        tail = Content.assemble("…", _GAP, keys[help_at])
        room = self.size.width - 1 - tail.cell_length
        room -= sum(k.cell_length + len(_GAP) for k, e in zip(keys, entries, strict=True) if e.action in _SAFETY)
        shown: list[Content] = []
        for i, (key, entry) in enumerate(zip(keys, entries, strict=True)):
            if i == help_at:
                continue
            if entry.action not in _SAFETY:
                if key.cell_length + len(_GAP) > room:
                    room = -1  # in order: once one key gives way, every later one does
                    continue
                room -= key.cell_length + len(_GAP)
            shown.append(key)
        return Content.assemble(" ", *(Content.assemble(k, _GAP) for k in shown), tail)
