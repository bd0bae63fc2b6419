"""Every CLI date option takes what the forms take (ISO, d/m/y in the configured order, words,
+3d), ISO never swaps, only 1900–2200, and a past interview needs --force. Real processes.

The CLI's clock is the real one, so the interview times here are far enough ahead (2099) to
stay in the future, and "tomorrow" is compared with the real tomorrow."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from clirun import assert_one_line_error, run
from seed import row, seed

from deskcrm.config import paths


@pytest.fixture
def desk(tmp_path):
    path = tmp_path / "desk.db"
    ids = seed(path)
    return path, ids


def _config(text: str) -> None:
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(text)


def _header(result) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[0]


# --------------------------------------------------------------------------- due --date, client --date


@pytest.mark.parametrize(
    ("typed", "day"),
    [("2026-12-10", "Thu 10 Dec 2026"), ("2026-12-09", "Wed 09 Dec 2026"), ("10/12/2026", "Thu 10 Dec 2026"),
     ("10.12.2026", "Thu 10 Dec 2026"), ("10 Dec 2026", "Thu 10 Dec 2026"), ("Dec 10 2026", "Thu 10 Dec 2026")],
)
def test_due_date_takes_what_the_forms_take(desk, typed, day):
    path, _ = desk
    assert _header(run("due", "--db", str(path), "--date", typed)) == f"Due on {day}: " + _header(
        run("due", "--db", str(path), "--date", "2026-12-10")).split(": ", 1)[1]


def test_due_date_words_and_relative_days_count_from_today(desk):
    path, _ = desk
    for typed, offset in (("today", 0), ("tomorrow", 1), ("+7d", 7), ("+2w", 14)):
        expected = date.today() + timedelta(days=offset)
        assert _header(run("due", "--db", str(path), "--date", typed)).startswith(f"Due on {expected:%a %d %b %Y}:")


def test_due_date_follows_the_configured_order(desk):
    path, _ = desk
    _config('date_order = "mdy"\n')
    assert _header(run("due", "--db", str(path), "--date", "12/10/2026")).startswith("Due on Thu 10 Dec 2026:")
    assert _header(run("due", "--db", str(path), "--date", "2026-12-10")).startswith("Due on Thu 10 Dec 2026:")
    assert_one_line_error(run("due", "--db", str(path), "--date", "25/12/2026"),
                          "--date 25/12/2026: no such date", "month/day/year")


@pytest.mark.parametrize("command", [("due",), ("due", "--json"), ("client", "northwind")])
@pytest.mark.parametrize("typed", ["9999-12-31", "0001-01-01", "1899-12-31", "31/12/9999", "+99999w"])
def test_dates_out_of_range_are_one_line(desk, command, typed):
    path, _ = desk
    result = run(*command, "--db", str(path), "--date", typed)
    assert_one_line_error(result, f"--date {typed}: use a date between 1900 and 2200")
    assert result.returncode == 2


def test_client_date_takes_what_the_forms_take(desk):
    path, _ = desk
    iso = run("client", "--db", str(path), "northwind", "--date", "2026-11-18")
    assert iso.returncode == 0, iso.stderr
    for typed in ("18/11/2026", "18 Nov 2026", "Nov 18 2026"):
        assert run("client", "--db", str(path), "northwind", "--date", typed).stdout == iso.stdout, typed
    assert_one_line_error(run("client", "--db", str(path), "northwind", "--date", "11/18/2026"),
                          "--date 11/18/2026: no such date", "day/month/year")
    in_a_week = (date.today() + timedelta(days=7)).isoformat()
    assert (run("client", "--db", str(path), "northwind", "--date", "+7d").stdout
            == run("client", "--db", str(path), "northwind", "--date", in_a_week).stdout)


def test_iso_words_and_relative_dates_do_not_load_dateutil_or_the_config():
    """The due fast path stays light: only a date with a month name needs python-dateutil,
    and only a numeric d/m date reads the config (for its date_order)."""
    import subprocess
    import sys

    code = (
        "import sys; from deskcrm.cli import launch; from deskcrm.config import settings;"
        "settings.load = None;"  # reading the config here would fail
        "days = [launch.parse_date_option(v, '--date') for v in ('2026-12-10', 'tomorrow', '+7d', None)];"
        "assert 'dateutil' not in sys.modules, 'dateutil imported';"
        "print(days[0])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2026-12-10"


def test_a_bad_date_order_in_the_config_names_the_file_and_line(desk):
    path, _ = desk
    _config('theme = "deskcrm-dark"\ndate_order = "ymd"\n')
    assert_one_line_error(run("due", "--db", str(path), "--date", "3/12/2026"),
                          f"{paths.config_file()}:2", 'date_order must be "dmy"', '"mdy"')


# --------------------------------------------------------------------------- move --interview-at / --start / --offer


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("2099-12-10 14:00", "2099-12-10 14:00"), ("2099-12-09T10:00", "2099-12-09 10:00"),
     ("2099-01-02 9:05", "2099-01-02 09:05"), ("10/12/2099 14:00", "2099-12-10 14:00"),
     ("10 Dec 2099 2pm", "2099-12-10 14:00"), ("Thu 10 Dec 2099 14:00", "2099-12-10 14:00")],
)
def test_move_interview_at_stores_the_time_typed(desk, typed, stored):
    """`2026-12-10 14:00` was stored as 12 Oct: dateutil's dayfirst applied to ISO (issue 9, item 1)."""
    path, ids = desk
    result = run("move", "submission", str(ids["sub_lena_backend"]), "interviewing", "--db", str(path),
                 "--interview-at", typed)
    assert result.returncode == 0, result.stderr
    assert row(path, "submission", ids["sub_lena_backend"])["interview_at"].startswith(stored)


@pytest.mark.parametrize(("typed", "offset", "hour"), [("tomorrow 10am", 1, "10:00"), ("+3d 9:30", 3, "09:30")])
def test_move_interview_at_words_and_relative_days(desk, typed, offset, hour):
    path, ids = desk
    result = run("move", "submission", str(ids["sub_lena_backend"]), "interviewing", "--db", str(path),
                 "--interview-at", typed)
    assert result.returncode == 0, result.stderr
    expected = f"{date.today() + timedelta(days=offset)} {hour}"
    assert row(path, "submission", ids["sub_lena_backend"])["interview_at"].startswith(expected)


def test_move_interview_at_follows_the_configured_order(desk):
    path, ids = desk
    _config('date_order = "mdy"\n')
    result = run("move", "submission", str(ids["sub_lena_backend"]), "interviewing", "--db", str(path),
                 "--interview-at", "12/10/2099 2:30pm")
    assert result.returncode == 0, result.stderr
    assert row(path, "submission", ids["sub_lena_backend"])["interview_at"].startswith("2099-12-10 14:30")


def test_a_past_interview_needs_force(desk):
    path, ids = desk
    sub = ids["sub_lena_backend"]
    refused = run("move", "submission", str(sub), "interviewing", "--db", str(path), "--interview-at", "2020-12-10 14:00")
    assert_one_line_error(refused, "--interview-at", "Thu 10 Dec 2020 14:00 is in the past", "--force")
    assert refused.returncode == 2
    assert row(path, "submission", sub)["stage"] == "submitted"
    forced = run("move", "submission", str(sub), "interviewing", "--db", str(path), "--interview-at", "2020-12-10 14:00",
                 "--force")
    assert forced.returncode == 0, forced.stderr
    moved = row(path, "submission", sub)
    assert (moved["stage"], moved["interview_at"][:16]) == ("interviewing", "2020-12-10 14:00")


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("--interview-at", "9999-12-31 10:00"), ("--interview-at '9999-12-31 10:00': use a date between 1900 and 2200",)),
        (("--interview-at", "2099-12-10"), ("--interview-at 2099-12-10: add a time",)),
        (("--interview-at", "31/02/2099 10:00"), ("no such date — read as day/month/year",)),
    ],
)
def test_bad_interview_times_are_one_line(desk, args, fragments):
    path, ids = desk
    result = run("move", "submission", str(ids["sub_lena_backend"]), "interviewing", "--db", str(path), *args)
    assert_one_line_error(result, *fragments)
    assert row(path, "submission", ids["sub_lena_backend"])["stage"] == "submitted"


@pytest.mark.parametrize(
    ("offer", "start", "stored"),
    [("2026-12-01", "2027-01-04", ("2026-12-01", "2027-01-04")), ("1/12/2026", "4/1/2027", ("2026-12-01", "2027-01-04")),
     ("1 Dec 2026", "Jan 4 2027", ("2026-12-01", "2027-01-04")), ("2026-12-10", "2027-01-12", ("2026-12-10", "2027-01-12"))],
)
def test_move_to_placed_start_and_offer_dates(desk, offer, start, stored):
    path, ids = desk
    result = run("move", "submission", str(ids["sub_dev"]), "placed", "--db", str(path), "--offer", offer,
                 "--start", start, "--salary", "90k", "--json")
    assert result.returncode == 0, result.stderr
    import json

    placement = row(path, "placement", json.loads(result.stdout)["placement_id"])
    assert (placement["offer_accepted_on"], placement["start_date"]) == stored


def test_move_to_placed_relative_and_word_dates(desk):
    path, ids = desk
    result = run("move", "submission", str(ids["sub_dev"]), "placed", "--db", str(path), "--offer", "today",
                 "--start", "+14d", "--salary", "90k", "--json")
    assert result.returncode == 0, result.stderr
    import json

    placement = row(path, "placement", json.loads(result.stdout)["placement_id"])
    assert placement["offer_accepted_on"] == date.today().isoformat()
    assert placement["start_date"] == (date.today() + timedelta(days=14)).isoformat()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [(("--start", "9999-12-31"), "--start 9999-12-31: use a date between 1900 and 2200"),
     (("--start", "2027-01-04", "--offer", "0001-01-01"), "--offer 0001-01-01: use a date between 1900 and 2200"),
     (("--start", "2027-13-04"), "--start 2027-13-04: no such date")],
)
def test_placed_dates_out_of_range_are_one_line(desk, args, fragment):
    path, ids = desk
    result = run("move", "submission", str(ids["sub_dev"]), "placed", "--db", str(path), "--salary", "90k", *args)
    assert_one_line_error(result, fragment)
    assert result.returncode == 2
    assert row(path, "submission", ids["sub_dev"])["stage"] == "interviewing"
