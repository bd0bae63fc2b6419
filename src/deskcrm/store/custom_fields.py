"""The desk's custom field definitions (table ``custom_field``, migration 0018): shared by the team.

    fields = list_fields(conn)                              # every field, archived too, in form order
    f = add_field(conn, "candidate", "Security clearance", "choice", choices=["SC", "DV"]).field
    rename_field(conn, f.id, "Clearance", expected_version=f.version)
    set_choices(conn, f.id, ["SC", "DV", "BPSS"], expected_version=...)
    move_field(conn, f.id, -1)                              # one place up within its record
    archive_field(conn, f.id, expected_version=...)         # off the forms and filters, data kept
    holding(conn, f)                                        # how many records hold a value

A field's ``key`` (the values' key in the record's ``custom`` JSON) is made from its first
label and never changes: renaming or archiving a field keeps every value. Each write is one
journaled transaction (undo with ``ctrl+z``); a stale version is a ``Conflict``; bad input an
``Invalid`` naming the field. Person and candidate fields share ``person.custom``, so their keys
are unique across both.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from deskcrm.domain.custom_fields import (CHOICE_KINDS, CHOICE_MAX, ENTITIES, KINDS, LABEL_MAX, PERSON_ENTITIES,
                                          FieldDef, choice_word, key_for)
from deskcrm.store import db, journal
from deskcrm.store.db import Connection
from deskcrm.store.errors import Invalid, NotFound

# The table holding each entity's values (its ``custom`` JSON column).
TABLES = {"person": "person", "candidate": "person", "company": "company", "job": "job_order",
          "placement": "placement"}


@dataclass(frozen=True, slots=True)
class FieldSaved:
    """A write's result: the field as stored now, and the journal txn (``ctrl+z`` undoes it)."""

    field: FieldDef
    txn: str


_COLUMNS = "id, entity, key, label, kind, choices, required, position, archived, version"


def _def(row: tuple) -> FieldDef:
    fid, entity, key, label, kind, choices, required, position, archived, version = row
    try:
        options = tuple(str(c) for c in json.loads(choices or "[]"))
    except ValueError:
        options = ()
    return FieldDef(fid, entity, key, label, kind, options, bool(required), int(position), bool(archived),
                    int(version))


def list_fields(conn: Connection, entities: Iterable[str] | None = None, *,
                archived: bool = True) -> tuple[FieldDef, ...]:
    """The fields (of ``entities``; ``archived=False``: the live ones) in form order."""
    rows = conn.execute(f"SELECT {_COLUMNS} FROM custom_field ORDER BY position, id").fetchall()
    wanted = set(entities) if entities is not None else None
    return tuple(f for f in map(_def, rows)
                 if (wanted is None or f.entity in wanted) and (archived or not f.archived))


def person_fields(conn: Connection, *, archived: bool = False) -> tuple[FieldDef, ...]:
    """The fields kept in ``person.custom`` (person and candidate profile): what search filters on."""
    return list_fields(conn, PERSON_ENTITIES, archived=archived)


def get_field(conn: Connection, field_id: int) -> FieldDef:
    row = conn.execute(f"SELECT {_COLUMNS} FROM custom_field WHERE id = ?", (field_id,)).fetchone()
    if row is None:
        raise NotFound(f"custom field #{field_id} no longer exists; nothing was saved", "custom field")
    return _def(row)


def _label(label: str) -> str:
    text = " ".join((label or "").split())
    if not text:
        raise Invalid({"label": "a name is required"})
    if len(text) > LABEL_MAX:
        raise Invalid({"label": f"at most {LABEL_MAX} characters"})
    if not any(ch.isalnum() for ch in text):
        raise Invalid({"label": "use at least one letter or digit (the search filter is made from them)"})
    return text


def _choices(kind: str, choices: Iterable[str]) -> list[str]:
    out: list[str] = []
    for c in choices or ():
        text = " ".join(str(c).split())
        if not text or choice_word(text) in {choice_word(o) for o in out}:
            continue
        if len(text) > CHOICE_MAX:
            raise Invalid({"choices": f"{text[:20]}…: at most {CHOICE_MAX} characters a choice"})
        out.append(text)
    if kind in CHOICE_KINDS and not out:
        raise Invalid({"choices": "list the choices, separated by commas (e.g. SC, DV, BPSS)"})
    return out if kind in CHOICE_KINDS else []


def _same_label(conn: Connection, entity: str, label: str, but: int | None = None) -> None:
    scope = PERSON_ENTITIES if entity in PERSON_ENTITIES else (entity,)
    for f in list_fields(conn, scope):
        if f.id != but and not f.archived and f.label.casefold() == label.casefold():
            raise Invalid({"label": f"{ENTITIES[f.entity].lower()} already has a field called {f.label}"})


def add_field(conn: Connection, entity: str, label: str, kind: str, *, choices: Iterable[str] = (),
              required: bool = False) -> FieldSaved:
    """A new field at the end of its record's fields."""
    if entity not in ENTITIES:
        raise Invalid({"entity": "one of: " + ", ".join(ENTITIES)})
    if kind not in KINDS:
        raise Invalid({"kind": "one of: " + ", ".join(KINDS)})
    label = _label(label)
    options = _choices(kind, choices)
    txn = journal.new_txn()
    with db.write(conn):
        _same_label(conn, entity, label)
        scope = PERSON_ENTITIES if entity in PERSON_ENTITIES else (entity,)
        taken = {f.key for f in list_fields(conn, scope)}
        last = conn.execute("SELECT coalesce(max(position), 0) FROM custom_field").fetchone()[0]
        fid = journal.insert(conn, txn, "custom_field", {
            "entity": entity, "key": key_for(label, taken), "label": label, "kind": kind,
            "choices": json.dumps(options, ensure_ascii=False), "required": bool(required),
            "position": int(last) + 1, "archived": False, "version": 1})
    return FieldSaved(get_field(conn, fid), txn)


def _change(conn: Connection, field_id: int, changes: dict, expected_version: int | None) -> FieldSaved:
    txn = journal.new_txn()
    with db.write(conn):
        if "label" in changes:
            current = get_field(conn, field_id)
            _same_label(conn, current.entity, changes["label"], but=field_id)
        journal.update(conn, txn, "custom_field", field_id, changes, expected_version=expected_version)
    return FieldSaved(get_field(conn, field_id), txn)


def rename_field(conn: Connection, field_id: int, label: str, *, expected_version: int | None = None) -> FieldSaved:
    """A new label; the key, and so every value, stays."""
    return _change(conn, field_id, {"label": _label(label)}, expected_version)


def set_choices(conn: Connection, field_id: int, choices: Iterable[str], *,
                expected_version: int | None = None) -> FieldSaved:
    """The choice list of a one-choice / several-choices field (values already stored are kept)."""
    field = get_field(conn, field_id)
    if field.kind not in CHOICE_KINDS:
        raise Invalid({"choices": f"{field.label} is {KINDS[field.kind].lower()}, not a choice"})
    return _change(conn, field_id, {"choices": json.dumps(_choices(field.kind, choices), ensure_ascii=False)},
                   expected_version)


def set_required(conn: Connection, field_id: int, required: bool, *,
                 expected_version: int | None = None) -> FieldSaved:
    return _change(conn, field_id, {"required": bool(required)}, expected_version)


def archive_field(conn: Connection, field_id: int, archived: bool = True, *,
                  expected_version: int | None = None) -> FieldSaved:
    """Off the forms, record screens and filters (``archived=False`` brings it back); values kept."""
    return _change(conn, field_id, {"archived": bool(archived)}, expected_version)


def edit_field(conn: Connection, field_id: int, *, label: str | None = None, choices: Iterable[str] | None = None,
               required: bool | None = None, expected_version: int | None = None) -> FieldSaved:
    """The settings' edit, in one transaction: what is given changes (the key, so the values, stays)."""
    field = get_field(conn, field_id)
    changes: dict = {}
    if label is not None and _label(label) != field.label:
        changes["label"] = _label(label)
    if choices is not None and field.kind in CHOICE_KINDS and tuple(_choices(field.kind, choices)) != field.choices:
        changes["choices"] = json.dumps(_choices(field.kind, choices), ensure_ascii=False)
    if required is not None and bool(required) != field.required:
        changes["required"] = bool(required)
    if not changes:
        return FieldSaved(field, "")
    return _change(conn, field_id, changes, expected_version)


def move_field(conn: Connection, field_id: int, step: int) -> FieldSaved | None:
    """One place up (``step`` -1) or down (+1) among its record's fields: swaps two positions."""
    field = get_field(conn, field_id)
    scope = [f for f in list_fields(conn, (field.entity,))]
    i = next(i for i, f in enumerate(scope) if f.id == field_id)
    j = i + (1 if step > 0 else -1)
    if not 0 <= j < len(scope):
        return None  # first or last already
    other = scope[j]
    a, b = field.position, other.position
    if a == b:
        b = a + (1 if step > 0 else -1)
    txn = journal.new_txn()
    with db.write(conn):
        journal.update(conn, txn, "custom_field", field.id, {"position": b}, expected_version=field.version)
        journal.update(conn, txn, "custom_field", other.id, {"position": a}, expected_version=other.version)
    return FieldSaved(get_field(conn, field_id), txn)


def holding(conn: Connection, field: FieldDef) -> int:
    """How many records hold a value for ``field`` (archived or not)."""
    if field.on_person:  # the filter index holds every person's values (store.custom_index)
        return int(conn.execute("SELECT count(DISTINCT person_id) FROM custom_value WHERE field_id = ?",
                                (field.id,)).fetchone()[0])
    table = TABLES[field.entity]
    erased = " AND erased_at IS NULL" if table == "person" else ""
    n = 0
    for (custom,) in conn.execute(f"SELECT custom FROM {table} WHERE custom <> '{{}}'{erased}"):
        try:
            value = json.loads(custom or "{}").get(field.key)
        except (ValueError, AttributeError):
            continue
        n += value not in (None, "", [])
    return n
