"""Help: every key that works where you pressed ``?``, with what it does.

Generated from the live bindings of the screen underneath (focused widget, screen, app), so it
can never drift from what the keys really do. Keys hidden from the footer are listed too.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from deskcrm import text
from deskcrm.widgets.key_bar import KeyBar


def _describe(binding: Binding) -> str:
    """The footer's word for a binding (or, failing that, its action in words)."""
    if binding.description:
        return binding.description
    if binding.tooltip:
        return binding.tooltip
    return binding.action.split("(")[0].split(".")[-1].replace("_", " ").strip().capitalize()


def _explain(binding: Binding) -> str:
    """Description plus the longer tooltip, when there is one: "Log — Log a call, …"."""
    short = _describe(binding)
    if binding.tooltip and binding.tooltip != short:
        return f"{short} — {binding.tooltip}"
    return short


def _where(node: DOMNode, screen: Screen) -> str:
    """A group's heading: the node's ``HELP_TITLE``, else what a recruiter calls it (a text box,
    a list: never a class name such as "SafeInput" or "FitTable")."""
    from textual.widgets import DataTable, Input, TextArea

    if node is screen.app:
        return "Everywhere"
    title = getattr(node, "HELP_TITLE", "")
    if title:
        return title
    if node is screen:
        return "This screen"
    for kind, said in ((Input, "In a text box"), (TextArea, "In a text area"), (DataTable, "In the list")):
        if isinstance(node, kind):
            return said
    return "Here"


def _titled(screen: Screen) -> str:
    """What the help is titled: the screen's ``HELP_TITLE``; a form, its own title ("Place Ana
    Silva at Acme", not "Form")."""
    own = getattr(screen, "help_title", None)
    return (own() if callable(own) else "") or getattr(screen, "HELP_TITLE", "") or "deskcrm"


# Textual's own keys (no binding id: every deskcrm binding has one), in a recruiter's words. A text
# box's two dozen editing keys are one line: they work as in any text box.
_TEXTUAL_WORDS = {"focus_next": "Next box", "focus_previous": "Previous box"}
_EDITING = "Edit the text as in any text box: move, select, delete a word or the line, cut, copy, paste"
_EDITING_KEYS = ("left", "right", "home", "end", "ctrl+w", "ctrl+u", "ctrl+k", "ctrl+x", "ctrl+c", "ctrl+v")


def textual_words(node: DOMNode, binding: Binding) -> str | None:
    """What the help says for one of Textual's own keys (no binding id) on ``node``: a text box's
    editing keys are :data:`_EDITING`, the focus keys in words; None for deskcrm's own keys."""
    from textual.widgets import Input, TextArea

    if binding.id:
        return None
    if isinstance(node, (Input, TextArea)):
        return _EDITING
    return _TEXTUAL_WORDS.get(binding.action.split(".")[-1]) or None


def key_groups(screen: Screen) -> list[tuple[str, list[tuple[str, str, bool, str]]]]:
    """[(where, [(keys, description, enabled, binding id)])] for ``screen``, most specific first.

    Keys bound to the same action on the same node are shown together ("j / down"). The id is
    what the config file's ``[keys]`` table remaps (config/keymap.py). Textual's own editing keys
    of a text box are one line (:data:`_EDITING`); its focus keys say "Next box".
    """
    app = screen.app
    groups: dict[int, tuple[str, dict[tuple[str, str], tuple[list[str], bool]]]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.system and not binding.description:
            continue
        node = active.node
        where, entries = groups.setdefault(id(node), (_where(node, screen), {}))
        words = textual_words(node, binding)
        if words == _EDITING:
            if ("", _EDITING) not in entries:
                shown = [app.get_key_display(Binding(k, "")) for k in _EDITING_KEYS]
                entries[("", _EDITING)] = ([" ".join(shown) + " …"], True, "")
            continue
        description = words or _explain(binding)
        slot = entries.setdefault((binding.action, description), ([], active.enabled, binding.id or ""))
        slot[0].append(app.get_key_display(binding))
    rank = {id(screen): 0, id(app): 2}
    order = sorted(groups.items(), key=lambda kv: rank.get(kv[0], 1))
    out = []
    for _id, (where, entries) in order:
        rows = [
            (" / ".join(keys), description, enabled, binding_id)
            for (_a, description), (keys, enabled, binding_id) in entries.items()
        ]
        out.append((where, rows))
    return out


def render_help(groups: list[tuple[str, list[tuple[str, str, bool, str]]]], fit: int | None = None) -> Content:
    """The keys, one a line; with ``fit`` (the cells a line has), a long description wraps
    under itself, its keys' column kept clear (not back to the line's start)."""
    width = max((len(keys) for _w, rows in groups for keys, *_rest in rows), default=8)
    indent = width + 4  # "  " + the keys + two spaces
    lines: list[Content] = []
    for where, rows in groups:
        if lines:
            lines.append(Content(""))
        lines.append(Content.styled(where, "bold $primary"))
        for keys, description, enabled, binding_id in rows:
            body = Content.assemble(
                (description, "" if enabled else "dim"),
                (f"  [{binding_id}]" if binding_id else "", "$text-muted"),
            )
            parts = body.wrap(fit - indent) if fit is not None and fit - indent >= 20 else [body]
            lines.append(Content.assemble(("  " + keys.ljust(width + 2), "bold $accent"), parts[0]))
            lines.extend(Content.assemble(" " * indent, part) for part in parts[1:])
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close help", id="help.close"),
        Binding("j,down", "scroll('down')", "Scroll down", id="help.down"),
        Binding("k,up", "scroll('up')", "Scroll up", id="help.up"),
        Binding("space,pagedown", "scroll('page')", "Page down", id="help.page_down"),
        Binding("b,pageup", "scroll('page_up')", "Page up", show=False, id="help.page_up"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 72; max-width: 96%; height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    HelpScreen VerticalScroll { height: 1fr; scrollbar-size-vertical: 1; }
    HelpScreen #intro { color: $foreground 70%; margin-bottom: 1; }
    """

    def __init__(self, underneath: Screen) -> None:
        super().__init__()
        self._groups = key_groups(underneath)
        self._content = render_help(self._groups)
        self._fitted = 0  # the width the keys were last wrapped to
        self._title = _titled(underneath)
        self._dialog = underneath.is_modal  # a dialog's own keys (screens/dialogs/base.py)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = text.safe(f"Keys — {self._title}")
            if self._dialog:
                intro = ("Every key that works in this dialog; esc goes back to it as it was."
                         " [keys] in the config file remaps them by the id in brackets.")
            else:
                intro = ("Every key that works here. The command palette (ctrl+p or :) runs any of them by name;"
                         " [keys] in the config file remaps them by the id in brackets.")
            yield Static(intro, id="intro", markup=False)
            with VerticalScroll(id="keys"):
                yield Static(self._content, id="help-keys")
        yield KeyBar()

    def action_close(self) -> None:
        self.dismiss(None)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Wrap the long descriptions to the dialog's width (it follows the terminal's)."""
        keys = self.query_one("#help-keys", Static)
        width = keys.content_region.width
        if width > 0 and width != self._fitted:
            self._fitted = width
            keys.update(render_help(self._groups, width))

    def action_scroll(self, direction: str) -> None:
        scroller = self.query_one("#keys", VerticalScroll)
        {"down": scroller.scroll_down, "up": scroller.scroll_up, "page": scroller.scroll_page_down,
         "page_up": scroller.scroll_page_up}[direction](animate=False)
