"""The business-development board (``b`` in Clients): companies by BD stage, Target → Contacted →
Meeting → Terms sent → Active client; Dormant and Lost after ``x``. The same kanban widget and
keys as the other boards (h/l column, j/k card, H/L move, m move to…, enter open, / filter);
moving to Active client asks for the fee agreement when there is none (both land in one write),
moving to Dormant or Lost asks why. J/K reorder a column (ties in name order). ``ctrl+z``
undoes a move or a reorder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.content import Content

from deskcrm import text
from deskcrm.screens.board_base import BoardScreen
from deskcrm.store.board_cards import Board
from deskcrm.widgets.kanban import Card

if TYPE_CHECKING:
    from deskcrm.store.db import Connection


def company_card(c: Any, today) -> Card:
    second = Text(no_wrap=True, overflow="ellipsis")
    second.append_text(text.cell(c.city or ""))
    if c.owner:
        second.append(" · ", style="dim")
        second.append_text(text.cell(c.owner, "dim"))
    third = Text(no_wrap=True, overflow="ellipsis")
    if c.open_jobs:
        third.append(f"{c.open_jobs} job{'s' if c.open_jobs != 1 else ''} · ")
    third.append(f"{c.last_contact.day} {c.last_contact:%b}" if c.last_contact else "never",
                 style="" if c.last_contact else "dim")
    third.append(" · ", style="dim")
    third.append_text(text.cell(f"fee {c.fee}" if c.fee_agreed else "no fee", "" if c.fee_agreed else "yellow"))
    return Card(c.id, (text.cell(c.name, "bold"), second, third))


def board_header(board: Board, show_exits: bool, note: str = "") -> Content:
    """'Business development · 600 in play · 1,100 active clients · Dormant and Lost hidden (x shows)'."""
    active = sum(c.count for c in board.columns if c.stage == "active_client")
    pipeline = sum(c.count for c in board.columns if c.stage in ("target", "contacted", "meeting", "terms_sent"))
    shown = "Dormant and Lost shown (x hides)" if show_exits else "Dormant and Lost hidden (x shows)"
    return text.join(text.safe("Business development", "bold"),
                     text.safe(f" · {pipeline:,} in play · {active:,} active clients · {shown}{note}"))


class BDBoardScreen(BoardScreen):
    TRAIL = "BD board"
    HELP_TITLE = "Business development"
    PIPELINE = "client"
    BOARD = "clients"
    KIND = "company"
    MIN_WIDTH = 20

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="bd.back"),
        Binding("x", "toggle_exits", "Exits", tooltip="Show or hide Dormant and Lost", id="bd.exits"),
        Binding("n", "new", "New", tooltip="Add a company (a Target)", id="bd.new"),
        Binding("o", "toggle_mine", "Mine", tooltip="Only the companies you own (again: everyone's)", id="bd.mine"),
        *BoardScreen.COMMON_BINDINGS,
    ]

    def read(self, conn: Connection) -> tuple[Content, Board]:
        from deskcrm.store import bd_board

        board = bd_board.bd_board(conn, text=self.filter_text, owner=self.owner, include_exits=self.show_exits,
                                  per_column=self.depth)
        return board_header(board, self.show_exits, self.filter_note()), board

    def make_card(self, card: Any, today):
        return company_card(card, today)

    def read_page(self, conn: Connection, stage: str, offset: int, limit: int) -> tuple:
        from deskcrm.store import bd_board

        return bd_board.bd_cards(conn, stage, offset=offset, limit=limit, text=self.filter_text,
                                 owner=self.owner)

    def on_kanban_open(self, message) -> None:
        from deskcrm.screens.open_record import open_record

        if message.card_id in self.cards:
            open_record(self.app, "company", int(message.card_id))

    def card_name(self, card: Any) -> str:
        return text.clean(card.name)

    def ask_move(self, card: Any, target: str) -> None:
        if target == "active_client" and not card.fee_agreed:
            self._ask_fee(card)
        else:
            super().ask_move(card, target)

    def _ask_fee(self, card: Any) -> None:
        from deskcrm.screens.account_forms import fee_check, fee_fields
        from deskcrm.screens.dialogs.form import FormDialog

        def chosen(result) -> None:
            if result is not None and not result.cancelled:
                self.commit_move(card, "active_client", fee=result.values)

        form = FormDialog(f"{text.clean(card.name)} → Active client: the fee agreement", fee_fields(None),
                          check=fee_check, banner="No fee agreement on file: agree one to make them a client",
                          submit_label="Move")
        self.app.push_screen(form, chosen)

    def move_op(self, card: Any, target: str, reason: str | None = None, fee: dict | None = None, **_: Any):
        def op(conn):
            from deskcrm.store import bd_board

            return bd_board.move_company(conn, card.id, target, expected_version=card.version, reason=reason, fee=fee)

        return op

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss()

    def action_new(self) -> None:
        from deskcrm.screens import account_forms

        account_forms.new_company(self)
