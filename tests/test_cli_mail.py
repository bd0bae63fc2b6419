"""`deskcrm mail outbox` / `retry ID` / `discard ID` (issue 15): real processes, both engines. The
[mail] settings come from the config file; a password there is refused; nothing hostile in a subject
or address reaches the terminal as control bytes."""

from __future__ import annotations

import pytest
from clirun import assert_one_line_error, run
from seed import seed

from deskcrm.config import paths
from deskcrm.domain.mail import Draft, MailSettings
from deskcrm.store import db, outbox

HOSTILE = "Offer \x1b[31m[/] [@click=app.quit] \u202e"


@pytest.fixture
def desk(desk_path, today):
    ids = seed(desk_path)
    conn = db.connect(desk_path)
    try:
        for subject in ("First", HOSTILE):
            with pytest.raises(outbox.SendFailed):  # no [mail] yet: kept in the outbox
                outbox.send(conn, Draft(to=("dev@example.com",), subject=subject, body="Hi Dev\n",
                                        person_ids=(ids["dev"],)), MailSettings())
    finally:
        conn.close()
    return str(desk_path), ids


def _config(text: str) -> None:
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_list_retry_and_discard(desk, tmp_path):
    path, ids = desk
    listed = run("mail", "outbox", "--db", path)
    assert listed.returncode == 0, listed.stderr
    assert "#1  failed, 1 try  to dev@example.com  First" in listed.stdout
    assert "mail is not set up" in listed.stdout and "\x1b" not in listed.stdout and "\u202e" not in listed.stdout
    assert listed.stdout.rstrip().endswith("2 unsent: deskcrm mail outbox retry ID · deskcrm mail outbox discard ID")
    assert_one_line_error(run("mail", "outbox", "retry", "1", "--db", path), "not sent:", "mail is not set up",
                          "kept in the outbox as #1")
    (tmp_path / "sent").mkdir()  # the file method writes into a folder that is there (never makes one)
    _config(f'[mail]\nmethod = "file"\nfrom = "sam@desk.example"\nfolder = "{tmp_path / "sent"}"\n')
    sent = run("mail", "outbox", "retry", "1", "--db", path)
    assert sent.returncode == 0 and sent.stdout.startswith("Sent #1;"), sent.stderr
    assert len(list((tmp_path / "sent").glob("*.eml"))) == 1
    assert_one_line_error(run("mail", "outbox", "retry", "1", "--db", path), "outbox #1 was sent already")
    assert run("mail", "outbox", "discard", "2", "--db", path).stdout.startswith("Discarded #2")
    assert_one_line_error(run("mail", "outbox", "discard", "9", "--db", path), "outbox #9 does not exist")
    assert run("mail", "outbox", "--db", path).stdout.startswith("The outbox is empty")
    conn = db.connect(path)
    try:
        assert conn.execute("SELECT count(*) FROM activity WHERE kind = 'email' AND person_id = ?",
                            (ids["dev"],)).fetchone()[0] == 1
    finally:
        conn.close()


@pytest.mark.parametrize(("text", "said"), [
    ('[mail]\nmethod = "smtp"\npassword = "hunter2"\n', ":3: [mail] password: a password is never kept in the config"),
    ('[mail]\nmethod = "pigeon"\n', ":2: [mail] method must be one of smtp, command, file"),
    ('[mail]\nsecurity = "ssl"\n', ":2: [mail] security must be one of starttls, tls, none"),
    ('[mail]\nfrom = "nobody"\n', ":2: [mail] from must be an email address"),
    ('[mail]\nhots = "x"\n', ":2: [mail] hots is not a setting"),
    ('[mail]\ncommand = ""\n', ":2: [mail] command must be a command line in quotes"),
])
def test_bad_mail_settings_name_the_line(text, said):
    from deskcrm.config import settings as settings_mod
    from deskcrm.errors import ConfigError

    _config(text)
    with pytest.raises(ConfigError) as caught:
        settings_mod.load()
    assert said in str(caught.value) and "hunter2" not in str(caught.value) and "\n" not in str(caught.value)


def test_a_password_in_the_config_is_one_line_from_the_cli():
    _config('[mail]\nmethod = "smtp"\npassword = "hunter2"\n')
    result = run("mail", "outbox", "retry", "1")
    assert_one_line_error(result, "[mail] password: a password is never kept", "keyring set deskcrm USER")
    assert "hunter2" not in result.stderr
