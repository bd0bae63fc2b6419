"""The person screen's panels: a ``store.people.PersonRecord`` as Content.

Every value that came from a user goes through ``deskcrm.text`` (``field`` and ``text.safe``);
labels, dates and money formats are ours. Nothing here reads the database or the clock.
"""

from __future__ import annotations

import textwrap
from datetime import date

from rich.cells import cell_len
from textual.content import Content

from deskcrm import text
from deskcrm.domain.amounts import money
from deskcrm.screens.panels import LABEL_WIDTH, ago, custom_rows, day, field, lines, stamp
from deskcrm.domain.stages import PIPELINES
from deskcrm.store.people import (
    ConsentRecord,
    PersonRecord,
    PlacementEntry,
    SubmissionEntry,
)

_LABEL = "$foreground 60%"
CV_SHOWN = 20_000  # characters of a CV's text laid out in its panel (o opens all of it)
SKILL_LINES = 3  # the Skills row wraps onto at most this many lines, then "+N more"
_EXITS = {s.key for stages in PIPELINES.values() for s in stages if s.exit}
_STAGE_WIDTH = 19  # "Rejected by client" + a space
# where a line of each panel goes on when it is too long for it (widgets.hanging): under the value
INDENTS = {"profile": LABEL_WIDTH, "contact": LABEL_WIDTH, "submissions": _STAGE_WIDTH, "placements": 2}
_WANTS = {"perm": "permanent work", "contract": "contract work", "either": "permanent or contract"}  # search: type:


def _join(*parts: object, sep: str = " · ") -> str:
    """User values joined into one plain (clean) string, blanks dropped."""
    return sep.join(text.clean(p) for p in parts if p not in (None, ""))


def _when(d: date | None, today: date) -> str:
    return f"{day(d)} ({ago(d, today)})" if d else ""


def header(p: PersonRecord) -> Content:
    """Line 1: the name (and headline); line 2: every role, current ones first."""
    first = [text.safe(p.name, "bold")]
    if p.headline:
        first += [Content("  ·  "), text.safe(p.headline, "$foreground 70%")]
    if p.erased:
        first.append(Content.styled("  ·  personal data erased", "bold $warning"))
    roles = [text.safe(r.text, "" if r.current else "$foreground 60%") for r in p.roles]
    second = Content(" · ").join(roles) if roles else Content.styled("No role yet", "dim")
    return Content("\n").join([Content.assemble(*first), second])


def wrapped_list(items: tuple[str, ...] | list[str], width: int, max_lines: int = SKILL_LINES) -> list[str]:
    """A list ("Python, SQL, …") packed into lines of at most ``width`` cells, never splitting an
    item; more than ``max_lines`` lines end with "+N more" (the rest are on the edit form). A line
    that continues ends with a comma. One item wider than a line stays whole (the panel cuts it)."""
    items = [text.clean(i) for i in items if i not in (None, "")]
    width = max(width, 10)
    groups: list[list[str]] = []
    for item in items:
        if groups and cell_len(", ".join([*groups[-1], item])) + 1 <= width:
            groups[-1].append(item)
        else:
            groups.append([item])
    if len(groups) <= max_lines:
        shown = groups
        more = 0
    else:
        shown = [list(g) for g in groups[:max_lines]]
        more = sum(len(g) for g in groups[max_lines:])
        last = shown[-1]
        while last and cell_len(", ".join([*last, f"+{more} more"])) > width:
            last.pop()
            more += 1
    out = [", ".join(g) + "," for g in shown]
    if more:
        out[-1] = ", ".join([*shown[-1], f"+{more} more"])
    elif out:
        out[-1] = out[-1][:-1]
    return out


def _list_rows(label: str, items: tuple[str, ...], width: int) -> list[Content]:
    """A labelled list over as many lines as it needs (up to SKILL_LINES), the value column kept."""
    chunks = wrapped_list(items, width - LABEL_WIDTH)
    if not chunks:
        return [field(label, None)]
    return [field(label if i == 0 else "", chunk) for i, chunk in enumerate(chunks)]


def _wrapped_rows(label: str, value: str, width: int, max_lines: int = SKILL_LINES) -> list[Content]:
    """A labelled value ("Senior Backend Engineer at Acme") over as many lines as it needs, broken
    between words (a word wider than the column is folded), the value column kept; past
    ``max_lines`` the last line ends with "…" (the whole value is on the edit form)."""
    if not value:
        return [field(label, None)]
    column = max(width - LABEL_WIDTH, 10)
    chunks = [chunk.rstrip() for chunk in text.safe(value).wrap(column)]
    if len(chunks) > max_lines:
        chunks = chunks[:max_lines]
        last = chunks[-1]
        chunks[-1] = last + " …" if last.cell_length + 2 <= column else last.truncate(column - 1) + "…"
    return [Content.assemble(((label if i == 0 else "").ljust(LABEL_WIDTH), _LABEL), chunk)
            for i, chunk in enumerate(chunks)]


def profile_panel(p: PersonRecord, today: date, width: int = 54) -> Content:
    """``width``: the panel's content width in cells (Now and Skills wrap to it)."""
    c = p.profile
    rows = []
    if c is None:
        rows.append(field("Candidate", "no candidate profile (client contact)", "dim"))
    else:
        status_style = {"active": "bold $success", "do_not_contact": "bold $error"}.get(c.status, "bold")
        rows += [
            field("Status", c.status_label.capitalize(), status_style),
            *_wrapped_rows("Now", " at ".join(text.clean(x) for x in (c.current_title, c.current_employer) if x), width),
            field("Seniority", c.seniority),
            *_list_rows("Skills", c.skills, width),
        ]
        salary = money(c.current_salary, c.currency)
        wants = money(c.desired_salary, c.currency)
        rows.append(field("Salary", _join(salary, f"wants {wants}" if wants else "")))
        rows.append(field("Notice", f"{c.notice_days} days" if c.notice_days is not None else None))
        if c.wanted_type:  # a row only when known (most profiles do not say)
            rows.append(field("Wants", _WANTS.get(c.wanted_type, c.wanted_type)))
        rows.append(field("Available", _when(c.available_from, today) or None))
        rows.append(_resume_row(p))
    owner = f"{text.clean(p.owner_name)} ({text.clean(p.owner_initials)})" if p.owner_name else None
    rows += [
        field("Owner", owner),
        field("Source", p.source),
        field("Tags", _join(*p.tags, sep=", ")),
    ]
    rows += custom_rows(p.custom)
    rows.append(field("Created", day(p.created.date()) if p.created else None))
    return lines(*rows)


def _resume_row(p: PersonRecord) -> Content:
    """The newest CV's file name (the CV panel below shows its text), else whether there is a resume."""
    if p.cv is not None:
        return field("Resume", p.cv.file_name)
    has = p.profile is not None and p.profile.has_resume
    return field("Resume", "on file" if has else "none", "" if has else "dim")


def cv_title(p: PersonRecord) -> Content:
    """The CV panel's border title: "CV — jane-roe.pdf · 412 words · added 3 Nov 2026"."""
    cv = p.cv
    assert cv is not None
    what = cv.note if cv.text is None else f"{cv.words:,} words"
    others = f" · {cv.files - 1} more file{'s' if cv.files > 2 else ''}" if cv.files > 1 else ""
    added = f" · added {day(cv.added_at.date())}" if cv.added_at else ""
    return text.join("CV — ", text.safe(cv.file_name), f" · {what}{added}{others}")


def cv_body(p: PersonRecord) -> Content:
    """The CV's text as it was read (data: never markup, controls shown as stand-ins), or why
    there is none."""
    cv = p.cv
    assert cv is not None
    if cv.text is None:
        return text.safe(f"No text was found in this file: {cv.note}. Open it to read it.", "dim")
    body = cv.text.strip("\n")
    if len(body) <= CV_SHOWN:
        return text.safe(body, multiline=True)
    cut = body[:CV_SHOWN].rsplit("\n", 1)[0]
    return text.join(text.safe(cut, multiline=True), text.safe(f"\n… {len(body) - len(cut):,} more characters: "
                                                           "o opens the whole CV", "dim"))


def _consent_rows(c: ConsentRecord, today: date) -> list[Content]:
    rows = [field("Lawful basis", _join(c.lawful_basis_label, f"source {text.clean(c.source)}" if c.source else ""))]
    notice = f"notice sent {day(c.notice_sent_at)}" if c.notice_sent_at else "Art. 14 notice not sent"
    rows.append(
        Content.assemble(
            ("Sourced".ljust(13), _LABEL),
            (day(c.sourced_at), ""),
            (" · ", ""),
            (notice, "" if c.notice_sent_at else "$warning"),
        )
    )
    if c.withdrawn_at is not None:
        rows.append(field("Consent", f"withdrawn {day(c.withdrawn_at)}", "bold $error"))
    else:
        given = f"given {day(c.given_at)}" if c.given_at else ""
        expires, style = "", ""
        if c.expires_at is not None:
            left = (c.expires_at - today).days
            if left < 0:
                expires = f"expired {day(c.expires_at)}"
            else:  # how soon only when it matters (the due list warns 30 days ahead)
                expires = f"expires {_when(c.expires_at, today) if left <= 90 else day(c.expires_at)}"
            style = "$error" if left < 0 else ("$warning" if left <= 30 else "")
        if given or expires:
            rows.append(
                Content.assemble(
                    ("Consent".ljust(13), _LABEL), given, " · " if given and expires else "", (expires, style)
                )
            )
    return rows


def contact_panel(p: PersonRecord, today: date) -> Content:
    rows = []
    for label, values in (("Email", p.emails), ("Phone", p.phones)):
        rows += [field(label if i == 0 else "", v) for i, v in enumerate(values)] or [field(label, None)]
    last = p.last_contact
    rows += [
        field("Location", p.location),
        field("LinkedIn", p.linkedin_url),
        field("Last contact", f"{stamp(last)} ({ago(last.date(), today)})" if last else "never"),
    ]
    if p.next_touch is not None:  # scheduled by a call outcome (t / v / u)
        rows.append(field("Next touch", _when(p.next_touch, today), "bold $warning" if p.next_touch <= today else ""))
    if not p.consents:
        rows.append(field("Lawful basis", "none recorded", "$warning"))
    for c in p.consents:
        rows += _consent_rows(c, today)
    rows += ledger_rows(p.ledger)
    return lines(*rows)


LEDGER_SHOWN = 8  # the newest entries of the consent ledger in the panel (the export has them all)


def ledger_rows(ledger: tuple) -> list[Content]:
    """The consent ledger's history, newest first: when it was recorded, what, by whom."""
    if not ledger:
        return []
    rows = [Content.styled(f"History ({len(ledger)})", _LABEL)]
    for e in ledger[:LEDGER_SHOWN]:
        by = f" — {e.recruiter}" if e.recruiter else ""
        rows.append(Content.assemble((e.recorded_at[:10].ljust(LABEL_WIDTH), _LABEL), text.safe(e.describe() + by)))
    if len(ledger) > LEDGER_SHOWN:
        rows.append(Content.styled(f"+{len(ledger) - LEDGER_SHOWN} more (X exports them all)", "dim"))
    return rows


def _stage_style(stage: str) -> str:
    if stage == "placed":
        return "bold $success"
    return "$foreground 60%" if stage in _EXITS else "bold"


def submissions_panel(subs: tuple[SubmissionEntry, ...], today: date) -> Content:
    if not subs:
        return text.safe("Not submitted to any job yet.", "dim")
    rows = []
    indent = " " * _STAGE_WIDTH
    for s in subs:
        rows.append(
            Content.assemble(
                text.safe(s.stage_label.ljust(_STAGE_WIDTH), _stage_style(s.stage)), text.safe(s.job_title, "bold")
            )
        )
        detail = [Content(indent)]
        if s.stage_changed_at is not None:  # the date first: a long company name is what gets cut
            detail.append(Content.styled(f"{day(s.stage_changed_at.date())} · ", _LABEL))
        detail.append(text.safe(s.company))
        upcoming = s.interview_at is not None and s.interview_at.date() >= today
        if s.interview_at is not None and (upcoming or s.stage == "interviewing"):
            detail += [Content(" · "), Content.styled(f"interview {stamp(s.interview_at)}", "bold" if upcoming else "")]
        rows.append(Content.assemble(*detail))
        if s.interview_place and s.interview_at is not None and (upcoming or s.stage == "interviewing"):
            rows.append(Content.assemble(indent, Content.styled("at ", _LABEL), text.safe(s.interview_place)))
        if s.exit_reason:
            rows.append(Content.assemble(indent, text.safe(s.exit_reason, "italic $foreground 80%")))
    return lines(*rows)


def _fee(p: PlacementEntry, today: date) -> list[Content]:
    fee = money(p.fee_amount, p.currency)
    if p.fee_percent is not None:
        fee = f"{fee} ({p.fee_percent:g}%)"
    style = {"paid": "$success", "credited": "$foreground 60%", "not_invoiced": "$warning"}.get(p.fee_status, "")
    rows = [Content.assemble(("  Fee".ljust(11), _LABEL), text.safe(fee), " · ", text.safe(p.fee_status_label, style))]
    if p.fee_status == "invoiced" and p.invoice_due is not None:
        late = (today - p.invoice_due).days
        due = f"due {day(p.invoice_due)}" + (f" · {late} days late" if late > 0 else f" ({ago(p.invoice_due, today)})")
        rows.append(Content.assemble(("  Invoice".ljust(11), _LABEL), (due, "bold $error" if late > 0 else "")))
    return rows


def placements_panel(placements: tuple[PlacementEntry, ...], today: date) -> Content:
    if not placements:
        return text.safe("No placements.", "dim")
    rows = []
    for p in placements:
        rows.append(Content.assemble(text.safe(p.job_title, "bold"), " · ", text.safe(p.company)))
        status_style = "$foreground 60%" if p.status in _EXITS else ("$success" if p.status == "guarantee_passed" else "bold")
        start = f" · start {day(p.start_date)}" if p.start_date else ""
        rows.append(Content.assemble("  ", text.safe(p.status_label, status_style), start))
        pay = [("  Salary".ljust(11), _LABEL), text.safe(money(p.salary, p.currency))]
        if p.status in ("offer_accepted", "started") and p.guarantee_end is not None:
            pay.append(f" · guarantee ends {day(p.guarantee_end)}")
        rows.append(Content.assemble(*pay))
        rows += _fee(p, today)
        rows += [Content.assemble((("  " + text.clean(label)[:8]).ljust(11), _LABEL), text.safe(value))
                 for label, value in p.custom]  # the desk's own placement fields
    return lines(*rows)


def notes_panel(p: PersonRecord) -> Content:
    return text.safe(p.notes, multiline=True)


_KIND_WIDTH = 21  # "Call: left voicemail" and a space


def timeline(p: PersonRecord, width: int) -> Content:
    """Newest first. Wide: date, kind and the note side by side, the note wrapped under itself;
    narrow (< 90 cells): date and kind on one line, the note indented below."""
    if not p.timeline:
        return text.safe("Nothing logged yet. Press a to log a call, email, meeting or note.", "dim")
    wide = width >= 90
    indent = 19 + _KIND_WIDTH if wide else 2
    body_width = max(width - indent, 20)
    rows: list[Content] = []
    for e in p.timeline:
        when = day(e.at.date()) if e.date_only else stamp(e.at)
        head = [Content.styled(when.ljust(19), _LABEL), Content.styled(e.label.ljust(_KIND_WIDTH), _kind_style(e.kind))]
        context = _join(e.company, e.job, f"by {e.author}" if e.author else None)
        body = textwrap.wrap(text.clean(e.body), body_width, break_long_words=True) or ([] if context else ["—"])
        if not wide:
            if context:
                head.append(text.safe(context, "$foreground 60%"))
            rows.append(Content.assemble(*head))
            rows += [Content.assemble((" " * indent, _LABEL), text.safe(chunk)) for chunk in body]
            continue
        if body:
            head.append(text.safe(body[0]))
        rows.append(Content.assemble(*head))
        rows += [Content.assemble((" " * indent, _LABEL), text.safe(chunk)) for chunk in body[1:]]
        if context:
            last = rows[-1]
            tail = f" · {context}" if body else context
            if last.cell_length + len(tail) <= width:
                rows[-1] = Content.assemble(last, Content.styled(tail, "$foreground 60%"))
            else:
                rows.append(Content.assemble(" " * indent, text.safe(context, _LABEL)))
    return lines(*rows)


def _kind_style(kind: str) -> str:
    if kind in ("submission", "placement", "stage_change"):
        return "bold $accent"
    return "$foreground 60%" if kind in ("system", "call_no_answer") else "bold"


def timeline_title(p: PersonRecord) -> str:
    shown, total = len(p.timeline), p.timeline_total
    if total > shown:
        return f"Timeline — newest {shown} of {total:,}"
    return f"Timeline — {total} {'entry' if total == 1 else 'entries'}, newest first"
