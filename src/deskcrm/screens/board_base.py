"""What the three boards share (job orders, a job's pipeline, placements): load in an
exclusive thread worker, page long columns, filter, and move cards through ``self.write`` so
``ctrl+z`` undoes a move with everything it created.

A move is drawn at once (the card jumps to its new column on the widget, still focused) and
then written; when the write lands the board reloads and the cursor stays on the card — when its
place in the new column is past the cards loaded (a long column: 1,100 active clients), the
column reads on to it first. A
refused move (someone changed the record: ``Conflict``; a rule) shows the message and reloads,
so the card goes back to where the database says it is.

Subclasses say what to read (``read``), how a card looks (``make_card``), and how a move is
written (``move_op``); ``ask_move`` is where a move asks for more (a reason, a form).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from deskcrm.domain import clock, pipeline_rules
from deskcrm import text
from deskcrm.screens import board_cards, sections
from deskcrm.screens.base import DeskScreen
from deskcrm.screens.still_up import call_back
from deskcrm.domain.stages import PIPELINES, stage_label
from deskcrm.domain.stages import board as board_stages
from deskcrm.domain.stages import find as find_stage
from deskcrm.store.boards import Board
from deskcrm.widgets.kanban import Kanban, LazyCard
from deskcrm.widgets.key_bar import KeyBar
from deskcrm.widgets.section_bar import SectionBar

if TYPE_CHECKING:
    from deskcrm.store.db import Connection


class BoardLoaded(Message):
    def __init__(self, header: Content, board: Board, version: int) -> None:
        super().__init__()
        self.header, self.board, self.version = header, board, version


class PageLoaded(Message):
    def __init__(self, stage: str, cards: tuple) -> None:
        super().__init__()
        self.stage, self.cards = stage, cards


class CardFound(Message):
    """The cards of ``stage`` from ``offset`` down to ``card_id`` (a moved card, past the page)."""

    def __init__(self, stage: str, offset: int, cards: tuple, card_id: Hashable) -> None:
        super().__init__()
        self.stage, self.offset, self.cards, self.card_id = stage, offset, cards, card_id


class CardMissing(Message):
    """A followed card is not in ``stage`` as the board reads it now (the filter hides it)."""

    def __init__(self, card_id: Hashable) -> None:
        super().__init__()
        self.card_id = card_id


class BoardScreen(DeskScreen):
    NOUN: ClassVar[str] = "card"  # what a card is, in messages ("the new job …")
    PIPELINE: ClassVar[str] = ""  # stages.PIPELINES key
    BOARD: ClassVar[str] = ""  # store.boards.column_cards board name
    KIND: ClassVar[str] = ""  # store.moves.reorder kind
    MIN_WIDTH: ClassVar[int] = 22
    PER_COLUMN: ClassVar[int] = 40
    SEEK_LIMIT: ClassVar[int] = 5000  # a moved card is followed this far down its column
    RELOAD_MAX: ClassVar[int] = 1000  # a reload reads each column as deep as it was paged, up to this
    DEFAULT_CSS = """
    BoardScreen #board-header { height: auto; max-height: 2; padding: 0 1; background: $panel; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.cards: dict[Hashable, Any] = {}  # store cards by id, as last read
        self.filter_text = ""
        self.show_exits = False
        self.mine = False  # only the cards of the recruiter at the keyboard (``o``)
        self.job_id: int | None = None
        self._follow: Hashable | None = None  # a card just moved: focus it when it next shows
        self._follow_stage: str | None = None  # ... in this column (known after a move)
        self._new: Hashable | None = None  # a card just created: shown even if the filter hides it
        self._cleared = ""  # the filter dropped to show it (said once it shows)
        self.trail: Content | None = None  # set by ``read`` (e.g. the job a pipeline shows): the bar's trail
        self.depth = self.PER_COLUMN  # cards ``read`` reads per column
        self._moving = 0  # moves and reorders drawn on the board and not yet landed

    def compose(self) -> ComposeResult:
        yield self.section_bar()
        yield Static(text.safe("Loading…", "dim"), id="board-header")
        yield Kanban(min_width=self.MIN_WIDTH)
        yield KeyBar()

    def section_bar(self) -> SectionBar:
        if self.SECTION:
            return super().section_bar()
        section = sections.by_mode(self.app.current_mode)  # opened from a section: it stays lit
        return SectionBar(sections.bar_items(), section.key if section else None, self.TRAIL)

    @property
    def kanban(self) -> Kanban:
        return self.query_one(Kanban)

    def on_mount(self) -> None:
        self.kanban.focus()
        self.reload()

    # ------------------------------------------------------------------ reading

    def read(self, conn: Connection) -> tuple[Content, Board]:
        raise NotImplementedError

    def make_card(self, card: Any, today):
        raise NotImplementedError

    def reload(self) -> None:
        loaded = self.kanban.deepest if self.is_mounted else 0
        self.depth = min(max(self.PER_COLUMN, loaded), self.RELOAD_MAX)  # a column paged down stays paged
        self._load()

    def live_reload(self) -> bool:
        """A colleague's change: the same read, as deep as the columns were paged; the focused card
        stays focused wherever it went (else the card now at its place in the column), and the
        ``/`` box keeps what is typed. Never during a move (``work.live`` waits for it to land)."""
        self.reload()
        return True

    @work(thread=True, exclusive=True, group="board-load")
    def _load(self) -> None:
        worker = get_current_worker()
        version = self.desk.writes.version
        result = self._read(self.read)
        if result is not None and not worker.is_cancelled:
            self.post_message(BoardLoaded(*result, version))

    def _read(self, fn: Callable[[Connection], Any]) -> Any:
        from deskcrm.work.writes import error_message
        from deskcrm.store import db
        from deskcrm.store.errors import StoreError

        try:
            with db.reading(self.desk.db_path) as conn:
                return fn(conn)
        except StoreError as exc:
            text.notify(self.app, error_message(exc), title="Could not load the board", severity="error")
            return None

    def read_then(self, fn: Callable[[Connection], Any], then: Callable[[Any], None]) -> None:
        """Read ``fn(conn)`` in a thread worker, then call ``then(result)`` on the UI thread
        (nothing when the read failed: the error is shown)."""

        def run() -> None:
            result = self._read(fn)
            if result is not None:
                call_back(self, then, result)

        self.run_worker(run, thread=True, group="board-ask")

    def on_board_loaded(self, message: BoardLoaded) -> None:
        if self._moving:  # read before a move drawn since: the move's landing reloads
            return
        self.mark_loaded(message.version)
        today = clock.today()
        self.cards = {c.id: c for col in message.board.columns for c in col.cards}
        columns = board_cards.columns(message.board, self.PIPELINE, self._lazy_card, today)
        keep, _column = self.kanban.focused
        follow, stage = self._follow, self._follow_stage
        if follow is not None and follow in self.cards:
            keep, self._follow, self._follow_stage = follow, None, None
        self.kanban.set_columns(columns, keep=keep)
        self.query_one("#board-header", Static).update(message.header)
        if self.trail is not None:
            self.query_one(SectionBar).set_trail(self.trail)
        column = next((c for c in message.board.columns if c.stage == stage), None)
        if self._follow is not None and column is not None and column.count > len(column.cards):
            # its place in the column is past the loaded cards: read on to it, then focus it (a
            # column not shown — closed jobs — keeps it followed until it shows)
            self._follow = self._follow_stage = None
            self._seek(follow, stage, len(column.cards))
        elif self._new is not None and self._new in self.cards:
            self._new_shown()
        elif self._new is not None:  # not on the board as it is filtered now
            self._unhide_new()

    # ------------------------------------------------------------------ a card just created

    def follow_new(self, card_id: Hashable | None, stage: str) -> None:
        """A card ``n`` just created in ``stage``: focus it when the board reloads. If the ``/``
        filter (or the exits toggle) hides it, drop the filter and say so — a saved card never
        seems to vanish."""
        if card_id is not None:
            self._follow, self._follow_stage, self._new, self._cleared = card_id, stage, card_id, ""

    def _unhide_new(self) -> None:
        stage = self._follow_stage
        if self.filter_text:
            self._cleared = self.filter_text
            self.kanban.clear_filter()  # posts FilterChanged(""): the board reloads, unfiltered
        elif not self.show_exits and stage not in self.kanban.column_keys:
            self.show_exits = True
            self.reload()
        else:  # not on the board at all (deleted meanwhile): nothing more to follow
            self._new = self._follow = self._follow_stage = None

    def _new_shown(self) -> None:
        card = self.cards.get(self._new)
        if card is not None and self._cleared:
            text.notify(self.app, f"Filter “{text.clean(self._cleared)}” cleared to show the new {self.NOUN} "
                                  f"“{self.card_name(card)}”")
        self._new, self._cleared = None, ""

    def on_card_missing(self, message: CardMissing) -> None:
        if message.card_id == self._new:
            self._unhide_new()

    def read_page(self, conn: Connection, stage: str, offset: int, limit: int) -> tuple:
        """Cards of one column from ``offset``, in board order, as the board reads them."""
        from deskcrm.store import boards

        return boards.column_cards(conn, self.BOARD, stage, offset=offset, limit=limit, text=self.filter_text,
                                   job_id=self.job_id, owner=self.owner)

    @work(thread=True, exclusive=True, group="board-seek")
    def _seek(self, card_id: Hashable, stage: str, offset: int) -> None:
        def read(conn: Connection) -> tuple:
            found: list = []
            while len(found) < self.SEEK_LIMIT:
                page = self.read_page(conn, stage, offset + len(found), 200)
                found += page
                if len(page) < 200 or any(c.id == card_id for c in page):
                    break
            return tuple(found)

        cards = self._read(read)
        if get_current_worker().is_cancelled or cards is None:
            return
        if any(c.id == card_id for c in cards):
            self.post_message(CardFound(stage, offset, cards, card_id))
        else:
            self.post_message(CardMissing(card_id))

    def on_card_found(self, message: CardFound) -> None:
        column = next((c for c in self.kanban.columns if c.key == message.stage), None)
        if column is None or len(column.cards) != message.offset:  # the board changed meanwhile
            return
        self._add_cards(message.stage, message.cards)
        self.kanban.focus_card(message.card_id)
        if message.card_id == self._new:
            self._new_shown()

    def on_kanban_need_more(self, message: Kanban.NeedMore) -> None:
        self._page(message.column, message.loaded)

    @work(thread=True, group="board-page")
    def _page(self, stage: str, offset: int) -> None:
        cards = self._read(lambda conn: self.read_page(conn, stage, offset, self.PER_COLUMN))
        if cards is not None:
            self.post_message(PageLoaded(stage, cards))

    def on_page_loaded(self, message: PageLoaded) -> None:
        self._add_cards(message.stage, message.cards)

    def _add_cards(self, stage: str, cards: tuple) -> None:
        """Cards read on down a column (a page, or up to a moved card) go to its end."""
        today = clock.today()
        self.cards.update((c.id, c) for c in cards)
        self.kanban.add_cards(stage, [self._lazy_card(c, today) for c in cards])

    def _lazy_card(self, card: Any, today) -> LazyCard:
        """``make_card``, run when the card is first drawn (a screen shows ~8 of a column's 40)."""
        return LazyCard(card.id, lambda: self.make_card(card, today).lines)

    def on_kanban_filter_changed(self, message: Kanban.FilterChanged) -> None:
        self.filter_text = message.value
        self.reload()

    def action_toggle_exits(self) -> None:
        self.show_exits = not self.show_exits
        self.reload()

    def filter_note(self) -> str:
        mine = f" · mine ({self.desk.settings.me}, {self.key_for('toggle_mine')} shows all)" if self.owner else ""
        return mine + (f" · filter: {text.clean(self.filter_text)}" if self.filter_text else "")

    @property
    def owner(self) -> str | None:
        """Whose cards the board shows: the initials of the recruiter at the keyboard with ``o``
        on, else None (everyone's)."""
        return self.desk.settings.me if self.mine and self.desk.settings.me else None

    def action_toggle_mine(self) -> None:
        if not self.mine and not self.desk.settings.me:
            from deskcrm.config.whoami import HOW

            text.notify(self.app, f"Nobody is chosen as you, so “mine” would show nothing: {HOW}",
                        title="Mine", severity="warning")
            return
        self.mine = not self.mine
        self.reload()

    # ------------------------------------------------------------------ moving

    def on_kanban_move_step(self, message: Kanban.MoveStep) -> None:
        if type(message) is not Kanban.MoveStep:  # Reorder subclasses it
            return
        card = self.cards.get(message.card_id)
        if card is None:
            return
        target = pipeline_rules.next_stage(self.PIPELINE, card.stage, message.step)
        if target is None:
            where = "the last" if message.step > 0 else "the first"
            if any(s.key == card.stage and s.exit for s in PIPELINES[self.PIPELINE]):
                where = "an exit"
            text.notify(self.app, f"{stage_label(self.PIPELINE, card.stage)} is {where} stage: press m to move it elsewhere")
            return
        self.ask_move(card, target)

    def on_kanban_move_to(self, message: Kanban.MoveTo) -> None:
        from deskcrm.screens.dialogs.pick import PickDialog

        card = self.cards.get(message.card_id)
        if card is None:
            return
        options = [(s.key, s.label) for s in board_stages(self.PIPELINE) if s.key != card.stage]

        def chosen(stage) -> None:
            if stage:
                self.ask_move(card, stage)

        def meant(typed: str) -> str | None:  # the same spellings as `deskcrm move` STAGE
            return find_stage(self.PIPELINE, typed, added=True)

        self.app.push_screen(PickDialog(f"Move {self.card_name(card)} to…", options, exact=meant), chosen)

    def on_kanban_reorder(self, message: Kanban.Reorder) -> None:
        card = self.cards.get(message.card_id)
        if card is None or not self.kanban.swap_card(card.id, message.step):
            return

        def op(conn):
            from deskcrm.store import moves

            return moves.reorder(conn, self.KIND, card.id, message.step, expected_version=card.version)

        self._write_move(op)

    def _write_move(self, op, after: Callable[[], None] | None = None) -> None:
        """Write a move already drawn; until it lands no read older than it is drawn over it."""
        self._moving += 1

        def landed(_result) -> None:
            self._moving -= 1
            if after is not None:
                after()

        def failed(_message, _exc) -> None:
            self._moving -= 1
            self.reload()

        self.write(op, lambda r: r.message, on_success=landed, on_error=failed)

    # ------------------------------------------------------------------ log activity

    def activity_subject(self, card: Any):
        """What ``a`` logs against for this card (a ``person.ActivitySubject``)."""
        raise NotImplementedError

    def action_log(self) -> None:
        card_id, _column = self.kanban.focused
        card = self.cards.get(card_id)
        if card is not None:
            self.log_activity(self.activity_subject(card))

    def card_name(self, card: Any) -> str:
        return text.clean(getattr(card, "title", None) or getattr(card, "candidate", "") or card.id)

    def ask_move(self, card: Any, target: str) -> None:
        """Ask what the move needs (confirmation, a reason), then ``commit_move``."""
        if any(s.key == target and s.exit for s in PIPELINES[self.PIPELINE]):
            self.ask_reason(card, target, lambda values: self.commit_move(card, target, **values))
        elif pipeline_rules.needs_confirmation(self.PIPELINE, target):
            self.confirm(f"Move {self.card_name(card)} to {stage_label(self.PIPELINE, target)}?",
                         lambda: self.commit_move(card, target))
        else:
            self.commit_move(card, target)

    def ask_reason(self, card: Any, target: str, then: Callable[[dict], None], extra=(), check=None) -> None:
        from deskcrm.domain import validate
        from deskcrm.screens.dialogs.form import FormDialog, FormField

        fields = [FormField("reason", "Reason", validate.required(), placeholder="why it ended", required=True), *extra]
        title = f"{self.card_name(card)} → {stage_label(self.PIPELINE, target)}"

        def chosen(result) -> None:
            if result is not None and not result.cancelled:
                then(result.values)

        self.app.push_screen(FormDialog(title, fields, submit_label="Move", check=check), chosen)

    def confirm(self, question: str, then: Callable[[], None]) -> None:
        from deskcrm.screens.dialogs.confirm import ConfirmDialog

        self.app.push_screen(ConfirmDialog("Confirm move", question), lambda yes: then() if yes else None)

    def move_op(self, card: Any, target: str, **kwargs: Any):
        raise NotImplementedError

    def commit_move(self, card: Any, target: str, *, after: Callable[[], None] | None = None, **kwargs: Any) -> None:
        """Draw the move now, write it, and reload (the card stays focused by id); ``after``
        runs once it is written (a mail automation's proposal)."""
        op = self.move_op(card, target, **kwargs)
        self._follow, self._follow_stage = card.id, target
        if target in self.kanban.column_keys:
            self.kanban.move_card(card.id, target)
        self._write_move(op, after)
