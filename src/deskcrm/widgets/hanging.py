"""Lines of "Label        value" that wrap under their value instead of being cut.

A panel of labelled rows (the details, person and account screens) is as wide as the terminal
makes it; a value too long for it — an email and a phone, a note — used to end in "…" and the
rest was lost. ``Hanging(content, indent)`` is a Textual Visual: each line that does not fit
goes on over the next lines, indented by ``indent`` cells (the label column), broken between
words. It wraps at the width it is drawn at, so a resize re-flows it.

Data-agnostic: it is handed Content already made safe (``deskcrm.text``); it only re-flows it.
"""

from __future__ import annotations

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

MIN_VALUE = 12  # narrower than this beside the label: lines wrap from the left edge instead


class Hanging(Visual):
    def __init__(self, content: Content, indent: int) -> None:
        self.content = content
        self.indent = indent
        self._cache: tuple[int, Content] | None = None

    def __str__(self) -> str:  # the text itself, as ``str(Content)`` gives it
        return str(self.content)

    def lines(self, width: int) -> Content:
        """The content re-flowed to ``width`` cells."""
        if self._cache is not None and self._cache[0] == width:
            return self._cache[1]
        out: list[Content] = []
        for line in self.content.split("\n", allow_blank=True):
            out += self._flow(line, width)
        flowed = Content("\n").join(out)
        self._cache = (width, flowed)
        return flowed

    def _flow(self, line: Content, width: int) -> list[Content]:
        if width <= 0 or line.cell_length <= width:
            return [line]
        indent = self.indent if width - self.indent >= MIN_VALUE and len(line.plain) > self.indent else 0
        head, value = line.divide([indent]) if indent else (Content(""), line)
        chunks = [chunk.rstrip() for chunk in value.wrap(width - indent)] or [Content("")]
        pad = Content(" " * indent)
        return [head + chunks[0], *(pad + chunk for chunk in chunks[1:])]

    # ------------------------------------------------------------------ the Visual protocol

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self.lines(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.lines(width).get_height(rules, width)
