"""A draft from a template, filled for the records it is about (issue 15 item 4).

    choices = person_choices(conn, person_id)          # [(template, About), ...] the fitting first
    draft = compose(conn, data_dir, "interview_prep", About(person_id=12, job_id=7), signature="Sam")

``compose`` renders the template (``store.mail_templates``) with the records' fields
(``store.mail_fields``) and addresses it: a candidate's template to the person, a client's to the
contact (the job's hiring manager unless one is named). The draft concerns the person, the contact
and the company, the one written to first; once sent, the email activity goes on whoever is on its
To / Cc, and on the company only when that is its contact (``store.outbox``). A recipient without
an email address gives a draft with no To: the recruiter adds one while editing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from deskcrm.domain.mail import TEMPLATE_TO, Draft, card_templates
from deskcrm.store.db import Connection
from deskcrm.store.mail_fields import About, fields
from deskcrm.store.mail_templates import render


def compose(conn: Connection, data_dir: Path, name: str, about: About, *, signature: str = "") -> Draft:
    values = fields(conn, about, signature=signature)
    rendered = render(data_dir, name, values)
    contact_id = about.contact_id
    company_id = about.company_id
    if about.job_id is not None:
        job = conn.execute("SELECT company_id, hiring_manager_id FROM job_order WHERE id = ?", (about.job_id,)).fetchone()
        company_id = company_id if company_id is not None else job[0]
        contact_id = contact_id if contact_id is not None else job[1]
    to_contact = TEMPLATE_TO.get(name, "person") == "contact" and contact_id is not None
    address = values["contact" if to_contact else "person"]["email"]  # type: ignore[index]
    written_to = (contact_id, about.person_id) if to_contact else (about.person_id, contact_id)
    people = tuple(dict.fromkeys(p for p in written_to if p is not None))
    return Draft(to=(address,) if address else (), subject=rendered.subject, body=rendered.body, html=rendered.html,
                 person_ids=people, company_id=company_id, job_id=about.job_id, template=name)


def person_choices(conn: Connection, person_id: int) -> list[tuple[str, About]]:
    """What can be written to a person from their screen, the fitting one first: a client contact's
    check-in; a candidate's prep for their next interview, their placement check-in, a nurture
    note, the Art. 14 notice."""
    out: list[tuple[str, About]] = []
    role = conn.execute("SELECT company_id FROM contact_role WHERE person_id = ? AND left_at IS NULL ORDER BY id LIMIT 1",
                        (person_id,)).fetchone()
    if role is not None:
        out.append(("client_checkin", About(company_id=role[0], contact_id=person_id)))
    interview = conn.execute(
        "SELECT job_id FROM submission WHERE person_id = ? AND interview_at IS NOT NULL AND stage = 'interviewing' "
        "ORDER BY interview_at DESC LIMIT 1", (person_id,)).fetchone()
    if interview is not None:
        out.append(("interview_prep", About(person_id=person_id, job_id=interview[0])))
    placed = conn.execute("SELECT job_id FROM placement WHERE person_id = ? ORDER BY start_date DESC LIMIT 1",
                          (person_id,)).fetchone()
    if placed is not None:
        out.append(("placement_checkin", About(person_id=person_id, job_id=placed[0])))
    if role is None or conn.execute("SELECT 1 FROM candidate_profile WHERE person_id = ?", (person_id,)).fetchone():
        out.append(("candidate_nurture", About(person_id=person_id)))
    out.append(("art14_notice", About(person_id=person_id)))
    return out


def card_choices(conn: Connection, submission_id: int) -> list[tuple[str, About]]:
    """A pipeline card's (a candidate on a job): by its stage, prep and confirmation or a submittal first."""
    found = conn.execute("SELECT person_id, job_id, stage FROM submission WHERE id = ?", (submission_id,)).fetchone()
    if found is None:
        return []
    about = About(person_id=found[0], job_id=found[1])
    return [(name, about) for name in card_templates(found[2])]


def due_choices(conn: Connection, kind: str, *, person_id: int | None, company_id: int | None,
                job_id: int | None, placement_id: int | None = None,
                invoice: InvoiceTo | None = None) -> list[tuple[str, About]]:
    """A due item's (``DUE_TEMPLATES``): interview prep -> prep (and the confirmation); gone cold ->
    nurture; a client check-in -> the check-in to the contact (the hiring manager first when the item
    names none); a placement check-in -> the placement check-in; an Art. 14 item -> the notice; an
    invoice due or overdue -> the reminder to the client's billing contact with an email (else the
    job's hiring manager, else another hiring manager at the client, with one: ``invoice_to``; nobody
    -> nothing), with the placement's amount and due day (``invoice``: that recipient, when the
    caller has read it already)."""
    from deskcrm.domain.mail import DUE_TEMPLATES

    names = DUE_TEMPLATES.get(kind, ())
    if kind == "invoice_overdue":  # to the client's billing contact, else the job's hiring manager
        to = invoice or (invoice_to(conn, company_id, job_id) if company_id is not None else None)
        return [(n, About(person_id=person_id, company_id=company_id, job_id=job_id, contact_id=to.contact_id,
                          placement_id=placement_id)) for n in names] if to and to.contact_id is not None else []
    if kind == "client_checkin":
        contact = person_id
        if contact is None and company_id is not None:
            found = conn.execute("SELECT person_id FROM contact_role WHERE company_id = ? AND left_at IS NULL "
                                 "ORDER BY is_hiring_manager DESC, id LIMIT 1", (company_id,)).fetchone()
            contact = found[0] if found else None
        return [(n, About(company_id=company_id, contact_id=contact)) for n in names] if contact is not None else []
    return [(n, About(person_id=person_id, company_id=company_id, job_id=job_id)) for n in names
            if person_id is not None]


@dataclass(frozen=True, slots=True)
class InvoiceTo:
    """Who an invoice reminder to ``company`` goes to: ``contact_id`` (``name``), its billing contact
    when ``billing``, else a hiring manager; None: no billing contact nor hiring manager with an
    email there. ``billing_without_email``: a billing contact is on file, with no address."""

    company: str
    contact_id: int | None = None
    name: str = ""
    billing: bool = False
    billing_without_email: bool = False


def invoice_to(conn: Connection, company_id: int, job_id: int | None) -> InvoiceTo:
    """The client's current billing contact with an email; else the job's hiring manager with one;
    else another current hiring manager at the client with one (the first added)."""
    company = conn.execute("SELECT name FROM company WHERE id = ?", (company_id,)).fetchone()
    rows = conn.execute(
        "SELECT p.id, p.name, cr.is_billing, p.email FROM contact_role cr JOIN person p ON p.id = cr.person_id"
        " LEFT JOIN job_order j ON j.id = ? AND j.hiring_manager_id = cr.person_id"
        " WHERE cr.company_id = ? AND cr.left_at IS NULL"
        " AND (cr.is_billing OR cr.is_hiring_manager OR j.id IS NOT NULL)"
        " ORDER BY cr.is_billing DESC, j.id IS NULL, cr.id", (job_id, company_id)).fetchall()
    found = InvoiceTo(company[0] if company else "the client",
                      billing_without_email=any(billing and not (email or "").strip() for _, _, billing, email in rows))
    for person_id, name, billing, email in rows:
        if (email or "").strip():
            return InvoiceTo(found.company, person_id, name, bool(billing), found.billing_without_email)
    return found
