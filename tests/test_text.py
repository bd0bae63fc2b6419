"""deskcrm.text: the one way user data becomes displayable text (DESIGN.md §6)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rich.text import Text
from textual.content import Content

from deskcrm import text

MARKUP = ["[/]", "Bob [/bold] Smith", "[@click=app.quit]x[/]", "Jane Smith [Acme Ltd]", "[$accent]x", "[b]bold[/b]"]


@pytest.mark.parametrize("value", MARKUP)
def test_markup_is_kept_literally(value):
    assert text.clean(value) == value
    assert text.safe(value).plain == value
    assert text.cell(value).plain == value
    assert text.join(value, " · ", text.safe(value)).plain == f"{value} · {value}"


def test_safe_is_content_without_spans_from_the_data():
    content = text.safe("[b]x[/b] [@click=app.quit]y[/]")
    assert isinstance(content, Content)
    assert content.spans == []  # nothing in the data became a style or an action


def test_safe_style_applies_to_the_whole_value():
    content = text.safe("[red]Acme[/red]", "bold")
    assert content.plain == "[red]Acme[/red]"
    assert [(s.start, s.end, str(s.style)) for s in content.spans] == [(0, len(content.plain), "bold")]


def test_cell_is_one_line_ellipsised_text():
    cell = text.cell("line one\nline two", "dim")
    assert isinstance(cell, Text)
    assert cell.plain == "line one line two"
    assert cell.no_wrap and cell.overflow == "ellipsis"
    assert str(cell.style) == "dim"
    assert cell.spans == []


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b]0;title\x07", "␛]0;title␇"),
        ("\x1b[2J", "␛[2J"),
        ("a\x00b", "a␀b"),
        ("del\x7f", "del␡"),
        ("c1\x9bx", "c1\ufffdx"),  # CSI as a single C1 byte
        ("nel\x85", "nel\ufffd"),
        ("tab\there", "tab here"),
        ("cr\r\nlf", "cr lf"),
        ("sep\u2028line", "sep line"),
    ],
)
def test_controls_become_visible_stand_ins(raw, shown):
    assert text.clean(raw) == shown
    assert text.safe(raw).plain == shown
    assert text.cell(raw).plain == shown


@pytest.mark.parametrize("ch", "\u202e\u202d\u202a\u202b\u202c\u2066\u2067\u2068\u2069\u206a")
def test_bidi_and_format_controls_are_replaced(ch):
    assert text.clean(f"{ch}evil") == "\ufffdevil"


@pytest.mark.parametrize("ch", "\u200e\u200f\u061c\u200d\u200c\u00a0")
def test_direction_marks_and_joiners_are_kept(ch):
    """LRM, RLM, ALM only set the direction of a neutral character next to them; ZWJ and ZWNJ
    shape emoji and Indic/Persian names: all harmless, all part of a name as typed."""
    assert text.clean(f"Ana{ch}Lu") == f"Ana{ch}Lu"


def test_a_box_draws_one_stand_in_for_each_character():
    raw = "a\tb\x1b[2J\r\n\x07\u202ec\u200dd"
    assert text.shown(raw) == "a␉b␛[2J␍␊␇\ufffdc\u200dd"
    assert len(text.shown(raw)) == len(raw)


def test_multiline_keeps_newlines_only():
    assert text.clean("a\r\nb\x1bc\u2029d", multiline=True) == "a\nb␛c\nd"
    assert text.safe("one\ntwo", multiline=True).plain == "one\ntwo"
    assert text.safe("one\ntwo").plain == "one two"


def test_none_and_non_strings():
    assert text.clean(None) == ""
    assert text.clean(12.5) == "12.5"
    assert text.safe(None).plain == ""
    assert text.cell(None).plain == ""


def test_ordinary_text_is_untouched():
    value = "Zoë Ångström — 北京 🚀 (café)"
    assert text.clean(value) == value


def test_join_treats_str_pieces_as_literal():
    joined = text.join("[bold]", text.safe("x", "italic"), sep="|")
    assert joined.plain == "[bold]|x"


def test_notify_shows_the_message_literally():
    calls = []

    class Node:
        def notify(self, message, **kwargs):
            calls.append((message, kwargs))

    text.notify(Node(), "Saved [/] \x1b[2J", title="[@click=app.quit]t", severity="error")
    message, kwargs = calls[0]
    assert message == "Saved [/] ␛[2J"
    assert kwargs["markup"] is False
    assert kwargs["title"] == "[@click=app.quit]t"
    assert kwargs["severity"] == "error"


def test_importing_text_does_not_load_textual():
    code = "import sys, deskcrm.text as t; t.clean('x'); print('textual' in sys.modules, 'rich' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
