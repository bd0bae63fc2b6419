"""`deskcrm pool list|show NAME [--json]`: real processes, both engines; hostile pool and person
names printed literally, cleaned."""

from __future__ import annotations

import json

from clirun import assert_one_line_error, run
from seed import Names, index, seed

from deskcrm.store import db, pools

HOSTILE = "[/]\x1b[31m[@click=app.quit]\u202eevil"


def test_list_and_show_both_kinds(desk_path, today):
    ids = seed(desk_path)
    index(desk_path)
    conn = db.connect(desk_path)
    try:
        pools.add_to_pool(conn, "Rust contractors", [ids["dev"], ids["eva"], ids["farah"]])
        pools.create_pool(conn, "Passive", query="status:passive", ids=[ids["farah"]])
    finally:
        conn.close()
    listed = run("pool", "list", "--db", str(desk_path), "--json")
    assert listed.returncode == 0, listed.stderr
    got = {p["name"]: p for p in json.loads(listed.stdout)}
    assert got["Rust contractors"]["people"] == 3 and got["Rust contractors"]["kind"] == "hand-picked"
    assert got["Passive"]["query"] == "status:passive"
    text = run("pool", "list", "--db", str(desk_path))
    assert "Rust contractors" in text.stdout and "2 pools" in text.stdout
    shown = run("pool", "show", "rust CONTRACTORS", "--db", str(desk_path), "--json")
    assert shown.returncode == 0, shown.stderr
    body = json.loads(shown.stdout)
    assert [p["id"] for p in body["people"]] == [ids["dev"], ids["eva"], ids["farah"]]  # by name
    assert body["cold"] == 1 and [p["cold"] for p in body["people"]] == [False, False, True]
    saved = json.loads(run("pool", "show", "Passive", "--db", str(desk_path), "--json").stdout)
    assert saved["people_count"] >= 1 and ids["farah"] in [p["id"] for p in saved["people"]]
    missing = run("pool", "show", "Nope", "--db", str(desk_path))
    assert missing.returncode == 2
    assert_one_line_error(missing, "no pool is called 'Nope'", "Rust contractors")


def test_hostile_names_are_printed_cleaned(desk_path, today):
    ids = seed(desk_path, Names.every(HOSTILE))
    conn = db.connect(desk_path)
    try:
        pools.add_to_pool(conn, "[b]x[/b] \u202e", [ids["dev"]])
    finally:
        conn.close()
    for args in (("pool", "list"), ("pool", "show", "[b]x[/b] \u202e")):
        result = run(*args, "--db", str(desk_path))
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
        assert "Traceback" not in result.stderr
    assert "[b]x[/b]" in run("pool", "list", "--db", str(desk_path)).stdout
