"""What the command line writes, in one place, so no command can forget the rules:

- ``echo(text)``       plain text on stdout, through ``text.clean`` (no control byte reaches
                       the terminal, whatever the database holds)
- ``echo_json(data)``  exact data on stdout as JSON: compact (``,`` and ``:``, no spaces), or
                       indented by two spaces with ``pretty`` (control characters escaped,
                       never raw: ``text.json_safe``)
- ``echo_json_rows(rows)`` a JSON array written as it is read, a batch of rows at a time
                       (never the whole list in memory); the same bytes as ``echo_json(list(rows))``
- ``table(columns, rows, footer)`` a plain table: every value cleaned and cut to its column
- ``echo_table(columns, rows, footer)`` the same table written as the rows are read
- ``say(message)``     one ``deskcrm: …`` line on stderr, cleaned the same way (a message that
                       names a record or echoes what was typed)

No Typer, no Textual: the fast path uses it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from itertools import islice

from deskcrm.text import clean, json_safe


def echo(text: object = "") -> None:
    print(clean(text, multiline=True))


def echo_json(data: object, *, pretty: bool = False) -> None:
    sys.stdout.write(json_safe(_encoder(pretty).encode(data)) + "\n")


_BATCH = 256  # rows encoded at once: one C-encoder call each (per row costs ~twice as much)


def echo_json_rows(rows: Iterable[object], *, pretty: bool = False) -> int:
    """``rows`` as one JSON array, encoded and written a batch at a time; how many rows.

    A batch is encoded as an array and its brackets cut off, so the bytes are exactly those
    of the whole list encoded at once, compact or pretty."""
    encode = _encoder(pretty).encode
    head, sep, tail = ("[\n", ",\n", "\n]") if pretty else ("[", ",", "]")
    write = sys.stdout.write
    rest = iter(rows)
    n = 0
    while batch := list(islice(rest, _BATCH)):
        write((sep if n else head) + json_safe(encode(batch))[len(head):-len(tail)])
        n += len(batch)
    write(tail + "\n" if n else "[]\n")
    return n


_encoders: dict[bool, object] = {}


def _encoder(pretty: bool):  # noqa: ANN202 - json.JSONEncoder
    if pretty not in _encoders:
        import json

        _encoders[pretty] = (json.JSONEncoder(ensure_ascii=False, indent=2) if pretty else
                             json.JSONEncoder(ensure_ascii=False, separators=(",", ":")))
    return _encoders[pretty]


def say(message: object) -> None:
    if sys.stderr is not None:  # closed (`2>&-`): print(file=None) would write to stdout instead
        print(f"deskcrm: {clean(message)}", file=sys.stderr)


def table(columns: tuple[tuple[str, int], ...], rows: list[tuple], footer: str) -> str:
    """Titles, one line per row (each value cleaned, cut to its width with "…"), the footer."""
    return "\n".join([_titles(columns), *(_row(columns, values) for values in rows), footer])


def echo_table(columns: tuple[tuple[str, int], ...], rows: Iterable[tuple], footer: Callable[[int], str]) -> int:
    """``echo(table(...))`` written as the rows are read, a batch at a time; the last line is
    ``footer(how many rows)``. Returns how many rows."""
    write = sys.stdout.write
    write(_titles(columns) + "\n")
    rest = iter(rows)
    n = 0
    while batch := list(islice(rest, _BATCH)):
        write("".join(_row(columns, values) + "\n" for values in batch))
        n += len(batch)
    write(clean(footer(n), multiline=True) + "\n")
    return n


def _titles(columns: tuple[tuple[str, int], ...]) -> str:
    return "  ".join(f"{title:<{width}}" for title, width in columns).rstrip()


def _row(columns: tuple[tuple[str, int], ...], values: tuple) -> str:
    return "  ".join(f"{_fit(v, w):<{w}}" for v, (_, w) in zip(values, columns, strict=True)).rstrip()


def _fit(value: object, width: int) -> str:
    text = clean(value)
    return text if len(text) <= width else text[: width - 1] + "…"
