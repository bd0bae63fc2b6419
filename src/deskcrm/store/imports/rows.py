"""One mapped row read as the record it describes, or the one thing wrong with it.

    person = read_person(row, kind, owners)   # PersonIn, or raises RowError(target, message)

Each cell goes through the parser a form uses for the same field (``domain.validate``,
``domain.dates``), so an import stores what the form would have stored: the text as typed,
its ``*_norm`` keys beside it, a salary as a number. Nothing is guessed: a cell a parser refuses
is a :class:`RowError` naming the column (its target) and what to do, and the plan lists it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from deskcrm.domain import dates, validate
from deskcrm.store.imports import MappedRow
from deskcrm.store.person_write import STATUSES


class RowError(Exception):
    """A cell (``target``) the import cannot take, and what to do about it."""

    def __init__(self, target: str, message: str) -> None:
        super().__init__(message)
        self.target = target
        self.message = message


@dataclass(frozen=True, slots=True)
class PersonIn:
    """A person as a row describes them: the stored forms of each given field (absent: None)."""

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
    """A comma- or semicolon-separated list, each item once (case aside), in file order."""
    if not raw:
        return ()
    out: list[str] = []
    for item in raw.replace(";", ",").split(","):
        item = item.strip()
        if item and item.casefold() not in {o.casefold() for o in out}:
            out.append(item)
    return tuple(out)


def notes(row: MappedRow, extra: tuple[tuple[str, str], ...] = ()) -> str | None:
    """The row's notes, then each custom column as ``<label>: <value>`` on its own line."""
    lines = [row.values["notes"]] if row.values.get("notes") else []
    lines += [f"{label}: {value}" for label, value in (*extra, *row.custom)]
    return "\n".join(lines) or None


def full_name(row: MappedRow) -> str:
    v = row.values
    name = v.get("full_name") or " ".join(x for x in (v.get("first_name"), v.get("last_name")) if x)
    if not name.strip():
        raise RowError("full_name", "no name: map a Full name column, or First name and Last name")
    return " ".join(name.split())


def read_person(row: MappedRow, kind: str, owners: dict[str, int]) -> PersonIn:
    """A row of a people (candidates) or contacts file as a :class:`PersonIn`."""
    v = row.values
    email = parsed("email", validate.email, v.get("email"))
    phone = parsed("phone", validate.phone, v.get("phone"))
    linkedin = parsed("linkedin", validate.linkedin, v.get("linkedin"))
    status = v.get("status")
    if status is not None:
        status = status.strip().lower().replace(" ", "_").replace("-", "_")
        if status not in STATUSES:
            raise RowError("status", f"{v['status']!r} is not one of {', '.join(STATUSES)}")
    currency = parsed("currency", validate.currency, v.get("currency"))
    extra = (("Connected on", v["connected_on"]),) if v.get("connected_on") else ()
    return PersonIn(
        name=full_name(row),
        email=email, email_norm=validate.email_norm(email),
        phone=phone, phone_norm=validate.phone_norm(phone) or None,
        linkedin_url=linkedin, linkedin_norm=validate.linkedin_norm(linkedin),
        company=v.get("company"), title=v.get("title"), city=v.get("city"), headline=v.get("headline"),
        source=v.get("source"), owner_id=owner("owner", v.get("owner"), owners),
        tags=words(v.get("tags")), skills=words(v.get("skills")), notes=notes(row, extra),
        salary=parsed("salary", validate.money, v.get("salary")), currency=currency, status=status,
        hiring_manager=_yes(v.get("hiring_manager")),
    )


def _yes(raw: str | None) -> bool:
    if raw is None:
        return False
    low = raw.strip().lower()
    if low in ("yes", "y", "true", "1", "x"):
        return True
    if low in ("no", "n", "false", "0", ""):
        return False
    raise RowError("hiring_manager", f"{raw!r} is not yes or no")


def day(target: str, raw: str | None) -> date | None:
    return parsed(target, dates.day, raw)


def moment(target: str, raw: str | None) -> datetime | None:
    return parsed(target, dates.moment, raw)
