"""`deskcrm mail log` (a file, or a message piped in) and `deskcrm mail sync MAILDIR`: real
processes, real exit codes, both engines; Maildir folders built here (mail_files)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from clirun import assert_one_line_error, run
from cv_files import pdf_bytes
from mail_files import MALFORMED, maildir, message
from seed import Names, query, seed

HOSTILE = "[@click=app.quit] [/] \x1b[31m\u202eevil"


@pytest.fixture
def desk(desk_path):
    return desk_path, seed(desk_path)


def piped(raw: bytes, *args: str) -> subprocess.CompletedProcess[str]:
    """``… | deskcrm mail log ARGS``: the message on standard input, as a mail client pipes it."""
    result = subprocess.run([sys.executable, "-m", "deskcrm", "mail", "log", *args], input=raw,
                            capture_output=True, env=dict(os.environ), timeout=120)
    return subprocess.CompletedProcess(result.args, result.returncode, result.stdout.decode(), result.stderr.decode())


def test_a_piped_reply_is_logged_once_and_hostile_text_stays_text(desk):
    path, ids = desk
    raw = message(sender=f'"{HOSTILE}" <dev@example.com>', subject=f"Re: {HOSTILE}",
                  cc="Bo Chen <bo@example.com>")
    first = piped(raw, "--db", str(path), "--me", "SR")
    assert first.returncode == 0, first.stderr
    assert first.stdout == (f"Logged email “Re: [@click=app.quit] [/] ␛[31m\ufffdevil” on {Names.dev}, {Names.bo} "
                            "(2026-11-17 08:15)\n")
    again = piped(raw, "--db", str(path))
    assert again.returncode == 0 and again.stdout.startswith("already logged: “Re: [@click=app.quit]")
    assert again.stdout.endswith(f"on {Names.dev}, {Names.bo} — nothing written\n")
    rows = query(path, "SELECT person_id, author_id FROM activity WHERE kind = 'email' AND body LIKE 'Re: %' ORDER BY id")
    assert [tuple(r) for r in rows] == [(ids["dev"], 1), (ids["bo"], 1)]


def test_unknown_people_and_bad_input_are_one_line_and_write_nothing(desk, tmp_path):
    path, _ids = desk
    unknown = piped(message(sender=f'"{HOSTILE}" <who\x1b@nowhere.example>', to="x@nowhere.example"),
                    "--db", str(path))
    assert_one_line_error(unknown, "standard input: no known person in From/To/Cc: ", "x@nowhere.example",
                          "nothing logged")
    assert unknown.returncode == 1 and "\x1b" not in unknown.stderr
    empty = piped(b"\n\n", "--db", str(path))
    assert_one_line_error(empty, "standard input: empty")
    missing = run("mail", "log", str(tmp_path / "nope.eml"), "--db", str(path))
    assert_one_line_error(missing, "nope.eml: no such file")
    assert missing.returncode == 2
    assert query(path, "SELECT count(*) FROM mail_message")[0][0] == 0


def test_sync_a_maildir_then_again(desk, tmp_path):
    path, ids = desk
    reply = message()
    box = maildir(tmp_path / "Mail" / "INBOX", new={
        "1700000001.a.host": reply,
        "1700000002.b.host": message(sender="eva@example.com", body="", html="<p>Hello <b>there</b></p>",
                                     message_id="<html@x>"),
        "1700000003.c.host": message(sender="stranger@nowhere.example", to="other@nowhere.example",
                                     message_id="<stranger@x>"),
        "1700000004.d.host": MALFORMED,
        "1700000005.e.host": b"",
    }, cur={
        "1700000001.a.host:2,S": reply,  # the same message, also in cur/: logged once
        "1700000006.f.host:2,S": message(sender="Farah Khan <farah@example.com>", message_id="<cv@x>",
                                         body="CV attached",
                                         attachments=(("farah-cv.pdf", pdf_bytes(["Kubernetes operator"])),)),
    })
    first = run("mail", "sync", str(box), "--save-cvs", "--db", str(path))
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [
        "cur/1700000006.f.host:2,S: Attached CV farah-cv.pdf to Farah Khan: 2 words of text",
        "logged 4, already 1, unknown 1, unreadable 1 (new/1700000005.e.host)"]
    logged = [i for (ids_json,) in query(path, "SELECT activity_ids FROM mail_message") for i in json.loads(ids_json)]
    people = query(path, f"SELECT DISTINCT person_id FROM activity WHERE id IN ({', '.join(map(str, logged))})")
    assert sorted(r[0] for r in people) == sorted([ids["dev"], ids["eva"], ids["farah"]])
    assert [tuple(r) for r in query(path, "SELECT person_id, file_name FROM attachment")] == [(ids["farah"], "farah-cv.pdf")]
    again = run("mail", "sync", str(box), "--db", str(path))
    assert again.stdout == "logged 0, already 5, unknown 1, unreadable 1 (new/1700000005.e.host)\n", again.stderr
    assert query(path, "SELECT count(*) FROM mail_message")[0][0] == 4


def test_sync_refuses_a_folder_that_is_not_a_maildir(tmp_path):
    (tmp_path / "plain").mkdir()
    result = run("mail", "sync", str(tmp_path / "plain"), "--db", str(tmp_path / "desk.db"))
    assert_one_line_error(result, "plain: not a Maildir (it has no new/ and cur/ folders)")
    assert result.returncode == 2
