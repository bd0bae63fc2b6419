"""The Art. 14 notice (issue 14): a template file in the data dir, filled for one person.

``art14_notice.txt`` in the data dir is written with :data:`DEFAULT` the first time a notice is
asked for (0600), and is the user's to edit from then on: who the agency is, why it holds the
data, the source, the person's rights and how to object. It is plain text with ``$name``-style
fields (``string.Template``: ``$$`` is a dollar sign), never code:

    $name $first_name      the person                   $source        where their data came from
    $sourced_on            when we got it (YYYY-MM-DD)  $lawful_basis  consent / legitimate interest / contract
    $recruiter $recruiter_email  the person's owner     $today         the day the notice is filled

A field the template names that is not one of these is an error naming it (never silently
left in or dropped). Every value is the user's data made plain (``deskcrm.text.clean``).
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path

from deskcrm.domain import clock
from deskcrm.store.db import Connection
from deskcrm.store.errors import NotFound, StoreError
from deskcrm.store.labels import LAWFUL_BASIS
from deskcrm.text import clean

FILE_NAME = "art14_notice.txt"
FIELDS = ("name", "first_name", "source", "sourced_on", "lawful_basis", "recruiter", "recruiter_email", "today")

DEFAULT = """\
Dear $first_name,

Why you are hearing from us
We are a recruitment agency. We hold your name and professional details because we may be able
to put you forward for roles that fit your experience. $recruiter ($recruiter_email) looks after
your details here.

Where your data came from
We found your details through: $source (on $sourced_on).

Why we may hold it
Our lawful basis is: $lawful_basis. We keep only what we need to contact you about suitable
roles, and we review it regularly; data we no longer need is erased.

Your rights
You may ask for a copy of everything we hold about you, have it corrected or erased, restrict
or object to our use of it, and complain to your data protection authority.

How to object
Reply to this message or write to $recruiter_email, and we will stop contacting you and, if
you wish, erase your data.

Kind regards,
$recruiter
"""


class NoticeError(StoreError):
    """The template cannot be filled: the message names the file and what to fix."""


@dataclass(frozen=True, slots=True)
class Notice:
    person_id: int
    text: str
    template: Path


def template_path(data_dir: Path) -> Path:
    return data_dir / FILE_NAME


def load_template(data_dir: Path) -> tuple[Path, str]:
    """The template's path and text, written with the default on first use (private to the user)."""
    from deskcrm import files

    path = template_path(data_dir)
    try:
        if not path.exists():
            files.write_private(path, DEFAULT)
        return path, path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise NoticeError(f"{path}: cannot read or write the notice template ({exc})") from exc


def fields(conn: Connection, person_id: int) -> dict[str, str]:
    """The template's fields for one person, as plain text."""
    row = conn.execute(
        """
        SELECT p.name, r.name, r.email FROM person p LEFT JOIN recruiter r ON r.id = p.owner_id
        WHERE p.id = ? AND p.erased_at IS NULL
        """,
        (person_id,),
    ).fetchone()
    if row is None:
        raise NotFound(f"person #{person_id} does not exist (or was erased): no notice", "person")
    consent = conn.execute(
        "SELECT lawful_basis, source, sourced_at FROM consent WHERE person_id = ? ORDER BY sourced_at DESC, id DESC LIMIT 1",
        (person_id,),
    ).fetchone()
    basis, source, sourced = consent if consent is not None else (None, None, None)
    name = clean(row[0]).strip()
    values = {
        "name": name, "first_name": name.split()[0] if name.split() else name,
        "source": source or "not recorded", "sourced_on": str(sourced)[:10] if sourced else "not recorded",
        "lawful_basis": LAWFUL_BASIS.get(basis, basis or "not recorded").lower(),
        "recruiter": row[1] or "your recruiter", "recruiter_email": row[2] or "us",
        "today": clock.today().isoformat(),
    }
    return {k: clean(v) for k, v in values.items()}


def fill(template: str, values: dict[str, str], where: Path | str = FILE_NAME) -> str:
    """``template`` with its fields filled; an unknown field or a stray ``$`` is a NoticeError."""
    tpl = string.Template(template)
    for found in tpl.pattern.finditer(template):
        named = found.group("named") or found.group("braced")
        if found.group("invalid") is not None:
            line = template.count("\n", 0, found.start()) + 1
            raise NoticeError(f"{where}:{line}: a lone $ — write $$ for a dollar sign, or a field: "
                              + ", ".join(f"${f}" for f in FIELDS))
        if named is not None and named not in values:
            line = template.count("\n", 0, found.start()) + 1
            raise NoticeError(f"{where}:{line}: ${named} is not a field; known: " + ", ".join(f"${f}" for f in FIELDS))
    return clean(tpl.substitute(values), multiline=True)


def notice(conn: Connection, person_id: int, data_dir: Path) -> Notice:
    """The filled notice for one person (the template written first if it is not there yet)."""
    path, template = load_template(data_dir)
    return Notice(person_id, fill(template, fields(conn, person_id), path), path)
