"""The details screen's panels: records (``store.records`` dataclasses) as Content.

Every value that came from a user goes through ``deskcrm.text``; labels and formats are ours.
"""

from __future__ import annotations

from datetime import date, datetime

from textual.content import Content

from deskcrm import text
from deskcrm.domain.amounts import money
from deskcrm.domain.stages import stage_label
from deskcrm.store.records import (
    ActivityRecord,
    CompanyRecord,
    JobRecord,
    PersonRecord,
    PlacementRecord,
    SubmissionRecord,
)

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LABELS = {"call_talked": "Call: talked", "call_voicemail": "Call: voicemail", "call_no_answer": "Call: no answer",
           "email": "Email", "meeting": "Meeting", "note": "Note", "stage_change": "Stage", "system": "System"}
_CANDIDATE_STATUS = {"active": "Active", "passive": "Passive", "placed": "Placed", "do_not_contact": "Do not contact"}
_FEE_STATUS = {"not_invoiced": "not invoiced", "invoiced": "invoiced", "paid": "paid", "credited": "credited"}
LABEL_WIDTH = 13
ACTIVITY_WHEN, ACTIVITY_INDENT = 19, 36  # an activity line: when, kind, then the note (wraps under itself)


def day(d: date | None) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}" if d else "—"


def short_day(d: date, today: date) -> str:
    """'31 Oct' this year, '31 Oct 2025' otherwise."""
    return f"{d.day} {_MONTHS[d.month - 1]}" if d.year == today.year else day(d)


def stamp(at: datetime | None) -> str:
    return f"{day(at.date())} {at:%H:%M}" if at else "—"


def ago(d: date | None, today: date) -> str:
    if d is None:
        return ""
    n = (today - d).days
    if n == 0:
        return "today"
    if n == 1:
        return "yesterday"
    if n == -1:
        return "tomorrow"
    return f"{n} days ago" if n > 0 else f"in {-n} days"



def custom_rows(pairs: tuple[tuple[str, str], ...]) -> list[Content]:
    """A record's custom fields, (label, value shown) each, as rows: a label longer than the
    label column is cut with "…" (user data: cleaned, never markup)."""
    most = LABEL_WIDTH - 1
    out = []
    for label, value in pairs:
        label = text.clean(label)
        out.append(field(label if len(label) <= most else label[:most - 1] + "…", text.clean(value)))
    return out


def field(label: str, value: object, style: str = "") -> Content:
    """One 'Label   value' line; the value is user data, shown literally."""
    shown = text.clean(value) if value not in (None, "") else "—"
    return Content.assemble(
        (label.ljust(LABEL_WIDTH), "$foreground 60%"),
        text.safe(shown, style if value not in (None, "") else "dim"),
    )


def lines(*parts: Content) -> Content:
    return Content("\n").join(parts)


def fee_terms(c: CompanyRecord) -> str:
    if c.flat_fee is not None:
        fee = f"flat {money(c.flat_fee, c.fee_currency)}"
    elif c.fee_percent is not None:
        fee = f"{c.fee_percent:g}%"
    else:
        fee = "no agreement on file"
    return f"{fee} · {c.payment_terms_days}-day payment · {c.guarantee_days}-day guarantee"


def person_panel(p: PersonRecord, today: date) -> Content:
    last = p.last_contact
    last_text = f"{stamp(last)} ({ago(last.date(), today)})" if last else "never"
    return lines(
        field("Name", p.name, "bold"),
        field("Email", p.email),
        field("Phone", p.phone),
        field("Headline", p.headline),
        field("Employer", " at ".join(text.clean(x) for x in (p.current_title, p.employer) if x)),
        field("Status", _CANDIDATE_STATUS.get(p.status or "", p.status) if p.status else "client contact"),
        field("Last contact", last_text),
        field("Notes", p.notes),
    )


def company_panel(c: CompanyRecord) -> Content:
    contact = c.contact
    rows = [
        field("Name", c.name, "bold"),
        field("Fee terms", fee_terms(c)),
        field("Stage", stage_label("client", c.bd_stage)),
        field("Check-ins", f"every {c.checkin_cadence_days} days" if c.checkin_cadence_days else None),
        field("Contact", " — ".join(text.clean(x) for x in (contact.name, contact.title) if x) if contact else None),
    ]
    if contact:
        rows.append(field("", " · ".join(text.clean(x) for x in (contact.email, contact.phone) if x)))
    rows.append(field("Notes", c.notes))
    return lines(*rows)


def placement_panel(p: PlacementRecord, today: date) -> Content:
    fee = money(p.fee_amount, p.currency)
    if p.fee_percent is not None:
        fee = f"{fee} ({p.fee_percent:g}%)"
    fee = f"{fee} · {_FEE_STATUS.get(p.fee_status, p.fee_status)}"
    invoice = None
    if p.fee_status == "invoiced" and p.invoice_due:
        invoice = f"due {day(p.invoice_due)} ({ago(p.invoice_due, today)})"
    checkins = []
    for c in p.checkins:
        if c.done_at is not None:
            checkins.append(Content.assemble((f"{c.days} ✓ ", "$success"), short_day(c.done_at.date(), today)))
        elif c.due is not None:
            style = "$error" if c.due < today else ("$warning" if c.due == today else "")
            checkins.append(Content.assemble((f"{c.days} ○ ", style or "dim"), (short_day(c.due, today), style)))
    guarantee = f"{day(p.guarantee_end)} ({ago(p.guarantee_end, today)})"
    rows = [
        field("Status", stage_label("placement", p.status)),
        field("Start", day(p.start_date)),
        field("Salary", money(p.salary, p.currency)),
        field("Fee", fee),
    ]
    if invoice:
        rows.append(field("Invoice", invoice, "$error" if p.invoice_due < today else ""))
    rows.append(field("Guarantee", f"ends {guarantee}"))
    rows.append(
        Content.assemble(("Check-ins".ljust(LABEL_WIDTH), "$foreground 60%"), Content(" · ").join(checkins))
        if checkins else field("Check-ins", None)
    )
    return lines(*rows)


def job_panel(j: JobRecord, sub: SubmissionRecord | None) -> Content:
    comp = None
    if j.comp_min or j.comp_max:
        low = money(j.comp_min, j.currency) if j.comp_min else ""
        high = money(j.comp_max, "") if j.comp_max else ""
        comp = f"{low} – {high}".strip(" –")
    rows = [
        field("Title", j.title, "bold"),
        field("Stage", stage_label("job", j.stage)),
        field("Type", f"{j.job_type} · {j.remote}" + (f" · {text.clean(j.city)}" if j.city else "")),
        field("Openings", j.openings),
        field("Pay", comp),
        field("Opened", day(j.opened_on)),
    ]
    if sub is not None:
        rows.append(field("Candidate", stage_label("submission", sub.stage)))
        if sub.interview_at:
            rows.append(field("Interview", stamp(sub.interview_at), "bold"))
            if sub.interview_place:
                rows.append(field("Where", sub.interview_place))
    return lines(*rows)


def activity_lines(activities: tuple[ActivityRecord, ...]) -> Content:
    if not activities:
        return text.safe("No activity logged yet. Press a to log a call, email or note.", "dim")
    rows = []
    for a in activities:
        who = a.person or a.company
        rows.append(
            Content.assemble(
                (stamp(a.at).ljust(ACTIVITY_WHEN), "$foreground 60%"),
                (_LABELS.get(a.kind, a.kind).ljust(ACTIVITY_INDENT - ACTIVITY_WHEN), "bold"),
                text.safe(f"{text.clean(who)}: " if who else ""),
                text.safe(a.body or "—"),
            )
        )
    return lines(*rows)
