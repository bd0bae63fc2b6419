"""Issue 12, a Bullhorn candidate export as its users have them: its Status words (Available, Not
Looking, DNC, …) read as the desk's statuses through ONE table (``status_words``), a word not in
it refused naming the words taken; its ``candidateID`` (an ``id`` column) kept in the notes as
"candidateID: 501", never dropped. On each engine of ``$DESKCRM_TEST_ENGINES``."""

from __future__ import annotations

import json

import pytest
from clirun import run
from hypothesis import given
from hypothesis import strategies as st

from deskcrm.store.imports import Mapping, MappedRow, mapped, mapper, SourceRow
from deskcrm.store.imports.status_words import STATUS_WORDS, status_of
from deskcrm.store.person_write import STATUSES

HEADER = "candidateID,firstName,lastName,email,status\n"


def test_the_table_reads_every_desk_status_and_nothing_else():
    assert tuple(STATUS_WORDS) == STATUSES
    assert [status_of(w) for w in ("Available", "Not Looking", "New Lead", "Unavailable", "Archive", "DNC",
                                   "Do Not Contact", "do_not_contact", "Placed", "PASSIVE", "Active")] == [
        "active", "passive", "active", "passive", "passive", "do_not_contact", "do_not_contact", "do_not_contact",
        "placed", "passive", "active"]
    assert status_of("Maybe") is None and status_of("") is None


@given(st.sampled_from([(w, s) for s, words in STATUS_WORDS.items() for w in words]),
       st.sampled_from([" ", "_", "-", "  "]), st.sampled_from([str.upper, str.title, str.lower]))
def test_any_spelling_of_a_word_reads_the_same(pair, joint, case):
    word, status = pair
    assert status_of(case(f"  {word.replace(' ', joint)} ")) == status


def test_an_id_column_is_kept_under_its_header():
    mapping = Mapping(kind="people", format="bullhorn_candidates",
                      columns={"candidateID": "id", "firstName": "first_name", "Shoe": "custom:Shoe"})
    row = SourceRow(2, {"candidateID": "501", "firstName": "Nina", "Shoe": "42"})
    expected = MappedRow(2, {"first_name": "Nina"}, (("candidateID", "501"), ("Shoe", "42")))
    assert mapped(row, mapping) == expected
    assert mapper(mapping, ["candidateID", "firstName", "Shoe"])(2, ["501", "Nina", "42"]) == expected


def test_a_bullhorn_export_with_its_status_words_and_ids(seeded_store, tmp_path):
    conn, _ids, path = seeded_store
    path = str(path)
    f = tmp_path / "candidates.csv"
    f.write_text(HEADER + "501,Nina,Brandt,nina@bh.example,Available\n502,Omar,Haddad,omar@bh.example,Not Looking\n"
                 "503,Pia,Lund,pia@bh.example,DNC\n", encoding="utf-8")
    result = run("import", str(f), "--json", "--db", path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["counts"]["new"] == 3
    got = conn.execute("SELECT p.email, cp.status, p.notes FROM person AS p JOIN candidate_profile AS cp"
                       " ON cp.person_id = p.id WHERE p.email LIKE '%@bh.example' ORDER BY p.email").fetchall()
    assert got == [("nina@bh.example", "active", "candidateID: 501"),
                   ("omar@bh.example", "passive", "candidateID: 502"),
                   ("pia@bh.example", "do_not_contact", "candidateID: 503")]


def test_a_status_word_not_in_the_table_is_refused_naming_the_words_taken(seeded_store, tmp_path):
    conn, _ids, path = seeded_store
    path = str(path)
    f = tmp_path / "candidates.csv"
    f.write_text(HEADER + "501,Nina,Brandt,nina@bh.example,Maybe Later\n", encoding="utf-8")
    result = run("import", str(f), "--db", path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    said = result.stdout + result.stderr
    assert 'line 2, status "Maybe Later": not a status this import reads' in said
    assert "active: active, available, new lead" in said and "do_not_contact: do not contact, dnc" in said
