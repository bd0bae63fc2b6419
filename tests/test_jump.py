"""Jump anywhere: the store lookup (ranking, fuzzy, limits, punctuation) and the palette
(ctrl+p / ':' , a few letters, enter -> the record's screen)."""

from __future__ import annotations

import asyncio

import pytest
from seed import index, screen_text, seed, settle

from deskcrm.config import settings as settings_mod
from deskcrm.app import DeskApp
from deskcrm.screens import open_record
from deskcrm.store import db
from deskcrm.store.jump import find, score, words

SIZE = (120, 40)


@pytest.fixture
def desk(desk_path, today):
    path = desk_path
    ids = seed(path)
    index(path)
    return path, ids


def lookup(path, q, **kw):
    conn = db.connect(path)
    try:
        return find(conn, q, **kw)
    finally:
        conn.close()


def test_words_and_scores():
    assert words("  Jan  Sm!") == ["jan", "sm"]
    exact = score("Jan Smith", ["jan", "smith"])
    prefix = score("Jan Smithers", ["jan", "smith"])
    any_order = score("Smith, Jan", ["jan", "sm"])
    typo = score("Jan Smith", ["jan", "smtih"])
    left_out = score("Backend Engineer", ["bknd"])
    assert exact == 1.0 > prefix > any_order > typo > 0
    assert left_out > 0
    assert score("Amstelhof Components", ["acme"]) == 0  # not everything is a fuzzy match
    assert score("Senior Radiographer", ["sarah"]) == 0


def test_people_companies_and_jobs_by_name(desk):
    path, ids = desk
    hits = lookup(path, "lena hof")
    assert (hits[0].kind, hits[0].id, hits[0].label) == ("person", ids["lena"], "Lena Hoffmann")
    assert hits[0].detail == "Senior Backend Engineer, payments · Berlin"
    north = lookup(path, "northw")
    assert (north[0].kind, north[0].id) == ("company", ids["northwind"])
    assert north[0].detail == "Client · London · Active client"
    jobs = [h for h in lookup(path, "backend eng") if h.kind == "job"]
    assert jobs[0].id == ids["job_backend"] and jobs[0].detail == "Northwind Logistics · London · Interviewing"
    # a contact without a headline of their own shows where they work
    assert lookup(path, "cara")[0].label == "Cara Diaz"


def test_exact_before_prefix_before_fuzzy(desk):
    path, _ids = desk
    conn = db.connect(path)
    with db.write(conn):
        for name in ("Ana Silvanova", "Anabel Silva"):
            conn.execute(
                "INSERT INTO person (name, other_contacts, tags, custom, created_at, updated_at, version)"
                " VALUES (?, '[]', '[]', '{}', '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', 1)",
                (name,),
            )
    conn.close()
    index(path)
    people = [h.label for h in lookup(path, "ana silva") if h.kind == "person"]
    assert people[:3] == ["Ana Silva", "Ana Silvanova", "Anabel Silva"]
    assert [h.label for h in lookup(path, "ana slva")][:1] == ["Ana Silva"]  # a letter left out


def test_client_name_finds_its_jobs(desk):
    path, ids = desk
    hits = lookup(path, "globex product")
    assert any(h.kind == "job" and h.id == ids["job_pm"] for h in hits)


@pytest.mark.parametrize("q", ['"', "*", "AND", "NEAR(", "a", "", "  ", "(", "name:", "%", "_", "\\", "'; DROP"])
def test_punctuation_and_fts_syntax_never_fail(desk, q):
    path, _ids = desk
    lookup(path, q)  # no exception; "%" and "_" are not wildcards
    assert all(h.label for h in lookup(path, q))
    assert lookup(path, "%") == [] and lookup(path, "_ _") == []


def test_open_record_without_a_screen_says_so(monkeypatch):
    notes = []
    monkeypatch.setitem(open_record.RECORD_SCREENS, "company", "deskcrm.screens.no_such_module:X")
    monkeypatch.setattr(open_record.text, "notify", lambda node, message, **kw: notes.append(message))
    assert open_record.open_record(object(), "company", 1) is False
    assert notes == ["No screen for companies yet"]


async def jump(pilot, typed: str, *, key: str = "ctrl+p") -> None:
    await pilot.press(key)
    await pilot.pause()
    await pilot.press(*typed)
    for _ in range(20):  # the palette batches hits; wait until ours are listed
        await pilot.pause(0.05)
        if "Person " in screen_text(pilot.app) or "Client " in screen_text(pilot.app) or "Job " in screen_text(pilot.app):
            break
    await pilot.pause(0.3)


def test_palette_jumps_to_a_person(desk):
    path, ids = desk
    from deskcrm.screens.person import PersonScreen

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await jump(pilot, "lena ho")
            shown = screen_text(app)
            assert "Lena Hoffmann" in shown and "Senior Backend Engineer, payments · Berlin" in shown
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, PersonScreen) and app.screen.person_id == ids["lena"]
            assert "Lena Hoffmann" in screen_text(app)
            await pilot.press("escape")
            await settle(pilot)
            await jump(pilot, "dev pat", key="colon")  # ':' opens the same palette
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, PersonScreen) and app.screen.person_id == ids["dev"]

    asyncio.run(go())


def test_palette_keeps_the_commands(desk):
    path, _ids = desk

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p", *"go to sea")
            await pilot.pause(0.5)
            assert "Go to Search" in screen_text(app)
            await pilot.press("enter")
            await settle(pilot)
            assert app.current_mode == "search"

    asyncio.run(go())


def test_palette_company_and_job(desk):
    path, _ids = desk

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            for typed, kind, key in (("northwind", "company", "northwind"), ("finance contr", "job", "job_finance")):
                await jump(pilot, typed)
                await pilot.press("enter")
                await settle(pilot)
                cls = open_record.screen_class(kind)
                if cls is None:
                    noun = open_record.NOUNS[kind]
                    assert f"No screen for {noun} yet" in screen_text(app)
                else:
                    assert isinstance(app.screen, cls)
                    await pilot.press("escape")
                    await settle(pilot)

    asyncio.run(go())


def test_a_paste_into_the_palette_box_is_cleaned(desk):
    path, _ids = desk
    from textual import events
    from textual.command import CommandInput

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p")
            await settle(pilot)
            app.post_message(events.Paste("lena\x1b[2J\u202e"))
            await settle(pilot)
            assert app.screen.query_one(CommandInput).value == "lena\u241b[2J\ufffd"

    asyncio.run(go())


def test_typos_and_accents_find_the_person_on_either_engine(desk):
    """A slip in the first letters (the last fuzzy step: any word a prefix on SQLite, trigram
    similarity on PostgreSQL) and accents left out still find the person."""
    path, _ids = desk
    conn = db.connect(path)
    with db.write(conn):
        for name in ("John Smithson", "Zoë Ångström", "Joan Smith"):
            conn.execute(
                "INSERT INTO person (name, other_contacts, tags, custom, created_at, updated_at, version)"
                " VALUES (?, '[]', '[]', '{}', '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', 1)",
                (name,),
            )
    conn.close()
    index(path)
    assert [h.label for h in lookup(path, "jhon smithson", kinds=("person",))][:1] == ["John Smithson"]
    assert [h.label for h in lookup(path, "zoe ang", kinds=("person",))][:1] == ["Zoë Ångström"]
    assert [h.label for h in lookup(path, "ZOË", kinds=("person",))][:1] == ["Zoë Ångström"]


def test_a_company_name_typed_in_full_comes_first(desk):
    """Issue 17: "Polaris Consulting" typed in full was 4th of 5, behind the numbered names it
    only begins; its legal form ("B.V.") does not make it a partial match."""
    path, _ids = desk
    conn = db.connect(path)
    with db.write(conn):
        for name in ("Polaris Consulting 2", "Polaris Consulting 3", "Polaris Consulting B.V.", "Polaris Consultants"):
            conn.execute(
                "INSERT INTO company (name, name_norm, name_key, bd_stage, fee_currency, payment_terms_days,"
                " guarantee_days, prorata_rule, created_at, updated_at, version)"
                " VALUES (?, lower(?), NULL, 'target', 'EUR', 30, 90, 'none', '2026-01-01 00:00:00.000000',"
                " '2026-01-01 00:00:00.000000', 1)", (name, name))
    conn.close()
    for typed in ("Polaris Consulting", "polaris consulting bv"):
        labels = [h.label for h in lookup(path, typed)]
        assert labels[0] == "Polaris Consulting B.V.", (typed, labels)
    assert {h.label for h in lookup(path, "Polaris Consulting")[1:3]} == {"Polaris Consulting 2", "Polaris Consulting 3"}
