"""``deskcrm client``: an account (``store.account.Account``) as plain text or JSON — the same
figures as the account screen. Pure formatting: no SQL, no Textual; every user value goes
through ``text.clean`` (no control characters reach the terminal).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from deskcrm.domain.amounts import money
from deskcrm.domain.client_rules import PRORATA, amounts, fee_terms
from deskcrm.text import clean


def _by_currency(a, figure: str) -> dict[str, float]:
    return dict(a.money.sums(figure))


def guarantee_terms(rule: str) -> str:
    """What a failed guarantee owes, in words: 'pro-rata by days worked' / 'full fee' / …"""
    label = PRORATA.get(rule)
    return f"if it fails: {label[0].lower()}{label[1:]}" if label else f"if it fails: {clean(rule)}"


def contact_flags(c) -> str:
    flags = [f for f, on in (("hiring manager", c.hiring_manager), ("billing", c.billing),
                             ("alumni: placed by us", c.alumni)) if on]
    if c.left_at is not None:
        flags.append(f"left {c.left_at.isoformat()}")
    return ", ".join(flags)


def as_json(a, matches: dict[int, int]) -> dict[str, Any]:
    d = lambda v: v.isoformat() if v else None
    return {
        "id": a.id, "name": a.name, "industry": a.industry, "location": a.location, "website": a.website,
        "bd_stage": a.bd_stage, "bd_stage_label": a.bd_label, "owner": a.owner_initials, "nps": a.nps,
        "checkin_cadence_days": a.cadence_days, "last_contact": d(a.last_contact),
        "custom_fields": dict(a.custom),  # the desk's own company fields, by name: the value as shown
        "next_checkin": d(a.next_checkin), "checkin_overdue": a.checkin_overdue,
        "fee_agreement": {
            "fee_percent": a.fee.fee_percent, "flat_fee": a.fee.flat_fee, "currency": a.fee.currency,
            "payment_terms_days": a.fee.payment_terms_days, "guarantee_days": a.fee.guarantee_days,
            "prorata_rule": a.fee.prorata_rule,
        },
        # a single figure is in fee_agreement.currency, or null when some of it is in another
        # currency; the *_by_currency objects have every currency ({"EUR": 60150.0, "CHF": …})
        "lifetime_value": a.money.lifetime_value, "lifetime_value_by_currency": _by_currency(a, "lifetime_value"),
        "credits": a.money.credits, "credits_by_currency": _by_currency(a, "credits"),
        "replacements_owed": a.money.replacements_owed,
        "outstanding": a.money.outstanding, "outstanding_by_currency": _by_currency(a, "outstanding"),
        "outstanding_invoices": a.money.outstanding_count,
        "overdue": a.money.overdue, "overdue_by_currency": _by_currency(a, "overdue"),
        "overdue_invoices": a.money.overdue_count, "placements": a.money.placements,
        "placements_this_year": a.money.placements_year, "last_placement": d(a.money.last_placement),
        "contacts": [
            {"person_id": c.person_id, "name": c.name, "title": c.title, "email": c.email, "phone": c.phone,
             "hiring_manager": c.hiring_manager, "billing": c.billing, "left_at": d(c.left_at), "alumni": c.alumni}
            for c in a.contacts
        ],
        "open_jobs": [
            {"id": j.id, "title": j.title, "stage": j.stage, "stage_label": j.stage_label, "openings": j.openings,
             "open_submissions": j.open_submissions, "matches": matches.get(j.id), "match_query": j.query}
            for j in a.jobs
        ],
        "placements_recent": [
            {"id": p.id, "person_id": p.person_id, "candidate": p.candidate, "job": p.job_title,
             "offer_accepted_on": d(p.offer_accepted_on), "start_date": d(p.start_date), "fee_amount": p.fee_amount,
             "currency": p.currency, "fee_status": p.fee_status, "invoice_due": d(p.invoice_due),
             "invoice_overdue": p.overdue, "status": p.status, "credited_amount": p.credited, "owed": p.owed,
             "left_on": d(p.left_on), "owed_note": p.guarantee.explain if p.guarantee else None}
            for p in a.placements
        ],
        "timeline": [
            {"at": e.at.isoformat(sep=" ", timespec="minutes"), "kind": e.kind, "body": e.body, "person": e.person,
             "job": e.job, "author": e.author}
            for e in a.timeline
        ],
        "system_events": [
            {"at": e.at.isoformat(sep=" ", timespec="minutes"), "kind": e.kind, "body": e.body, "person": e.person,
             "job": e.job, "author": e.author}
            for e in a.system_events
        ],
    }


def as_text(a, matches: dict[int, int], today: date, *, timeline: int = 10) -> str:
    out: list[str] = []
    head = f"{clean(a.name)} (#{a.id}) — {a.bd_label}"
    extra = [clean(x) for x in (a.industry, a.location) if x]
    if a.owner_initials:
        extra.append(f"owner {clean(a.owner_initials)}")
    out.append(head + (" · " + " · ".join(extra) if extra else ""))
    last = a.last_contact.date().isoformat() if a.last_contact else "never"
    checkin = ""
    if a.next_checkin is not None:
        checkin = f" · next check-in {a.next_checkin.isoformat()}" + (" (OVERDUE)" if a.checkin_overdue else "")
    out.append(f"Last contact {last}{checkin} · NPS {a.nps if a.nps is not None else '—'}")
    f = a.fee
    out.append(f"Fee: {fee_terms(f)} · payment {f.payment_terms_days} days · guarantee {f.guarantee_days} days"
               f" ({guarantee_terms(f.prorata_rule)})")
    m = a.money
    each = lambda figure: " · ".join(amounts(a, figure))  # noqa: E731
    out.append(f"Lifetime value {each('lifetime_value')} (paid fees less credits)"
               + (f" · credited {each('credits')}" if m.sums("credits") else "")
               + f" · outstanding {each('outstanding')} · overdue {each('overdue')}"
               + (f" · {m.replacements_owed} replacement{'s' if m.replacements_owed != 1 else ''} owed"
                  if m.replacements_owed else ""))
    out.append(f"Placements {m.placements} ({m.placements_year} this year) · last placement "
               f"{m.last_placement.isoformat() if m.last_placement else '—'}")
    if a.custom:  # the desk's own company fields
        out.append(" · ".join(f"{clean(label)}: {clean(value)}" for label, value in a.custom))
    out.append("")
    out.append(f"Contacts ({len(a.contacts)}):")
    for c in a.contacts:
        flags = contact_flags(c)
        bits = [clean(x) for x in (c.title, c.email, c.phone) if x]
        out.append(f"  {clean(c.name)}" + (f" — {' · '.join(bits)}" if bits else "") + (f" [{flags}]" if flags else ""))
    out.append(f"Open jobs ({len(a.jobs)}):")
    for j in a.jobs:
        n = matches.get(j.id)
        found = f" · {n} matching people" if n is not None else ""
        out.append(f"  #{j.id} {clean(j.title)} — {j.stage_label} · {j.open_submissions} open submissions{found}")
    out.append(f"Placements (newest {len(a.placements)} of {m.placements}):")
    for p in a.placements:
        due = ""
        if p.fee_status == "invoiced" and p.invoice_due:
            due = f" due {p.invoice_due.isoformat()}" + (" OVERDUE" if p.overdue else "")
        start = p.start_date.isoformat() if p.start_date else "—"
        credit = f" ({money(p.credited, p.currency)} credited)" if p.credited and p.fee_status != "credited" else ""
        out.append(f"  {start} {clean(p.candidate)} — {clean(p.job_title)} · {money(p.fee_amount, p.currency)}"
                   f" {p.fee_status_label}{credit}{due} · {p.status_label}")
        if p.guarantee is not None:
            left = f"left {p.left_on.isoformat()} · " if p.left_on else ""
            out.append(f"      {left}{p.guarantee.explain}")
    out.append(f"Conversations (newest {min(timeline, len(a.timeline))}):")
    out += [_event(e) for e in a.timeline[:timeline]]
    out.append(f"Stage changes and system records (newest {min(timeline, len(a.system_events))}):")
    out += [_event(e) for e in a.system_events[:timeline]]
    return "\n".join(out)


def _event(e) -> str:
    who = " · ".join(clean(x) for x in (e.person, e.job) if x)
    by = f" · by {clean(e.author)}" if e.author else ""
    return (f"  {e.at:%Y-%m-%d %H:%M} {e.label}" + (f" ({who})" if who else "") + (f": {clean(e.body)}" if e.body else "")
            + by)
