"""One mapped row read as the record it describes, or the one thing wrong with it.

    person = read_person(row, kind, owners)   # PersonIn, or raises RowError(target, message)

Each cell goes through ONE parser per kind of value: the reading half's ``cells`` (dates in
the column's order from all its cells, never swapped; amounts ``85k`` / ``€85,000`` / a
European ``85.000``; phones with ``phonenumbers`` and the config's ``phone_region``; LinkedIn
URLs canonical; lists), the rest as a form reads them (``domain.validate``). The ``*_norm``
keys a record is MATCHED by are the desk's own (``validate.email_norm`` / ``phone_norm`` /
``linkedin_norm``), computed from the stored value as every form save computes them. Nothing is guessed: a cell a parser refuses
is a :class:`RowError` naming the column (its target) and what to do, and the plan lists it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple
from datetime import date, datetime

from deskcrm.domain import clock, validate
from deskcrm.domain.day_counts import days
from deskcrm.store.imports import CellRules, MappedRow, cells
from deskcrm.store.imports.status_words import status_of, taken


# An available-from cell that says "now": the day of the import (a candidate free to start). Not
# "today": a file's "today" is the day it was written, which the import cannot know.
AVAILABLE_NOW = frozenset({"immediately", "immediate", "asap", "now", "available now", "available immediately"})


class RowError(Exception):
    """A cell (``target``) the import cannot take, and what to do about it."""

    def __init__(self, target: str, message: str) -> None:
        super().__init__(message)
        self.target = target
        self.message = message


def cell_of(row: MappedRow, target: str) -> str:
    """The text of ``row``'s cell that ``target`` reads (a refusal names it), as the file has it."""
    if target.startswith("custom:"):
        return next((value for label, value in row.custom if label == target[7:]), "")
    return row.values.get(target, "")


class PersonIn(NamedTuple):
    """A person as a row describes them: the stored forms of each given field (absent: None).
    (A named tuple: one is made per row, at a fifth of a frozen dataclass's cost.)"""

    name: str
    email: str | None = None
    email_norm: str | None = None
    phone: str | None = None
    phone_norm: str | None = None
    linkedin_url: str | None = None
    linkedin_norm: str | None = None
    company: str | None = None
    title: str | None = None
    city: str | None = None
    headline: str | None = None
    source: str | None = None
    owner_id: int | None = None
    tags: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    notes: str | None = None
    salary: float | None = None
    currency: str | None = None
    status: str | None = None
    hiring_manager: bool = False
    custom: str | None = None  # JSON: the custom fields the row's columns fill (``custom_values``)
    desired_salary: float | None = None  # (in ``currency``, as the salary)
    available_from: str | None = None  # ISO date
    notice_days: int | None = None


def parsed(target: str, parse, raw: str | None):  # noqa: ANN001, ANN201 - a domain.validate parser
    """``parse(raw)``; a refusal becomes a RowError on ``target``."""
    if raw is None:
        return None
    try:
        return parse(raw)
    except validate.Invalid as exc:
        raise RowError(target, str(exc)) from None


def owner(target: str, raw: str | None, owners: dict[str, int]) -> int | None:
    """Recruiter initials -> an active recruiter's id (``owners``: initials upper-cased -> id)."""
    if raw is None:
        return None
    found = owners.get(raw.strip().upper())
    if found is None:
        known = ", ".join(sorted(owners)) or "none yet"
        raise RowError(target, f"no active recruiter has the initials {raw.strip()!r} (active: {known}); "
                               "add one with deskcrm recruiter add, or map the column to nothing")
    return found


def words(raw: str | None) -> tuple[str, ...]:
    """A list cell (skills, tags): ``cells.words``."""
    return _words(raw) if raw else ()


@lru_cache(maxsize=4096)
def _words(raw: str) -> tuple[str, ...]:  # a file repeats its skills and tags cells
    return tuple(cells.words(raw))


def notes(row: MappedRow, extra: tuple[tuple[str, str], ...] = (), fields: tuple = ()) -> str | None:
    """The row's notes, then each custom column no custom field takes (``fields``) as
    ``<label>: <value>`` on its own line."""
    lines = [row.values["notes"]] if row.values.get("notes") else []
    lines += [f"{label}: {value}" for label, value in (*extra, *row.custom) if _field(label, fields) is None]
    return "\n".join(lines) or None


def _field(label: str, fields: tuple):  # noqa: ANN202 - a domain.custom_fields.FieldDef or None
    low = " ".join(label.split()).casefold()
    return next((f for f in fields if f.label.casefold() == low or f.key == low), None)


def custom_values(row: MappedRow, rules: CellRules, currency: str | None) -> str | None:
    """The JSON of the custom fields the row's ``custom:<label>`` columns fill (None: none); a
    value the field cannot take is a RowError on that column, saying what to type."""
    if not row.custom or not rules.custom_fields:
        return None
    import json

    from deskcrm.domain.custom_fields import read

    out = {}
    for label, value in row.custom:
        field = _field(label, rules.custom_fields)
        if field is not None:
            found = parsed(f"custom:{label}", lambda raw, f=field: read(f, raw, currency=currency or "EUR"), value)
            if found is not None:
                out[field.key] = found
    return json.dumps(out, ensure_ascii=False, sort_keys=True) if out else None


def full_name(row: MappedRow) -> str:
    v = row.values
    name = v.get("full_name") or " ".join(x for x in (v.get("first_name"), v.get("last_name")) if x)
    if not name.strip():
        raise RowError("full_name", "no name: map a Full name column, or First name and Last name")
    return " ".join(name.split())


def read_person(row: MappedRow, kind: str, owners: dict[str, int], rules: CellRules = CellRules()) -> PersonIn:
    """A row of a people (candidates) or contacts file as a :class:`PersonIn`. (The common cells
    take their fast paths: a phone already written as the desk writes it, a list cell seen
    before — an import calls this once a row.)"""
    v = row.values
    get = v.get
    email = parsed("email", cells.email, get("email"))
    raw = get("phone")
    if raw is None:
        phone = phone_norm = None
    else:
        written = cells.written_phone(raw)
        if written is not None:  # "+49 30 1234567": the norm is its characters without the spaces
            phone, phone_norm = written, written.replace(" ", "")
        else:
            region = rules.phone_region
            phone = parsed("phone", lambda text: cells.phone(text, region), raw)
            phone_norm = validate.phone_norm(phone) or None
    linkedin_norm = parsed("linkedin", cells.linkedin_key, get("linkedin"))
    status = get("status")
    if status is not None:
        read = status_of(status)  # Bullhorn's "Available", "Not Looking", … (``status_words``: one table)
        if read is None:
            raise RowError("status", f"not a status this import reads — the words taken: {taken()}")
        status = read
    salary_raw, currency_raw = get("salary"), get("currency")
    salary, currency = (money("salary", salary_raw, currency_raw, rules) if salary_raw or currency_raw
                        else (None, None))
    desired, currency = wanted(get("desired_salary"), currency, rules)
    raw = get("available_from")
    available = (None if raw is None else clock.today() if " ".join(raw.casefold().split()) in AVAILABLE_NOW
                 else day("available_from", raw, rules))
    notice = parsed("notice_days", days, raw) if (raw := get("notice_days")) is not None else None
    raw = get("connected_on")
    connected = day("connected_on", raw, rules) if raw is not None else None
    extra = (("Connected on", connected.isoformat()),) if connected else ()
    title = get("title")  # also the headline when the file has none: what the search shows and finds
    return PersonIn(
        full_name(row), email, validate.email_norm(email), phone, phone_norm,
        "https://www." + linkedin_norm if linkedin_norm else None, linkedin_norm,
        get("company"), title, get("city"), get("headline") or title, get("source"),
        owner("owner", raw, owners) if (raw := get("owner")) is not None else None, words(get("tags")),
        words(get("skills")),
        notes(row, extra, rules.custom_fields) if extra or row.custom or "notes" in v else None,
        salary, currency, status, _yes(raw) if (raw := get("hiring_manager")) is not None else False,
        custom_values(row, rules, currency) if row.custom else None,
        desired, available.isoformat() if available else None, notice,
    )


def wanted(raw: str | None, currency: str | None, rules: CellRules) -> tuple[float | None, str | None]:
    """A desired salary cell, and the row's currency: the salary's (a profile has one currency
    for both), else the one the cell names; a cell in another currency is refused."""
    if raw is None:
        return None, currency
    found = amount("desired_salary", raw, rules)
    if found is None:
        return None, currency
    if found.currency and currency and found.currency != currency:
        raise RowError("desired_salary", f"is in {found.currency} but the salary is in {currency}: "
                                         "give both in one currency")  # the cell: shown with the refusal
    return found.value, currency or found.currency


def _yes(raw: str | None) -> bool:
    if raw is None:
        return False
    low = raw.strip().lower()
    if low in ("yes", "y", "true", "1", "x"):
        return True
    if low in ("no", "n", "false", "0", ""):
        return False
    raise RowError("hiring_manager", f"{raw!r} is not yes or no")


def amount(target: str, raw: str | None, rules: CellRules) -> cells.Amount | None:
    """An amount cell (``cells.amount``: ``85k``, ``€85,000``, a European ``85.000``)."""
    return parsed(target, lambda text: cells.amount(text, european=rules.european), raw)


def money(target: str, raw: str | None, currency_raw: str | None, rules: CellRules,
          currency_target: str = "currency") -> tuple[float | None, str | None]:
    """An amount and its currency: the currency column's, else the one the cell names (``€85k``);
    a cell and a column that disagree are refused, never one picked."""
    currency = parsed(currency_target, validate.currency, currency_raw)
    found = amount(target, raw, rules)
    if found is None:
        return None, currency
    if found.currency and currency and found.currency != currency:
        raise RowError(target, f"is in {found.currency} but the {currency_target} column says {currency}")
    return found.value, currency or found.currency


def day(target: str, raw: str | None, rules: CellRules) -> date | None:
    """A date cell, in its column's order (``rules.date_orders``): ``cells.day``."""
    order = rules.date_orders.get(target)
    return parsed(target, lambda text: cells.day(text, order), raw)


def moment(target: str, raw: str | None, rules: CellRules) -> datetime | None:
    """A date-and-time cell (an activity's ``at``): ``cells.moment``."""
    order = rules.date_orders.get(target)
    return parsed(target, lambda text: cells.moment(text, order), raw)
