"""Issue 12 item 8: a chunk whose new rows all leave the optional fields alike writes those once
into each statement (``imports.new_rows.Shape``), not bound with every row. What lands is what
the every-column shape writes: the same file imported both ways (undone between), every table
and the search index compared — a file of alike rows, one of mixed rows, hostile strings in the
written-once values (a quote, markup, escapes: SQL literals), with the indexes up and down."""

from __future__ import annotations

import pytest
from test_import_bulk import _name
from test_import_write import desk, records, rows  # noqa: F401 - desk: a fixture

from deskcrm.store import db
from deskcrm.store.imports import bulk_indexes, new_rows
from deskcrm.store.imports.apply import apply_import
from deskcrm.store.imports.batches import undo_batch

HOSTILE = "O'Hara [/] [@click=app.quit] \x1b[31m \u202eevil\u202c"


def _alike(n: int = 40) -> list:
    return rows(*({"full_name": _name(i), "email": f"alike{i}@x.example", "company": f"Co {i % 3}",
                   "title": "Dev", "skills": "go, sql", "city": "Köln", "source": HOSTILE, "tags": "x, y",
                   "status": "active", "currency": "GBP", "hiring_manager": "yes"} for i in range(n)))


def _mixed() -> list:
    return rows(
        {"full_name": "Mia Notes", "email": "mia@x.example", "notes": HOSTILE, "company": "Acme Ltd"},
        {"full_name": "Ole Salary", "email": "ole@x.example", "salary": "85k", "currency": "EUR", "title": "CTO"},
        {"full_name": "Pia Plain", "email": "pia@x.example", "company": "Brand New Co", "hiring_manager": "no"},
        {"full_name": "Rui Boss", "phone": "+49 30 7654321", "company": "Brand New Co", "hiring_manager": "yes",
         "tags": "vip", "source": "Referral", "status": "placed"},
    )


def _import(conn, given: list, kind: str):
    return apply_import(conn, given, kind=kind, file_name=f"{HOSTILE}.csv", format="generic", mapping="",
                        total=len(given), parallel=False)


def _restart_ids(conn) -> None:
    """PostgreSQL: the sequences back to the tables' largest ids, as SQLite's ``max(id) + 1`` is."""
    if db.engine(conn) != "postgresql":
        return
    with db.write(conn):
        for table in ("person", "company", "consent", "contact_role"):
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false)"
                         f" FROM {table}")


@pytest.mark.parametrize("kind", ["people", "contacts"])
@pytest.mark.parametrize("down", [False, True], ids=["indexes up", "indexes down"])
def test_either_shape_writes_the_same_rows(desk, monkeypatch, kind, down):  # noqa: F811
    conn = desk[0]
    if down:
        if db.engine(conn) != "sqlite":
            pytest.skip("PostgreSQL keeps its indexes")
        monkeypatch.setattr(bulk_indexes, "MIN_ROWS", 0)
        monkeypatch.setattr(bulk_indexes, "SHARE", 0)
    shapes: list[bool] = []
    real = new_rows.Shape.of.__func__

    def spied(cls, people, source, owner=None):
        shape = real(cls, people, source, owner)
        shapes.append(shape.alike is not None)
        return shape

    for given in (_alike(), _mixed()):
        monkeypatch.setattr(new_rows.Shape, "of", classmethod(spied))
        done = _import(conn, given, kind)
        natural = records(conn)
        undo_batch(conn, done.batch_id)
        _restart_ids(conn)
        monkeypatch.setattr(new_rows.Shape, "of", classmethod(lambda cls, people, source, owner=None: cls(source, None, owner)))
        done = _import(conn, given, kind)
        assert records(conn) == natural
        undo_batch(conn, done.batch_id)
        _restart_ids(conn)
    assert shapes == [True, False]  # the alike file written once-per-statement, the mixed one bound


def test_a_shape_is_alike_only_when_every_optional_field_is():
    from deskcrm.store.imports.rows import PersonIn

    a = PersonIn("A", source="S", tags=("x",))
    assert new_rows.Shape.of([a, a._replace(name="B")], "file").alike == a
    for differs in ({"source": None}, {"tags": ()}, {"notes": "n"}, {"owner_id": 2}, {"custom": "{}"},
                    {"status": "active"}, {"currency": "EUR"}, {"hiring_manager": True}):
        assert new_rows.Shape.of([a, a._replace(**differs)], "file").alike is None
    assert new_rows.Shape.of([a._replace(salary=1.0)] * 2, "file").alike is None  # a float: bound
    assert new_rows.Shape.of([], "file").alike is None


def test_new_rows_take_the_ids_the_journal_records(desk):  # noqa: F811
    """On SQLite a new row's id is not bound: the table gives it (its largest + 1), and that is
    the id the journal records, the profile, consent and role rows point at, and undo deletes."""
    from deskcrm.store.created_rows import keys

    conn = desk[0]
    done = _import(conn, _alike(), "people")
    ids = [r[0] for r in conn.execute("SELECT id FROM person WHERE source = ? ORDER BY id", (HOSTILE,))]
    assert len(ids) == 40 and ids == list(range(ids[0], ids[0] + 40))
    journaled = {e: keys(a) for e, a in conn.execute(
        "SELECT entity, after FROM event WHERE txn = ? AND action = 'insert_ids'", (done.txn,))}
    assert journaled["person"] == ids
    for table in ("candidate_profile", "consent", "contact_role"):
        assert sorted(r[0] for r in conn.execute(f"SELECT person_id FROM {table} WHERE person_id >= ?", (ids[0],))) == ids
    for table in ("consent", "contact_role"):
        assert journaled[table] == [r[0] for r in conn.execute(f"SELECT id FROM {table} WHERE person_id >= ? ORDER BY id",
                                                                 (ids[0],))]
    before = records(conn)
    undo_batch(conn, done.batch_id)
    assert not conn.execute("SELECT 1 FROM person WHERE id >= ?", (ids[0],)).fetchall() and records(conn) != before
