"""The rows a people or contacts file's NEW people write, as ``journal_rows.insert_tuples``
takes them: each table's columns a row gives, and those written once into the statement
(``fixed``: SQLite literals, bound with each row on a server).

    shape = Shape.of([p.data for p in chunk if p.data is not None], "Import: people.csv")
    insert_tuples(conn, txn, "person", shape.person_columns, [shape.person(p) for p in new],
                  fixed={**shape.person_fixed, "created_at": now, "updated_at": now})

Most files map no source, owner, tags, notes, custom fields, salary, currency, status nor
hiring-manager column: every row of a chunk then leaves those fields alike, and :class:`Shape`
writes them once into each statement instead of binding them with every row (binding a value
costs ~0.15 µs; ten a person across its four tables and its search index row). A chunk whose
rows differ in any of them binds them all, as before: the rows written are the same either way.
"""

from __future__ import annotations

from functools import lru_cache
from operator import itemgetter
from typing import Any

from deskcrm.store.employer_keys import employer_key
from deskcrm.store.imports.rows import PersonIn
from deskcrm.store.values import dumps_list

# Each table's columns a row gives, then those every new row of a chunk has alike
PERSON_COLUMNS = ("name", "email", "email_norm", "phone", "phone_norm", "city", "headline", "linkedin_url",
                  "linkedin_norm", "source", "owner_id", "tags", "custom", "notes")
PERSON_FIXED = {"other_contacts": "[]", "country": None, "last_contact_at": None, "next_touch_on": None,
                "erased_at": None, "version": 1}  # + created_at, updated_at: the chunk's now
PROFILE_COLUMNS = ("person_id", "skills", "current_title", "current_employer", "employer_key", "current_salary",
                   "salary_currency",
                   "status", "desired_salary", "available_from", "notice_days")
PROFILE_FIXED = {"seniority": None, "resume_path": None, "resume_text": None, "version": 1}
CONSENT_COLUMNS = ("person_id", "source")
CONSENT_FIXED = {"lawful_basis": "legitimate_interest", "version": 1}  # + sourced_at: today
ROLE_COLUMNS = ("person_id", "company_id", "title", "is_hiring_manager")
ROLE_FIXED = {"is_billing": False, "left_at": None, "reports_to_id": None, "version": 1}

# The fields of a PersonIn that most files leave alike (unmapped): compared in one C call a row
_OPTIONAL = itemgetter(*(PersonIn._fields.index(f) for f in (
    "source", "owner_id", "tags", "notes", "salary", "currency", "status", "hiring_manager", "custom",
    "desired_salary", "available_from", "notice_days")))


def person_row(p: PersonIn, source: str, owner: int | None = None) -> tuple:
    """A new person's row (:data:`PERSON_COLUMNS`); ``source``: the file's, when the row gives none;
    ``owner``: the recruiter importing, when the row names no owner (a new person is theirs, as
    one made in the person form is: "mine" finds the connections they imported)."""
    return (p.name, p.email, p.email_norm, p.phone, p.phone_norm, p.city, p.headline, p.linkedin_url,
            p.linkedin_norm, p.source or source, owner if p.owner_id is None else p.owner_id, json_list(p.tags),
            p.custom or "{}", p.notes)


def profile_row(p: PersonIn) -> tuple:
    """A new candidate profile's row, ``person_id`` aside (:data:`PROFILE_COLUMNS`)."""
    return (json_list(p.skills), p.title, p.company, employer_key(p.company), p.salary, p.currency or "EUR",
            p.status or "passive",
            p.desired_salary, p.available_from, p.notice_days)


@lru_cache(maxsize=4096)
def json_list(items: tuple[str, ...]) -> str:  # a file repeats its skills and tags cells
    return dumps_list(list(items))


class Shape:
    """How a chunk's new rows are written: every column bound (:meth:`of` found the rows'
    optional fields differ), or — ``alike`` — those fields written once into the statements."""

    __slots__ = ("alike", "source", "owner", "person_columns", "person_fixed", "profile_columns", "profile_fixed",
                 "consent_columns", "consent_fixed", "role_columns", "role_fixed")

    def __init__(self, source: str, alike: PersonIn | None, owner: int | None = None) -> None:
        self.alike, self.source, self.owner = alike, source, owner
        if alike is None:
            self.person_columns, self.person_fixed = PERSON_COLUMNS, PERSON_FIXED
            self.profile_columns, self.profile_fixed = PROFILE_COLUMNS, PROFILE_FIXED
            self.consent_columns, self.consent_fixed = CONSENT_COLUMNS, CONSENT_FIXED
            self.role_columns, self.role_fixed = ROLE_COLUMNS, ROLE_FIXED
            return
        full, lean = person_row(alike, source, owner), PERSON_COLUMNS[:9]
        self.person_columns = lean
        self.person_fixed = {**PERSON_FIXED, **dict(zip(PERSON_COLUMNS[9:], full[9:]))}
        self.profile_columns = PROFILE_COLUMNS[:5]
        self.profile_fixed = {**PROFILE_FIXED, **dict(zip(PROFILE_COLUMNS[5:], profile_row(alike)[4:]))}
        self.consent_columns = CONSENT_COLUMNS[:1]
        self.consent_fixed = {**CONSENT_FIXED, "source": alike.source or source}
        self.role_columns = ROLE_COLUMNS[:3]
        self.role_fixed = {**ROLE_FIXED, "is_hiring_manager": bool(alike.hiring_manager)}

    @classmethod
    def of(cls, people: list[PersonIn], source: str, owner: int | None = None) -> Shape:
        """The shape of a chunk whose rows (new, updated, any: ``people``) are these: ``alike``
        when they all leave the optional fields the same (a salary aside: a float is bound).
        ``owner``: a new person's when the row names none (:func:`person_row`)."""
        first = people[0] if people else None
        if (first is not None and first.salary is None and first.desired_salary is None
                and len(set(map(_OPTIONAL, people))) == 1):
            return cls(source, first, owner)
        return cls(source, None, owner)

    def person(self, p: PersonIn) -> tuple:
        if self.alike is None:
            return person_row(p, self.source, self.owner)
        return (p.name, p.email, p.email_norm, p.phone, p.phone_norm, p.city, p.headline, p.linkedin_url,
                p.linkedin_norm)

    def profile(self, person_id: int, p: PersonIn) -> tuple:
        if self.alike is None:
            return (person_id, *profile_row(p))
        return (person_id, json_list(p.skills), p.title, p.company, employer_key(p.company))

    def consent(self, person_id: int, p: PersonIn) -> tuple:
        return (person_id,) if self.alike is not None else (person_id, p.source or self.source)

    def role(self, person_id: int, company_id: Any, p: PersonIn) -> tuple:
        if self.alike is not None:
            return (person_id, company_id, p.title)
        return (person_id, company_id, p.title, bool(p.hiring_manager))

    @property
    def no_notes(self) -> bool:
        """Whether the chunk's search index rows are written without notes (none has any)."""
        return self.alike is not None and self.alike.notes is None
