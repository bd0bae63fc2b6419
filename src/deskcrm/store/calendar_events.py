"""The desk's dates as calendar events (``deskcrm calendar export``) and one interview's invite.

    events(conn, date(2026, 11, 1), date(2027, 5, 1), owner_id=None)  # [ics.Event], by start
    interview_invite(conn, submission_id, organizer=Attendee("Sam", "sam@agency.example"))  # .ics bytes

The events: interviews (a submission with an interview time; one whose candidate left the
process — an exit stage — is CANCELLED, so a calendar that has it crosses it out), placement
starts, the 30/60/90-day check-ins and guarantee ends (all day; a placement that fell off or
failed its guarantee has none). Each UID is the record kind, its id and the event kind
(``interview-12@deskcrm``, ``placement-7-checkin30@deskcrm``): exporting again updates the
calendar's copy instead of adding another. Erased people are never in it. ``owner_id``: only the
events of that recruiter's jobs (interviews) and placements ("mine").

An interview's LOCATION is the place typed with its time (``submission.interview_place``), else
the job's city, else the company. The text is built from the records here; ``domain.ics`` cleans
it and writes the file.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from deskcrm.domain import clock
from deskcrm.domain.ics import Attendee, Event, calendar_file, invite
from deskcrm.domain.stages import PIPELINES
from deskcrm.store.db import Connection
from deskcrm.store.errors import NotFound
from deskcrm.store.values import parse_date, parse_ts, ts

UID_DOMAIN = "deskcrm"
_EXITS = tuple(s.key for s in PIPELINES["submission"] if s.exit)
_LIVE_PLACEMENT = "p.status NOT IN ('fell_off', 'guarantee_failed')"
_PLACEMENT_DATES = (  # column, event kind, summary
    ("start_date", "start", "Starts"),
    ("checkin_30", "checkin30", "30-day check-in"),
    ("checkin_60", "checkin60", "60-day check-in"),
    ("checkin_90", "checkin90", "90-day check-in"),
    ("guarantee_end", "guarantee", "Guarantee ends"),
)

_INTERVIEWS = """
SELECT s.id, s.interview_at, s.stage, p.name, j.title, c.name, j.city, j.remote, hm.name, p.email, hm.email, j.owner_id,
       s.interview_place
FROM submission s JOIN person p ON p.id = s.person_id JOIN job_order j ON j.id = s.job_id
JOIN company c ON c.id = j.company_id LEFT JOIN person hm ON hm.id = j.hiring_manager_id AND hm.erased_at IS NULL
WHERE p.erased_at IS NULL AND s.interview_at IS NOT NULL"""


def uid(kind: str, record_id: int, event: str | None = None) -> str:
    return f"{kind}-{record_id}{'-' + event if event else ''}@{UID_DOMAIN}"


def events(conn: Connection, start: date, end: date, *, owner_id: int | None = None) -> list[Event]:
    """Every event from ``start`` to ``end`` (both days included), by start."""
    found = _interviews(conn, start, end, owner_id) + _placement_events(conn, start, end, owner_id)
    return sorted(found, key=lambda e: (_sort_key(e.start), e.uid))


def export(conn: Connection, start: date, end: date, *, owner_id: int | None = None) -> tuple[bytes, int]:
    """(the .ics file's bytes, how many events are in it)."""
    found = events(conn, start, end, owner_id=owner_id)
    return calendar_file(found, stamp=clock.utcnow()), len(found)


def _sort_key(value: datetime | date) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else value.astimezone().replace(tzinfo=None)
    return datetime(value.year, value.month, value.day)


def _interviews(conn: Connection, start: date, end: date, owner_id: int | None,
                submission_id: int | None = None) -> list[Event]:
    if submission_id is not None:
        rows = conn.execute(_INTERVIEWS + " AND s.id = ?", (submission_id,)).fetchall()
    else:
        first, after = ts(datetime(start.year, start.month, start.day)), ts(_day_after(end))
        mine = " AND j.owner_id = ?" if owner_id is not None else ""
        rows = conn.execute(_INTERVIEWS + f" AND s.interview_at >= ? AND s.interview_at < ?{mine} ORDER BY s.id",
                            (first, after, *((owner_id,) if owner_id is not None else ()))).fetchall()
    return [_interview(r) for r in rows]


def _interview(r) -> Event:  # noqa: ANN001 - a row
    sid, at, stage, name, title, company, city, remote, manager = r[:9]
    at = parse_ts(at)
    where = ", ".join(x for x in (city, remote if remote and remote != "onsite" else None) if x)
    place = r[12]  # the place typed with the time wins; else the job's city (and remote), else the company
    lines = [f"Candidate: {name}", f"Job: {title} at {company}"]
    if manager:
        lines.append(f"Hiring manager: {manager}")
    return Event(uid("interview", sid), f"Interview: {name} — {title} ({company})", at,
                 location=place or where or company, description="\n".join(lines), cancelled=stage in _EXITS)


def _placement_events(conn: Connection, start: date, end: date, owner_id: int | None) -> list[Event]:
    found: list[Event] = []
    mine = " AND p.recruiter_id = ?" if owner_id is not None else ""
    for column, kind, label in _PLACEMENT_DATES:
        rows = conn.execute(
            f"SELECT p.id, p.{column}, pe.name, j.title, c.name FROM placement p "
            "JOIN person pe ON pe.id = p.person_id JOIN job_order j ON j.id = p.job_id "
            f"JOIN company c ON c.id = p.company_id WHERE {_LIVE_PLACEMENT} AND pe.erased_at IS NULL "
            f"AND p.{column} >= ? AND p.{column} < ?{mine} ORDER BY p.id",
            (start.isoformat(), (end + timedelta(days=1)).isoformat(), *((owner_id,) if owner_id is not None else ()))).fetchall()
        for pid, on, name, title, company in rows:
            day = parse_date(on)
            found.append(Event(uid("placement", pid, kind), f"{label}: {name} — {title} ({company})", day,
                               location=company, description=f"Placement: {name}, {title} at {company}"))
    return found


def _day_after(day: date) -> datetime:
    after = day + timedelta(days=1)
    return datetime(after.year, after.month, after.day)


def interview_invite(conn: Connection, submission_id: int, *, organizer: Attendee | None = None,
                     sequence: int = 0) -> bytes:
    """The invitation (METHOD:REQUEST) to one submission's interview: the candidate and the job's
    hiring manager invited (those with an email), from ``organizer`` — by default the job owner's
    recruiter email, when they have one. NotFound when it has no interview time."""
    rows = _interviews(conn, date.min, date.max, None, submission_id)
    if not rows:
        raise NotFound(f"submission {submission_id} has no interview time; nothing to invite to", "submission")
    row = conn.execute(_INTERVIEWS + " AND s.id = ?", (submission_id,)).fetchone()
    name, manager, email, manager_email, owner = row[3], row[8], row[9], row[10], row[11]
    people = [Attendee(n, e) for n, e in ((name, email), (manager, manager_email)) if e]
    if organizer is None and owner is not None:
        found = conn.execute("SELECT name, email FROM recruiter WHERE id = ? AND email IS NOT NULL",
                             (owner,)).fetchone()
        organizer = Attendee(found[0], found[1]) if found else None
    return invite(rows[0], organizer=organizer, attendees=people, stamp=clock.utcnow(), sequence=sequence)
