"""Custom field values on a record: checked and merged into its ``custom`` JSON, read back by label.

A write passes values as ``"custom_<key>"`` entries among the record's own (the forms' field
names), parsed (``domain.custom_fields.read``) or as typed text (a script, an import): the store
reads each again, so what is saved is what the form showed. Only the keys given change; a key
of an archived field, or of a field nobody defined, is kept as it is (never dropped).

    text = merged(conn, ("person", "candidate"), before_json, values, creating=False)
    pairs = labelled(fields, custom_json)      # (label, shown value) of the live fields, in order
    named = by_label(fields, custom_json)      # {label: value} for exports (JSON by name)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from deskcrm.domain.custom_fields import FieldDef, Invalid as BadValue, missing, read, shown, typed_text
from deskcrm.store.db import Connection
from deskcrm.store.errors import Invalid

PREFIX = "custom_"


def given(values: Mapping[str, Any]) -> dict[str, Any]:
    """The ``custom_<key>`` entries of ``values``, by key."""
    return {k[len(PREFIX):]: v for k, v in values.items() if isinstance(k, str) and k.startswith(PREFIX)}


def loads(text: str | None) -> dict[str, Any]:
    try:
        found = json.loads(text or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def value_of(field: FieldDef, value: Any, currency: str = "EUR") -> Any:
    """``value`` (parsed or typed) read as ``field`` reads it; ``BadValue`` when it cannot be."""
    raw = value if isinstance(value, str) else typed_text(field, value)
    return read(field, raw, currency=currency)


def merged(conn: Connection, entities: Iterable[str], before: str | None, values: Mapping[str, Any], *,
           creating: bool, currency: str = "EUR") -> str | None:
    """The record's new ``custom`` JSON (None: no custom value given and nothing required).
    Raises ``Invalid`` naming the form field (``custom_<key>``) of a bad or missing value."""
    from deskcrm.store.custom_fields import list_fields

    wanted = given(values)
    if not wanted and not creating:
        return None
    fields = {f.key: f for f in list_fields(conn, tuple(entities))}
    if not fields and not wanted:
        return None
    out = loads(before)
    errors: dict[str, str] = {}
    for key, value in wanted.items():
        field = fields.get(key)
        if field is None or field.archived:
            errors[PREFIX + key] = "no such field (archived or removed in the settings since)"
            continue
        if key in out and (value == out[key] or value == typed_text(field, out[key])):
            continue  # as stored (a choice taken off the list since stays until changed)
        try:
            parsed = value_of(field, value, currency)
        except BadValue as exc:
            errors[PREFIX + key] = str(exc)
            continue
        if missing(field, parsed):
            errors[PREFIX + key] = "required"
        elif parsed is None:
            out.pop(key, None)
        else:
            out[key] = parsed
    if creating:
        for field in fields.values():
            if not field.archived and field.required and PREFIX + field.key not in errors \
                    and missing(field, out.get(field.key)):
                errors[PREFIX + field.key] = "required"
    if errors:
        raise Invalid(errors)
    return json.dumps(out, ensure_ascii=False, sort_keys=True)


def import_change(old: str | None, new: str | None, *, overwrite: bool) -> tuple[str, bool] | None:
    """An import row's custom values (``new``, JSON) against the record's (``old``): (the JSON to
    store, kept) — kept: the row differs only where the record has a value and ``overwrite`` is
    off (shown, not written); None: nothing to change. Empty fields are filled either way."""
    was, given = loads(old), loads(new)
    if not given:
        return None
    merged = {**was, **given} if overwrite else {**given, **was}
    if merged != was:
        return json.dumps(merged, ensure_ascii=False, sort_keys=True), False
    if any(was.get(k) != v for k, v in given.items()):
        return new or "{}", True
    return None


def labelled(fields: Iterable[FieldDef], custom: str | dict | None) -> tuple[tuple[str, str], ...]:
    """(label, the value shown) of each live field holding a value, in the fields' order."""
    values = custom if isinstance(custom, dict) else loads(custom)
    out = []
    for f in fields:
        if not f.archived and (text := shown(f, values.get(f.key))):
            out.append((f.label, text))
    return tuple(out)


def record_labelled(conn: Connection, entity: str, stored: str | dict | None) -> tuple[tuple[str, str], ...]:
    """:func:`labelled` of one record's ``custom`` JSON with ``entity``'s live fields (read only
    when the record holds a value: most hold none)."""
    values = stored if isinstance(stored, dict) else loads(stored)
    if not values:
        return ()
    from deskcrm.store.custom_fields import list_fields

    return labelled(list_fields(conn, (entity,), archived=False), values)


def by_label(fields: Iterable[FieldDef], custom: str | dict | None, *, archived: bool = True) -> dict[str, Any]:
    """{label: stored value} (exports: JSON by name); archived fields' values too unless told."""
    values = custom if isinstance(custom, dict) else loads(custom)
    return {f.label: values[f.key] for f in fields
            if f.key in values and values[f.key] not in (None, "", []) and (archived or not f.archived)}


def people_by_label(conn: Connection, person_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """{person id: {label: value}} of the live person and candidate fields (the CLI's JSON rows)."""
    from deskcrm.store.custom_fields import person_fields

    ids = [int(i) for i in person_ids]
    fields = person_fields(conn)
    if not ids or not fields:
        return {}
    rows = conn.execute(f"SELECT id, custom FROM person WHERE id IN ({','.join('?' * len(ids))}) AND custom <> '{{}}'",
                        ids).fetchall()
    return {pid: found for pid, custom in rows if (found := by_label(fields, custom, archived=False))}
