"""The ONE way user data becomes displayable text (DESIGN.md §6).

User data is never parsed as markup: ``[/]`` would crash a Label, ``[@click=app.quit]``
would become a live action and ``Jane [Acme Ltd]`` would lose text. Control characters
(C0, DEL, C1) and bidi overrides/embeddings/isolates (U+202A–E, U+2066–9) are replaced with
visible stand-ins, because Textual forwards ESC sequences to the terminal and an override
can make ``evil\u202egnp.exe`` read as ``evilexe.png``. Direction *marks* (LRM, RLM, ALM),
zero-width joiners (ZWJ, ZWNJ: emoji, Indic and Persian names) and every other character are
kept: they are part of what was typed and cannot take over the terminal.

- ``clean(value)``  -> str, safe to show, for composing plain strings (not markup!)
- ``safe(value)``   -> Content, for Static/Label/notify/border titles
- ``cell(value)``   -> rich Text, for DataTable cells (a str cell there *is* markup)
- ``notify(node, message)`` -> a toast with the message shown literally (``notify`` takes a
  str and parses it as markup unless told not to; this always tells it)

What a text box takes (``widgets/safe_input.py``, ``widgets/safe_text_area.py``):

- ``typed(character)`` -> the character a key press types into a box (every character but a
  control: ZWJ, RLM, a no-break space too), else None
- ``shown(value)``  -> the box's text as drawn: one visible character for each character, so
  the cursor and the selection stay where they are in the value
- ``pasted(value)`` -> what a paste puts in a one-line box: its lines joined with a space (a
  search, a name or a phone copied from an email keeps every line), tabs as spaces
- ``problem(value)`` -> why a box's value cannot be saved ("contains a control character (␛) —
  remove it"), or None: the box keeps the value, the form shows this at the field
- ``json_text(data)`` -> JSON for a terminal or a script: the exact data, with every control
  character, bidi override and line separator written as a ``\\uXXXX`` escape, never raw
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported lazily: the CLI uses clean() without loading Textual
    from rich.text import Text
    from textual.content import Content

# Overrides, embeddings and isolates: they reorder the text around them. (The marks LRM, RLM
# and ALM only set the direction of a neutral character next to them: kept.)
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE_FORMAT = "\u206a\u206b\u206c\u206d\u206e\u206f\ufff9\ufffa\ufffb"  # deprecated format controls
_LINE_BREAKS = "\u2028\u2029"  # Unicode line / paragraph separators
_REPLACEMENT = "\ufffd"


def _build_table(multiline: bool) -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        table[code] = chr(0x2400 + code)  # control pictures: ESC -> ␛, BEL -> ␇
    table[0x7F] = "\u2421"  # ␡
    for code in range(0x80, 0xA0):
        table[code] = _REPLACEMENT
    for ch in _BIDI + _INVISIBLE_FORMAT:
        table[ord(ch)] = _REPLACEMENT
    for code in range(0xD800, 0xE000):  # lone surrogates: undecodable input bytes (\x9b, an 8-bit CSI)
        table[code] = _REPLACEMENT
    for ch in _LINE_BREAKS:
        table[ord(ch)] = "\n" if multiline else " "
    table[ord("\t")] = " "
    if multiline:
        del table[ord("\n")]
        table[ord("\r")] = ""
    else:
        table[ord("\n")] = " "
        table[ord("\r")] = ""
    return table


_ONE_LINE = _build_table(multiline=False)
_MULTI_LINE = _build_table(multiline=True)
# A box draws one character for each character of its value (a line of a text area has no
# line break in it): every C0 control as its picture, tab, CR and LF too.
_BOX = {**_ONE_LINE, **{code: chr(0x2400 + code) for code in (0x09, 0x0A, 0x0D)}}


def clean(value: object, *, multiline: bool = False) -> str:
    """Plain text with control characters and bidi overrides made visible."""
    if value is None:
        return ""
    return str(value).translate(_MULTI_LINE if multiline else _ONE_LINE)


def shown(value: str) -> str:
    """A text box's value as it is drawn: the same length, controls made visible."""
    return value.translate(_BOX)


def typed(character: str | None) -> str | None:
    """The character a key press types into a box, or None for a key that types nothing.

    Textual types only what ``str.isprintable()`` accepts, which drops ZWJ, ZWNJ, LRM/RLM and
    no-break spaces; this takes every character but a control (and a lone surrogate). A bidi
    override is typed too: the box keeps it and :func:`problem` refuses it at the field.
    """
    if not character or len(character) != 1:
        return None
    code = ord(character)
    if code < 0x20 or 0x7F <= code < 0xA0 or 0xD800 <= code < 0xE000:
        return None
    return character


_LINE_BREAK = "\n"


def pasted(value: str) -> str:
    """A paste into a one-line box: its lines (CR LF, CR, LF, U+2028/9) joined with one space,
    each line's edge spaces and blank lines dropped, tabs as spaces ("Python\nBerlin\n" ->
    "Python Berlin"). A paste of one line keeps its spaces; every other character is kept as
    pasted (a control character stays in the box, drawn visibly and refused by :func:`problem`)."""
    value = value.replace("\t", " ")
    for separator in ("\r\n", "\r", "\u2028", "\u2029"):
        value = value.replace(separator, _LINE_BREAK)
    if _LINE_BREAK not in value:
        return value
    return " ".join(line.strip(" ") for line in value.split(_LINE_BREAK) if line.strip(" "))


def problem(value: str, *, multiline: bool = False) -> str | None:
    """Why a typed or pasted value cannot be saved, as shown at its field; None when it can.

    Refused: C0/C1 controls (a line break only in a one-line box) and bidi overrides,
    embeddings and isolates. Everything else, ZWJ and the direction marks included, is saved
    exactly as typed."""
    for ch in value:
        code = ord(ch)
        if ch == _LINE_BREAK:
            if not multiline:
                return "contains a line break (␊) — keep it on one line"
        elif ch == "\t":
            return "contains a tab (␉) — use spaces"
        elif code < 0x20 or code == 0x7F:
            return f"contains a control character ({_BOX[code]}) — remove it"
        elif 0x80 <= code < 0xA0:
            return f"contains a control character (U+{code:04X}) — remove it"
        elif ch in _BIDI:
            return f"contains a hidden text-direction control (U+{code:04X}) — remove it"
    return None


def safe(value: object, style: str = "", *, multiline: bool = False) -> Content:
    """User data as literal Content (never markup), optionally styled as a whole."""
    from textual.content import Content

    content = Content(clean(value, multiline=multiline))
    return content.stylize(style) if style else content


def cell(value: object, style: str = "") -> Text:
    """User data as a literal rich Text for DataTable cells."""
    from rich.text import Text

    return Text(clean(value), style=style, no_wrap=True, overflow="ellipsis")


def join(*parts: Content | str, sep: str = "") -> Content:
    """Join literal pieces; str pieces are treated as literal text too, never markup."""
    from textual.content import Content

    pieces = [p if isinstance(p, Content) else Content(p) for p in parts]
    return Content(sep).join(pieces)


def notify(
    node: object,
    message: object,
    *,
    title: object = "",
    severity: str = "information",
    timeout: float | None = None,
) -> None:
    """``node.notify`` (an App or a widget) with message and title shown literally."""
    node.notify(  # type: ignore[attr-defined]
        clean(message, multiline=True),
        title=clean(title),
        severity=severity,  # type: ignore[arg-type]
        timeout=timeout,
        markup=False,
    )


_JSON_RAW = {code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}  # DEL and C1; json escapes C0 itself
_JSON_RAW.update({ord(ch): f"\\u{ord(ch):04x}" for ch in _BIDI + _INVISIBLE_FORMAT + _LINE_BREAKS})
_JSON_RAW.update({code: f"\\u{code:04x}" for code in range(0xD800, 0xE000)})  # lone surrogates


def json_text(data: object, *, indent: int | None = 2) -> str:
    """``json.dumps`` (non-ASCII letters kept readable) with no raw control character left:
    what ``json`` itself leaves raw (DEL, C1, bidi overrides, U+2028/9) can only sit inside a
    string there, so its ``\\uXXXX`` escape decodes to exactly the same data."""
    import json

    return json_safe(json.dumps(data, ensure_ascii=False, indent=indent))


def json_safe(encoded: str) -> str:
    """JSON text (``ensure_ascii=False``) with what ``json`` leaves raw written as escapes (see
    :func:`json_text`); for a writer that encodes its JSON piece by piece. Text with nothing
    to escape (nearly all) is returned as it is: one regular-expression scan, ~25 times
    faster than ``str.translate`` over megabytes of output; plain ASCII without DEL (most
    batches of rows) is not scanned at all (``isascii`` is another ~40 times faster)."""
    global _json_raw_found
    if encoded.isascii() and "\x7f" not in encoded:
        return encoded
    if _json_raw_found is None:
        _json_raw_found = _json_raw_pattern().search
    return encoded.translate(_JSON_RAW) if _json_raw_found(encoded) else encoded


def _json_raw_pattern():  # noqa: ANN202 - re.Pattern
    """A character class of ``_JSON_RAW``'s keys written as ranges (listing the 2,000-odd
    characters one by one took ~5 ms to compile, on every JSON command)."""
    import re

    codes = sorted(_JSON_RAW)
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    parts = (re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile("[" + "".join(parts) + "]")


_json_raw_found = None  # compiled on first use (``re`` stays off the import path)
