"""Issue 12: an import's undo says how far it is — ``undo_batch(progress=, stage=)`` on each engine
of ``$DESKCRM_TEST_ENGINES``, and `deskcrm import undo BATCH`'s progress line (a terminal's only)
and its Ctrl-C (one line, exit 130, nothing undone). The TUI's ``ctrl+z``: test_app_import_undo.py."""

from __future__ import annotations

import io
import re

import pytest
from clirun import run
from moves_helpers import tables

from deskcrm.errors import CliError
from deskcrm.store.imports import MappedRow
from deskcrm.store.imports import batches
from deskcrm.store.imports.apply import apply_import


def _import(conn, people: int = 2000):
    """``people`` new people and an update of the seeded Ana Silva, as one batch."""
    given = [{"full_name": "Ana Silva", "email": "ana@example.com", "linkedin": "linkedin.com/in/ana-silva"}]
    given += [{"full_name": f"Person {i}", "email": f"p{i}@bulk.example"} for i in range(people)]
    return apply_import(conn, [MappedRow(i + 2, v) for i, v in enumerate(given)], kind="people",
                        file_name="bulk.csv", format="generic", mapping="")


def _everything(conn) -> dict:
    out = tables(conn)
    out["import_batch"] = conn.execute("SELECT id, state, version FROM import_batch ORDER BY id").fetchall()
    return out


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _terminal(monkeypatch) -> io.StringIO:
    """stderr a fake terminal, the progress line shown at once: what it was written."""
    from deskcrm.cli import progress

    err = _Tty()
    monkeypatch.setattr("sys.stderr", err)
    monkeypatch.setattr(progress, "SHOW_AFTER_S", 0.0)
    return err


def test_undo_progress_counts_up_to_the_total_then_the_reindex(seeded_store, monkeypatch):
    conn, _ids, _path = seeded_store
    before = tables(conn)
    done = _import(conn)
    monkeypatch.setattr(batches, "_INDEX_SLICE", 700)
    calls: list[tuple] = []
    n = batches.undo_batch(conn, done.batch_id, progress=lambda d, t: calls.append((d, t)),
                           stage=lambda what: calls.append((what,)))
    before.pop("import_batch")
    assert {k: v for k, v in tables(conn).items() if k != "import_batch"} == before  # as without progress
    stage = calls.index(("indexing",))
    rows, people = calls[:stage], calls[stage + 1:]
    assert len(rows) > 3  # each chunk, not once at the end
    assert {t for _d, t in rows} == {n}  # the total known up front, and right
    assert [d for d, _t in rows] == sorted({d for d, _t in rows}) and rows[-1] == (n, n)
    assert people == [(700, 2000), (1400, 2000), (2000, 2000)]  # those it created, 700 at a time


def test_undo_progress_on_a_terminal_and_ctrl_c(seeded_store, monkeypatch):
    """In this process (stderr a fake terminal; Ctrl-C raised from the last stage, after every row
    was reverted): the line shows and ends; Ctrl-C is one line, exit 130, nothing undone."""
    from deskcrm.cli import import_batches

    conn, _ids, path = seeded_store
    done = _import(conn, 1200)
    imported = _everything(conn)

    err = _terminal(monkeypatch)

    def stopped(_conn, _people):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(batches, "index_people", stopped)
        with pytest.raises(CliError) as refused:
            import_batches.undo_import(str(path), None, str(done.batch_id))
    assert refused.value.code == 130
    assert str(refused.value) == f"import batch {done.batch_id}: undo stopped (Ctrl-C): nothing was undone"
    assert _everything(conn) == imported
    assert err.getvalue().endswith("\n")  # the progress line was ended before the message

    err.seek(0)
    err.truncate()
    import_batches.undo_import(str(path), None, str(done.batch_id))
    lines = err.getvalue().split("\n")
    last = re.fullmatch(r"(?:\rundoing: [\d,]+ of [\d,]+ rows…)*\rundoing: ([\d,]+) of ([\d,]+) rows…", lines[0])
    assert last is not None and last[1] == last[2], lines[0]  # rewritten in place, up to the total
    assert lines[1].startswith("\rre-indexing search: ") and lines[1].endswith("1,200 of 1,200 people…")
    assert lines[2:] == [""]
    assert _everything(conn)["import_batch"] == [(done.batch_id, "undone", 2)]


def test_import_undo_is_silent_off_a_terminal(seeded_store, tmp_path):
    _conn, _ids, path = seeded_store
    f = tmp_path / "people.csv"
    f.write_text("full_name,email\n" + "".join(f"P {i},p{i}@x.example\n" for i in range(50)), encoding="utf-8")
    assert run("import", str(f), "--db", str(path)).returncode == 0
    undone = run("import", "undo", "1", "--db", str(path))
    assert (undone.returncode, undone.stderr) == (0, "")
    assert undone.stdout.startswith("Undid import batch 1:")


def test_an_import_says_when_every_row_is_written_and_it_saves(seeded_store, tmp_path, monkeypatch):
    """`deskcrm import FILE` on a terminal: the rows' line, then "saving: …" on its own line while the
    indexes, the search index and the commit run (seconds for a big file; was a silent wait)."""
    from deskcrm.cli import import_cli

    conn, _ids, path = seeded_store
    calls: list[tuple] = []
    apply_import(
        conn, [MappedRow(i + 2, {"full_name": f"Person {i}", "email": f"s{i}@stage.example"}) for i in range(50)],
        kind="people", file_name="stage.csv", format="generic", mapping="",
        progress=lambda d, t: calls.append((d, t)), stage=lambda what: calls.append((what,)))
    assert calls[-1] == ("finishing",) and calls[-2] == (50, None)  # after the last row's count

    err = _terminal(monkeypatch)
    csv = tmp_path / "more.csv"
    csv.write_text("full_name,email\n" + "".join(f"Other {i},o{i}@stage.example\n" for i in range(30)))
    import_cli.import_file(str(path), None, csv, None, None, False, False, False, False)
    lines = err.getvalue().split("\n")
    assert lines[0].endswith("importing: 30 of 30 rows…"), lines
    assert lines[1] == "saving: the indexes, the search index…", lines
