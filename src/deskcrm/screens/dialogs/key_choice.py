"""Pick one of a few answers with one key each (issue 14: the consent ledger).

- ``NoticeHowDialog`` — how an Art. 14 notice (or consent) went: ``e`` email, ``l`` letter,
  ``p`` phone, ``i`` in person, ``o`` other.
- ``BasisDialog`` — the lawful basis: ``c`` consent, ``l`` legitimate interest, ``k`` contract.
- ``WaitingDialog`` — an unsent copy waits in the Outbox: ``s`` send it, ``n`` write a new one instead.

Each dismisses with the chosen key of ``store.consent_ledger`` (``"in_person"``, ``"contract"``)
or None on ``esc``; ``f1``/``?`` list the keys. The subject line is user data: plain text.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from deskcrm import text
from deskcrm.screens.dialogs.base import DialogScreen
from deskcrm.widgets.key_bar import KeyBar


class _KeyChoice(DialogScreen["str | None"]):
    QUESTION_MARK_HELP = True
    DEFAULT_CSS = """
    _KeyChoice { align: center middle; }
    _KeyChoice > Vertical {
        width: 60; max-width: 90%; height: auto;
        border: round $primary; background: $surface; padding: 0 1;
    }
    _KeyChoice .what { text-wrap: nowrap; text-overflow: ellipsis; }
    _KeyChoice .choices { margin-top: 1; }
    """

    def __init__(self, title: str, subject: str) -> None:
        super().__init__()
        self._title = title
        self._subject = subject

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = text.safe(self._title)
            yield Static(text.safe(self._subject, "bold"), classes="what")
            parts: list[object] = []
            for b in self.BINDINGS:
                if isinstance(b, Binding) and b.action.startswith("pick(") and b.action != "pick('')":  # esc: below
                    parts += [(b.key.ljust(3), "bold $accent"), f"{b.description}\n"]
            parts += [("esc", "bold $accent"), " cancel"]
            yield Static(Content.assemble(*parts), classes="choices")
        yield KeyBar()

    def action_pick(self, value: str) -> None:
        self.dismiss(value or None)


class NoticeHowDialog(_KeyChoice):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "pick('email')", "email", id="notice_how.email"),
        Binding("l", "pick('letter')", "letter", id="notice_how.letter"),
        Binding("p", "pick('phone')", "phone", id="notice_how.phone"),
        Binding("i", "pick('in_person')", "in person", id="notice_how.in_person"),
        Binding("o", "pick('other')", "other", id="notice_how.other"),
        Binding("escape", "pick('')", "Cancel", id="notice_how.cancel"),
    ]
    HELP_TITLE = "How it was sent"


class BasisDialog(_KeyChoice):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "pick('consent')", "consent", id="basis.consent"),
        Binding("l", "pick('legitimate_interest')", "legitimate interest", id="basis.legitimate_interest"),
        Binding("k", "pick('contract')", "contract", id="basis.contract"),
        Binding("escape", "pick('')", "Cancel", id="basis.cancel"),
    ]
    HELP_TITLE = "Lawful basis"


class WaitingDialog(_KeyChoice):
    """An unsent copy of the message ``E`` is about to write waits in the Outbox (``screens.mail_waiting``)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "pick('send')", "send the waiting one now", id="outbox_waiting.send"),
        Binding("n", "pick('new')", "write a new one (it replaces the waiting one)", id="outbox_waiting.new"),
        Binding("escape", "cancel", "Cancel", id="outbox_waiting.cancel"),  # said once, as "esc cancel"
    ]
    HELP_TITLE = "Unsent copy in the Outbox"

    def action_cancel(self) -> None:
        self.dismiss(None)
