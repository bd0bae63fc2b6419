"""Attaching the same file twice to one person (its sha256) attaches nothing the second time and
says when it was attached (``attachments.record``: the CLI's `deskcrm attach` and the TUI's store
call alike); the same file on another person is attached. On each engine of
``$DESKCRM_TEST_ENGINES``."""

from __future__ import annotations

import pytest
from clirun import assert_one_line_error, run
from cv_files import make_txt
from seed import index, seed

from deskcrm.store import attachments


def test_the_same_file_on_the_same_person_is_refused_naming_the_first(seeded_store, tmp_path):
    conn, ids, _path = seeded_store
    data = tmp_path / "data"
    cv = make_txt(tmp_path / "ana.txt")
    first = attachments.attach(conn, ids["ana"], cv, data_dir=data)
    renamed = tmp_path / "ana-again.txt"
    renamed.write_bytes(cv.read_bytes())
    for again in (cv, renamed):
        with pytest.raises(attachments.AlreadyAttached) as refused:
            attachments.attach(conn, ids["ana"], again, data_dir=data)
        said = str(refused.value)
        assert f"is already attached to Ana Silva (attachment #{first.attachment_id}, " in said
        assert said.endswith("); nothing attached")
    assert "the same file as “ana-again.txt” (“ana.txt”)" in said
    assert [a.id for a in attachments.list_attachments(conn, ids["ana"])] == [first.attachment_id]
    assert len(list((data / "attachments").iterdir())) == 1  # the first one's copy kept
    attachments.attach(conn, ids["ben"], cv, data_dir=data)  # another person: attached
    assert len(attachments.list_attachments(conn, ids["ben"])) == 1


def _twice(desk_path, cv):
    """`deskcrm attach` of ``cv`` to Ana, twice: the second run."""
    ids = seed(desk_path)
    index(desk_path)
    assert run("attach", f"#{ids['ana']}", str(cv), "--db", str(desk_path)).returncode == 0
    return run("attach", f"#{ids['ana']}", str(cv), "--db", str(desk_path))


def test_the_cli_says_it_in_one_line(desk_path, tmp_path):
    again = _twice(desk_path, make_txt(tmp_path / "cv.txt"))
    assert_one_line_error(again, "“cv.txt” is already attached to Ana Silva (attachment #", "nothing attached")
    assert again.stdout == ""


def test_a_hostile_file_name_is_said_as_text(desk_path, tmp_path):
    again = _twice(desk_path, make_txt(tmp_path / "[@click=app.quit]\x1b[31m[b]\u202ecv.txt"))
    assert_one_line_error(again, "[@click=app.quit]", "is already attached to Ana Silva")
    assert "\x1b" not in again.stderr and "\u202e" not in again.stderr
