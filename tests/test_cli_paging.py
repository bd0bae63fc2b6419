"""Big lists page (issue 10, item 6): a table stops at 50 rows and says how many more and how to
see them (`--limit N`, `--all`); JSON is every row unless `--limit N`; compact unless `--pretty`."""

from __future__ import annotations

import json
import sqlite3

import pytest
from clirun import assert_one_line_error, run
from seed import index, seed

EXTRA_JOBS = 60  # more open job orders than a table shows


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """The seeded desk (4 open job orders) with EXTRA_JOBS more copies of the backend job."""
    path = tmp_path_factory.mktemp("paging") / "desk.db"
    ids = seed(path)
    conn = sqlite3.connect(path)
    cols = [r[1] for r in conn.execute("PRAGMA table_info(job_order)") if r[1] != "id"]
    names = ", ".join(cols)
    with conn:
        for _ in range(EXTRA_JOBS):
            conn.execute(f"INSERT INTO job_order ({names}) SELECT {names} FROM job_order WHERE id = ?",
                         (ids["job_backend"],))
    conn.close()
    index(path)
    return path, ids


def _ok(*args: str):
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def test_a_table_stops_at_50_rows_and_says_how_to_see_the_rest(desk):
    path, _ = desk
    total = 4 + EXTRA_JOBS
    lines = _ok("jobs", "--db", str(path)).splitlines()
    assert len(lines) == 1 + 50 + 1
    assert lines[-1] == f"50 of {total} job orders — {total - 50} more: --limit N prints N, --all every one"
    every = _ok("jobs", "--db", str(path), "--all").splitlines()
    assert len(every) == 1 + total + 1 and every[-1] == f"{total} job orders"
    assert every[:51] == lines[:51]
    three = _ok("jobs", "--db", str(path), "--limit", "3").splitlines()
    assert three[:4] == lines[:4] and three[-1].startswith(f"3 of {total} job orders — {total - 3} more")
    assert _ok("jobs", "--db", str(path), "--limit", str(total)).splitlines()[-1] == f"{total} job orders"


def test_json_is_every_row_unless_limited(desk):
    path, _ = desk
    every = json.loads(_ok("jobs", "--db", str(path), "--json"))
    assert len(every) == 4 + EXTRA_JOBS
    assert json.loads(_ok("jobs", "--db", str(path), "--json", "--limit", "3")) == every[:3]
    assert json.loads(_ok("jobs", "--db", str(path), "--json", "--all")) == every


@pytest.mark.parametrize("command", ["jobs", "placements", "submissions", "due", "search", "client"])
def test_json_is_compact_and_pretty_indents_it(desk, command):
    path, ids = desk
    args = {"search": ("Backend",), "client": (str(ids["northwind"]),), "due": ("--date", "2026-11-18")}
    line = (command, "--db", str(path), *args.get(command, ()), "--json")
    compact = _ok(*line)
    data = json.loads(compact)
    assert data, command
    assert compact == json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    assert _ok(*line, "--pretty") == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_placements_and_submissions_page_too(desk):
    path, _ = desk
    db = ("--db", str(path))
    assert _ok("placements", *db, "--limit", "1").splitlines()[-1] == (
        "1 of 3 placements — 2 more: --limit N prints N, --all every one")
    assert _ok("submissions", *db, "--limit", "1").splitlines()[-1] == (
        "1 of 3 submissions in play — 2 more: --limit N prints N; --all for placed and exits too")
    assert _ok("submissions", *db, "--all", "--limit", "2").splitlines()[-1] == (
        "2 of 8 submissions — 6 more: --limit N prints N")
    assert _ok("submissions", *db).splitlines()[-1] == "3 submissions in play (--all for placed and exits too)"
    assert len(json.loads(_ok("submissions", *db, "--all", "--json", "--limit", "5"))) == 5


@pytest.mark.parametrize(("args", "fragment"), [
    (("jobs", "--limit", "0"), "--limit 0: use a number of 1 or more"),
    (("placements", "--limit", "2", "--all"), "--limit and --all: give one"),
    (("jobs", "--pretty"), "--pretty indents the JSON output: add --json"),
    (("submissions", "--limit", "-3"), "--limit -3: use a number of 1 or more"),
])
def test_paging_mistakes_are_one_line(desk, args, fragment):
    path, _ = desk
    result = run(*args, "--db", str(path))
    assert_one_line_error(result, fragment)
    assert result.returncode == 2 and result.stdout == ""


def test_json_rows_are_written_as_they_are_read(monkeypatch):
    """echo_json_rows never holds the whole array: the first rows are written before the last
    is read, and the bytes are those of the whole list encoded at once."""
    import io

    from deskcrm.cli import output
    from deskcrm.text import json_text

    read, seen_at_write = [], []

    class Out(io.StringIO):
        def write(self, text: str) -> int:
            seen_at_write.append(len(read))
            return super().write(text)

    def rows():
        for i in range(1000):
            read.append(i)
            yield {"id": i, "name": "Zoë \u202e\x7f", "tags": ["a", "b"] if i % 2 else []}

    for pretty in (False, True):
        read.clear()
        seen_at_write.clear()
        out = Out()
        monkeypatch.setattr("sys.stdout", out)
        assert output.echo_json_rows(rows(), pretty=pretty) == 1000
        whole = [{"id": i, "name": "Zoë \u202e\x7f", "tags": ["a", "b"] if i % 2 else []} for i in range(1000)]
        expected = json_text(whole, indent=2) if pretty else json_text(whole, indent=None).replace(
            ", ", ",").replace(": ", ":")
        assert out.getvalue() == expected + "\n"
        assert seen_at_write[0] < 1000  # written before the last row was read
    out = Out()
    monkeypatch.setattr("sys.stdout", out)
    assert output.echo_json_rows(iter(()), pretty=True) == 0 and out.getvalue() == "[]\n"


def test_a_table_footer_counts_its_columns_without_the_boards_totals(desk, monkeypatch, capsys):
    """Issue 10, item 6: "50 of 8,188 job orders" is a count of the printed columns; it does not
    compute every column's fee totals (a GROUP BY over the board, exits included) to sum their
    counts (26 ms for jobs, 36 ms for placements at 1M). Same footer as before."""
    from deskcrm.cli import board_cli
    from deskcrm.store import db as store_db

    path, _ = desk
    statements: list[str] = []
    connect = store_db.connect

    def traced(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(store_db, "connect", traced)
    total = 4 + EXTRA_JOBS
    board_cli.print_jobs(str(path), None, False, limit=2)
    assert capsys.readouterr().out.splitlines()[-1].startswith(f"2 of {total} job orders — {total - 2} more")
    board_cli.print_placements(str(path), None, False, limit=1)
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("1 of ") and out[-1].endswith("more: --limit N prints N, --all every one")
    assert [s for s in statements if "GROUP BY" in s or "sum(" in s] == []


def test_column_count_is_the_boards_column_counts(desk):
    from deskcrm.domain.stages import PIPELINES
    from deskcrm.store import db as store_db
    from deskcrm.store.boards import column_count, job_board, placement_board

    path, _ = desk
    conn = store_db.connect(path)
    try:
        for board, read, pipeline in (("jobs", job_board, "job"), ("placements", placement_board, "placement")):
            columns = read(conn, **{"include_closed" if board == "jobs" else "include_exits": True}, per_column=0).columns
            for stage in (s.key for s in PIPELINES[pipeline]):
                expected = sum(c.count for c in columns if c.stage == stage)
                assert column_count(conn, board, (stage,)) == expected, (board, stage)
            assert column_count(conn, board, tuple(c.stage for c in columns)) == sum(c.count for c in columns)
    finally:
        conn.close()
