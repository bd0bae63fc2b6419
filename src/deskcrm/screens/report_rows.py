"""The rows a report is drawn with: one line of ``Text`` each, fitted to the list's width, with
the figures on it that ``enter`` can open. A row holds one or more *cells* — a figure, a bar, a
week of a sparkline — each with the trace of the records behind it; ``h``/``l`` move between
the cells of the row under the cursor (the chosen one is underlined), ``enter`` opens it.

- ``heading(title)``                                  a disabled row the cursor skips
- ``figure(name, [(value, trace), ...], note, w)``     a name, its values right-aligned, a note
- ``bar_rows([(label, value, shown, trace, more)], w)`` bars on one scale; ``more``: further
  (value, trace) cells after the bar (invoiced, paid… of the same month)
- ``funnel_rows([(stage, count, share, trace)], w)``   centred bars, each with its conversion
- ``spark(label, [(count, trace)], total, w)``          a sparkline, one cell per week

User data (a recruiter's, a company's or a source's name) goes through ``deskcrm.text``: never
markup, control characters replaced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from deskcrm import text
from deskcrm.widgets import charts
from deskcrm.widgets.columns import clip


@dataclass(frozen=True, slots=True)
class Cell:
    start: int  # character offsets in the row's text
    end: int
    trace: Any  # what enter opens (None: nothing behind it)


@dataclass(frozen=True, slots=True)
class Line:
    text: Text
    cells: tuple[Cell, ...] = ()
    heading: bool = False
    label: str = ""  # what the row is about (a month, a recruiter, a client…), cleaned: the records' title

    def marked(self, column: int) -> Text:
        """The row with cell ``column`` underlined (rows of one cell: as they are)."""
        if len(self.cells) < 2:
            return self.text
        cell = self.cells[min(column, len(self.cells) - 1)]
        shown = self.text.copy()
        shown.stylize("underline bold", cell.start, cell.end)
        return shown

    def trace(self, column: int) -> Any:
        return self.cells[min(column, len(self.cells) - 1)].trace if self.cells else None


@dataclass
class _Row:
    """A row being made: text appended left to right, traced parts remembered as cells."""

    label: str = ""
    text: Text = field(default_factory=Text)
    cells: list[Cell] = field(default_factory=list)

    def add(self, part: Text | str, trace: Any = None, *, cell: bool = False) -> _Row:
        start = len(self.text)
        self.text.append_text(part if isinstance(part, Text) else Text(part))
        if cell or trace is not None:
            self.cells.append(Cell(start, len(self.text), trace))
        return self

    def line(self) -> Line:
        return Line(self.text, tuple(self.cells), label=text.clean(self.label))


def fit(value: str, width: int, style: str = "") -> Text:
    """``value`` (user data allowed) cut with an ellipsis or padded to exactly ``width`` cells."""
    if width <= 0:
        return Text("")
    return Text(set_cell_size(clip(text.clean(value), width), width), style=style)


def right(value: str, width: int, style: str = "") -> Text:
    cleaned = text.clean(value)
    if cell_len(cleaned) >= width:
        return fit(cleaned, width, style)
    return Text(" " * (width - cell_len(cleaned)) + cleaned, style=style)


def heading(title: str, style: str = "bold") -> Line:
    return Line(text.cell(title, style), (), heading=True)


def blank() -> Line:
    return Line(Text(""), (), heading=True)


def name_width(width: int) -> int:
    return min(28, max(12, width // 3))


def figure(name: str, values: Sequence[tuple[str, Any]], width: int, note: str = "", *,
           value_width: int = 12) -> Line:
    """'Fill rate          67%    4 of 6   closed in the period': each value a cell."""
    row = _Row(name).add(fit(name, name_width(width)))
    for value, trace in values:
        row.add(" ")
        row.add(right(value, value_width, "bold"), trace, cell=True)
    used = name_width(width) + len(values) * (value_width + 1)
    if note and width - used > 3:
        row.add("  ").add(fit(note, width - used - 2, "dim"))
    return row.line()


BAR_MOST = 60  # a bar's longest, in cells: at 200 columns a chart stays a chart


def bar_rows(items: Sequence[tuple[str, float, str, Any, Sequence[tuple[str, Any]]]], width: int, *,
             style: str = "", label_width: int | None = None, more_width: int = 10,
             most: float | None = None, header: Sequence[str] = ()) -> list[Line]:
    """One bar per item (label, value, the value as shown, trace, further cells), on the largest's
    scale (or ``most``'s: a share of a target is drawn against 1). The bar and its value are one
    cell; each further (shown, trace) is a cell after it. ``header``: a heading row, its first
    title on the label, the next over the bar's value, the others over the further cells."""
    if not items:
        return []
    label_w = label_width or min(max(cell_len(text.clean(i[0])) for i in items), 20)
    shown_w = min(max(max(cell_len(i[2]) for i in items), cell_len(header[1]) if len(header) > 1 else 0), 20)
    extra = max(len(i[4]) for i in items) * (more_width + 1)
    bar_w = min(max(width - label_w - shown_w - extra - 2, 4), BAR_MOST)
    most = max((i[1] for i in items), default=0) if most is None else most
    out = []
    if header:
        titles = list(header) + [""] * (2 + max(len(i[4]) for i in items) - len(header))
        head = Text.assemble(fit(titles[0], label_w + 1 + bar_w + 1 - 1), right(titles[1], shown_w + 1),
                             *(right(t, more_width + 1) for t in titles[2:]))
        head.stylize("bold")
        out.append(Line(head, (), heading=True))
    for label, value, shown, trace, more in items:
        row = _Row(label).add(fit(label, label_w)).add(" ")
        row.add(Text.assemble(charts.bar(value, most, bar_w, style), " ", right(shown, shown_w)), trace, cell=True)
        for more_shown, more_trace in more:
            row.add(" ").add(right(more_shown, more_width), more_trace, cell=True)
        out.append(row.line())
    return out


def funnel_rows(steps: Sequence[tuple[str, int, float | None, Any]], width: int, style: str = "") -> list[Line]:
    """The stage funnel: each stage's count as a centred bar on the first stage's scale, and
    its share of the stage before ('→ 40%')."""
    if not steps:
        return []
    label_w = min(max(cell_len(text.clean(s[0])) for s in steps), 14)
    bar_w = min(max(width - label_w - 16, 4), BAR_MOST)
    most = max(s[1] for s in steps)
    out = []
    for label, count, share, trace in steps:
        step = "" if share is None else f"→ {share * 100:.0f}%"
        row = _Row(label).add(fit(label, label_w)).add(" ")
        row.add(Text.assemble(charts.funnel(count, most, bar_w, style), " ", right(str(count), 6, "bold"), " ",
                              right(step, 8, "dim")), trace, cell=True)
        out.append(row.line())
    return out


def spark(label: str, weeks: Sequence[tuple[int, Any]], total: str, width: int, style: str = "") -> Line:
    """'Calls: talked   ▁▁▃▃▅▅██▂▂    14' — each week one to four cells wide (as many as fit), then
    the period's total."""
    label_w = max(min(22, width - len(weeks) - 10), 8)
    each = max(1, min(4, (width - label_w - 9) // max(len(weeks), 1)))
    drawn = charts.sparkline([count for count, _ in weeks], style, each)
    line = Text.assemble(fit(label, label_w), " ", drawn, right(total, 7, "bold"))
    first = label_w + 1
    cells = tuple(Cell(first + i * each, first + (i + 1) * each, trace) for i, (_count, trace) in enumerate(weeks))
    return Line(line, cells, label=text.clean(label))
