"""Custom fields in the search language: ``clearance:sc`` ``visa:yes`` ``rate<700`` ``certified:aws``.

Pure: no SQL, no Textual. ``domain.search_query.parse`` hands every ``name<op>value`` it does
not know itself to :func:`take`, with the desk's searchable fields (person and candidate
profile fields, not archived: :func:`configure` sets them for the session, as the app and the
CLI read them from the store; ``parse(..., fields=...)`` names them explicitly).

A field is named by its key (``security_clearance``) or by one word of its label that names no
other field (``clearance``, ``rate``). What a value means depends on the field's kind:

- one choice / several choices: ``clearance:sc`` — one of the choices (any case); several
  choices hold when the person has that one among theirs;
- yes/no: ``visa:yes`` / ``visa:no``;
- text, long text: ``certified:aws`` — the word is in the text (``certified:"aws pro"``: all words);
- number, money: ``rate<700`` ``rate>=600`` ``rate=650`` (``k``/``m`` as for salary; money
  compares the amount, whatever its currency);
- date: ``started<2026-06-01`` ``started:2026-03-01``.

A value the field cannot take, or a comparison on a choice, is left out of the query and named
in its problems ("clearance:zz: choose one of SC, DV, BPSS"), as the built-in filters do. A name
that is no field stays free text, as before; when the desk has fields, a problem says which
there are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from deskcrm.domain.custom_fields import CHOICE_KINDS, NUMBER_KINDS, FieldDef, choice_word

__all__ = ["NAME", "CustomFilter", "configure", "current", "field_named", "take"]

NAME = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)(<=|>=|<|>|=|:)(.*)$", re.DOTALL)
_YES = {"yes": "yes", "y": "yes", "true": "yes", "no": "no", "n": "no", "false": "no"}
_CURRENT: tuple[FieldDef, ...] = ()


@dataclass(frozen=True, slots=True)
class CustomFilter:
    """One custom-field test: ``word`` (``:``) or ``num`` compared with ``op``."""

    field_id: int
    name: str  # as typed: "clearance"
    op: str  # ":" (a word) or one of < <= > >= =
    word: str | None = None
    num: float | None = None
    shown: str = ""  # the value as typed, for labels: "sc", "700"

    @property
    def label(self) -> str:
        value = f'"{self.shown}"' if " " in self.shown else self.shown
        return f"{self.name}{self.op}{value}"


def configure(fields: Sequence[FieldDef]) -> None:
    """The desk's fields for this session (the searchable ones are kept)."""
    global _CURRENT
    _CURRENT = tuple(f for f in fields if f.on_person and not f.archived)


def current() -> tuple[FieldDef, ...]:
    return _CURRENT


def _label_words(field: FieldDef) -> set[str]:
    return set(re.findall(r"[^\W_]+", field.label.casefold())) | set(field.key.split("_"))


def field_named(name: str, fields: Sequence[FieldDef]) -> list[FieldDef]:
    """The fields ``name`` may mean: the one whose key it is, else those with it as a label word."""
    low = name.casefold()
    live = [f for f in fields if f.on_person and not f.archived]
    exact = [f for f in live if f.key == low or "".join(re.findall(r"[^\W_]+", f.label.casefold())) == low]
    return exact or [f for f in live if low in _label_words(f)]


def is_field(name: str, fields: Sequence[FieldDef]) -> bool:
    return bool(field_named(name, fields))


def take(name: str, op: str, value: str, *, typing_last: bool, fields: Sequence[FieldDef]
         ) -> tuple[list[CustomFilter], str | None, bool]:
    """(filters, a problem, taken): ``taken`` False means ``name`` is no field (free text)."""
    found = field_named(name, fields)
    if not found:
        return [], None, False
    shown = f"{name}{op}{value}"
    if len(found) > 1:
        keys = ", ".join(sorted(f.key for f in found))
        return [], f"{shown}: {name} names more than one field ({keys}) — type the whole name, e.g. {found[0].key}", True
    field = found[0]
    value = value.strip()
    if not value:
        return [], None if typing_last else f"{shown}: give a value, e.g. {_example(field)}", True
    if field.kind in NUMBER_KINDS:
        return _compare(field, name, op, value, shown, typing_last)
    if op not in (":", "="):
        return [], f"{shown}: {field.label} is not a number — use {_example(field)}", True
    if field.kind == "yes_no":
        word = _YES.get(value.casefold())
        if word is None:
            return [], None if typing_last else f"{shown}: use {name}:yes or {name}:no", True
        return [CustomFilter(field.id, name, ":", word=word, shown=value)], None, True
    if field.kind in CHOICE_KINDS:
        want = choice_word(value)
        if want not in {choice_word(c) for c in field.choices}:
            starts = any(choice_word(c).startswith(want) for c in field.choices)
            if typing_last and starts:
                return [], None, True  # "clearance:s" on the way to "clearance:sc"
            return [], f"{shown}: choose one of {', '.join(field.choices)}", True
        return [CustomFilter(field.id, name, ":", word=want, shown=value)], None, True
    from deskcrm.domain.search_query import words

    ws = words(value.casefold())
    if not ws:
        return [], f"{shown}: use a word, e.g. {_example(field)}", True
    return [CustomFilter(field.id, name, ":", word=w, shown=w) for w in dict.fromkeys(ws)], None, True


def _compare(field: FieldDef, name: str, op: str, value: str, shown: str, typing_last: bool
             ) -> tuple[list[CustomFilter], str | None, bool]:
    op = "=" if op == ":" else op
    if field.kind == "date":
        from deskcrm.domain import dates
        from deskcrm.domain.validate import Invalid

        try:
            day = dates.day(value)
        except Invalid:
            day = None
        if day is None:
            return [], None if typing_last else f"{shown}: use a date like 2026-06-01", True
        return [CustomFilter(field.id, name, op, num=float(day.toordinal()), shown=value)], None, True
    from deskcrm.domain.validate import Invalid, money

    try:
        amount = money(value)  # 700, 700k, 85,000, €650: as the salary filter and the forms read them
    except Invalid:
        amount = None
    if amount is None:
        return [], f"{shown}: use a number like {_example(field).split('<')[-1]}", True
    return [CustomFilter(field.id, name, op, num=amount, shown=value)], None, True


def _example(field: FieldDef) -> str:
    word = field.key.split("_")[-1]
    if field.kind in CHOICE_KINDS:
        return f"{word}:{choice_word(field.choices[0]) if field.choices else 'value'}"
    if field.kind == "yes_no":
        return f"{word}:yes"
    if field.kind == "date":
        return f"{word}<2026-06-01"
    if field.kind in NUMBER_KINDS:
        return f"{word}<700"
    return f"{word}:word"


SEARCHED_AS_TEXT = "(searched as text)"  # a hint, not a refusal: the words are searched (``is_text_hint``)


def hint(shown: str, name: str, fields: Sequence[FieldDef]) -> str:
    """The problem for ``name:…`` (``shown`` as typed) that is no filter and no field (searched as text)."""
    names = ", ".join(dict.fromkeys(f.key for f in fields if f.on_person and not f.archived))
    return f"{shown}: no filter or custom field is called {name} {SEARCHED_AS_TEXT} — custom fields: {names}"


def is_text_hint(problem: str) -> bool:
    """A problem of :func:`hint`'s: the CLI says it and searches on, as the search screen does."""
    return SEARCHED_AS_TEXT in problem
