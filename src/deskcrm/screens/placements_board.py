"""Placements (section 5): Offer accepted → Started (in guarantee) → Guarantee passed, and with
``c`` the exits Fell off before start / Guarantee failed. A card: candidate, client, fee and
its status, start date, days of guarantee left, the next check-in (red when due).

``i`` marks the fee invoiced (due date from the client's payment terms), ``$`` paid, ``x``
ticks the next check-in done (asking first when it is more than a week away); ``enter`` opens the candidate. Falling off or failing the
guarantee asks why (and, for a failed guarantee, whether a refund or a replacement is owed and
the last day worked: the client's agreement decides the credit, and the form says how); it
reopens the job's opening. Each is one write that ``ctrl+z`` undoes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from deskcrm.domain import clock
from deskcrm import text
from deskcrm.screens import board_cards
from deskcrm.screens.board_base import BoardScreen
from deskcrm.store.boards import Board

if TYPE_CHECKING:
    from deskcrm.store.db import Connection

_OWED = (("refund", "Refund"), ("replacement", "Replacement"))
CHECKIN_EARLY_DAYS = 7  # x on a check-in due further ahead than this asks first


class PlacementsBoardScreen(BoardScreen):
    SECTION = "placements"
    HELP_TITLE = "Placements"
    PIPELINE = "placement"
    BOARD = "placements"
    KIND = "placement"
    MIN_WIDTH = 24

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "fee('invoiced')", "Invoiced", tooltip="Mark the fee invoiced", id="placements.invoiced"),
        Binding("dollar_sign", "fee('paid')", "Paid", tooltip="Mark the fee paid", id="placements.paid"),
        Binding("x", "checkin", "Check-in", tooltip="Tick the next 30/60/90-day check-in done", id="placements.checkin"),
        Binding("c", "toggle_exits", "Exits", tooltip="Show or hide fell-off and failed placements", id="placements.exits"),
        Binding("o", "toggle_mine", "Mine", tooltip="Only the placements you made (again: everyone's)",
                id="placements.mine"),
        Binding("a", "log", "Log", tooltip="Log a call, email, meeting or note on this card", id="placements.log"),
        *BoardScreen.COMMON_BINDINGS,
    ]

    def read(self, conn: Connection) -> tuple[Content, Board]:
        from deskcrm.store import boards

        board = boards.placement_board(conn, text=self.filter_text, owner=self.owner, include_exits=self.show_exits,
                                       per_column=self.depth)
        live = sum(c.count for c in board.columns if c.stage in ("offer_accepted", "started"))
        shown = "exits shown (c hides)" if self.show_exits else "exits hidden (c shows)"
        header = text.join(text.safe("Placements", "bold"), text.safe(f" · {live} in guarantee or starting · {shown}{self.filter_note()}"))
        return header, board

    def activity_subject(self, card: Any):
        from deskcrm.screens.activity_subject import ActivitySubject

        return ActivitySubject(f"placement:{card.id}", card.candidate, card.candidate, card.company, card.person_id,
                               card.company_id, job_id=card.job_id, placement_id=card.id)

    def make_card(self, card: Any, today):
        return board_cards.placement_card(card, today)

    def card_name(self, card: Any) -> str:
        return text.clean(card.candidate)

    def on_kanban_open(self, message) -> None:
        from deskcrm.screens.person import PersonScreen

        card = self.cards.get(message.card_id)
        if card is not None:
            self.app.push_screen(PersonScreen(card.person_id))

    def ask_move(self, card: Any, target: str) -> None:
        if target == "guarantee_failed":  # what is owed depends on the client's agreement: read it first
            from deskcrm.store.placements_write import guarantee_terms

            self.read_then(lambda conn: guarantee_terms(conn, card.id), lambda terms: self._ask_owed(card, terms))
        else:
            super().ask_move(card, target)

    def _ask_owed(self, card: Any, terms: Any) -> None:
        """Reason, what is owed and the last day worked; the hint says how the agreement counts it."""
        from deskcrm.domain import dates, validate
        from deskcrm.domain.guarantee_rules import credit_refused, guarantee_errors, guarantee_outcome, rule_hint
        from deskcrm.screens.dialogs.form import FormField

        hint = rule_hint(terms.rule, company=terms.company, fee=terms.fee, currency=terms.currency,
                         guarantee_days=terms.guarantee_days)
        started = f"started {terms.start.isoformat()}; " if terms.start else ""
        extra = (FormField("owed", "Owed", choices=_OWED, value="replacement", required=True, hint=text.clean(hint)),
                 FormField("left_on", "Last day", validate.required(dates.day), clock.today().isoformat(),
                           hint=f"their last day at the client ({started}days worked = last day − start)",
                           required=True))

        invoice_key = self.key_for("fee('invoiced')")  # as remapped; read while the board is the screen

        def check(values: dict[str, Any]) -> dict[str, str]:
            left = values.get("left_on")
            if left is None or terms.start is None:
                return {}
            errors = guarantee_errors(terms.start, left, terms.guarantee_days)
            if not errors and values.get("owed") == "refund" and terms.rule in ("full", "prorata"):
                credit = guarantee_outcome(terms.rule, "refund", fee=terms.fee, currency=terms.currency,
                                           guarantee_days=terms.guarantee_days, start=terms.start, left_on=left).credit
                if (why := credit_refused(terms.fee_status, credit)) is not None:  # said at the field, nothing lost
                    errors["owed"] = f"{why[0].upper()}{why[1:]} (esc, then {invoice_key} on the card)."
            return errors

        self.ask_reason(card, "guarantee_failed", lambda values: self.commit_move(card, "guarantee_failed", **values),
                        extra=extra, check=check)

    def move_op(self, card: Any, target: str, reason: str | None = None, owed: str | None = None,
                left_on: Any = None, **_: Any):
        def op(conn):
            from deskcrm.store import moves

            return moves.move_placement(conn, card.id, target, expected_version=card.version, reason=reason,
                                        owed=owed or None, left_on=left_on)

        return op

    def _focused_card(self) -> Any:
        card_id, _column = self.kanban.focused
        return self.cards.get(card_id)

    def action_fee(self, status: str) -> None:
        card = self._focused_card()
        if card is None:
            return

        def op(conn):
            from deskcrm.store import moves

            return moves.set_fee_status(conn, card.id, status, expected_version=card.version)

        self.write(op, lambda r: r.message, on_error=lambda _m, _e: self.reload())

    def action_checkin(self) -> None:
        card = self._focused_card()
        if card is None:
            return

        def tick() -> None:
            def op(conn):
                from deskcrm.store import moves

                return moves.tick_checkin(conn, card.id, expected_version=card.version)

            self.write(op, lambda r: r.message, on_error=lambda _m, _e: self.reload())

        ahead = (card.next_checkin - clock.today()).days if card.next_checkin else 0
        if ahead <= CHECKIN_EARLY_DAYS:
            tick()
            return
        from deskcrm.screens.dialogs.confirm import ConfirmDialog
        from deskcrm.screens.panels import day

        when = day(card.next_checkin)
        question = (f"{self.card_name(card)}'s next check-in is not due until {when} (in {ahead} days). "
                    "Mark it done now?")
        self.app.push_screen(ConfirmDialog("Check-in done early?", question), lambda yes: tick() if yes else None)
