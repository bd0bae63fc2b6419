"""The account screen's panels: a ``store.account.Account`` as Content.

Every value that came from a user goes through ``deskcrm.text``; labels, dates and money formats
are ours. Nothing here reads the database or the clock.
"""

from __future__ import annotations

from datetime import date

from textual.content import Content

from deskcrm import text
from deskcrm.amounts import money
from deskcrm.client_report import fee_terms
from deskcrm.screens.panels import ago, day, field, lines, short_day
from deskcrm.store.account import (
    Account,
    AccountEvent,
    AccountPlacement,
    Contact,
    OpenJob,
)

_LABEL = "$foreground 60%"


def header(a: Account, today: date) -> Content:
    """Line 1: name, BD stage, industry, location, owner; line 2: last contact, next check-in, NPS."""
    stage_style = "bold $success" if a.bd_stage == "active_client" else "bold"
    first = [text.safe(a.name, "bold"), Content("  ·  "), text.safe(a.bd_label, stage_style)]
    for value in (a.industry, a.location, a.website):
        if value:
            first += [Content(" · "), text.safe(value, "$foreground 70%")]
    if a.owner_initials:
        first += [Content(" · owner "), text.safe(a.owner_initials)]
    last = a.last_contact
    second = [Content.styled("Last contact ", _LABEL),
              text.safe(f"{day(last.date())} ({ago(last.date(), today)})" if last else "never", "bold")]
    if a.next_checkin is not None:
        when = "now (no contact logged)" if a.last_contact is None else (
            f"{day(a.next_checkin)} ({ago(a.next_checkin, today)})")
        second += [Content.styled("  ·  Next check-in ", _LABEL),
                   Content.styled(when, "bold $error" if a.checkin_overdue else "bold")]
        second.append(Content.styled(f" every {a.cadence_days} days", _LABEL))
    second += [Content.styled("  ·  NPS ", _LABEL), Content.styled(str(a.nps) if a.nps is not None else "—", "bold")]
    return Content("\n").join([Content.assemble(*first), Content.assemble(*second)])


def contact_prompt(c: Contact) -> Content:
    """Two lines: the name and title; the flags and the phone (or email)."""
    gone = c.left_at is not None
    first = [text.safe(c.name, "$foreground 60%" if gone else "bold")]
    if c.title:
        first += [Content(" · "), text.safe(c.title, "$foreground 70%")]
    flags: list[Content] = []
    if gone:
        flags.append(Content.styled(f"left {day(c.left_at)}", "$warning"))
    if c.alumni:
        flags.append(Content.styled("alumni", "bold $success"))
    if c.hiring_manager:
        flags.append(Content.styled("hiring mgr", "$accent"))
    if c.billing:
        flags.append(Content.styled("billing", "$accent"))
    reach = c.phone or c.email
    if reach:
        flags.append(text.safe(reach, "$foreground 70%"))
    second = Content.assemble("  ", Content(" · ").join(flags)) if flags else Content("")
    return Content("\n").join([Content.assemble(*first), second])


def job_prompt(j: OpenJob, matches: int | None) -> Content:
    """Two lines: the title; stage, open submissions, matching people."""
    first = text.safe(j.title, "bold")
    found = "…" if matches is None else f"{matches:,}"
    second = Content.assemble(
        "  ", Content.styled(j.stage_label, "$accent"), " · ",
        (f"{j.open_submissions} subs", ""), " · ",
        (f"{found} matches", "bold" if matches else _LABEL),
    )
    return Content("\n").join([first, second])


def terms_panel(a: Account) -> Content:
    f, m, cur = a.fee, a.money, a.fee.currency
    rows = [
        field("Fee", fee_terms(f), "" if f.agreed else "bold $warning"),
        field("Payment", f"{f.payment_terms_days} days"),
        field("Guarantee", f"{f.guarantee_days} days"),
        field("Pro-rata", f.prorata_rule),
        field("Lifetime", money(m.lifetime_value, cur) or "—", "bold"),
    ]
    rows.append(field("Outstanding", f"{money(m.outstanding, cur)} ({m.outstanding_count})"
                      if m.outstanding_count else "none"))
    rows.append(field("Overdue", f"{money(m.overdue, cur)} ({m.overdue_count})" if m.overdue_count else "none",
                      "bold $error" if m.overdue_count else ""))
    rows.append(field("Placements", f"{m.placements} · {m.placements_year} this year"))
    rows.append(field("Last placed", day(m.last_placement) if m.last_placement else "never"))
    if a.notes:
        rows.append(field("Notes", a.notes))
    return lines(*rows)


def placements_panel(placements: tuple[AccountPlacement, ...], today: date) -> Content:
    if not placements:
        return text.safe("No placements yet.", "dim")
    rows = []
    for p in placements:
        rows.append(Content.assemble(text.safe(p.candidate, "bold"), " · ", text.safe(p.job_title)))
        fee_style = {"paid": "$success", "credited": "$foreground 60%", "not_invoiced": "$warning"}.get(p.fee_status, "")
        detail = [
            Content.styled(f"  {short_day(p.start_date, today) if p.start_date else '—'} · ", _LABEL),
            text.safe(money(p.fee_amount, p.currency)), " ", Content.styled(p.fee_status_label, fee_style),
        ]
        if p.fee_status == "invoiced" and p.invoice_due is not None:
            late = (today - p.invoice_due).days
            detail.append(Content.styled(f" · {late} days late" if late > 0 else f" · due {short_day(p.invoice_due, today)}",
                                         "bold $error" if late > 0 else ""))
        if p.status != "guarantee_passed":  # the usual end: only the others are worth the room
            style = "$warning" if p.status in ("fell_off", "guarantee_failed") else _LABEL
            detail.append(Content.styled(f" · {p.status_label}", style))
        rows.append(Content.assemble(*detail))
    return lines(*rows)


def timeline(events: tuple[AccountEvent, ...], width: int) -> Content:
    """One line per entry, newest first: when, what, with whom, the note (cut to the width)."""
    if not events:
        return text.safe("Nothing logged yet. Press a to log a call, email, meeting or note.", "dim")
    rows = []
    for e in events:
        who = " · ".join(text.clean(x) for x in (e.person, e.job) if x)
        row = Content.assemble(
            Content.styled(f"{e.at:%d %b %Y %H:%M}".ljust(18), _LABEL),
            Content.styled(e.label.ljust(16), _kind_style(e.kind)),
            text.safe(who, "$foreground 70%"),
            ": " if who and e.body else "",
            text.safe(e.body),
        )
        rows.append(row.truncate(width, ellipsis=True) if width > 0 else row)
    return lines(*rows)


def _kind_style(kind: str) -> str:
    if kind == "stage_change":
        return "bold $accent"
    return "$foreground 60%" if kind in ("system", "call_no_answer", "note") else "bold"
