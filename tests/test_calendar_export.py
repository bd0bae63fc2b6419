"""`deskcrm calendar export` and an interview's invite (store.calendar_events, domain.ics),
read back with icalendar: stable UIDs, the right instants in any time zone, hostile text as text."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from clirun import assert_one_line_error, run
from icalendar import Calendar
from seed import Names, seed

from deskcrm.store import calendar_events, db

HOSTILE = "[@click=app.quit] [/] \x1b[31m\u202eevil"


def _events(data: bytes) -> dict[str, object]:
    return {str(e["uid"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def test_the_window_holds_interviews_starts_check_ins_and_guarantee_ends(seeded_store):
    conn, ids, _path = seeded_store
    found = calendar_events.events(conn, date(2026, 10, 19), date(2027, 5, 17))
    uids = [e.uid for e in found]
    assert f"interview-{ids['sub_dev']}@deskcrm" in uids and f"interview-{ids['sub_eva']}@deskcrm" in uids
    assert f"placement-{ids['p2']}-checkin30@deskcrm" in uids and f"placement-{ids['p1']}-guarantee@deskcrm" in uids
    dev = next(e for e in found if e.uid == f"interview-{ids['sub_dev']}@deskcrm")
    assert dev.start == datetime(2026, 11, 19, 10, 30, tzinfo=timezone.utc)  # the seed's 10:30, TZ=UTC
    assert dev.summary == f"Interview: {Names.dev} — {Names.job_backend} ({Names.northwind})"
    assert dev.description.endswith(f"Hiring manager: {Names.bo}")
    # a narrow window; only my placements (the seed's recruiter owns them all: none for a stranger)
    assert [e.uid for e in calendar_events.events(conn, date(2026, 11, 19), date(2026, 11, 19))] == [dev.uid]
    assert [e for e in calendar_events.events(conn, date(2026, 1, 1), date(2027, 12, 31), owner_id=999)] == []


def test_an_interview_whose_candidate_left_is_cancelled_not_dropped(seeded_store):
    conn, ids, _path = seeded_store
    with db.write(conn):
        conn.execute("UPDATE submission SET stage = 'candidate_withdrew' WHERE id = ?", (ids["sub_eva"],))
    data, _count = calendar_events.export(conn, date(2026, 11, 1), date(2026, 12, 31))
    eva = _events(data)[f"interview-{ids['sub_eva']}@deskcrm"]
    assert str(eva["status"]) == "CANCELLED"


def test_an_interview_invite_asks_the_candidate_and_the_hiring_manager(seeded_store):
    conn, ids, _path = seeded_store
    cal = Calendar.from_ical(calendar_events.interview_invite(conn, ids["sub_dev"]))
    assert str(cal["method"]) == "REQUEST"
    (event,) = cal.walk("VEVENT")
    assert str(event["organizer"]) == "mailto:sam@desk.example" and event["organizer"].params["CN"] == "Sam Reed"
    attendees = event["attendee"]
    assert [str(a) for a in attendees] == ["mailto:dev@example.com", "mailto:bo@example.com"]
    assert all(a.params["RSVP"] == "TRUE" for a in attendees)
    assert event.decoded("dtstart") == datetime(2026, 11, 19, 10, 30, tzinfo=timezone.utc)
    with pytest.raises(calendar_events.NotFound, match="no interview time"):
        calendar_events.interview_invite(conn, ids["sub_ana"])


def test_export_twice_keeps_uids_and_times_are_right_in_another_zone(tmp_path):
    path = tmp_path / "desk.db"
    ids = seed(path)  # TZ=UTC here: the seed's interview is 2026-11-19 10:30 UTC
    out = tmp_path / "desk.ics"
    env = {"TZ": "America/New_York"}
    args = ("calendar", "export", "--to", str(out), "--from", "2026-11-01", "--to-date", "2027-03-01",
            "--db", str(path))
    first = run(*args, env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Wrote ") and first.stdout.endswith(f"(2026-11-01 to 2027-03-01) to {out}\n")
    one = _events(out.read_bytes())
    second = run(*args, env=env)
    assert second.returncode == 0
    two = _events(out.read_bytes())
    assert sorted(one) == sorted(two) and len(one) >= 5
    dev = two[f"interview-{ids['sub_dev']}@deskcrm"]
    assert dev.decoded("dtstart") == datetime(2026, 11, 19, 10, 30, tzinfo=timezone.utc)  # 05:30 in New York
    assert (out.stat().st_mode & 0o777) == 0o600
    mine = run("calendar", "export", "--to", str(out), "--mine", "--db", str(path), env={"DESKCRM_ME": ""})
    assert_one_line_error(mine, "--mine: whose? give --me INITIALS")


def test_hostile_record_text_stays_text_in_the_file(tmp_path):
    path = tmp_path / "desk.db"
    seed(path, Names.every(HOSTILE))
    out = tmp_path / "hostile.ics"
    result = run("calendar", "export", "--to", str(out), "--db", str(path), "--from", "2026-10-01",
                 "--to-date", "2027-06-01")
    assert result.returncode == 0, result.stderr
    text = out.read_bytes().decode()
    assert "\x1b" not in text and "\u202e" not in text
    summaries = [str(e["summary"]) for e in _events(out.read_bytes()).values()]
    assert summaries and all("[@click=app.quit] [/] ␛[31m\ufffdevil" in s for s in summaries)


def test_export_does_not_overwrite_a_file_that_is_not_a_calendar(tmp_path):
    path = tmp_path / "desk.db"
    seed(path)
    notes = tmp_path / "notes.txt"
    notes.write_text("my interview notes\n")
    result = run("calendar", "export", "--to", str(notes), "--db", str(path))
    assert_one_line_error(result, f"--to {notes}: already exists and is not an iCalendar file")
    assert notes.read_text() == "my interview notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk.db", "notes.txt"]  # no .partial left
    missing = run("calendar", "export", "--db", str(path))
    assert_one_line_error(missing, "Missing option '--to'", "(see `deskcrm calendar export --help`)")
    empty = run("calendar", "export", "--to", "", "--db", str(path))
    assert_one_line_error(empty, "--to is empty: give the file to write")
