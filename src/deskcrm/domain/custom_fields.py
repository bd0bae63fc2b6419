"""Custom fields: what a field is, how a typed value is read, shown and made filterable.

Pure: no SQL, no Textual. The store keeps the definitions (``store.custom_fields``) and the
values, in the record's ``custom`` JSON under the field's ``key``:

    text, long_text -> "the text"             number -> 12.5
    money -> {"amount": 650.0, "currency": "GBP"}   date -> "2026-12-07"
    yes_no -> true / false                    choice -> "SC"        choices -> ["AWS", "GCP"]

:func:`read` turns what was typed into that value (raising ``validate.Invalid`` with the
message shown at the field: money through ``validate.money`` with a currency, dates through
``domain.dates``, a choice from the list); :func:`shown` is the value as a line of text;
:func:`atoms` is what the search filters match (``store.custom_index``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from deskcrm.domain import amounts, dates, validate
from deskcrm.domain.validate import Invalid

__all__ = ["ENTITIES", "KINDS", "FieldDef", "Invalid", "atoms", "choice_word", "key_for", "read", "shown",
           "typed_text"]

# Which records a field is on; person and candidate fields share ``person.custom``.
ENTITIES = {"person": "Person", "candidate": "Candidate profile", "company": "Company", "job": "Job order",
            "placement": "Placement"}
PERSON_ENTITIES = ("person", "candidate")
KINDS = {"text": "Text", "long_text": "Long text", "number": "Number", "money": "Money", "date": "Date",
         "yes_no": "Yes/no", "choice": "One choice", "choices": "Several choices"}
CHOICE_KINDS = ("choice", "choices")
NUMBER_KINDS = ("number", "money", "date")  # compared with < > (a date by its day number)
_YES = ("yes", "y", "true", "1", "ja", "oui")
_NO = ("no", "n", "false", "0", "nein", "non")
_SYMBOLS = {"€": "EUR", "£": "GBP", "$": "USD", "¥": "JPY"}
# a code before the amount ("GBP 650", "gbp650") or after it ("650 GBP", "85kEUR"), as validate.money strips it
_CODE = re.compile(r"(?:^\s*([A-Za-z]{3})(?![A-Za-z])|(?:(?<![A-Za-z])|(?<=\d[kKmM]))([A-Za-z]{3})\s*$)")
LABEL_MAX = 60
CHOICE_MAX = 60


@dataclass(frozen=True, slots=True)
class FieldDef:
    """One field as the store keeps it."""

    id: int
    entity: str
    key: str
    label: str
    kind: str
    choices: tuple[str, ...] = ()
    required: bool = False
    position: int = 0
    archived: bool = False
    version: int = 1

    @property
    def on_person(self) -> bool:
        """Kept in ``person.custom`` (and searchable)."""
        return self.entity in PERSON_ENTITIES


def key_for(label: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A key for a new field labelled ``label``: its ASCII letters and digits, words joined by "_"
    ("Security clearance" -> "security_clearance", "Größe" -> "groe"), starting with a letter
    (a search filter's name and a form box's id are made of it), unique against ``taken``."""
    import unicodedata

    ascii_ = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().casefold()
    base = "_".join(re.findall(r"[a-z0-9]+", ascii_))[:40] or "field"
    base = base if base[0].isalpha() else f"f{base}"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def choice_word(value: str) -> str:
    """How a choice is matched: case-folded, inner spaces collapsed ("Top  Secret" -> "top secret")."""
    return " ".join(str(value).casefold().split())


def read(field: FieldDef, raw: str, *, currency: str = "EUR") -> Any:
    """The value typed for ``field`` (None when empty; ``Invalid`` saying what to type). A
    required field's emptiness is the caller's to refuse (:func:`missing`)."""
    text = (raw or "").strip()
    if not text:
        return None
    kind = field.kind
    if kind in ("text", "long_text"):
        return raw.strip() if kind == "long_text" else " ".join(text.split())
    if kind == "number":
        try:
            number = float(text.replace(",", "").replace("_", ""))
        except ValueError:
            raise Invalid("not a number — e.g. 12 or 7.5") from None
        if not math.isfinite(number) or abs(number) > 1e15:
            raise Invalid("not a number — e.g. 12 or 7.5")
        return int(number) if number.is_integer() else number
    if kind == "money":
        return _money(text, currency)
    if kind == "date":
        return dates.day(text).isoformat()  # type: ignore[union-attr]  # Invalid when unreadable
    if kind == "yes_no":
        low = text.casefold()
        if low in _YES:
            return True
        if low in _NO:
            return False
        raise Invalid("yes or no")
    if kind == "choice":
        return _one_of(field, text)
    if kind == "choices":
        out = [_one_of(field, part) for part in validate.word_list(text)]
        return list(dict.fromkeys(out)) or None
    raise Invalid(f"unknown kind {kind!r}")


def missing(field: FieldDef, value: Any) -> bool:
    """A required field left empty."""
    return field.required and value in (None, "", [])


def _one_of(field: FieldDef, text: str) -> str:
    want = choice_word(text)
    for option in field.choices:
        if choice_word(option) == want:
            return option
    raise Invalid("one of: " + ", ".join(field.choices) if field.choices else "this field has no choices yet")


def _money(text: str, currency: str) -> dict[str, Any]:
    code = next((c for s, c in _SYMBOLS.items() if s in text), None)
    found = _CODE.search(text)
    if found:
        code = (found.group(1) or found.group(2)).upper()
    try:
        amount = validate.money(text)
    except Invalid as bad:
        if not str(bad).startswith("not an amount"):
            raise
        if validate.says_per(text):  # "650/day", "650 per day", "650pd": the field's name says per what
            raise Invalid("the amount alone — e.g. 650, £650 or 650 GBP (the field's name says per day or hour)") from None
        raise Invalid("not an amount — e.g. 650, £650 or 650 GBP") from None
    return {"amount": amount, "currency": code or currency.upper()}


def shown(field: FieldDef, value: Any) -> str:
    """The stored value as one line of text ("" when empty)."""
    if value is None or value == "" or value == []:
        return ""
    kind = field.kind
    if kind == "money" and isinstance(value, dict):
        try:
            return amounts.money(float(value.get("amount")), str(value.get("currency") or ""))
        except (TypeError, ValueError):
            return str(value)
    if kind == "yes_no":
        return "yes" if value is True else "no" if value is False else str(value)
    if kind == "date":
        try:
            return dates.spoken(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    if kind == "choices" and isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if kind == "number" and isinstance(value, float) and value.is_integer():
        return str(int(value))
    if kind == "long_text":
        return " ".join(str(value).split())
    return str(value)


def typed_text(field: FieldDef, value: Any) -> str:
    """The stored value as the form's box shows it (what :func:`read` reads back to the same value)."""
    if value is None or value == "" or value == []:
        return ""
    if field.kind == "money" and isinstance(value, dict):
        amount = value.get("amount")
        return f"{amounts.plain(amount)} {value.get('currency') or ''}".strip()
    if field.kind == "date":
        return str(value)
    if field.kind in ("yes_no", "choices", "number"):
        return shown(field, value)
    return str(value)


def atoms(field: FieldDef, value: Any) -> list[tuple[str | None, float | None]]:
    """What the filters match of ``value``: (word, number) pairs, no repeats — a choice, each of
    several choices, "yes"/"no", each word of a text; a number, an amount, a date's day number."""
    from deskcrm.domain.search_query import words

    if value is None or value == "" or value == []:
        return []
    kind = field.kind
    out: list[tuple[str | None, float | None]] = []
    if kind in ("text", "long_text"):
        out = [(w, None) for w in words(str(value).casefold())]
    elif kind == "number":
        out = [(None, _float(value))]
    elif kind == "money":
        out = [(None, _float(value.get("amount") if isinstance(value, dict) else value))]
    elif kind == "date":
        try:
            out = [(None, float(date.fromisoformat(str(value)).toordinal()))]
        except ValueError:
            return []
    elif kind == "yes_no":
        out = [("yes" if value is True else "no" if value is False else choice_word(str(value)), None)]
    elif kind == "choice":
        out = [(choice_word(str(value)), None)]
    elif kind == "choices":
        out = [(choice_word(str(v)), None) for v in (value if isinstance(value, list) else [value])]
    return [a for a in dict.fromkeys(out) if a != (None, None)]


def _float(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
