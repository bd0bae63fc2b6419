"""An interview's place (``submission.interview_place``, 0022): typed with the time on a move to
Interviewing (store, ``deskcrm move … --place``), undone with the move, in ``submissions --json``,
the invite's LOCATION and the interview emails' "Where:"; hostile text stays literal text."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from clirun import assert_one_line_error, run
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from deskcrm.domain import validate
from deskcrm.domain.pipeline_rules import MAX_PLACE, parse_place
from deskcrm.store import calendar_events, db, journal
from deskcrm.store.errors import Invalid
from deskcrm.store.mail_compose import compose
from deskcrm.store.mail_fields import About, fields
from deskcrm.store.moves import move_submission
from deskcrm.store.submission_list import submissions
from deskcrm.text import problem

AT = datetime(2026, 11, 25, 14, 0)
PLACE = "Client office, Torstr. 1, 3rd floor"
MARKUP = "[@click=app.quit] [/] [b]Room 2[/b] {{ 7*7 }} <i>x</i>"


def _place(conn, sid):
    return conn.execute("SELECT interview_place FROM submission WHERE id = ?", (sid,)).fetchone()[0]


def _location(conn, sid) -> str:
    (event,) = Calendar.from_ical(calendar_events.interview_invite(conn, sid)).walk("VEVENT")
    return str(event["location"])


def test_the_place_is_saved_shown_and_undone_with_the_move(seeded_store, tmp_path):
    conn, ids, _path = seeded_store
    sid = ids["sub_lena_backend"]
    about = About(person_id=ids["lena"], job_id=ids["job_backend"])
    moved = move_submission(conn, sid, "interviewing", expected_version=1, interview_at=AT,
                            interview_place=f"  {PLACE} ")
    assert _place(conn, sid) == PLACE  # as typed, the spaces around it dropped
    row = next(r for r in submissions(conn, job_id=ids["job_backend"]) if r.id == sid)
    assert row.interview_place == PLACE
    assert _location(conn, sid) == PLACE
    assert fields(conn, about)["interview"]["place"] == PLACE
    assert f"Where: {PLACE}\n" in compose(conn, tmp_path, "interview_prep", about).body
    assert f"Where: {PLACE}\n" in compose(conn, tmp_path, "interview_confirmation", about).body
    with db.write(conn):
        journal.undo(conn, moved.txn)
    assert _place(conn, sid) is None
    assert conn.execute("SELECT stage, interview_at FROM submission WHERE id = ?", (sid,)).fetchone() == (
        "submitted", None)


def test_no_place_keeps_todays_company_and_city_and_a_new_time_drops_the_old_place(seeded_store, tmp_path):
    conn, ids, _path = seeded_store
    sid, about = ids["sub_dev"], About(person_id=ids["dev"], job_id=ids["job_backend"])
    fallback_location, fallback_where = _location(conn, sid), fields(conn, about)["interview"]["place"]
    assert fallback_location and fallback_where  # the job's city / the company, as before 0022
    move_submission(conn, sid, "offered", expected_version=1)
    move_submission(conn, sid, "interviewing", expected_version=2, interview_at=AT, interview_place="Teams")
    assert _location(conn, sid) == "Teams"
    move_submission(conn, sid, "offered", expected_version=3)
    move_submission(conn, sid, "interviewing", expected_version=4, interview_at=AT, interview_place="  ")
    assert _place(conn, sid) is None
    assert _location(conn, sid) == fallback_location
    assert fields(conn, about)["interview"]["place"] == fallback_where
    assert f"Where: {fallback_where}\n" in compose(conn, tmp_path, "interview_prep", about).body


@pytest.mark.parametrize("place, said", [
    ("x" * (MAX_PLACE + 1), f"keep it to {MAX_PLACE}"),
    ("Room \x1b[31m2", "control character"),
    ("Room \u202e2", "text-direction"),
    ("Room 2\nfloor 3", "line break"),
])
def test_a_place_that_cannot_be_saved_is_refused_and_nothing_moves(seeded_store, place, said):
    conn, ids, _path = seeded_store
    sid = ids["sub_lena_backend"]
    with pytest.raises(Invalid) as err:
        move_submission(conn, sid, "interviewing", expected_version=1, interview_at=AT, interview_place=place)
    assert list(err.value.field_errors) == ["interview_place"] and said in str(err.value)
    assert conn.execute("SELECT stage, interview_place FROM submission WHERE id = ?", (sid,)).fetchone() == (
        "submitted", None)


def test_markup_and_template_syntax_in_the_place_stay_literal(seeded_store, tmp_path):
    conn, ids, _path = seeded_store
    sid, about = ids["sub_lena_backend"], About(person_id=ids["lena"], job_id=ids["job_backend"])
    move_submission(conn, sid, "interviewing", expected_version=1, interview_at=AT, interview_place=MARKUP)
    assert _place(conn, sid) == MARKUP and _location(conn, sid) == MARKUP
    assert f"Where: {MARKUP}\n" in compose(conn, tmp_path, "interview_prep", about).body  # never run as a template


def test_control_bytes_already_in_a_place_reach_the_ics_and_the_mail_as_visible_text(seeded_store, tmp_path):
    conn, ids, _path = seeded_store
    sid, about = ids["sub_dev"], About(person_id=ids["dev"], job_id=ids["job_backend"])
    with db.write(conn):  # written past the store's check (an old import, a hand edit)
        conn.execute("UPDATE submission SET interview_place = ? WHERE id = ?", ("Room \x1b[31m2 \u202eevil", sid))
    ics = calendar_events.interview_invite(conn, sid).decode()
    body = compose(conn, tmp_path, "interview_prep", about).body
    for out in (ics, body):
        assert "\x1b" not in out and "\u202e" not in out and "Room " in out


@given(st.text(max_size=MAX_PLACE + 20))
def test_parse_place_saves_what_was_typed_or_says_why_not(raw):
    try:
        value = parse_place(raw)
    except validate.Invalid as exc:
        assert str(exc).startswith("the interview place ")
        return
    assert value == (raw.strip() or None)
    assert value is None or (len(value) <= MAX_PLACE and problem(value) is None)


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=MAX_PLACE))
def test_any_one_line_place_without_controls_is_saved_as_typed(raw):
    if any(problem(ch) for ch in raw):  # the bidi overrides and isolates (category Cf) are refused
        return
    assert parse_place(raw) == (raw.strip() or None)


def test_cli_move_with_place_and_submissions_json(tmp_path):
    from seed import seed

    path = tmp_path / "desk.db"
    ids = seed(path)
    sid = ids["sub_lena_backend"]
    moved = run("move", "submission", str(sid), "interviewing", "--interview-at", "+3d 14:00",
                "--place", MARKUP, "--db", str(path), "--me", "SR")
    assert moved.returncode == 0, moved.stderr
    listed = run("submissions", "--job", str(ids["job_backend"]), "--json", "--db", str(path))
    row = next(r for r in json.loads(listed.stdout) if r["id"] == sid)
    assert row["interview_place"] == MARKUP
    assert all("interview_place" in r for r in json.loads(listed.stdout))
    too_long = run("move", "submission", str(ids["sub_eva"]), "offered", "--place", "Teams", "--db", str(path))
    assert_one_line_error(too_long, "--place")
    bad = run("move", "submission", str(sid), "offered", "--db", str(path), "--me", "SR")
    assert bad.returncode == 0, bad.stderr
    for place, said in (("x" * (MAX_PLACE + 1), f"keep it to {MAX_PLACE}"), ("a\x1b[31mb", "control character")):
        refused = run("move", "submission", str(sid), "interviewing", "--interview-at", "+4d 10:00",
                      "--place", place, "--db", str(path), "--me", "SR")
        assert_one_line_error(refused, "--place: the interview place", said)
        assert "\x1b" not in refused.stderr


def test_an_erasure_empties_the_place_of_the_submission_it_keeps(seeded_store):
    from deskcrm.store import erasure

    conn, ids, _path = seeded_store
    with db.write(conn):  # Ana's placed submission stays for the placement's accounts, without its text
        conn.execute("UPDATE submission SET interview_place = 'Torstr. 1' WHERE id = ?", (ids["sub_ana"],))
    erasure.erase(conn, ids["ana"], data_dir=None)
    assert conn.execute("SELECT count(*) FROM submission WHERE interview_place IS NOT NULL").fetchone()[0] == 0
