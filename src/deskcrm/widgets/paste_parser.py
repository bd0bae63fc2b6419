"""A terminal paste that holds an ESC arrives whole and in order (DESIGN.md §6).

Textual's ``XTermParser`` (8.2.8) collects a bracketed paste (``ESC[200~`` … ``ESC[201~``)
one character at a time, but an ESC *inside* the paste sends it into its escape-sequence
reader, which hands the characters after the ESC to the app as key presses and keeps only the
rest for the paste. Pasting ``Data \\e[31mEngineer`` typed ``^[31mEngineer`` first and pasted
``Data`` after it: the text came out reordered.

:class:`PasteParser` stands between the terminal and Textual's parser: inside a paste it hands
the parser each ESC (and the stand-in it uses) as two harmless characters, so the parser sees
no escape sequence until the paste's end mark, and turns them back into ESC in the ``Paste``
event. The box that gets the paste keeps the ESC and shows it visibly (``SafeInput``), and a
form refuses to save it (``text.problem``). Nothing outside a paste changes.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual._xterm_parser import XTermParser
from textual.message import Message

ESC = "\x1b"
START = "\x1b[200~"
END = "\x1b[201~"
MARK = "\ufdd0"  # a Unicode noncharacter: the stand-in's lead (a pasted one is doubled)
_OUT = {ESC: MARK + "e", MARK: MARK + MARK}
_BACK = {"e": ESC, MARK: MARK}


def hidden(pasted: str) -> str:
    """The text of a paste with its ESCs (and marks) as two-character stand-ins."""
    return "".join(_OUT.get(ch, ch) for ch in pasted)


def unhidden(shown: str) -> str:
    """:func:`hidden` undone."""
    if MARK not in shown:
        return shown
    out: list[str] = []
    chars = iter(shown)
    for ch in chars:
        out.append(_BACK.get(next(chars, ""), "") if ch == MARK else ch)
    return "".join(out)


class PasteParser(XTermParser):
    """``XTermParser`` that keeps an ESC inside a bracketed paste in the paste."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._pasting = False
        self._matched = 0  # how much of START the characters outside a paste have matched
        self._held = ""  # inside a paste: the start of what may be END

    def feed(self, data: str) -> Iterable[Message]:
        guarded = self._guarded(data)
        if data and not guarded:  # all held (a paste's ESC that may start its end mark)
            return ()  # not "": that is the end of input to Textual's parser
        return self._restored(super().feed(guarded))

    def tick(self) -> Iterable[Message]:
        return self._restored(super().tick())

    @staticmethod
    def _restored(tokens: Iterable[Message]) -> Iterable[Message]:
        for token in tokens:
            yield events.Paste(unhidden(token.text)) if isinstance(token, events.Paste) else token

    def _guarded(self, data: str) -> str:
        if not data or (not self._pasting and not self._matched and ESC not in data):
            return data
        out: list[str] = []
        for ch in data:
            if self._pasting:
                self._inside(ch, out)
            else:
                out.append(ch)
                self._matched = (self._matched + 1 if ch == START[self._matched]
                                 else 1 if ch == ESC else 0)
                if self._matched == len(START):
                    self._pasting, self._matched = True, 0
        return "".join(out)

    def _inside(self, ch: str, out: list[str]) -> None:
        """One character of a paste: END ends it; anything else is pasted text."""
        held = self._held + ch
        if END.startswith(held):
            self._held = held
            if held == END:
                out.append(END)
                self._pasting, self._held = False, ""
            return
        if self._held:  # it was not the end mark after all: it was text
            out.append(hidden(self._held))
            self._held = ""
            self._inside(ch, out)
            return
        out.append(hidden(ch))


def install() -> None:
    """Make Textual's terminal driver read its input through :class:`PasteParser`.

    ``LinuxDriver`` builds its parser inside its input thread from the name it imported, so
    the name is what is replaced (nothing else in the driver changes)."""
    from textual.drivers import linux_driver

    linux_driver.XTermParser = PasteParser  # type: ignore[misc]
