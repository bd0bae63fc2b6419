"""Charts drawn as text: horizontal bars, a funnel, sparklines — Rich ``Text`` made of block
characters, one line each, so a chart is a row like any other (a cursor can sit on a bar and
``enter`` open what it counts) and it takes the theme's colours through the style it is given.

Data-agnostic and pure: numbers in, ``Text`` out; labels are the caller's (already cleaned).
Chosen over ``textual-plotext`` and Textual's ``Sparkline`` widget for speed and fit: a line of
Text costs a few microseconds to build and draws in the list's own cache (bench/report_charts.py),
stays legible at 80 columns, and needs no widget per chart.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

_EIGHTHS = " ▏▎▍▌▋▊▉"
_SPARKS = "▁▂▃▄▅▆▇█"


def bar(value: float, most: float, width: int, style: str = "") -> Text:
    """A left-aligned bar ``width`` cells at ``most`` (eighth-cell steps), padded to ``width``;
    a non-zero value is never drawn as nothing."""
    width = max(width, 1)
    if most <= 0 or value <= 0:
        return Text(" " * width)
    eighths = round(min(value / most, 1.0) * width * 8) or 1
    full, part = divmod(eighths, 8)
    drawn = "█" * full + (_EIGHTHS[part] if part else "")
    return Text.assemble((drawn, style), " " * (width - len(drawn)))


def funnel(value: float, most: float, width: int, style: str = "") -> Text:
    """A centred bar (a funnel's step): ``width`` cells at ``most``, whole cells, at least one."""
    width = max(width, 1)
    if most <= 0 or value <= 0:
        return Text(" " * width)
    cells = max(1, round(min(value / most, 1.0) * width))
    left = (width - cells) // 2
    return Text.assemble(" " * left, ("█" * cells, style), " " * (width - cells - left))


def sparkline(values: Sequence[float], style: str = "", each: int = 1) -> Text:
    """``each`` cells per value, eight heights scaled to the largest; zero is a low mark (``▁``
    dimmed) so an empty week still shows as a week."""
    most = max(values, default=0)
    out = Text()
    for value in values:
        if value <= 0 or most <= 0:
            out.append("▁" * each, "dim")
        else:
            out.append(_SPARKS[min(7, max(0, round(value / most * 7)))] * each, style)
    return out


def percent(part: float, whole: float) -> str:
    """'42%' (one decimal under 10%), '—' when there is nothing to divide by."""
    if not whole:
        return "—"
    share = part / whole * 100
    return f"{share:.1f}%" if 0 < share < 10 else f"{share:.0f}%"
