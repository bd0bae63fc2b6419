"""The two dialogs of composing a message (``screens.mail_actions``):

- ``MailEditDialog`` — the in-app editor when there is no ``$EDITOR``: the whole message as text
  (``To:``, ``Cc:``, ``Subject:`` lines, a blank line, the body), ``ctrl+s`` done, ``esc`` cancel
  (the text comes back with ``cancelled``, so the caller keeps it as a draft: nothing typed is lost).
- ``SendConfirm`` — what is about to go: To, Cc, Subject, attachments, the start of the body;
  ``y`` / ``enter`` send, ``e`` edit again, ``esc`` cancel (kept as a draft); ``note``: one line
  beside it (mail not set up: it will wait in the Outbox). With ``error`` (the
  edited text did not read back: a bad address, no subject) it says what to fix, and only ``e``
  and ``esc`` are offered.

Every value is the user's data, shown through ``deskcrm.text``, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from deskcrm import text
from deskcrm.domain.mail import Draft
from deskcrm.screens.dialogs.base import DialogScreen
from deskcrm.screens.dialogs.key_order import after_typed_keys
from deskcrm.widgets.key_bar import KeyBar
from deskcrm.widgets.safe_text_area import SafeTextArea


@dataclass(frozen=True, slots=True)
class MailEdit:
    text: str
    cancelled: bool = False


class MailEditDialog(DialogScreen[MailEdit]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "done", "Done", priority=True, id="mail_edit.done"),
        Binding("escape", "cancel", "Cancel", id="mail_edit.cancel"),
    ]
    HELP_TITLE = "Write a message"
    DEFAULT_CSS = """
    MailEditDialog { align: center middle; }
    MailEditDialog > Vertical {
        width: 90; max-width: 100%; height: 90%; border: round $primary; background: $surface; padding: 0 1;
    }
    MailEditDialog SafeTextArea { height: 1fr; }
    MailEditDialog #mail-error { color: $error; height: auto; }
    MailEditDialog #mail-note { color: $warning; height: auto; }
    MailEditDialog #mail-hint { color: $foreground-muted; }
    """

    def __init__(self, title: str, body: str, *, note: str | None = None) -> None:
        super().__init__()
        self._title, self._body, self._note = title, body, note  # note: one line above the text

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = text.safe(self._title)
            if self._note:
                yield Static(text.safe(self._note, multiline=True), id="mail-note")
            yield SafeTextArea(self._body, id="mail-text", soft_wrap=True, tab_behavior="focus", show_line_numbers=False)
            yield Static("", id="mail-error")
            yield Static(text.safe("To:, Cc:, Subject: lines, a blank line, then the message · ctrl+s done · esc cancel"),
                         id="mail-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        area = self.query_one(SafeTextArea)
        area.focus()
        area.move_cursor((0, 0))

    def action_done(self) -> None:
        after_typed_keys(self, self._done)

    def _done(self) -> None:
        area = self.query_one(SafeTextArea)
        if area.problem:
            self.query_one("#mail-error", Static).update(text.safe(f"The message {area.problem}"))
            return
        self.dismiss(MailEdit(area.text))

    def action_cancel(self) -> None:
        self.dismiss(MailEdit(self.query_one(SafeTextArea).text, cancelled=True))


class SendConfirm(DialogScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer('send')", "Send", id="mail_send.send"),
        Binding("e", "answer('edit')", "Edit", tooltip="Back to the text of the message", id="mail_send.edit"),
        Binding("escape", "answer(None)", "Cancel", tooltip="Not sent; kept as a draft for the next E",
                id="mail_send.cancel"),
    ]
    HELP_TITLE = "Send"
    QUESTION_MARK_HELP = True
    DEFAULT_CSS = """
    SendConfirm { align: center middle; }
    SendConfirm > Vertical {
        width: 80; max-width: 100%; height: auto; max-height: 90%; border: round $primary; background: $surface;
        padding: 0 1;
    }
    SendConfirm Static { width: 1fr; }
    SendConfirm #send-error { color: $error; }
    SendConfirm #send-note { color: $warning; }
    SendConfirm #send-body { color: $foreground-muted; margin-top: 1; max-height: 8; }
    SendConfirm #send-keys { color: $foreground-muted; margin-top: 1; }
    """

    def __init__(self, draft: Draft | None, error: str | None = None, *, note: str | None = None) -> None:
        super().__init__()
        self._draft, self._error, self._note = draft, error, note  # note: one line (mail not set up)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = text.safe("Send this message?" if self._error is None else "Not ready to send")
            if self._error is not None or self._draft is None:
                yield Static(text.safe(self._error or "", multiline=False), id="send-error")
                yield Static(text.safe("e edit again · esc cancel (kept as a draft)"), id="send-keys")
            else:
                d = self._draft
                lines = [f"To:      {', '.join(d.to)}"]
                if d.cc:
                    lines.append(f"Cc:      {', '.join(d.cc)}")
                lines.append(f"Subject: {d.subject}")
                files = [a.filename for a in d.attachments] + (["invite.ics"] if d.ics is not None else [])
                if files:
                    lines.append(f"Files:   {', '.join(files)}")
                yield Static(text.safe("\n".join(lines), multiline=True), id="send-head")
                if self._note:
                    yield Static(text.safe(self._note), id="send-note")
                body = d.body.strip().splitlines()
                yield Static(text.safe("\n".join(body[:6]) + ("\n…" if len(body) > 6 else ""), multiline=True),
                             id="send-body")
                yield Static(text.safe("y / enter send · e edit again · esc cancel (kept as a draft)"), id="send-keys")
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer" and parameters and parameters[0] == "send":
            return self._error is None and self._draft is not None
        return True

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)
