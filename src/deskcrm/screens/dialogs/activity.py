"""Log an activity against a due item: pick what happened with one key, write a note, save.

Keys (while the kind list has focus): ``t`` call, talked · ``v`` call, left voicemail ·
``u`` call, no answer · ``e`` email · ``m`` meeting · ``o`` note. The call keys are the call
outcome keys of the person screen and the search results (``touch.OUTCOMES``): one meaning,
one key. Picking a kind moves to the
note; ``tab`` moves between the two; ``ctrl+e`` opens the note in ``$EDITOR`` (the app suspends
and resumes with the text; an editor that is missing or fails changes nothing); ``ctrl+s``
saves; ``f1`` lists the keys; ``esc`` cancels (a typed note is kept as a draft by the caller, so nothing typed is lost).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from deskcrm import text
from deskcrm.screens.dialogs.base import DialogScreen
from deskcrm.screens.dialogs.key_order import after_typed_keys
from deskcrm.domain.touch import BY_KIND
from deskcrm.widgets.key_bar import KeyBar
from deskcrm.widgets.safe_text_area import SafeTextArea

if TYPE_CHECKING:
    from deskcrm.domain.due import DueItem

# (key, kind, label): kinds are due_store.ACTIVITY_KINDS' keys; a call outcome has the key it
# has everywhere else (touch.OUTCOMES: t talked, v voicemail, u no answer)
KINDS = (
    (BY_KIND["call_talked"].key, "call_talked", "Call — talked"),
    (BY_KIND["call_voicemail"].key, "call_voicemail", "Call — left voicemail"),
    (BY_KIND["call_no_answer"].key, "call_no_answer", "Call — no answer"),
    ("e", "email", "Email"),
    ("m", "meeting", "Meeting"),
    ("o", "note", "Note"),
)
KIND_BY_KEY = {key: kind for key, kind, _label in KINDS}


@dataclass(frozen=True, slots=True)
class ActivityResult:
    kind: str | None
    body: str
    cancelled: bool = False


class KindList(OptionList):
    """The kind picker. It handles the kind keys itself, in order with the keys after them:
    a burst like "t" + "Happy with the offer" is already queued here before focus can move,
    so once a kind is picked the rest of the burst (or a paste) is typed into the note."""

    def __init__(self, *options: Option, id: str) -> None:
        super().__init__(*options, id=id)
        self.picked = False

    def _note(self) -> TextArea:
        return self.screen.query_one("#body", TextArea)

    def _on_key(self, event: events.Key) -> None:
        character = text.typed(event.character)
        if character is None:
            return
        kind = KIND_BY_KEY.get(event.key)
        if self.picked or kind is None:
            if self.picked:
                self._note().insert(character)
                event.stop()
                event.prevent_default()
            return
        event.stop()
        event.prevent_default()
        self.screen.action_kind(kind)

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        self._note().insert(event.text)
        self.screen.set_focus(self._note())


class ActivityDialog(DialogScreen[ActivityResult | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key, f"kind('{kind}')", label, show=False, id=f"activity.{kind}")
            for key, kind, label in KINDS
        ),
        Binding("ctrl+s", "save", "Save", priority=True, id="activity.save"),
        Binding("ctrl+e", "editor", "Editor", priority=True, tooltip="Write the note in $EDITOR (else vi)",
                id="activity.editor"),
        Binding("escape", "cancel", "Cancel", id="activity.cancel"),
    ]
    HELP_TITLE = "Log activity"

    DEFAULT_CSS = """
    ActivityDialog { align: center middle; }
    ActivityDialog > Vertical {
        width: 72; max-width: 96%; height: auto; max-height: 96%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    ActivityDialog .what { text-wrap: nowrap; text-overflow: ellipsis; }
    ActivityDialog OptionList, ActivityDialog OptionList:focus {
        height: auto; max-height: 8; margin-top: 1; padding: 0 0 0 1;
        border: none; border-left: outer $panel;
    }
    ActivityDialog OptionList:focus { border-left: outer $primary; }
    ActivityDialog OptionList > .option-list--option-highlighted {
        background: $primary 35%; color: $foreground; text-style: bold;
    }
    ActivityDialog TextArea { height: 6; margin-top: 1; }
    ActivityDialog #error { color: $error; height: auto; }
    ActivityDialog #hint { color: $foreground 70%; }
    """

    def __init__(self, item: DueItem, draft: ActivityResult | None = None) -> None:
        super().__init__()
        self._item = item
        self._draft = draft
        self._kind: str | None = draft.kind if draft else None

    def compose(self) -> ComposeResult:
        item = self._item
        with Vertical() as box:
            box.border_title = "Log activity"
            yield Static(text.safe(item.title, "bold"), classes="what")
            who = " at ".join(text.clean(x) for x in (item.person, item.company) if x)
            if who:
                yield Static(text.safe(who), classes="what")
            yield KindList(
                *(
                    Option(Content.assemble((key, "bold $accent"), "  ", label), id=kind)
                    for key, kind, label in KINDS
                ),
                id="kinds",
            )
            area = SafeTextArea(
                self._draft.body if self._draft else "",
                id="body",
                soft_wrap=True,
                tab_behavior="focus",
                show_line_numbers=False,
                placeholder="What was said, what happens next…",
            )
            yield area
            yield Static("", id="error")
            yield Static(
                Content.assemble(
                    (" ".join(key for key, _kind, _label in KINDS), "bold $accent"), " pick · ", ("tab", "bold $accent"), " note · ",
                    ("ctrl+e", "bold $accent"), " editor · ",
                    ("ctrl+s", "bold $accent"), " save · ", ("esc", "bold $accent"), " cancel",
                ),
                id="hint",
            )
        yield KeyBar()

    def on_mount(self) -> None:
        kinds = self.query_one("#kinds", OptionList)
        if self._kind is not None:
            kinds.highlighted = self._index(self._kind)
            self.query_one("#body", TextArea).focus()
        else:
            kinds.highlighted = None
            kinds.focus()

    @staticmethod
    def _index(kind: str) -> int:
        return next(i for i, (_k, name, _l) in enumerate(KINDS) if name == kind)

    def action_kind(self, kind: str) -> None:
        self._kind = kind
        kinds = self.query_one("#kinds", KindList)
        kinds.highlighted = self._index(kind)
        kinds.picked = True
        self.query_one("#error", Static).update("")
        # Focus now, not after the queue drains (Widget.focus defers): keys typed right after
        # the kind key (a fast typist, a paste) belong to the note, not to the kind list.
        self.set_focus(self.query_one("#body", TextArea))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.action_kind(event.option.id)

    def _chosen(self) -> str | None:
        """The kind picked by key or enter, else the one moved to with the arrows."""
        highlighted = self.query_one("#kinds", OptionList).highlighted_option
        return highlighted.id if highlighted is not None else self._kind

    def action_save(self) -> None:
        after_typed_keys(self, self._save)

    def _save(self) -> None:
        self._kind = self._chosen()
        if self._kind is None:
            self.query_one("#error", Static).update(
                "Pick what happened first: "
                + ", ".join(f"{key} {label.removeprefix('Call — ').lower()}" for key, _kind, label in KINDS)
            )
            self.query_one("#kinds", OptionList).focus()
            return
        area = self.query_one("#body", SafeTextArea)
        if area.problem:
            self.query_one("#error", Static).update(text.safe(f"The note {area.problem}"))
            area.focus()
            return
        if self._kind == "note" and not area.text.strip():
            self.query_one("#error", Static).update("A note needs its text: type it below (or pick another kind)")
            area.focus()
            return
        self.dismiss(ActivityResult(self._kind, area.text.strip()))

    def action_editor(self) -> None:
        after_typed_keys(self, self._editor)

    def _editor(self) -> None:
        """The note in ``$EDITOR``: the app suspends, the editor runs, the text comes back."""
        from textual.app import SuspendNotSupported

        from deskcrm.work import editor

        area = self.query_one("#body", TextArea)
        try:
            with self.app.suspend():
                edited = editor.edit(area.text)
        except SuspendNotSupported:
            text.notify(self.app, "This terminal cannot hand over to an editor; type the note here",
                        title="Editor", severity="warning")
            return
        except editor.EditorError as exc:
            text.notify(self.app, str(exc), title="Editor", severity="warning", timeout=8)
            return
        area.text = edited  # as written: a control character in it is refused on save, like a paste
        if self._kind is None:
            self._kind = "note"  # a long note with nothing picked yet is a note
            kinds = self.query_one("#kinds", KindList)
            kinds.highlighted = self._index("note")
            kinds.picked = True
        self.set_focus(area)
        area.move_cursor(area.document.end)

    def action_cancel(self) -> None:
        body = self.query_one("#body", TextArea).text
        self.dismiss(ActivityResult(self._chosen(), body, cancelled=True))
