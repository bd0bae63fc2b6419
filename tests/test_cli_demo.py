"""Where `deskcrm demo` lives (issue 9, item 19, the CLI part): every run left a temp folder
behind, unnamed. Without --db the demo is built in one fixed place — demo.db in the user cache
dir, replaced by the next run — and the command says so, and how to keep one (--db PATH)."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from clirun import run


def _cache_demo() -> Path:
    return Path(os.environ["XDG_CACHE_HOME"]) / "deskcrm" / "demo.db"


def test_the_demo_lives_in_one_place_and_says_so(tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {"TMPDIR": str(tmp)}
    first = run("demo", "--candidates", "20", "--no-open", env=env)
    assert first.returncode == 0, first.stderr
    demo = _cache_demo()
    assert first.stdout.splitlines()[0] == f"Demo database: {demo}"
    assert "Replaced by the next `deskcrm demo`; to keep one, build it with `deskcrm demo --db PATH`." in first.stdout
    assert first.stdout.splitlines()[-1] == f"  Open it again: deskcrm --db {demo}"
    assert stat.S_IMODE(demo.stat().st_mode) == 0o600 and stat.S_IMODE(demo.parent.stat().st_mode) == 0o700
    people = sqlite3.connect(demo).execute("SELECT count(*) FROM candidate_profile").fetchone()[0]
    assert people == 20
    # the next run replaces it (a stale write-ahead log of the old one included), and leaves no temp folder
    Path(f"{demo}-wal").write_bytes(b"stale log of the last demo" * 100)
    second = run("demo", "--candidates", "30", "--no-open", env=env)
    assert second.returncode == 0, second.stderr
    conn = sqlite3.connect(demo)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM candidate_profile").fetchone()[0] == 30
    conn.close()
    assert list(tmp.iterdir()) == []
    assert sorted(p.name for p in demo.parent.iterdir()) == ["demo.db"]


def test_a_demo_built_with_db_is_kept_and_says_how_to_open_it(tmp_path):
    path = tmp_path / "mine.db"
    result = run("demo", "--db", str(path), "--candidates", "10", "--no-open")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"Demo database: {path}"
    assert result.stdout.splitlines()[-1] == f"  Open it again: deskcrm --db {path}"
    assert "eplaced" not in result.stdout
    assert not _cache_demo().exists()


def test_after_the_tui_the_demo_says_how_to_open_it_again(monkeypatch, capsys):
    from deskcrm.cli import entry as cli, commands

    opened = []
    monkeypatch.setattr(commands, "run_tui", opened.append)
    with __import__("pytest").raises(SystemExit) as exited:
        cli.main(["demo", "--candidates", "5"])
    assert exited.value.code == 0 and opened == [_cache_demo()]
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == f"Open the demo again: deskcrm --db {_cache_demo()}  (replaced by the next `deskcrm demo`)"


def test_paths_names_the_demo():
    result = run("paths")
    assert f"demo:         {_cache_demo()}" in result.stdout
