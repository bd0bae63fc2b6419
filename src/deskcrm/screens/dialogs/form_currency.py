"""A form's amounts beside its Currency field (``FormField.currency_of``): what ``FormDialog`` takes
from a typed amount, says under it, and refuses. Pure: fields and the boxes' text in, words out.

- ``to_take(fields, raw, opened, taken)``: currency field -> the currency an amount was typed in
  (``£85k``), for the form to put there while that field holds what the form opened with (the desk's
  EUR, never chosen) or what it took before (``validate.currency_typed`` says when).
- ``taken_line(...)``: "read as GBP 85,000 — Currency set to GBP" under such an amount.
- ``problem(...)``: why an amount cannot be saved in its Currency field's currency — typed with
  another (``£95k`` beside EUR set by hand), or a pre-filled value in another (``value_currency``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from deskcrm.domain import validate
from deskcrm.domain.amounts import money

if TYPE_CHECKING:
    from deskcrm.screens.dialogs.form import FormField


def to_take(fields: Mapping[str, FormField], raw: Mapping[str, str], opened: Mapping[str, str],
            taken: Mapping[str, str]) -> dict[str, str]:
    """Currency field -> the currency to put in it now (a text box the user has not set)."""
    out: dict[str, str] = {}
    for name, f in fields.items():
        tied = [g.name for g in fields.values() if g.currency_of == name]
        if not tied or f.choices is not None or raw[name] not in (opened[name], taken.get(name)):
            continue
        said = validate.currency_typed([(raw[n], opened[n]) for n in tied])
        if said is not None and said != raw[name].strip().upper():
            out[name] = said
    return out


def taken_line(f: FormField, raw: str, value: Any, taken: str | None, currency_now: str, label: str) -> str | None:  # noqa: ANN401
    """What an amount's read line says when its currency was taken from it, else None."""
    if not taken or currency_now != taken or validate.written_currency(raw) != taken:
        return None
    return f"read as {money(value, taken)} — {label} set to {taken}"


def problem(fields: Mapping[str, FormField], f: FormField, raw: str, amount: Any,  # noqa: ANN401
            currency: str | None) -> str | None:
    """Why the amount ``f`` holds cannot be saved in ``currency`` (its currency field's): typed
    with another (``£95k``), or its pre-filled value in another (``value_currency``), untouched."""
    where = fields[f.currency_of].label
    clash = validate.currency_clash(raw, currency, where)
    if clash is not None or not (f.value_currency and currency and raw == f.value):
        return clash
    was = f.value_currency.upper()
    if currency.upper() == was:
        return None
    return (f"{money(amount, was)} is in {was}: type the {f.label.lower()} in {currency.upper()}, "
            f"or set {where} to {was}")
