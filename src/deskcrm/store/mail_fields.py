"""The fields a mail template fills from the records (issue 15), as plain text.

    fields(conn, About(person_id=12, job_id=7), signature="Sam Reed · Agency Ltd")

gives ``person`` (name, first_name, email, headline), ``contact`` (the hiring manager of the job,
or the contact written to: name, first_name, email, title), ``company`` (name, city), ``job``
(title, location), ``interview`` (at, date, time, place: the candidate's interview on the job; the place typed
with its time, else the company and the job's city),
``placement`` (start), ``invoice`` (amount less credits, date, due: ``About.placement_id``'s), ``recruiter`` (name, email, signature: the recruiter at the keyboard, else
the person's owner), ``notice`` (source, sourced_on, lawful_basis: the Art. 14 fields,
``store.privacy_notice``), ``today``, and the submittal's ``candidates`` / ``anonymised`` /
``cvs_attached`` (empty here; filled for ``S``'s message by ``store.submittal_send``). A field with nothing recorded is empty text. Every value
is the user's data made plain (``deskcrm.text.clean``): the template shows it, never runs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from deskcrm.domain import clock
from deskcrm.domain.amounts import money
from deskcrm.store import db
from deskcrm.store.db import Connection
from deskcrm.store.errors import NotFound
from deskcrm.store.values import local
from deskcrm.text import clean


@dataclass(frozen=True, slots=True)
class About:
    """What a message is about: the records its fields come from."""

    person_id: int | None = None  # the person written to (a candidate, or a contact)
    company_id: int | None = None
    job_id: int | None = None
    contact_id: int | None = None  # the client contact it concerns (default: the job's hiring manager)
    placement_id: int | None = None  # the placement whose invoice it is about (an invoice reminder)


def _person(conn: Connection, person_id: int | None) -> dict[str, str]:
    if person_id is None:
        return {"name": "", "first_name": "", "email": "", "headline": "", "title": ""}
    row = conn.execute("SELECT name, email, headline FROM person WHERE id = ? AND erased_at IS NULL",
                       (person_id,)).fetchone()
    if row is None:
        raise NotFound(f"person #{person_id} does not exist (or was erased): nothing to write", "person")
    name = clean(row[0]).strip()
    title = conn.execute("SELECT title FROM contact_role WHERE person_id = ? AND left_at IS NULL ORDER BY id LIMIT 1",
                         (person_id,)).fetchone()
    return {"name": name, "first_name": name.split()[0] if name.split() else name, "email": row[1] or "",
            "headline": row[2] or "", "title": (title[0] if title else None) or ""}


def _when(at: datetime | None) -> dict[str, str]:
    if at is None:
        return {"at": "", "date": "", "time": ""}
    day = f"{at:%A} {at.day} {at:%B %Y}"
    return {"at": f"{day}, {at:%H:%M}", "date": day, "time": f"{at:%H:%M}"}


def fields(conn: Connection, about: About, *, signature: str = "") -> dict[str, object]:
    job = None
    if about.job_id is not None:
        job = conn.execute("SELECT title, city, remote, company_id, hiring_manager_id FROM job_order WHERE id = ?",
                           (about.job_id,)).fetchone()
        if job is None:
            raise NotFound(f"job order #{about.job_id} does not exist: nothing to write", "job order")
    company_id = about.company_id if about.company_id is not None else (job[3] if job else None)
    company = conn.execute("SELECT name, city FROM company WHERE id = ?", (company_id,)).fetchone() if company_id else None
    contact_id = about.contact_id if about.contact_id is not None else (job[4] if job else None)
    interview = placement = typed = None
    if about.person_id is not None and about.job_id is not None:
        found = conn.execute("SELECT interview_at, interview_place FROM submission WHERE person_id = ? AND job_id = ?",
                             (about.person_id, about.job_id)).fetchone()
        interview = local(str(found[0])[:26]) if found and found[0] else None
        typed = found[1] if found else None
    if about.person_id is not None:
        # the job's placement, else their latest (no "? IS NULL": PostgreSQL cannot type a lone NULL parameter)
        on_job, args = (("", (about.person_id,)) if about.job_id is None
                        else (" AND job_id = ?", (about.person_id, about.job_id)))
        found = conn.execute(f"SELECT start_date FROM placement WHERE person_id = ?{on_job} "
                             "ORDER BY start_date DESC LIMIT 1", args).fetchone()
        placement = str(found[0])[:10] if found else None
    location = ", ".join(p for p in ((job[1] if job else None), (company[1] if company and not job else None)) if p)
    place = " · ".join(p for p in ((company[0] if company else None), location or None) if p)
    values: dict[str, object] = {
        "person": _person(conn, about.person_id),
        "contact": _person(conn, contact_id),
        "company": {"name": company[0] if company else "", "city": (company[1] or "") if company else ""},
        "job": {"title": job[0] if job else "", "location": location, "remote": (job[2] or "") if job else ""},
        "interview": {**_when(interview), "place": (typed or place) if interview else ""},
        "placement": {"start": placement or ""},
        "invoice": _invoice(conn, about.placement_id),
        "recruiter": _recruiter(conn, about.person_id if about.person_id is not None else contact_id, signature),
        "notice": _notice(conn, about.person_id),
        "today": clock.today().isoformat(),
    }
    # the submittal's own fields (``submittal_files.template_fields``): none here, so any template renders
    return {**{k: _plain(v) for k, v in values.items()}, "candidates": [], "anonymised": False, "cvs_attached": False}


def _plain(value: object) -> object:
    if isinstance(value, dict):  # a signature may run over lines; every other field is one line
        return {f: clean(x, multiline=f == "signature") for f, x in value.items()}
    return clean(value)


def _invoice(conn: Connection, placement_id: int | None) -> dict[str, str]:
    """A placement's invoice: its amount less any credit ("EUR 16,200"), sent and due days."""
    row = conn.execute("SELECT fee_amount, credited_amount, currency, invoice_date, invoice_due FROM placement"
                       " WHERE id = ?", (placement_id,)).fetchone() if placement_id is not None else None
    if row is None:
        return {"amount": "", "date": "", "due": ""}
    owed = (row[0] or 0.0) - (row[1] or 0.0)
    return {"amount": money(owed, row[2] or "") if row[0] is not None else "",
            "date": _day(row[3]), "due": _day(row[4])}


def _day(value: object) -> str:
    """A stored day as a letter writes it: "Monday 9 November 2026"."""
    if not value:
        return ""
    d = date.fromisoformat(str(value)[:10])
    return f"{d:%A} {d.day} {d:%B %Y}"


def _recruiter(conn: Connection, person_id: int | None, signature: str) -> dict[str, str]:
    me = db.actor(conn)
    row = conn.execute("SELECT name, email FROM recruiter WHERE id = ?", (me,)).fetchone() if me else None
    if row is None and person_id is not None:
        row = conn.execute("SELECT r.name, r.email FROM person p JOIN recruiter r ON r.id = p.owner_id WHERE p.id = ?",
                           (person_id,)).fetchone()
    name, email = (row[0] or "", row[1] or "") if row else ("", "")
    return {"name": name, "email": email, "signature": signature or name}


def _notice(conn: Connection, person_id: int | None) -> dict[str, str]:
    if person_id is None:
        return {"source": "", "sourced_on": "", "lawful_basis": ""}
    from deskcrm.store import privacy_notice

    found = privacy_notice.fields(conn, person_id)
    return {k: found[k] for k in ("source", "sourced_on", "lawful_basis")}
