"""A formula cell of an XLSX sheet read as its formula's text (``=HYPERLINK("…","…")``), never
its cached value nor evaluated: the import stores cells as text, exactly, and a formula is what
the cell holds (README: "``=HYPERLINK(…)`` stays that text").

A shared formula (``<f t="shared" si="0" ref="B2:B9">A2*2</f>`` once, then ``<f t="shared"
si="0"/>`` in the cells it fills) is written out for each cell as Excel's formula bar shows it:
the first cell's text with its relative references moved by the cell's offset (``A3*2`` one
row down); ``$``-anchored parts stay.
"""

from __future__ import annotations

import re

# a string literal (kept as is), or a cell reference not followed by "(" (a function such as LOG10( is no cell)
_PART = re.compile(r'"(?:[^"]|"")*"|(?<![A-Za-z0-9_.])(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7})(?![0-9A-Za-z_(])')


def formula_text(f, ref: str | None, shared: dict[str, tuple[str, str]]) -> str:
    """The text of ``f`` (a cell's ``<f>`` element) in the cell at ``ref``; ``shared``: the
    sheet's shared formulas so far, ``si`` -> (first cell, text)."""
    text = f.text or ""
    if f.get("t") == "shared":
        si = f.get("si") or ""
        if text:
            shared[si] = (ref or "", text)
        elif si in shared and ref:
            text = moved(shared[si][1], shared[si][0], ref)
    return "=" + text


def moved(text: str, origin: str, ref: str) -> str:
    """``text`` written at ``origin`` as it reads at ``ref``: relative references moved."""
    o_col, o_row = _split(origin)
    r_col, r_row = _split(ref)
    d_col, d_row = r_col - o_col, r_row - o_row

    def one(m: re.Match) -> str:
        if m.group(2) is None:
            return m.group(0)  # a string literal
        col_abs, col, row_abs, row = m.groups()
        c = _number(col) + (0 if col_abs else d_col)
        r = int(row) + (0 if row_abs else d_row)
        return f"{col_abs}{letters(c)}{row_abs}{r}" if c >= 1 and r >= 1 else "#REF!"

    return _PART.sub(one, text)


def _split(ref: str) -> tuple[int, int]:
    alpha = ref.rstrip("0123456789")
    return _number(alpha), int(ref[len(alpha):] or 0)


def _number(alpha: str) -> int:
    n = 0
    for ch in alpha.upper():
        n = n * 26 + ord(ch) - 64
    return n


def letters(n: int) -> str:
    """A column's letters: 1 -> A, 28 -> AB."""
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out
