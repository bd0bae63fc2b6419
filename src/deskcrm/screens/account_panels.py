"""The account screen's panels: a ``store.account.Account`` as Content.

Every value that came from a user goes through ``deskcrm.text``; labels, dates and money formats
are ours. Nothing here reads the database or the clock.
"""

from __future__ import annotations

import textwrap
from datetime import date, datetime

from textual.content import Content

from deskcrm import text
from deskcrm.domain.amounts import money
from deskcrm.domain.client_rules import amounts, fee_terms
from deskcrm.domain.client_rules import PRORATA_SHORT
from deskcrm.screens.panels import ago, custom_rows, day, field, lines, short_day
from deskcrm.store.account import (
    Account,
    AccountEvent,
    AccountPlacement,
    Contact,
    OpenJob,
)

_LABEL = "$foreground 60%"


def header(a: Account, today: date) -> Content:
    """Line 1: name, BD stage, industry, location, owner; line 2: NPS, last contact, next check-in
    (the NPS first: a narrow screen cuts the end); line 3: what was said at the last contact."""
    stage_style = "bold $success" if a.bd_stage == "active_client" else "bold"
    first = [text.safe(a.name, "bold"), Content("  ·  "), text.safe(a.bd_label, stage_style)]
    for value in (a.industry, a.location, a.website):
        if value:
            first += [Content(" · "), text.safe(value, "$foreground 70%")]
    if a.owner_initials:
        first += [Content(" · owner "), text.safe(a.owner_initials)]
    last = a.last_contact
    second = [Content.styled("NPS ", _LABEL), Content.styled(str(a.nps) if a.nps is not None else "—", "bold"),
              Content.styled("  ·  Last contact ", _LABEL),
              text.safe(f"{short_day(last.date(), today)} ({ago(last.date(), today)})" if last else "never", "bold")]
    if a.next_checkin is not None:
        when = "now (no contact logged)" if a.last_contact is None else (
            f"{short_day(a.next_checkin, today)} ({ago(a.next_checkin, today)})")
        second += [Content.styled("  ·  Next check-in ", _LABEL),
                   Content.styled(when, "bold $error" if a.checkin_overdue else "bold")]
        second.append(Content.styled(f" every {a.cadence_days} days", _LABEL))
    return Content("\n").join([Content.assemble(*first), Content.assemble(*second), last_said(a.last_touch)])


def last_said(e: AccountEvent | None) -> Content:
    """The last contact itself: '↳ Meeting · Moritz Hughes: On-site meeting with the hiring team.'"""
    if e is None:
        return text.safe("No call, email or meeting logged yet — press a to log one", "dim")
    who = " · ".join(text.clean(x) for x in (e.person, e.job) if x)
    parts = [Content.styled("↳ ", _LABEL), Content.styled(e.label, "bold $accent")]
    if who:
        parts += [Content.styled(" · ", _LABEL), text.safe(who, "bold")]
    parts += [Content.styled(": ", _LABEL), text.safe(e.body) if e.body else Content.styled("no note", "dim")]
    return Content.assemble(*parts)


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
    f, m = a.fee, a.money
    rows = [
        field("Fee", fee_terms(f, short=True), "" if f.agreed else "bold $warning"),
        field("Payment", f"{f.payment_terms_days} days"),
        field("Guarantee", f"{f.guarantee_days} days"),
        field("If it fails", PRORATA_SHORT.get(f.prorata_rule, f.prorata_rule)),
        *_each("Lifetime", amounts(a, "lifetime_value"), "bold"),
    ]
    if m.sums("credits"):
        rows += _each("Credited", amounts(a, "credits"))
    if m.replacements_owed:
        rows.append(field("Owed", f"{m.replacements_owed} replacement{'s' if m.replacements_owed != 1 else ''}",
                          "bold $warning"))
    rows += _each("Outstanding", amounts(a, "outstanding")) if m.outstanding_count else [field("Outstanding", "none")]
    rows += _each("Overdue", amounts(a, "overdue"), "bold $error") if m.overdue_count else [field("Overdue", "none")]
    rows.append(field("Placements", f"{m.placements} · {m.placements_year} this year"))
    rows.append(field("Last placed", day(m.last_placement) if m.last_placement else "never"))
    rows += custom_rows(a.custom)
    if a.notes:
        rows.append(field("Notes", a.notes))
    return lines(*rows)


def _each(label: str, values: list[str], style: str = "") -> list[Content]:
    """One line per currency (the panel is narrow), the label on the first."""
    return [field(label if i == 0 else "", value, style) for i, value in enumerate(values)]


# the placements panel is narrow: its status words, short
_SHORT_STATUS = {"offer_accepted": "not started", "started": "in guarantee", "fell_off": "fell off",
                 "guarantee_failed": "guarantee failed"}


def placements_panel(placements: tuple[AccountPlacement, ...], today: date) -> Content:
    if not placements:
        return text.safe("No placements yet.", "dim")
    rows = []
    for p in placements:
        rows.append(Content.assemble(text.safe(p.candidate, "bold"), " · ", text.safe(p.job_title)))
        fee_style = {"paid": "$success", "credited": "$foreground 60%", "not_invoiced": "$warning"}.get(p.fee_status, "")
        detail = [
            Content.styled(f"  {short_day(p.start_date, today) if p.start_date else '—'} · ", _LABEL),
            text.safe(money(p.fee_amount, p.currency)), " ",
        ]
        late = (today - p.invoice_due).days if p.fee_status == "invoiced" and p.invoice_due is not None else None
        if late is None:
            detail.append(Content.styled(p.fee_status_label, fee_style))
        elif late > 0:  # short: the panel is narrow, and this is what must not be cut
            detail.append(Content.styled(f"· {late} days late", "bold $error"))
        else:  # invoiced, not yet due
            detail.append(Content.styled(f"· due {short_day(p.invoice_due, today)}", fee_style))
        if p.credited and p.fee_status != "credited" and p.guarantee is None:
            detail.append(Content.styled(f" · {money(p.credited, p.currency)} credited", "$warning"))
        if p.status != "guarantee_passed":  # the usual end: only the others are worth the room
            style = "$warning" if p.status in ("fell_off", "guarantee_failed") else _LABEL
            detail.append(Content.styled(f" · {_SHORT_STATUS.get(p.status, p.status_label)}", style))
        rows.append(Content.assemble(*detail))
        if p.terms is not None:  # a contract: its rates, margin and end date
            from deskcrm.screens.board_cards import contract_line

            rows.append(text.safe(f"  contract {contract_line(p.terms, p.currency)[0]}", _LABEL))
        g = p.guarantee
        if g is not None:  # what the failed guarantee owes, and how it was worked out
            left = f"left {short_day(p.left_on, today)} · " if p.left_on else ""
            rows.append(Content.styled(f"  {left}{g.summary}", "bold $warning"))
            if g.basis:
                rows.append(Content.styled(f"  {g.basis}", "$warning"))
    return lines(*rows)


_SHORT_KINDS = {"call_talked": "Call", "call_voicemail": "Voicemail", "call_no_answer": "No answer",
                "email": "Email", "meeting": "Meeting", "note": "Note"}
_KIND_WIDTH = 10  # "No answer" and a space
_MAX_LINES = 3  # a conversation's note wraps to at most this many lines
_SYSTEM_STYLE = "$foreground 50%"
_SYSTEM_ROOM = 3  # a panel of known height keeps this many lines for the newest stage changes


def _stamp(at: datetime, today: date) -> str:
    """'5 Dec 15:59' this year; '27 Dec 2025' before (the time of day no longer matters)."""
    return f"{short_day(at.date(), today)} {at:%H:%M}" if at.year == today.year else day(at.date())


def timeline(events: tuple[AccountEvent, ...], system: tuple[AccountEvent, ...], width: int,
             today: date, height: int | None = None) -> Content:
    """The conversations, newest first: when, what, with whom and the note, wrapped under itself
    (at most ``_MAX_LINES`` lines); then, dimmed and one line each, the stage changes and system
    records — they are many, and would push the last conversation out of sight. Given a
    ``height`` (a panel that does not scroll), the older conversations give way to the newest
    ``_SYSTEM_ROOM`` stage changes; the newest conversation always shows."""
    width = max(width, 30)
    stamps = {id(e): _stamp(e.at, today) for e in (*events, *system)}
    when_width = max(map(len, stamps.values()), default=0) + 1
    indent = when_width + _KIND_WIDTH
    room = None if height is None else max(height - (min(len(system), _SYSTEM_ROOM) + 1 if system else 0), 1)
    rows: list[Content] = []
    if not events:
        rows.append(text.safe("No calls, emails, meetings or notes yet. Press a to log one.", "dim"))
    for e in events:
        who = " · ".join(text.clean(x) for x in (e.person, e.job) if x)
        said = text.clean(e.body)
        line = f"{who}: {said}" if who and said else (who or said or "—")
        line += f" · by {text.clean(e.author)}" if e.author else ""
        chunks = textwrap.wrap(line, max(width - indent, 12), break_long_words=True) or ["—"]
        if len(chunks) > _MAX_LINES:
            chunks = chunks[:_MAX_LINES]
            chunks[-1] = chunks[-1][: max(width - indent - 1, 1)] + "…"
        head = [Content.styled(stamps[id(e)].ljust(when_width), _LABEL),
                Content.styled(_SHORT_KINDS.get(e.kind, e.label).ljust(_KIND_WIDTH), _kind_style(e.kind))]
        first = chunks[0]
        if who and first.startswith(who):  # the name stands out from the note
            head += [text.safe(who, "$foreground 70%"), text.safe(first[len(who):])]
        else:
            head.append(text.safe(first))
        entry = [Content.assemble(*head), *(Content.assemble(" " * indent, text.safe(c)) for c in chunks[1:])]
        if room is not None and rows and len(rows) + len(entry) > room:
            break
        rows += entry
    if system:
        rows.append(Content.styled("Stage changes and system records, newest first", f"bold {_SYSTEM_STYLE}"))
        for e in system:  # no kind column: "Moved to …", "Fee agreement …" say what they are
            who = " · ".join(text.clean(x) for x in (e.person, e.job) if x)
            said = f"{who}: {text.clean(e.body)}" if who and e.body else (who or e.body)
            row = Content.assemble(
                Content.styled(stamps[id(e)].ljust(when_width), _SYSTEM_STYLE),
                text.safe(said + (f" · by {text.clean(e.author)}" if e.author else ""), _SYSTEM_STYLE),
            )
            rows.append(row.truncate(width, ellipsis=True))
    return lines(*rows)


def _kind_style(kind: str) -> str:
    return "$foreground 60%" if kind in ("call_no_answer", "note") else "bold"
