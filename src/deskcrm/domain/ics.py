"""iCalendar (.ics) text for the desk's dates, with the ``icalendar`` library.

    calendar_file(events, stamp=now)                       # a feed (METHOD:PUBLISH) for a calendar app
    invite(event, organizer=..., attendees=..., stamp=now) # one event as an invitation (METHOD:REQUEST)

An :class:`Event` is what the store read (``store.calendar_events``): a UID that names the record
and the event (``interview-12@deskcrm``), so exporting again updates the calendar's copy instead
of adding a second; a start that is an aware datetime (an interview: written in UTC, which every
calendar shows in its own time zone) or a date (an all-day event: a start, a check-in). Every text
goes through ``deskcrm.text.clean`` (no control characters, no bidi overrides); multi-line only in
the description. A cancelled event (a withdrawn candidate's interview) keeps its UID with
STATUS:CANCELLED, so a calendar that had it crosses it out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from deskcrm.text import clean

PRODID = "-//deskcrm//deskcrm calendar//EN"
INTERVIEW_LENGTH = timedelta(hours=1)  # an interview's length: the desk keeps only its start


@dataclass(frozen=True, slots=True)
class Event:
    uid: str
    summary: str
    start: datetime | date  # an aware datetime, or a date (all day)
    location: str = ""
    description: str = ""
    cancelled: bool = False

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)


@dataclass(frozen=True, slots=True)
class Attendee:
    name: str
    email: str


def calendar_file(events: Iterable[Event], *, stamp: datetime, name: str = "deskcrm") -> bytes:
    """The events as one calendar (METHOD:PUBLISH), for a calendar app to import or subscribe to."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", clean(name))
    for event in events:
        cal.add_component(_vevent(event, stamp))
    return cal.to_ical()


def invite(event: Event, *, organizer: Attendee | None, attendees: Iterable[Attendee], stamp: datetime,
           sequence: int = 0) -> bytes:
    """One event as an invitation (METHOD:REQUEST): the organizer (who sends it) and the attendees,
    each asked to reply. A later invite for the same event (a new time) gives a higher ``sequence``."""
    from icalendar import Calendar, vCalAddress

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if event.cancelled else "REQUEST")
    vevent = _vevent(event, stamp)
    vevent.add("sequence", sequence)
    if organizer is not None:
        address = vCalAddress(f"mailto:{clean(organizer.email)}")
        if organizer.name:
            address.params["cn"] = clean(organizer.name)
        vevent.add("organizer", address)
    for who in attendees:
        address = vCalAddress(f"mailto:{clean(who.email)}")
        if who.name:
            address.params["cn"] = clean(who.name)
        address.params["role"] = "REQ-PARTICIPANT"
        address.params["partstat"] = "NEEDS-ACTION"
        address.params["rsvp"] = "TRUE"
        vevent.add("attendee", address)
    cal.add_component(vevent)
    return cal.to_ical()


def _vevent(event: Event, stamp: datetime):  # noqa: ANN202 - icalendar.Event
    from icalendar import Event as VEvent

    vevent = VEvent()
    vevent.add("uid", clean(event.uid))
    vevent.add("dtstamp", _utc(stamp))
    if isinstance(event.start, datetime):
        vevent.add("dtstart", _utc(event.start))
        vevent.add("dtend", _utc(event.start + INTERVIEW_LENGTH))
    else:
        vevent.add("dtstart", event.start)
        vevent.add("dtend", event.start + timedelta(days=1))
        vevent.add("transp", "TRANSPARENT")  # an all-day reminder does not make the day busy
    vevent.add("summary", clean(event.summary))
    if event.location:
        vevent.add("location", clean(event.location))
    if event.description:
        vevent.add("description", clean(event.description, multiline=True))
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    return vevent


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.astimezone()  # naive means local wall-clock time (as store.values.ts)
    return value.astimezone(timezone.utc)
