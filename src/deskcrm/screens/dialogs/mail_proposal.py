"""What a mail automation proposes (``store.mail_proposals``): each message's label, recipient,
subject and whether the invite goes with it. ``enter``/``y`` sends them all (one key), ``esc``
sends nothing. Dismisses with True (send) or None. Every value is shown as text, never markup."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from deskcrm import text
from deskcrm.screens.dialogs.base import DialogScreen
from deskcrm.widgets.key_bar import KeyBar


class ProposalDialog(DialogScreen[bool | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Send", tooltip="Send every message shown", id="proposal.send"),
        Binding("escape,n", "answer(None)", "Not now", tooltip="Send nothing", id="proposal.skip"),
    ]
    HELP_TITLE = "Proposed mail"
    QUESTION_MARK_HELP = True
    DEFAULT_CSS = """
    ProposalDialog { align: center middle; }
    ProposalDialog > Vertical {
        width: 76; max-width: 100%; height: auto; border: round $accent; background: $surface; padding: 0 1;
    }
    ProposalDialog Static { width: 1fr; }
    ProposalDialog .proposal { margin-top: 1; }
    ProposalDialog #proposal-keys { color: $foreground-muted; margin-top: 1; }
    """

    def __init__(self, title: str, proposals: list) -> None:  # list[store.mail_proposals.Proposal]
        super().__init__()
        self._title, self._proposals = title, proposals

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = text.safe(self._title)
            for p in self._proposals:
                invite = " · with the calendar invite" if p.draft.ics else ""
                yield Static(text.join(text.safe(f"{p.label}{invite}", "bold"),
                                       text.safe(f"\nTo: {', '.join(p.draft.to)}\n{p.draft.subject}", multiline=True)),
                             classes="proposal")
            n = len(self._proposals)
            yield Static(text.safe(f"y / enter send {'both' if n == 2 else 'it' if n == 1 else 'all'} · esc not now"),
                         id="proposal-keys")
        yield KeyBar()

    def action_answer(self, answer: bool | None) -> None:
        self.dismiss(answer)
