"""Job orders (section 4): open job orders by stage, Intake → … → Placed; closed and on-hold
jobs only after ``c``. A card: title, client (and owner), openings filled / total, open
submissions, age in days, urgency. Column totals: the estimated fees.

``enter`` opens the job's candidate pipeline; ``n`` opens a job order for a client (picked
from a searchable list; fee terms prefilled from the client's agreement); ``e`` edits the
focused one in the same form (``screens.job_form``). Moves to Placed or a
closed stage ask first (closing asks why); every move is one write that ``ctrl+z`` undoes.
``M`` matches the focused job to the pool (``screens.match``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from deskcrm import text
from deskcrm.screens import board_cards
from deskcrm.screens.board_base import BoardScreen
from deskcrm.store.boards import Board

if TYPE_CHECKING:
    from deskcrm.store.db import Connection


class JobsBoardScreen(BoardScreen):
    SECTION = "jobs"
    HELP_TITLE = "Job orders"
    PIPELINE = "job"
    BOARD = "jobs"
    KIND = "job"
    NOUN = "job"
    MIN_WIDTH = 20

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_job", "New job", tooltip="Open a job order for a client", id="jobs.new"),
        Binding("e", "edit_job", "Edit", tooltip="Edit the focused job order: title, openings, pay, fee terms…",
                id="jobs.edit"),
        Binding("c", "toggle_exits", "Closed", tooltip="Show or hide closed and on-hold jobs", id="jobs.closed"),
        Binding("o", "toggle_mine", "Mine", tooltip="Only the job orders you own (again: everyone's)", id="jobs.mine"),
        Binding("a", "log", "Log", tooltip="Log a call, email, meeting or note on this card", id="jobs.log"),
        Binding("M", "match", "Match", tooltip="People who fit the focused job, ranked, with why", id="jobs.match"),
        *BoardScreen.COMMON_BINDINGS,
    ]

    def read(self, conn: Connection) -> tuple[Content, Board]:
        from deskcrm.store import boards

        board = boards.job_board(conn, text=self.filter_text, owner=self.owner, include_closed=self.show_exits,
                                 per_column=self.depth)
        open_jobs = sum(c.count for c in board.columns if not c.stage.startswith("closed") and c.stage != "on_hold")
        shown = "closed shown (c hides)" if self.show_exits else "closed hidden (c shows)"
        header = text.join(text.safe("Job orders", "bold"), text.safe(f" · {open_jobs} open · {shown}{self.filter_note()}"))
        return header, board

    def activity_subject(self, card: Any):
        from deskcrm.screens.activity_subject import ActivitySubject

        return ActivitySubject(f"job:{card.id}", card.title, None, card.company, None, card.company_id, job_id=card.id)

    def make_card(self, card: Any, today):
        return board_cards.job_card(card, today)

    def on_kanban_open(self, message) -> None:
        from deskcrm.screens.job_pipeline import JobPipelineScreen

        if message.card_id in self.cards:
            self.app.push_screen(JobPipelineScreen(int(message.card_id)))

    def move_op(self, card: Any, target: str, reason: str | None = None, **_: Any):
        def op(conn):
            from deskcrm.store import moves

            return moves.move_job(conn, card.id, target, expected_version=card.version, reason=reason)

        return op

    # ------------------------------------------------------------------ new job order

    def action_new_job(self) -> None:
        from deskcrm.screens.dialogs.pick import PickDialog
        from deskcrm.store.clients import client_choices

        def chosen(company_id) -> None:
            if company_id is not None:
                from deskcrm.store import moves

                self.read_then(lambda conn: moves.job_defaults(conn, int(company_id)),
                               lambda defaults: self._new_job_form(int(company_id), defaults))

        self.read_then(client_choices, lambda rows: self.app.push_screen(
            PickDialog("New job order for which client?", rows), chosen))

    def _new_job_form(self, company_id: int, defaults) -> None:
        from deskcrm.screens.job_form import new_job

        new_job(self, company_id, defaults, on_success=self._created)

    def _created(self, result) -> None:
        self.follow_new(getattr(result, "job_id", None), "intake")  # focused once the board reloads

    # ------------------------------------------------------------------ edit a job order

    def action_match(self) -> None:
        from deskcrm.screens.match import open_match

        card_id, _column = self.kanban.focused
        open_match(self, int(card_id) if card_id in self.cards else None)

    def action_edit_job(self) -> None:
        from deskcrm.screens.job_form import edit_job

        card_id, _column = self.kanban.focused
        if card_id not in self.cards:
            text.notify(self.app, "No job order here to edit")
            return
        edit_job(self, int(card_id))
