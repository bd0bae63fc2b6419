"""Hostile strings through the command line (issue 9, item 13): a record named with ESC, BEL, a C1
control, markup and a bidi override never puts a control byte on stdout or stderr in plain text
or in a message; ``--json`` keeps the exact value, written with JSON escapes."""

from __future__ import annotations

import json
import re

import pytest
from clirun import run
from seed import Names, index, seed

HOSTILE = "\x1b]0;pwned\x07Zed \x1b[31m[@click=app.quit]\u202eQuux\x9b2J"
SHOWN = "␛]0;pwned␇Zed ␛[31m[@click=app.quit]\ufffdQuux\ufffd2J"  # what text.clean makes of it
START = SHOWN[:16]  # what a table column has room for
# C0 (but a line feed), DEL, C1, bidi marks, overrides and isolates, line separators
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile-cli") / "desk.db"
    ids = seed(path, Names.every(HOSTILE))
    index(path)
    return path, ids


def _plain(*args: str, code: int = 0):
    result = run(*args)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    for stream in (result.stdout, result.stderr):
        assert not CONTROL.search(stream), repr(CONTROL.search(stream))
    return result


@pytest.mark.parametrize("args", [
    ("due", "--date", "2026-11-18"),
    ("jobs",),
    ("placements",),
    ("submissions",),
    ("search", "quux"),
    ("client", "{acme}"),
])
def test_plain_output_shows_the_name_without_control_bytes(desk, args):
    path, ids = desk
    result = _plain(args[0], "--db", str(path), *(a.format(**ids) for a in args[1:]))
    assert START in result.stdout


@pytest.mark.parametrize(("args", "field"), [
    (("due", "--date", "2026-11-18", "--json"), lambda data: data[0]["person"]),
    (("jobs", "--json"), lambda data: data[0]["title"]),
    (("placements", "--json"), lambda data: data[0]["candidate"]),
    (("submissions", "--json"), lambda data: data[0]["job_title"]),
    (("search", "quux", "--json"), lambda data: data[0]["name"]),
    (("client", "{acme}", "--json"), lambda data: data["name"]),
])
def test_json_keeps_the_exact_value_with_escapes(desk, args, field):
    path, ids = desk
    result = _plain(args[0], "--db", str(path), *(a.format(**ids) for a in args[1:]))
    assert field(json.loads(result.stdout)) == HOSTILE


def test_a_refused_move_names_the_record_without_control_bytes(desk):
    """`deskcrm: ^[]0;…^GTitle is already at …` reached stderr raw."""
    path, ids = desk
    result = _plain("move", "job", str(ids["job_backend"]), "interviewing", "--db", str(path), code=1)
    assert SHOWN in result.stderr and "already" in result.stderr


def test_a_move_prints_its_message_without_control_bytes(desk, tmp_path):
    path = tmp_path / "moved.db"
    ids = seed(path, Names.every(HOSTILE))
    result = _plain("move", "job", str(ids["job_backend"]), "offer", "--db", str(path))
    assert SHOWN in result.stdout
    result = _plain("move", "job", str(ids["job_backend"]), "sourcing", "--db", str(path), "--json")
    assert HOSTILE in json.loads(result.stdout)["message"]


@pytest.mark.parametrize("args", [
    ("client", HOSTILE),
    ("client", "zed"),  # several companies: listed (id, name), then one line
    ("jobs", "--stage", HOSTILE),
    ("submissions", "--stage", HOSTILE),
    ("move", "job", "1", HOSTILE),
    ("search", f"salary<{HOSTILE}"),
    ("search", f"--{HOSTILE}"),
    ("due", "--date", HOSTILE),
])
def test_what_was_typed_is_echoed_without_control_bytes(desk, args):
    path, _ = desk
    result = _plain(args[0], "--db", str(path), *args[1:], code=result_code(args))
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("deskcrm: ")
    assert "pwned" in result.stderr or "matches 8 companies" in result.stderr


def result_code(args) -> int:
    return 1 if args[0] == "client" else 2


def test_a_database_path_with_control_bytes_is_named_cleanly(tmp_path):
    result = _plain("due", "--db", str(tmp_path / f"{HOSTILE}.db"), code=2)
    assert "␛]0;pwned␇" in result.stderr


def test_undecodable_bytes_typed_in_never_come_back_raw(tmp_path):
    """A path or argument with bytes that are not UTF-8 (\\x9b is an 8-bit CSI) reaches Python as
    lone surrogates, which stdout would write back as the raw byte; clean() replaces them."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "DESKCRM_DB": os.fsdecode(os.fsencode(str(tmp_path)) + b"/\x9b.db"), "LC_ALL": "C.UTF-8"}
    result = subprocess.run([sys.executable, "-m", "deskcrm", "paths"], capture_output=True, env=env, timeout=60)
    assert result.returncode == 0 and b"\x9b" not in result.stdout
    assert "\ufffd.db" in result.stdout.decode("utf-8")


def test_clean_replaces_lone_surrogates():
    from deskcrm.text import clean

    assert clean("a\udc9bb\ud800") == "a\ufffdb\ufffd"
