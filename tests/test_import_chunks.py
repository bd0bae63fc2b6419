"""An import planned a chunk at a time still finds a row's earlier self in an EARLIER chunk (its
keys then live in ``file_keys``' scratch file, not in memory) and names that line and its
label — on each engine of ``$DESKCRM_TEST_ENGINES``; the batch written is the same."""

from __future__ import annotations

from deskcrm.store.imports import MappedRow, plan
from deskcrm.store.imports.apply import apply_import, planner_for

HOSTILE = "Zoë [bold]Moss\x1b[2J"


def _rows() -> list[MappedRow]:
    given = [
        {"full_name": HOSTILE, "email": "zoe@chunks.example", "company": "Kestrel Labs"},
        {"full_name": "Ben Okafor", "phone": "+49 30 5550001"},
        {"full_name": "Eva Berg", "linkedin": "https://www.linkedin.com/in/eva-berg-chunks"},
        {"full_name": "Zoe Moss-Li", "email": "ZOE@chunks.example"},  # line 5: line 2's email
        {"full_name": "Benjamin O.", "phone": "+49 (30) 555-0001"},  # line 6: line 3's phone
        {"full_name": "E. Berg", "linkedin": "linkedin.com/in/Eva-Berg-Chunks/"},  # line 7: line 4's
        {"full_name": "Zoe [bold]Mos\x1b[2J", "company": "Kestrel Labs"},  # line 8: close to line 2, same company
        {"full_name": "Kira Lund", "email": "kira@chunks.example"},
    ]
    return [MappedRow(i + 2, v) for i, v in enumerate(given)]


def test_duplicates_across_chunks_name_their_earlier_line(seeded_store, monkeypatch):
    conn = seeded_store[0]
    monkeypatch.setattr(plan, "CHUNK", 2)  # lines 2-3, 4-5, 6-7, 8-9
    planned = {p.line: p for chunk in planner_for(conn, "people").chunks(_rows()) for p in chunk}
    assert [planned[line].action for line in range(2, 10)] == ["new"] * 3 + ["duplicate"] * 4 + ["new"]
    assert planned[5].reason == f"same email zoe@chunks.example as line 2 ({HOSTILE})"
    assert planned[6].reason == "same phone +49305550001 as line 3 (Ben Okafor)"
    assert planned[7].reason == "same LinkedIn linkedin.com/in/eva-berg-chunks as line 4 (Eva Berg)"
    assert planned[8].reason.startswith("similar name at Kestrel Labs (")
    assert planned[8].reason.endswith(f"as line 2 ({HOSTILE})")

    done = apply_import(conn, _rows(), kind="people", file_name="chunks.csv", format="generic", mapping="")
    assert done.counts == {"new": 4, "update": 0, "unchanged": 0, "duplicate": 4, "error": 0}
    names = {r[0] for r in conn.execute("SELECT name FROM person WHERE source = 'Import: chunks.csv'")}
    assert names == {HOSTILE, "Ben Okafor", "Eva Berg", "Kira Lund"}
