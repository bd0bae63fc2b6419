"""The command line on a desk on a real PostgreSQL server (tests/pgserver.py): `deskcrm init
postgresql://…` creates it; the commands run on it as on a file; backup, restore and demo (about a
desk FILE) say in one line what applies on a server (exit 2); an unreachable server, a wrong
password or a missing database is one line naming the server with its password hidden."""

from __future__ import annotations

from deskcrm.store.schema import HEAD  # noqa: E402 - the schema this deskcrm writes

import os
from pathlib import Path

import psycopg
import pytest

from clirun import assert_one_line_error, run
from deskcrm.store.schema import HEAD
from deskcrm.store import server

NO_BACKUP = "a desk on a PostgreSQL server is backed up by the server's own backups (pg_dump"
NO_RESTORE = "a desk on a PostgreSQL server is restored from the server's own backups (pg_restore"
SECRET = "s3cr3t-Pa55"


def _with_password(url: str, user: str = "postgres", password: str = SECRET) -> str:
    return url.replace("postgresql://postgres@", f"postgresql://{user}:{password}@", 1)


def _no_secret(result) -> None:  # noqa: ANN001
    assert SECRET not in result.stderr + result.stdout


def test_init_creates_a_desk_on_the_server_then_the_commands_run_on_it(pg_url, tmp_path):
    created = run("init", pg_url)
    assert created.returncode == 0, created.stderr
    assert f"Created an empty deskcrm desk (schema {HEAD}) on the PostgreSQL server: {pg_url}" in created.stdout
    assert "not built yet" not in created.stdout
    assert server.inspect(pg_url).revision == HEAD

    for args, env in (
        (("due", "--db", pg_url), {}),
        (("due", "--db", pg_url), {"DESKCRM_NO_FAST_PATH": "1"}),  # the Typer commands too
        (("due",), {"DESKCRM_DB": pg_url}),
    ):
        result = run(*args, env=env)
        assert result.returncode == 0, (args, result.stderr)
        assert result.stderr == ""
        assert result.stdout.startswith("Due on ") and ": 0 items" in result.stdout.splitlines()[0]

    added = run("recruiter", "add", "Alex Morgan", "--initials", "AM", "--db", pg_url)
    assert added.returncode == 0, added.stderr
    listed = run("recruiter", "list", "--json", env={"DESKCRM_DB": pg_url})
    assert listed.returncode == 0, listed.stderr
    assert '"initials":"AM"' in listed.stdout

    again = run("init", "--db", pg_url)
    assert again.returncode == 2
    assert_one_line_error(again, f"already holds a deskcrm desk (schema {HEAD}); init only creates new ones")


def test_backup_and_restore_on_a_server_say_what_applies_there(pg_desk, tmp_path):
    for args, said in ((("backup", str(tmp_path / "b.db"), "--db", pg_desk), NO_BACKUP),
                       (("restore", str(tmp_path / "b.db"), "--db", pg_desk), NO_RESTORE),
                       (("backup", str(tmp_path / "b.db")), NO_BACKUP)):
        env = {} if "--db" in args else {"DESKCRM_DB": pg_desk}
        result = run(*args, env=env)
        assert result.returncode == 2, (args, result.stderr)
        assert_one_line_error(result, f"deskcrm: {pg_desk}: {said}")
        assert result.stdout == ""
    assert not (tmp_path / "b.db").exists()


def test_db_in_the_config_names_a_server(pg_desk, tmp_path):
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "deskcrm" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'theme = "deskcrm-dark"\ndb = "{pg_desk}"\n')
    result = run("due")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Due on ")
    shown = run("paths")
    assert shown.returncode == 0
    assert f"database:     {pg_desk}  (db = in {config}" in shown.stdout

    config.write_text("db = 7\n")
    wrong = run("due")
    assert_one_line_error(wrong, "'db' must be a quoted file path or PostgreSQL URL")


def test_an_older_server_desk_is_upgraded_and_said_so(pg_url):
    from deskcrm.store import migrate

    migrate.upgrade(pg_url, "0007")
    result = run("due", "--db", pg_url)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith(f"deskcrm: upgrading {pg_url} to this version of deskcrm (schema 0007 -> {HEAD})")
    assert "deskcrm takes no backup on a server: the server's own backups apply" in lines[0]
    assert result.stdout.startswith("Due on ")
    assert server.inspect(pg_url).revision == HEAD


def test_a_newer_server_desk_is_refused_untouched(pg_desk):
    with psycopg.connect(pg_desk, autocommit=True) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0042'")
    result = run("due", "--db", pg_desk)
    assert result.returncode == 1
    assert_one_line_error(result, f"{pg_desk}: was written by a newer deskcrm (schema 0042; this one knows up to "
                                  f"{HEAD}). Upgrade deskcrm to open it; the database was not changed.")


def test_no_desk_in_the_database(pg_url):
    result = run("due", "--db", pg_url)
    assert_one_line_error(result, f"{pg_url}: holds no deskcrm desk; to create one there: deskcrm init '{pg_url}'")


def test_a_missing_database_is_named_with_the_password_hidden(pg_server):
    url = _with_password(pg_server.replace("/postgres?", "/no_such_desk?"))
    result = run("due", "--db", url)
    assert result.returncode == 1
    shown = url.replace(SECRET, "***")
    assert_one_line_error(result, f"deskcrm: {shown}: the server has no database no_such_desk; create it "
                                  "(createdb, or CREATE DATABASE on the server), then: deskcrm init")
    _no_secret(result)


def test_a_refused_connection_is_one_line_with_the_password_hidden(tmp_path):
    url = f"postgresql://alex:{SECRET}@/agency?host={tmp_path}&password={SECRET}"
    for args in (("due", "--db", url), ("init", url)):
        result = run(*args)
        assert result.returncode == 1
        assert_one_line_error(result, f"deskcrm: postgresql://alex:***@/agency?host={tmp_path}&password=***: "
                                      "cannot reach the PostgreSQL server (connection to server on socket",
                              "check that it is running and that the host, port or socket in the URL are right")
        _no_secret(result)


def test_a_short_password_is_hidden_without_mangling_the_reason(tmp_path):
    result = run("pool", "list", "--db", f"postgresql://alex:s@/agency?host={tmp_path}")
    assert_one_line_error(result, "postgresql://alex:***@/agency", "(connection to server on socket")
    assert "***ocket" not in result.stderr


def test_a_url_libpq_cannot_read_is_one_line_with_the_password_hidden():
    for url, shown in ((f"postgresql://alex:{SECRET}@/agency?hots=/tmp", "postgresql://alex:***@/agency?hots=/tmp"),
                       (f"postgresql://alex:{SECRET}@[db/agency", "postgresql://alex:***@[db/agency")):
        result = run("due", "--db", url)
        assert result.returncode == 1
        assert_one_line_error(result, f"deskcrm: {shown}: not a PostgreSQL URL libpq can read (",
                              "write it as postgresql://user@host:port/dbname")
        _no_secret(result)


def test_a_wrong_password_is_one_line_with_the_password_hidden(pg_server, pg_url):
    with psycopg.connect(pg_server, autocommit=True) as admin:
        try:
            admin.execute("CREATE ROLE pwcheck LOGIN PASSWORD 'the-right-one'")
        except psycopg.errors.DuplicateObject:
            pass
    url = _with_password(pg_url, user="pwcheck")
    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.OperationalError:
        pass
    else:
        pytest.skip("this server lets pwcheck in with any password (not tests/pgserver.py's pg_hba.conf)")
    result = run("due", "--db", url)
    assert result.returncode == 1
    assert_one_line_error(result, f"deskcrm: {url.replace(SECRET, '***')}: the server refused the login (wrong or "
                                  "missing password); give the password in ~/.pgpass or $PGPASSWORD (deskcrm stores none)")
    _no_secret(result)


def test_other_urls_and_a_demo_on_a_server_are_refused(pg_url):
    other = run("due", "--db", f"mysql://root:{SECRET}@db/agency")
    assert other.returncode == 2
    assert_one_line_error(other, "mysql://root:***@db/agency: deskcrm opens a database file (a path) or a "
                                 "PostgreSQL server (postgresql://user@host/dbname)")
    _no_secret(other)
    demo = run("demo", "--db", pg_url, "--no-open")
    assert demo.returncode == 2
    assert_one_line_error(demo, f"deskcrm: {pg_url}: deskcrm demo builds a desk file; build one (deskcrm demo "
                                "--db PATH --no-open)")


def test_two_different_server_urls_are_refused_with_the_passwords_hidden():
    first = f"postgresql://alex:{SECRET}@/agency?host=/tmp"
    second = f"postgresql://alex:{SECRET}@/other?host=/tmp"
    result = run("--db", first, "due", "--db", second)
    assert result.returncode == 2
    assert_one_line_error(result, "postgresql://alex:***@/agency?host=/tmp before `due` and "
                                  "postgresql://alex:***@/other?host=/tmp after it; give --db once")
    _no_secret(result)
