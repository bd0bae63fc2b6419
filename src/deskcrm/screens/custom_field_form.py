"""Custom fields in forms: the settings' add / edit form, and each field as a box of a record's form.

    definition_fields(None)                      # the "Add custom field" form
    definition_fields(field)                     # "Edit": name, choices, required (record and kind stay)
    record_fields(defs, stored)                  # a record form's boxes, one per live field, in order
    follow(app)                                  # the session's fields and search filters, read again
                                                 # whenever the desk's data version moves on

A record form's box is named ``custom_<key>`` (the store's name for the value, so an error the
store names marks the box); it reads what is typed as the field does (``domain.custom_fields``:
money with a currency, dates as every date box reads them, one of the choices), required ones
starred and refused when empty. Labels are user data: plain text, never markup.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from deskcrm import text
from deskcrm.domain import custom_fields as cf
from deskcrm.domain import dates, validate
from deskcrm.screens.dialogs.form import FormField

if TYPE_CHECKING:
    from deskcrm.domain.custom_fields import FieldDef

_LANDING = threading.Lock()  # one read's fields land at a time (the newest read wins)
PREFIX = "custom_"  # store.custom_values.PREFIX: the screens do not import the store's module for it
_ENTITY_WORDS = {**{k: k for k in cf.ENTITIES}, "candidate profile": "candidate", "job order": "job",
                 "account": "company", "client": "company"}


def _choice_of(table: dict[str, str], what: str):
    """A box that takes a key or a label (any case): "candidate", "Candidate profile"."""
    words = {**{v.casefold(): k for k, v in table.items()}, **{k.replace("_", " "): k for k in table},
             **{k: k for k in table}}
    if table is cf.ENTITIES:
        words.update(_ENTITY_WORDS)

    def parse(raw: str) -> str:
        value = " ".join((raw or "").split()).casefold()
        if not value:
            raise validate.Invalid("required")
        found = words.get(value)
        if found is None:
            raise validate.Invalid(f"{what}: one of " + ", ".join(table))
        return found

    return parse


def _label(raw: str) -> str:
    value = " ".join((raw or "").split())
    if not value:
        raise validate.Invalid("required")
    if len(value) > cf.LABEL_MAX:
        raise validate.Invalid(f"at most {cf.LABEL_MAX} characters")
    if not any(ch.isalnum() for ch in value):
        raise validate.Invalid("use at least one letter or digit")
    return value


def _yes_no(raw: str) -> bool:
    value = (raw or "").strip().casefold()
    if value in ("", "no", "n", "false"):
        return False
    if value in ("yes", "y", "true"):
        return True
    raise validate.Invalid("yes or no")


def definition_fields(field: FieldDef | None) -> list[FormField]:
    """The add form (``field`` None) or the edit form of ``field``."""
    out = []
    if field is None:
        out += [
            FormField("entity", "Record", _choice_of(cf.ENTITIES, "record"), required=True,
                      placeholder="person, candidate, company, job, placement",
                      describe=lambda v: cf.ENTITIES.get(v)),
            FormField("label", "Name", _label, required=True, placeholder="e.g. Security clearance"),
            FormField("kind", "Kind", _choice_of(cf.KINDS, "kind"), required=True,
                      placeholder="text, number, money, date, choice…",  # the whole list is the hint
                      hint="One of: " + ", ".join(cf.KINDS), describe=lambda v: cf.KINDS.get(v)),
        ]
    else:
        out.append(FormField("label", "Name", _label, text.clean(field.label), required=True,
                             hint="Renaming keeps every value (and the filter's name)"))
    if field is None or field.kind in cf.CHOICE_KINDS:
        out.append(FormField("choices", "Choices", validate.word_list,
                             text.clean(", ".join(field.choices)) if field else "",
                             placeholder="e.g. SC, DV, BPSS",
                             hint="For one choice / several choices: separated by commas"))
    out.append(FormField("required", "Required", _yes_no, "yes" if field and field.required else "no",
                         placeholder="yes or no"))
    return out


def _parser(field: FieldDef, currency: str, stored: Any = None):
    """Reads the box as the field reads it; the stored value's own text is the stored value (a
    choice taken off the list since, say, never blocks saving the other fields)."""
    as_stored = text.clean(cf.typed_text(field, stored)) if stored not in (None, "", []) else None

    def parse(raw: str) -> Any:
        if as_stored is not None and raw == as_stored:
            return stored
        value = cf.read(field, raw, currency=currency)
        if cf.missing(field, value):
            raise validate.Invalid("required")
        return value

    return parse


def _placeholder(field: FieldDef) -> str:
    if field.kind in cf.CHOICE_KINDS:
        return ", ".join(field.choices) + (" (one or more)" if field.kind == "choices" else "")
    return {"money": "e.g. 650 GBP, €650, 650", "date": f"e.g. 2027-01-15, {dates.numeric(date(2027, 1, 15))}",
            "yes_no": "yes or no", "number": "e.g. 12"}.get(field.kind, "")


def _describe(field: FieldDef):
    def said(value: Any) -> str | None:
        if field.kind in ("money", "date", "number"):
            return f"read as {cf.shown(field, value)}" if value is not None else None
        return None

    return said


def record_fields(defs: Sequence[FieldDef], *, currency: str = "EUR", stored: dict | None = None) -> list[FormField]:
    """One box per live field of ``defs``, in their order; ``stored``: the record's values by key
    (an edit: each box starts from its value, as the form shows it)."""
    stored = stored or {}
    return [FormField(PREFIX + f.key, f.label, _parser(f, currency, stored.get(f.key)),
                      text.clean(cf.typed_text(f, stored.get(f.key))),
                      required=f.required, placeholder=_placeholder(f), multiline=f.kind == "long_text",
                      describe=_describe(f))
            for f in defs if not f.archived]


def boxes_of(app: Any, entity: str, stored: dict | None = None, currency: str = "EUR") -> list[FormField]:
    """The boxes of ``entity``'s fields as the session knows them (:func:`load`; the settings
    refresh them): company, job and placement forms are built at once, without a read."""
    return record_fields([f for f in getattr(app, "custom_fields", ()) if f.entity == entity],
                         currency=currency, stored=stored)


def follow(app: Any) -> None:
    """Read the desk's fields now (:func:`load`) and again whenever the desk's data version moves
    on (a write here, an undo, a colleague's new field seen by ``work.live``): the forms and the
    search filters know them without a restart."""
    load(app)
    app.writes.on_version.append(lambda: load(app))


def load(app: Any) -> None:
    """Read the desk's fields in a worker: the searchable ones become the session's filters
    (``domain.custom_query.configure``), all of them ``app.custom_fields`` (the forms'); a failed
    read leaves both as they were, and a read that lands after a later one is dropped."""
    path = app.db_path
    asked = getattr(app, "custom_fields_asked", 0) + 1
    app.custom_fields_asked = asked

    def work() -> None:
        from deskcrm.store import db
        from deskcrm.store.custom_fields import list_fields
        from deskcrm.store.errors import StoreError

        try:
            with db.reading(path) as conn:
                found = list_fields(conn, archived=False)
        except StoreError:
            return
        with _LANDING:
            if asked < getattr(app, "custom_fields_read", 0):
                return  # a later read landed first
            app.custom_fields_read = asked
            known(app, found)

    app.run_worker(work, thread=True, group="custom-fields", name="custom-fields", exit_on_error=False)


def known(app: Any, fields: Sequence[FieldDef]) -> None:
    """The desk's fields as just read: the search filters and the forms' (any thread)."""
    from deskcrm.domain import custom_query

    custom_query.configure(fields)
    app.custom_fields = tuple(f for f in fields if not f.archived)
