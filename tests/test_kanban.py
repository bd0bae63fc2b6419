"""The kanban widget on its own (no store): keys move the cursor, post the right messages,
page long columns, filter, keep the focused card across reloads, draw hostile text literally."""

from __future__ import annotations

import asyncio
import functools

from seed import screen_text
from textual import events
from textual.app import App, ComposeResult

from deskcrm import text
from deskcrm.widgets.kanban import Card, ColumnData, Kanban


def card(i: int, title: str | None = None) -> Card:
    return Card(i, (text.cell(title or f"Card {i}"), text.cell(f"line two {i}"), text.cell("third")))


def board(long: int = 3, more: int = 0) -> list[ColumnData]:
    return [
        ColumnData("todo", "To do", long + more, tuple(card(i) for i in range(1, long + 1)), "£1,000"),
        ColumnData("doing", "Doing", 1, (card(100),)),
        ColumnData("done", "Done", 0, ()),
    ]


def sync(test):
    @functools.wraps(test)
    def run(*args, **kwargs):
        asyncio.run(test(*args, **kwargs))

    return run


class BoardApp(App[None]):
    def __init__(self, columns: list[ColumnData], min_width: int = 22) -> None:
        super().__init__()
        self.columns = columns
        self.min_width = min_width
        self.messages: list[tuple] = []

    def compose(self) -> ComposeResult:
        yield Kanban(min_width=self.min_width)

    def on_mount(self) -> None:
        kanban = self.query_one(Kanban)
        kanban.set_columns(self.columns)
        kanban.focus()

    def on_kanban_move_step(self, m: Kanban.MoveStep) -> None:
        self.messages.append(("move", m.card_id, m.column, m.step))

    def on_kanban_reorder(self, m: Kanban.Reorder) -> None:
        self.messages.append(("reorder", m.card_id, m.column, m.step))

    def on_kanban_move_to(self, m: Kanban.MoveTo) -> None:
        self.messages.append(("move_to", m.card_id, m.column))

    def on_kanban_open(self, m: Kanban.Open) -> None:
        self.messages.append(("open", m.card_id, m.column))

    def on_kanban_filter_changed(self, m: Kanban.FilterChanged) -> None:
        self.messages.append(("filter", m.value))

    def on_kanban_need_more(self, m: Kanban.NeedMore) -> None:
        self.messages.append(("more", m.column, m.loaded))


@sync
async def test_keys_move_focus_and_post_messages():
    app = BoardApp(board())
    async with app.run_test(size=(120, 30)) as pilot:
        kanban = app.query_one(Kanban)
        assert kanban.focused == (1, "todo")
        await pilot.press("j", "j")
        assert kanban.focused == (3, "todo")
        await pilot.press("j")  # stays on the last card
        assert kanban.focused == (3, "todo")
        await pilot.press("k", "l")
        assert kanban.focused == (100, "doing")
        await pilot.press("l", "l")  # an empty column, then the edge
        assert kanban.focused == (None, "done")
        await pilot.press("h", "h")
        await pilot.press("H", "L", "J", "K", "m", "enter")
        await pilot.pause(0.3)  # enter came right after m: it waits for whatever m opens (nothing)
        assert app.messages == [
            ("move", 2, "todo", -1), ("move", 2, "todo", 1),
            ("reorder", 2, "todo", 1), ("reorder", 2, "todo", -1),
            ("move_to", 2, "todo"), ("open", 2, "todo"),
        ]


@sync
async def test_empty_column_posts_nothing():
    app = BoardApp(board())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("l", "l", "L", "H", "m", "enter", "J")
        await pilot.pause()
        assert app.messages == []


def _column_text(app, column: int, width: int = 40) -> list[str]:
    """The lines of the ``column``-th visible column (0-based) as plain text."""
    return [line[column * width:(column + 1) * width] for line in screen_text(app).splitlines()]


@sync
async def test_an_empty_focused_column_shows_where_the_cursor_is():
    """Focus on an empty column (Placed on a new job) still shows where it is: the column's rule
    is lit like its title, and a dimmed line under it says it is empty and how to leave."""
    app = BoardApp(board())
    async with app.run_test(size=(120, 30)) as pilot:
        view = app.query_one(Kanban).view
        styles = view.styles_for_paint()
        assert not any("empty" in line for line in _column_text(app, 2))
        await pilot.press("l", "l")
        await pilot.pause()
        assert app.query_one(Kanban).focused == (None, "done")
        done = _column_text(app, 2)
        assert done[3].startswith("▌empty — h/l to move"), done[:5]
        assert not any("empty" in line for line in _column_text(app, 0) + _column_text(app, 1))

        def rule_style(column: int):  # the style of the rule under a column's title
            return list(view.render_line(2).crop(column * 40 + 5, column * 40 + 6))[0].style

        assert rule_style(2) == styles.header_focus and rule_style(0) == rule_style(1) == styles.dim
        await pilot.press("h")  # the cursor is on a card again: the hint goes, the rule follows
        await pilot.pause()
        assert not any("empty" in line for line in _column_text(app, 2))
        assert rule_style(1) == styles.header_focus and rule_style(2) == styles.dim


@sync
async def test_column_totals_use_one_format_level_across_the_board():
    """Acceptance of issue 9: "CHF 26.8k · GBP 13.6k" (short) stood next to "GBP 69,700 · CHF
    82,515" (in full) because each column drew the fullest variant that fitted it. The board
    draws one level in every column: the fullest that fits them all."""
    from deskcrm.domain.amounts import money_totals

    def col(key: str, sums: list[tuple[str, float]]) -> ColumnData:
        return ColumnData(key, key.title(), 1, (card(len(sums) + len(key)),), money_totals(sums, most=3))

    cols = [
        col("accepted", [("EUR", 307_500.0), ("CHF", 26_800.0), ("GBP", 13_600.0)]),
        col("started", [("EUR", 754_315.0), ("CHF", 82_515.0), ("GBP", 69_700.0)]),
        col("passed", [("EUR", 9.8e6), ("CHF", 2e6), ("GBP", 1e6)]),  # in full: too wide at 120
    ]
    app = BoardApp(cols, min_width=24)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        totals = [part.strip(" │") for part in screen_text(app).splitlines()[1].split("│")[:3]]
        assert totals == [
            "EUR 307.5k · CHF 26.8k · GBP 13.6k", "EUR 754.3k · CHF 82.5k · GBP 69.7k", "EUR 9.8m · CHF 2m · GBP 1m",
        ]
    app = BoardApp(cols[:2], min_width=24)  # both fit in full: both in full
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        line = screen_text(app).splitlines()[1]
        assert "EUR 307,500 · CHF 26,800 · GBP 13,600" in line and "EUR 754,315 · CHF 82,515 · GBP 69,700" in line
    app = BoardApp(cols, min_width=24)  # 80 columns: 26 cells each, one currency and "+2 cur" in every column
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        totals = [part.strip(" │") for part in screen_text(app).splitlines()[1].split("│")[:3]]
        assert totals == ["EUR 307.5k +2 cur", "EUR 754.3k +2 cur", "EUR 9.8m +2 cur"], totals


@sync
async def test_long_column_shows_more_and_asks_for_the_next_page():
    app = BoardApp(board(long=20, more=37))
    async with app.run_test(size=(120, 24)) as pilot:
        shown = screen_text(app)
        assert "+52 more" in shown  # 57 cards, 5 fit at this height
        assert "Card 5" in shown and "Card 6" not in shown
        kanban = app.query_one(Kanban)
        for _ in range(19):
            await pilot.press("j")
        await pilot.pause()
        assert kanban.focused == (20, "todo")
        assert app.messages == [("more", "todo", 20)]
        await pilot.press("j")  # asks once until the page arrives
        assert app.messages == [("more", "todo", 20)]
        kanban.add_cards("todo", [card(i) for i in range(21, 41)])
        await pilot.press("j")
        assert kanban.focused == (21, "todo")
        assert "+36 more" in screen_text(app)  # 57 - 16 above - 5 shown
        assert "↑16" in screen_text(app)


@sync
async def test_focused_card_survives_a_reload_and_follows_a_move():
    app = BoardApp(board())
    async with app.run_test(size=(120, 30)) as pilot:
        kanban = app.query_one(Kanban)
        await pilot.press("j")
        assert kanban.move_card(2, "doing")  # optimistic, before the database
        assert kanban.focused == (2, "doing")
        assert [c.count for c in kanban.columns] == [2, 2, 0]
        # the reload puts it somewhere else: the cursor finds it by id
        cols = board()
        cols[0] = ColumnData("todo", "To do", 2, (card(1), card(3)))
        cols[2] = ColumnData("done", "Done", 1, (card(2),))
        kanban.set_columns(cols, keep=2)
        assert kanban.focused == (2, "done")
        kanban.set_columns(board(), keep=999)  # gone: same column, nearest position
        assert kanban.focused == (None, "done")
        kanban.focus_card(3)
        assert kanban.swap_card(3, -1)
        assert [c.id for c in kanban.columns[0].cards] == [1, 3, 2]
        assert kanban.focused == (3, "todo")


@sync
async def test_filter_posts_text_and_escape_clears_it():
    app = BoardApp(board())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("slash", "a", "c", "m", "e")
        await pilot.press("j")  # typed into the box, not a board key
        await pilot.pause()
        assert app.messages == [("filter", "a"), ("filter", "ac"), ("filter", "acm"), ("filter", "acme"), ("filter", "acmej")]
        await pilot.press("enter")  # back to the board, filter kept
        assert app.query_one(Kanban).view.has_focus
        # a burst: keys already queued for the board when "/" opens the box go into it
        kanban = app.query_one(Kanban)
        kanban.view.focus()
        await pilot.pause()
        for key, ch in [("slash", "/"), ("q", "q"), ("l", "l"), ("H", "H")]:
            app.post_message(events.Key(key, ch))
        for _ in range(5):
            await pilot.pause(0.05)
        assert app.is_running and app.messages[-1] == ("filter", "qlH")  # typed over the old filter
        assert kanban.focused == (1, "todo") and not any(m[0] == "move" for m in app.messages[-3:])
        await pilot.press("slash", "escape")
        await pilot.pause()
        assert app.messages[-1] == ("filter", "")
        assert app.query_one(Kanban).view.has_focus


@sync
async def test_narrow_board_scrolls_to_the_focused_column():
    cols = [ColumnData(f"c{i}", f"Stage {i}", 1, (card(i),)) for i in range(8)]
    app = BoardApp(cols)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = screen_text(app)
        assert "Stage 2" in shown and "Stage 3" not in shown and "▶" in shown
        for _ in range(6):
            await pilot.press("l")
        shown = screen_text(app)
        assert "Stage 6" in shown and "Stage 3" not in shown and "◀" in shown


@sync
async def test_hostile_text_is_drawn_literally():
    hostile = ["[/]", "[@click=app.quit]", "Jane [Acme Ltd]", "\x1b[31mred", "a\u202eb"]
    cols = [ColumnData("x", "[b]col[/b]", 5, tuple(Card(i, (text.cell(s),)) for i, s in enumerate(hostile)))]
    app = BoardApp(cols)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        for s in ("[/]", "[@click=app.quit]", "Jane [Acme Ltd]", "␛[31mred", "a\ufffdb", "[b]col[/b]"):
            assert s in shown
        await pilot.press("enter")
        assert app.is_running
