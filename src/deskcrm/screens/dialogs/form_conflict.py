"""A save over a colleague's (issue 11 item 5): both values at the field, one banner, nothing lost.

Every form that edits a versioned row (a person, a job order, a company, its fee agreement, a
contact, a custom field, a pool) goes through :class:`Edit`:

    edit = Edit(screen, "this person", read=lambda conn: load(conn, pid), to_raw=raw_of, moved=keep)
    edit.opened(raw_as_shown)                  # the form's text as first opened
    values = edit.changes(result.values, result.raw)   # what a save writes: only the fields changed
    edit.conflict(exc, result.raw, reopen)     # on a Conflict: re-read, then reopen(raw, theirs)

On a ``Conflict`` the record is read again and set beside the form as first shown (``base``) and
what was typed: a field only the colleague changed takes their value (nothing of theirs is
lost), a field both changed keeps yours and is a *clash*, and every field they changed shows
their value at the field ("Alex Morgan saved: Berlin", :class:`Theirs`). The next save is
guarded by the version just read, and ``base`` moves on to it: ``ctrl+s`` then writes the clashes
(yours, deliberately, having seen theirs) and your other changes, never a field you left; a
colleague saving *again* meanwhile is a new conflict, shown the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from deskcrm import text

if TYPE_CHECKING:
    from deskcrm.screens.base import DeskScreen
    from deskcrm.screens.dialogs.form import FormField
    from deskcrm.store.db import Connection

SOMEONE = "Someone else"  # an unsigned save (no recruiter chosen), another program
_SHORT = 40  # a value in the banner: cut after this many characters
_NOTE = 160  # a value at the field: cut after this many


@dataclass(frozen=True)
class Theirs:
    """What a colleague saved since the form opened: ``saved`` maps each field they changed to its
    text now; ``clashes`` are the ones you changed too, to something else (yours is kept)."""

    who: str
    what: str  # "this person", "this job order"
    saved: Mapping[str, str]
    clashes: tuple[str, ...]


def reconcile(base: Mapping[str, str], typed: Mapping[str, str], fresh: Mapping[str, str], who: str | None,
              what: str, opened: Mapping[str, str] | None = None) -> tuple[dict[str, str], Theirs]:
    """The form's text after a colleague's save (``fresh``, over ``base``: the record as last
    read), keeping what was ``typed``; and what to say about it: every field they changed since
    the form ``opened`` (default: ``base``), a clash where what you would save is not theirs."""
    raw: dict[str, str] = {}
    saved: dict[str, str] = {}
    for name, mine in typed.items():
        before = base.get(name, "")
        now = fresh.get(name, before)
        raw[name] = mine if mine != before else now
        if now != (opened if opened is not None else base).get(name, before):
            saved[name] = now
    clashes = tuple(name for name, now in saved.items() if raw[name] != now)
    return raw, Theirs(text.clean(who) if who else SOMEONE, what, saved, clashes)


def changed(base: Mapping[str, str], raw: Mapping[str, str], groups: Iterable[Iterable[str]] = ()) -> set[str]:
    """The fields whose text differs from ``base`` (a group saves whole: both fee terms if either)."""
    out = {name for name, value in raw.items() if value != base.get(name, "")}
    for group in groups:
        members = set(group)
        if out & members:
            out |= members & set(raw)
    return out


def _one_line(value: str, limit: int) -> str:
    flat = " ⏎ ".join(part for part in text.clean(value).splitlines())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def note(theirs: Theirs, name: str, shown: str) -> str:
    """The line at a field they changed: ``shown`` is their value as the field names it (a choice's label)."""
    said = f"{theirs.who} saved: {_one_line(shown, _NOTE)}" if shown else f"{theirs.who} cleared it"
    return f"Clash, yours kept — {said}" if name in theirs.clashes else said


def _names(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def banner(theirs: Theirs, label: Callable[[str], str], shown: Callable[[str], str], save: str, cancel: str) -> str:
    """The one message on top of the form: who saved, what differs, what each key does."""
    head = f"{theirs.who} saved {theirs.what} while you edited it"
    if len(theirs.clashes) == 1:
        name = theirs.clashes[0]
        value = shown(name)
        body = f"{label(name)} differs (theirs: {_one_line(value, _SHORT) if value else 'empty'})"
    elif theirs.clashes:
        body = f"{_names([label(n) for n in theirs.clashes])} differ (theirs at each field)"
    elif theirs.saved:
        names = [label(n) for n in theirs.saved]
        body = f"their {_names(names)} {'is' if len(names) == 1 else 'are'} in the form, your changes kept"
    else:
        body = "(nothing in this form differs)"
    keys = (f"{save} saves yours over theirs" if theirs.clashes else f"{save} saves your changes on top")
    return f"{head}: {body}. {keys}; {cancel} twice discards yours."


def opened_text(fields: Iterable[FormField]) -> dict[str, str]:
    """The text a form of ``fields`` opens with (``Edit.to_raw`` of a form built from the record)."""
    return {f.name: f.value for f in fields}


def shown(field: FormField, raw: str) -> str:
    """A field's text as the form shows it: a choice by its label ("Passive", not "passive")."""
    return dict(field.choices).get(raw, raw) if field.choices is not None else raw


def notes(theirs: Theirs, fields: Mapping[str, FormField]) -> dict[str, str]:
    """The line under each field they changed."""
    return {n: note(theirs, n, shown(fields[n], v)) for n, v in theirs.saved.items() if n in fields}


def banner_of(theirs: Theirs, fields: Mapping[str, FormField], save: str, cancel: str) -> str:
    return banner(theirs, lambda n: fields[n].label if n in fields else n,
                  lambda n: shown(fields[n], theirs.saved[n]) if n in fields else theirs.saved[n], save, cancel)


class Edit:
    """One edit of a versioned record from a form, guarded against a colleague's save.

    ``read(conn)``: the record again as the form edits it (None: gone); ``to_raw(record)``: its
    values as the form's text; ``moved(record)``: the form's next save is guarded by this
    record's version (the caller keeps it); ``what``: the record as the banner names it;
    ``groups``: fields saved together (both fee terms); ``action``: the form is an action on the
    record (the date a contact left), not an edit of its fields — every value is saved."""

    def __init__(self, screen: DeskScreen, what: str, *, read: Callable[[Connection], Any],
                 to_raw: Callable[[Any], dict[str, str]], moved: Callable[[Any], None],
                 groups: Iterable[Iterable[str]] = (), action: bool = False) -> None:
        self.screen, self.what = screen, what
        self.read, self.to_raw, self.moved = read, to_raw, moved
        self.groups = tuple(tuple(g) for g in groups)
        self.action = action
        self.base: dict[str, str] | None = None  # the form's text as last read from the record
        self.first: dict[str, str] = {}  # ... as the form first opened: their changes since are shown
        self.last: set[str] | None = None  # the fields the last save changed (``changes``)

    def opened(self, raw: Mapping[str, str]) -> None:
        """The form's text as first opened (later opens after a failed save keep the first)."""
        if self.base is None:
            self.base, self.first = dict(raw), dict(raw)

    def changes(self, values: Mapping[str, Any], raw: Mapping[str, str]) -> dict[str, Any]:
        """The parsed ``values`` of the fields changed since the record was last read."""
        if self.action:
            return dict(values)
        self.last = changed(self.base or {}, raw, self.groups)
        return self.only(values)

    def only(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """``values`` cut to the fields the last save changed (a save written by a ``form_write``
        gate from the whole form: a company saved "anyway" next to a look-alike)."""
        return {k: v for k, v in values.items() if self.last is None or k in self.last}

    def conflict(self, exc: BaseException, typed: Mapping[str, str],
                 reopen: Callable[[dict[str, str], Theirs | None, str | None], None]) -> None:
        """Read the record again (a worker), then ``reopen(raw, theirs, None)`` on the UI thread;
        if it cannot be read (deleted or merged since, a busy database), ``reopen(typed, None,
        why)``: what was typed is never lost."""
        from deskcrm.store.errors import StoreError

        who = getattr(exc, "by", None)

        def read(conn: Connection) -> tuple[Any, str | None]:  # never None: a board's read_then drops a None
            try:
                return self.read(conn), None
            except StoreError as problem:
                return None, str(problem)

        def got(found: tuple[Any, str | None]) -> None:
            record, problem = found
            if record is None:
                gone = f"{self.what} no longer exists (merged or deleted)"
                reopen(dict(typed), None, f"Not saved: {problem or gone}")
                return
            fresh = self.to_raw(record)
            raw, theirs = reconcile(self.base or {}, typed, fresh, who, self.what, opened=self.first)
            self.base = {**(self.base or {}), **{k: v for k, v in fresh.items() if k in typed}}
            self.moved(record)
            reopen(raw, theirs, None)

        self.screen.read_then(read, got)
