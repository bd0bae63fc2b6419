"""What the command line writes, in one place, so no command can forget the rules:

- ``echo(text)``       plain text on stdout, through ``text.clean`` (no control byte reaches
                       the terminal, whatever the database holds)
- ``echo_json(data)``  exact data on stdout as JSON (``text.json_text``: control characters
                       escaped, never raw)
- ``table(columns, rows, footer)`` a plain table: every value cleaned and cut to its column
- ``say(message)``     one ``deskcrm: …`` line on stderr, cleaned the same way (a message that
                       names a record or echoes what was typed)

No Typer, no Textual: the fast path uses it.
"""

from __future__ import annotations

import sys

from deskcrm.text import clean, json_text


def echo(text: object = "") -> None:
    print(clean(text, multiline=True))


def echo_json(data: object, *, indent: int | None = 2) -> None:
    print(json_text(data, indent=indent))


def say(message: object) -> None:
    if sys.stderr is not None:  # closed (`2>&-`): print(file=None) would write to stdout instead
        print(f"deskcrm: {clean(message)}", file=sys.stderr)


def table(columns: tuple[tuple[str, int], ...], rows: list[tuple], footer: str) -> str:
    """Titles, one line per row (each value cleaned, cut to its width with "…"), the footer."""
    lines = ["  ".join(f"{title:<{width}}" for title, width in columns).rstrip()]
    for values in rows:
        lines.append("  ".join(f"{_fit(v, w):<{w}}" for v, (_, w) in zip(values, columns, strict=True)).rstrip())
    lines.append(footer)
    return "\n".join(lines)


def _fit(value: object, width: int) -> str:
    text = clean(value)
    return text if len(text) <= width else text[: width - 1] + "…"
