"""The grouped table on its own: cursor moves that skip titles, paging under a fixed header,
mouse selection, and cells drawn literally and cut with an ellipsis."""

from __future__ import annotations

import asyncio

from rich.text import Text
from seed import screen_text
from textual.app import App, ComposeResult

from deskcrm import text
from deskcrm.widgets.grouped_table import Group, GroupedTable

COLUMNS = [(Text("Name", style="bold"), 12), (Text("Note", style="bold"), 6)]


def groups(sizes: tuple[int, ...]) -> list[Group]:
    return [
        Group(Text(f"Group {g}"), [(f"g{g}r{r}", (text.cell(f"g{g} row {r}"), text.cell("[b]x[/b]"))) for r in range(n)])
        for g, n in enumerate(sizes)
    ]


class TableApp(App[None]):
    def __init__(self, sizes: tuple[int, ...]) -> None:
        super().__init__()
        self.sizes = sizes
        self.selected: list[str] = []

    def compose(self) -> ComposeResult:
        yield GroupedTable()

    def on_mount(self) -> None:
        table = self.query_one(GroupedTable)
        table.set_groups(COLUMNS, groups(self.sizes))
        table.focus()

    def on_grouped_table_row_selected(self, event: GroupedTable.RowSelected) -> None:
        self.selected.append(event.row_key)


def test_keys_skip_titles_and_page_under_the_header():
    async def go():
        app = TableApp((3, 30))
        async with app.run_test(size=(40, 10)) as pilot:
            table = app.query_one(GroupedTable)
            assert table.cursor_key == "g0r0" and table.cursor_row == 1
            await pilot.press("k")
            assert table.cursor_key == "g0r0"
            await pilot.press("j", "j", "j")  # over the "Group 1" title
            assert table.cursor_key == "g1r0"
            await pilot.press("G")
            assert table.cursor_key == "g1r29"
            assert screen_text(app).splitlines()[0].startswith(" Name")  # the header stays put
            await pilot.press("g")
            assert table.cursor_key == "g0r0" and table.scroll_y == 0  # the first title shows
            await pilot.press("pagedown")
            assert table.cursor_row == 1 + 9 and table.scroll_y == 9  # a page: 10 lines less the header
            await pilot.press("pageup")
            assert table.cursor_row == 1 and table.scroll_y == 0
            await pilot.press("enter")
            assert app.selected == ["g0r0"]

    asyncio.run(go())


def test_click_moves_then_selects_and_cells_are_literal():
    async def go():
        app = TableApp((2, 2))
        async with app.run_test(size=(40, 10)) as pilot:
            table = app.query_one(GroupedTable)
            shown = screen_text(app)
            assert "g0 row 0" in shown and "[b]x[/b]" not in shown and "[b]x[…" in shown  # literal, cut
            await pilot.click(GroupedTable, offset=(2, 3))  # line 3: the second row
            assert table.cursor_key == "g0r1" and app.selected == []
            await pilot.click(GroupedTable, offset=(2, 3))
            assert app.selected == ["g0r1"]
            await pilot.click(GroupedTable, offset=(2, 4))  # the "Group 1" title: the row past it
            assert table.cursor_key == "g1r0"
            await pilot.click(GroupedTable, offset=(2, 0))  # the header: nothing
            assert table.cursor_key == "g1r0" and app.selected == ["g0r1"]

    asyncio.run(go())
