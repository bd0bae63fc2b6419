"""Issue 12 item 8: a big import into an almost empty SQLite desk indexes each chunk's new people
right after the chunk, from the values it wrote (``search_index.new_person_row``), while the
indexes the search index query joins by are down. Those rows are exactly what
``rebuild_person_index`` makes of the same desk: the whole ``person_fts`` compared, for a people
file and a contacts file, with the words the index spells (C#, .NET), empty cells, a desk company
named otherwise than the file names it, and hostile strings."""

from __future__ import annotations

import pytest
from test_import_bulk import _name
from test_import_write import index_rows, rows

from deskcrm.store import db
from deskcrm.store.imports import bulk_indexes
from deskcrm.store.imports.apply import apply_import
from deskcrm.store.search_index import rebuild_person_index

HOSTILE = ("[/]", "[@click=app.quit]", "\x1b[31m", "\u202eevil\u202c")


def _file(tag: str) -> list:
    out = [
        {"full_name": "Nina C#", "email": f"nina@{tag}.example", "company": "acme ltd.", "title": "CTO",
         "skills": "C#, .NET, go", "headline": "  C++ and F# dev  ", "notes": "ASP.NET c# shop", "city": "Köln"},
        {"full_name": "Omar Haddad", "company": "Brand New Co", "phone": "+49 30 1234567", "city": " "},
        {"full_name": "Lena Plain", "email": f"lena@{tag}.example"},  # nothing but a name and an email
        {"full_name": "Zed Ortiz", "email": f"zed@{tag}.example", "headline": ".net", "company": "ACME LTD"},
    ]
    out += [{"full_name": f"{h} Person {i}", "email": f"h{i}@{tag}.example", "headline": h, "notes": h,
             "city": h, "skills": h, "company": f"{h} Co"} for i, h in enumerate(HOSTILE)]
    out += [{"full_name": _name(i), "email": f"bulk{i}@{tag}.example",
             **({"company": f"Company {i % 7}", "title": "Dev"} if i % 3 == 0 else {})} for i in range(1100)]
    return rows(*out)  # more than a chunk (1,000 rows): two chunks indexed


@pytest.mark.parametrize("kind", ["people", "contacts"])
def test_chunk_by_chunk_index_rows_are_a_rebuilds(seeded_store, monkeypatch, kind):
    conn = seeded_store[0]
    if db.engine(conn) != "sqlite":
        pytest.skip("PostgreSQL keeps its indexes and indexes the new people on its own path")
    monkeypatch.setattr(bulk_indexes, "MIN_ROWS", 0)  # any import with a known length takes the indexes down
    monkeypatch.setattr(bulk_indexes, "SHARE", 0)
    with db.write(conn):
        rebuild_person_index(conn)  # the seeded desk's people indexed
    given = _file(kind)
    done = apply_import(conn, given, kind=kind, file_name="f.csv", format="generic", mapping="", total=len(given),
                        parallel=False)
    assert done.counts["new"] > 1000 and done.counts["error"] == 0
    imported = index_rows(conn)
    assert len(imported) == conn.execute("SELECT count(*) FROM person WHERE erased_at IS NULL").fetchone()[0]
    with db.write(conn):
        rebuild_person_index(conn)
    assert index_rows(conn) == imported
    employer = conn.execute("SELECT employer FROM person_fts WHERE name = 'Zed Ortiz'").fetchone()[0]
    assert employer == ("ACME LTD" if kind == "people" else "Acme Ltd")  # the profile's, else the role's company
