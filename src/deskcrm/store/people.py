"""One person's whole record: who they are, every role they have, and everything that happened.

``load_person(conn, person_id)`` answers "what's our full history with this person?" in a handful
of primary-key / ``person_id``-indexed queries (the timeline reads the newest ``timeline_limit``
activities off ``ix_activity_person_at``), so opening a person costs the same at 1M people as at 10.

A person is ONE row however many hats they wear (DESIGN.md §1): the roles are derived here —
"Candidate (active)", "Contact at Acme Ltd — Head of Data (hiring manager)", "Former contact at X
(left 2024-03-01)", "Placed at Y in 2024" — so a placed candidate who now hires through us shows
both on one record.

Plain ``sqlite3`` and frozen dataclasses: no Textual/Rich, nothing live leaks out. Dates are
``date``; timestamps naive *local* datetimes (what a recruiter reads). Strings are user data:
the screen shows them through ``deskcrm.text``.
"""

from __future__ import annotations

import json

from deskcrm.store import consent_ledger
from deskcrm.store.db import Connection
from deskcrm.domain.amounts import money
from deskcrm.domain.stages import stage_label
from deskcrm.store.person_record import (
    CANDIDATE_STATUS,
    FEE_STATUS,
    KIND_LABELS,
    LAWFUL_BASIS,
    CandidateProfile,
    ConsentRecord,
    CvFile,
    PersonRecord,
    PlacementEntry,
    Role,
    SubmissionEntry,
    TimelineEntry,
)
from deskcrm.store.values import local, midnight, parse_date, parse_ts

__all__ = [
    "CANDIDATE_STATUS",
    "FEE_STATUS",
    "LAWFUL_BASIS",
    "CandidateProfile",
    "ConsentRecord",
    "CvFile",
    "PersonRecord",
    "PlacementEntry",
    "Role",
    "SubmissionEntry",
    "TimelineEntry",
    "load_person",
]

def _json(value: str | None, default):
    if not value:
        return default
    try:
        found = json.loads(value)
    except ValueError:
        return default
    return found if isinstance(found, type(default)) else default


def _strings(value: str | None) -> tuple[str, ...]:
    return tuple(str(x) for x in _json(value, []) if x not in (None, ""))


def _contacts(main: str | None, others: str | None, kind: str) -> tuple[str, ...]:
    out = [main] if main else []
    for entry in _json(others, []):
        if isinstance(entry, dict) and entry.get("kind") == kind and entry.get("value"):
            value = str(entry["value"])
            if value not in out:
                out.append(value)
    return tuple(out)


# --------------------------------------------------------------------------- parts


def _profile(conn: Connection, person_id: int) -> CandidateProfile | None:
    r = conn.execute(
        """
        SELECT status, skills, seniority, current_title, current_employer, current_salary,
               desired_salary, salary_currency, notice_days, available_from,
               resume_path IS NOT NULL OR coalesce(resume_text, '') != '', wanted_type
        FROM candidate_profile WHERE person_id = ?
        """,
        (person_id,),
    ).fetchone()
    if r is None:
        return None
    return CandidateProfile(
        r[0], CANDIDATE_STATUS.get(r[0], r[0]), _strings(r[1]), r[2], r[3], r[4], r[5], r[6], r[7] or "",
        r[8], parse_date(r[9]), bool(r[10]), r[11],
    )


def _contact_roles(conn: Connection, person_id: int) -> list[Role]:
    rows = conn.execute(
        """
        SELECT cr.company_id, c.name, cr.title, cr.is_hiring_manager, cr.is_billing, cr.left_at
        FROM contact_role cr JOIN company c ON c.id = cr.company_id
        WHERE cr.person_id = ?
        ORDER BY cr.left_at IS NOT NULL, cr.left_at DESC, cr.id
        """,
        (person_id,),
    ).fetchall()
    roles = []
    for company_id, company, title, manager, billing, left_at in rows:
        flags = [w for w, on in (("hiring manager", manager), ("billing contact", billing)) if on]
        text = f"Contact at {company}" if left_at is None else f"Former contact at {company}"
        if title:
            text += f" — {title}"
        if left_at is not None:
            flags.append(f"left {left_at[:10]}")
        if flags:
            text += f" ({', '.join(flags)})"
        kind = "contact" if left_at is None else "former_contact"
        roles.append(Role(kind, text, company_id, company, left_at is None))
    return roles


def _placed_roles(placements: tuple[PlacementEntry, ...]) -> list[Role]:
    roles: list[Role] = []
    seen: set[str] = set()
    for p in placements:
        year = p.start_date.year if p.start_date else (p.offer_accepted_on.year if p.offer_accepted_on else None)
        when = f" in {year}" if year else ""
        if p.status == "fell_off":
            text = f"Offer at {p.company} fell through{when}"
        elif p.status == "guarantee_failed":
            text = f"Placed at {p.company}{when} (guarantee failed)"
        else:
            text = f"Placed at {p.company}{when}"
        if text not in seen:
            seen.add(text)
            roles.append(Role("placed", text, p.company_id, p.company, p.status in ("offer_accepted", "started")))
    return roles


def _consents(conn: Connection, person_id: int) -> tuple[ConsentRecord, ...]:
    rows = conn.execute(
        """
        SELECT id, lawful_basis, source, sourced_at, given_at, first_contact_at, notice_sent_at,
               expires_at, withdrawn_at
        FROM consent WHERE person_id = ? ORDER BY sourced_at DESC, id DESC
        """,
        (person_id,),
    ).fetchall()
    return tuple(
        ConsentRecord(
            r[0], r[1], LAWFUL_BASIS.get(r[1], r[1]), r[2], *(parse_date(x) for x in r[3:9]),
        )
        for r in rows
    )


def _submissions(conn: Connection, person_id: int) -> tuple[SubmissionEntry, ...]:
    rows = conn.execute(
        """
        SELECT su.id, su.job_id, j.title, j.company_id, c.name, su.stage, su.stage_changed_at,
               su.interview_at, su.exit_reason, su.source, su.created_at,
               (SELECT u.name FROM user_stage u WHERE u.id = su.user_stage_id), su.interview_place
        FROM submission su
        JOIN job_order j ON j.id = su.job_id
        JOIN company c ON c.id = j.company_id
        WHERE su.person_id = ?
        ORDER BY su.stage_changed_at DESC, su.id DESC
        """,
        (person_id,),
    ).fetchall()
    return tuple(
        SubmissionEntry(
            r[0], r[1], r[2], r[3], r[4], r[5], r[11] or stage_label("submission", r[5], ""), local(r[6]), local(r[7]),
            r[8], r[9], local(r[10]), r[12],
        )
        for r in rows
    )


def _placements(conn: Connection, person_id: int) -> tuple[PlacementEntry, ...]:
    rows = conn.execute(
        """
        SELECT pl.id, pl.company_id, c.name, pl.job_id, j.title, pl.offer_accepted_on, pl.start_date,
               pl.salary, pl.currency, pl.fee_percent, pl.fee_amount, pl.fee_status, pl.invoice_due,
               pl.guarantee_end, pl.status, pl.custom
        FROM placement pl
        JOIN company c ON c.id = pl.company_id
        JOIN job_order j ON j.id = pl.job_id
        WHERE pl.person_id = ?
        ORDER BY pl.start_date DESC, pl.id DESC
        """,
        (person_id,),
    ).fetchall()
    fields = ()
    if any(r[15] not in (None, "", "{}") for r in rows):  # the placements' own fields (store.custom_values)
        from deskcrm.store.custom_fields import list_fields

        fields = list_fields(conn, ("placement",), archived=False)
    from deskcrm.store.custom_values import labelled

    return tuple(
        PlacementEntry(
            r[0], r[1], r[2], r[3], r[4], parse_date(r[5]), parse_date(r[6]), r[7], r[8] or "", r[9], r[10],
            r[11], FEE_STATUS.get(r[11], r[11]), parse_date(r[12]), parse_date(r[13]), r[14],
            stage_label("placement", r[14], ""), labelled(fields, r[15]) if fields else (),
        )
        for r in rows
    )


def _activities(conn: Connection, person_id: int, limit: int) -> list[TimelineEntry]:
    # Walks ix_activity_person_at backwards and stops after `limit` rows.
    rows = conn.execute(
        """
        SELECT a.id, a.kind, a.body, a.at, c.name, j.title, r.initials
        FROM activity a
        LEFT JOIN company c ON c.id = a.company_id
        LEFT JOIN job_order j ON j.id = a.job_id
        LEFT JOIN recruiter r ON r.id = a.author_id
        WHERE a.person_id = ?
        ORDER BY a.at DESC, a.id DESC LIMIT ?
        """,
        (person_id, limit),
    ).fetchall()
    return [
        TimelineEntry(local(at), kind, KIND_LABELS.get(kind, kind), body or "", company, job, False, aid, author)
        for aid, kind, body, at, company, job, author in rows
        if at
    ]


def _logged_creations(conn: Connection, person_id: int) -> set[tuple[str, int]]:
    """Submissions and placements whose creation the timeline already shows as an activity
    (written by a move or a submit in the same transaction), so they are not listed twice.
    Imported or demo records have no such activity and get a synthesised entry instead.
    The stamps are compared here, not in SQL: the engines share no date arithmetic."""
    rows = conn.execute(
        """
        SELECT 'submission', s.id, a.at, s.created_at FROM activity a JOIN submission s ON s.id = a.submission_id
        WHERE a.person_id = ? AND a.kind = 'stage_change' AND a.placement_id IS NULL
        UNION ALL
        SELECT 'placement', pl.id, a.at, pl.offer_accepted_on FROM activity a JOIN placement pl ON pl.id = a.placement_id
        WHERE a.person_id = ? AND a.kind = 'stage_change'
        """,
        (person_id, person_id),
    ).fetchall()
    return {(kind, int(i)) for kind, i, at, created in rows if at and created and _same_moment(kind, at, created)}


def _same_moment(kind: str, at: str, created: str) -> bool:
    """A submission's activity within a minute of its creation; a placement's on its offer day (UTC)."""
    if kind == "placement":
        return at[:10] == created[:10] and len(created) == 10
    try:
        return abs((parse_ts(at) - parse_ts(created)).total_seconds()) < 60
    except ValueError:  # a stamp that is not one names no moment (SQLite's julianday: NULL)
        return False


def _timeline(
    conn: Connection,
    person_id: int,
    submissions: tuple[SubmissionEntry, ...],
    placements: tuple[PlacementEntry, ...],
    limit: int,
) -> tuple[tuple[TimelineEntry, ...], int]:
    entries = _activities(conn, person_id, limit)
    logged = _logged_creations(conn, person_id)
    for s in submissions:
        if s.created_at is not None and ("submission", s.id) not in logged:
            body = "Added to the job's pipeline" + (f" (source: {s.source})" if s.source else "")
            entries.append(TimelineEntry(s.created_at, "submission", "Submission", body, s.company, s.job_title))
    for p in placements:
        if p.offer_accepted_on is not None and ("placement", p.id) not in logged:
            body = f"Offer accepted · salary {money(p.salary, p.currency)}"
            entries.append(
                TimelineEntry(midnight(p.offer_accepted_on), "placement", "Placement", body, p.company,
                              p.job_title, True)
            )
    # Newest first; on one day a timed entry sorts above the date-only ones (shown at midnight).
    entries.sort(key=lambda e: (e.at, e.activity_id or 0), reverse=True)
    total = conn.execute("SELECT count(*) FROM activity WHERE person_id = ?", (person_id,)).fetchone()[0]
    extra = len(entries) - min(total, limit)  # submissions and placements shown
    return tuple(entries[:limit]), total + extra


def _custom(conn: Connection, custom: dict, *, candidate: bool) -> tuple[tuple[str, str], ...]:
    """(label, value shown) of the person's custom fields (``store.custom_values``), in the
    settings' order; archived fields are left out, a value no field defines is shown by its key."""
    if not custom:
        return ()
    from deskcrm.store.custom_fields import list_fields
    from deskcrm.store.custom_values import labelled

    fields = list_fields(conn, ("person", "candidate") if candidate else ("person",))
    known = {f.key for f in list_fields(conn, ("person", "candidate"))}
    loose = tuple((str(k), str(v)) for k, v in custom.items() if k not in known and v not in (None, ""))
    return labelled(fields, custom) + loose


def load_person(conn: Connection, person_id: int, *, timeline_limit: int = 200) -> PersonRecord | None:
    """Everything about one person, or ``None`` when there is no such person."""
    r = conn.execute(
        """
        SELECT p.id, p.name, p.email, p.phone, p.other_contacts, p.city, p.country, p.headline,
               p.linkedin_url, p.source, r.name, r.initials, p.tags, p.custom, p.notes,
               p.last_contact_at, p.created_at, p.updated_at, p.erased_at IS NOT NULL, p.version,
               p.next_touch_on
        FROM person p LEFT JOIN recruiter r ON r.id = p.owner_id
        WHERE p.id = ?
        """,
        (person_id,),
    ).fetchone()
    if r is None:
        return None
    profile = _profile(conn, person_id)
    submissions = _submissions(conn, person_id)
    placements = _placements(conn, person_id)
    roles: list[Role] = []
    if profile is not None:
        roles.append(Role("candidate", f"Candidate ({profile.status_label})"))
    contact_roles = _contact_roles(conn, person_id)
    roles += [x for x in contact_roles if x.current]
    roles += _placed_roles(placements)
    roles += [x for x in contact_roles if not x.current]
    timeline, total = _timeline(conn, person_id, submissions, placements, timeline_limit)
    custom = _json(r[13], {})
    return PersonRecord(
        id=r[0],
        name=r[1],
        emails=_contacts(r[2], r[4], "email"),
        phones=_contacts(r[3], r[4], "phone"),
        city=r[5],
        country=r[6],
        headline=r[7],
        linkedin_url=r[8],
        source=r[9],
        owner_name=r[10],
        owner_initials=r[11],
        tags=_strings(r[12]),
        custom=_custom(conn, custom, candidate=profile is not None),
        notes=r[14],
        last_contact=local(r[15]),
        created=local(r[16]),
        updated=local(r[17]),
        erased=bool(r[18]),
        version=r[19],
        roles=tuple(roles),
        profile=profile,
        consents=_consents(conn, person_id),
        ledger=consent_ledger.history(conn, person_id),
        submissions=submissions,
        placements=placements,
        timeline=timeline,
        timeline_total=total,
        next_touch=parse_date(r[20]),
        cv=_cv(conn, person_id),
    )


def _cv(conn: Connection, person_id: int) -> CvFile | None:
    """The newest CV on the person (and how many files they have)."""
    r = conn.execute(
        "SELECT id, file_name, stored_path, text, text_note, added_at, "
        "(SELECT count(*) FROM attachment AS o WHERE o.person_id = a.person_id) "
        "FROM attachment AS a WHERE a.person_id = ? AND a.kind = 'cv' ORDER BY a.added_at DESC, a.id DESC LIMIT 1",
        (person_id,),
    ).fetchone()
    if r is None:
        return None
    return CvFile(r[0], r[1], r[2], r[3], r[4], local(r[5]), int(r[6]))
