"""Custom field definitions and values (store.custom_fields, store.custom_values, store.custom_index),
on both engines: add, rename, reorder, archive (the data kept and counted), values checked and
indexed for the filters in the same transaction as the record."""

from __future__ import annotations

import json

import pytest

from deskcrm.store import custom_fields as cf
from deskcrm.store import db, journal, person_write
from deskcrm.store.errors import Conflict, Invalid


@pytest.fixture
def conn(db_path):
    c = db.connect(db_path)
    yield c
    c.close()


def _person(conn, name="Jane Roe", **custom):
    values = {"name": name, "source": "Referral", **{f"custom_{k}": v for k, v in custom.items()}}
    return person_write.create_person(conn, values).person_id


def _custom(conn, pid):
    return json.loads(conn.execute("SELECT custom FROM person WHERE id = ?", (pid,)).fetchone()[0])


def _index(conn, pid):
    return sorted(((w, n) for w, n in conn.execute(
        "SELECT word, num FROM custom_value WHERE person_id = ?", (pid,))), key=lambda r: (r[0] or "", r[1] or 0))


def test_definitions_add_rename_reorder_archive_keep_the_data(conn):
    clearance = cf.add_field(conn, "candidate", "Security clearance", "choice", choices=["SC", "DV", " sc ", "BPSS"]).field
    rate = cf.add_field(conn, "candidate", "Day rate", "money", required=False).field
    assert (clearance.key, clearance.choices) == ("security_clearance", ("SC", "DV", "BPSS"))
    assert [f.label for f in cf.list_fields(conn)] == ["Security clearance", "Day rate"]
    pid = _person(conn, security_clearance="sc", day_rate="650 GBP")
    assert _custom(conn, pid) == {"security_clearance": "SC", "day_rate": {"amount": 650.0, "currency": "GBP"}}
    assert _index(conn, pid) == [(None, 650.0), ("sc", None)]

    renamed = cf.rename_field(conn, clearance.id, "Clearance", expected_version=clearance.version).field
    assert (renamed.key, renamed.label) == ("security_clearance", "Clearance")  # the key, so the data, stays
    with pytest.raises(Conflict):
        cf.rename_field(conn, clearance.id, "Again", expected_version=clearance.version).field  # stale
    cf.move_field(conn, rate.id, -1)
    assert [f.label for f in cf.list_fields(conn)] == ["Day rate", "Clearance"]

    renamed = cf.get_field(conn, renamed.id)  # the move swapped positions: a new version
    archived = cf.archive_field(conn, renamed.id, expected_version=renamed.version).field
    assert archived.archived and [f.label for f in cf.list_fields(conn, archived=False)] == ["Day rate"]
    assert _custom(conn, pid)["security_clearance"] == "SC"  # kept
    assert cf.holding(conn, archived) == 1
    back = cf.archive_field(conn, archived.id, False, expected_version=archived.version).field
    assert not back.archived


def test_bad_definitions_name_the_field(conn):
    with pytest.raises(Invalid) as err:
        cf.add_field(conn, "candidate", "Clearance", "choice", choices=[]).field
    assert "choices" in err.value.field_errors
    with pytest.raises(Invalid) as err:
        cf.add_field(conn, "candidate", "  ", "text").field
    assert "label" in err.value.field_errors
    cf.add_field(conn, "person", "Visa", "yes_no").field
    with pytest.raises(Invalid) as err:
        cf.add_field(conn, "candidate", "visa", "text").field  # person and candidate share the record
    assert "already has" in err.value.field_errors["label"]
    with pytest.raises(Invalid):
        cf.add_field(conn, "planet", "X", "text").field


def test_values_are_checked_required_enforced_and_edits_reindex(conn):
    cf.add_field(conn, "person", "Visa", "yes_no", required=True).field
    cf.add_field(conn, "candidate", "Certified", "choices", choices=["AWS", "GCP", "Azure"]).field
    cf.add_field(conn, "candidate", "Started", "date").field
    with pytest.raises(Invalid) as err:
        _person(conn)
    assert err.value.field_errors == {"custom_visa": "required"}
    with pytest.raises(Invalid) as err:
        _person(conn, visa="maybe", certified="aws, oracle")
    assert err.value.field_errors["custom_visa"] == "yes or no"
    assert "one of: AWS, GCP, Azure" in err.value.field_errors["custom_certified"]
    pid = _person(conn, visa="yes", certified="aws, Gcp", started="2026-03-01")
    assert _custom(conn, pid) == {"visa": True, "certified": ["AWS", "GCP"], "started": "2026-03-01"}
    version = conn.execute("SELECT version FROM person WHERE id = ?", (pid,)).fetchone()[0]
    saved = person_write.update_person(conn, pid, {"custom_visa": False, "custom_certified": ""},
                                       expected_version=version)
    assert _custom(conn, pid) == {"visa": False, "started": "2026-03-01"}
    assert ("no", None) in _index(conn, pid) and ("aws", None) not in _index(conn, pid)
    with db.write(conn):
        journal.undo(conn, saved.txn)
    assert _custom(conn, pid)["certified"] == ["AWS", "GCP"]
    assert ("aws", None) in _index(conn, pid)  # the filter rows follow the undo
    loaded = person_write.load_for_edit(conn, pid)
    assert loaded["custom_certified"] == "AWS, GCP" and loaded["custom_visa"] == "yes"


def test_hostile_labels_and_values_are_kept_as_typed(conn):
    label = "[/]Clear\x1b[31m"
    f = cf.add_field(conn, "person", label, "text").field
    pid = _person(conn, **{f.key: "[@click=app.quit] \u202eevil"})
    assert _custom(conn, pid)[f.key] == "[@click=app.quit] \u202eevil"
    assert cf.get_field(conn, f.id).label == label


def test_company_and_job_fields_are_checked_kept_and_shown(conn):
    from deskcrm.store import companies_write, jobs_write
    from deskcrm.store.account import load_account
    from deskcrm.domain import clock

    tier = cf.add_field(conn, "company", "Tier", "choice", choices=["Gold", "Silver"], required=True).field
    cf.add_field(conn, "job", "Security vetting", "yes_no")
    with pytest.raises(Invalid) as err:
        companies_write.create_company(conn, {"name": "Acme"})
    assert err.value.field_errors == {"custom_tier": "required"}
    company = companies_write.create_company(conn, {"name": "Acme", "custom_tier": "gold"}).id
    account = load_account(conn, company, today=clock.today())
    assert account.custom == (("Tier", "Gold"),) and account.custom_values == {"tier": "Gold"}
    version = conn.execute("SELECT version FROM company WHERE id = ?", (company,)).fetchone()[0]
    companies_write.update_company(conn, company, {"custom_tier": "Silver"}, expected_version=version)
    assert json.loads(conn.execute("SELECT custom FROM company WHERE id = ?", (company,)).fetchone()[0]) == {
        "tier": "Silver"}
    cf.archive_field(conn, tier.id, expected_version=tier.version)
    assert load_account(conn, company, today=clock.today()).custom == ()  # archived: off the screen, kept
    assert cf.holding(conn, cf.get_field(conn, tier.id)) == 1

    job = jobs_write.create_job(conn, company, {"title": "Data engineer", "custom_security_vetting": "yes"}).job_id
    assert json.loads(conn.execute("SELECT custom FROM job_order WHERE id = ?", (job,)).fetchone()[0]) == {
        "security_vetting": True}
    with pytest.raises(Invalid) as err:
        jobs_write.update_job(conn, job, {"custom_security_vetting": "perhaps"}, expected_version=1)
    assert err.value.field_errors == {"custom_security_vetting": "yes or no"}
    jobs_write.update_job(conn, job, {"custom_security_vetting": "no"}, expected_version=1)
    assert jobs_write.job_for_edit(conn, job).values["custom"] == {"security_vetting": False}

    from deskcrm.store.boards import job_header

    assert job_header(conn, job).custom == (("Security vetting", "no"),)  # the pipeline's details line
    bare = jobs_write.create_job(conn, company, {"title": "Analyst"}).job_id
    assert job_header(conn, bare).custom == ()


def test_a_placement_holds_its_custom_fields(seeded_store):
    from datetime import date

    from deskcrm.domain.pipeline_rules import PlacementInput
    from deskcrm.store import moves

    conn, ids, _ = seeded_store
    cf.add_field(conn, "placement", "Purchase order", "text", required=True)
    sub = ids["sub_dev"]
    version = conn.execute("SELECT version FROM submission WHERE id = ?", (sub,)).fetchone()[0]
    given = PlacementInput(date(2026, 12, 1), date(2027, 1, 4), 90_000.0, "EUR", 20.0, None, custom={})
    with pytest.raises(Invalid) as err:
        moves.move_submission(conn, sub, "placed", expected_version=version, placement=given)
    assert err.value.field_errors == {"custom_purchase_order": "required"}
    import dataclasses

    done = moves.move_submission(conn, sub, "placed", expected_version=version,
                                 placement=dataclasses.replace(given, custom={"custom_purchase_order": "PO-42"}))
    stored = conn.execute("SELECT custom FROM placement WHERE id = ?", (done.placement_id,)).fetchone()[0]
    assert json.loads(stored) == {"purchase_order": "PO-42"}
    from deskcrm.store.people import load_person
    from deskcrm.screens.person_panels import placements_panel

    record = load_person(conn, conn.execute("SELECT person_id FROM submission WHERE id = ?", (sub,)).fetchone()[0])
    placed = next(p for p in record.placements if p.id == done.placement_id)
    assert placed.custom == (("Purchase order", "PO-42"),)
    assert "  Purchase PO-42" in str(placements_panel(record.placements, date(2026, 12, 7)))


def test_an_erasure_leaves_no_custom_value_behind(conn):
    from deskcrm.store import erasure

    f = cf.add_field(conn, "candidate", "Clearance notes", "long_text").field
    pid = _person(conn, "Zara Secret", **{f.key: "vetted by agency 7 in Zurich"})
    assert _index(conn, pid)
    erasure.erase(conn, pid, data_dir=None, confirm_name="Zara Secret")
    assert _index(conn, pid) == []
    assert conn.execute("SELECT count(*) FROM custom_value WHERE word = 'zurich'").fetchone()[0] == 0


def test_a_value_off_the_list_since_never_blocks_other_edits(conn):
    f = cf.add_field(conn, "candidate", "Clearance", "choice", choices=["SC", "CTC"]).field
    pid = _person(conn, clearance="ctc")
    cf.set_choices(conn, f.id, ["SC", "DV"], expected_version=f.version)
    version = conn.execute("SELECT version FROM person WHERE id = ?", (pid,)).fetchone()[0]
    person_write.update_person(conn, pid, {"custom_clearance": "CTC", "city": "Leeds"}, expected_version=version)
    assert _custom(conn, pid) == {"clearance": "CTC"}  # kept as it was
    with pytest.raises(Invalid):
        person_write.update_person(conn, pid, {"custom_clearance": "TS"}, expected_version=version + 1)


def test_a_merge_keeps_both_records_custom_values(conn):
    from deskcrm.store import merge

    cf.add_field(conn, "candidate", "Clearance", "choice", choices=["SC", "DV"])
    cf.add_field(conn, "candidate", "Day rate", "money")
    keep = _person(conn, "Kim Keep", clearance="sc")
    drop = _person(conn, "Kim Kept", clearance="dv", day_rate="600")
    version = conn.execute("SELECT version FROM person WHERE id = ?", (keep,)).fetchone()[0]
    merge.merge(conn, keep, drop, keep_version=version)
    assert _custom(conn, keep) == {"clearance": "SC", "day_rate": {"amount": 600.0, "currency": "EUR"}}
    assert (None, 600.0) in _index(conn, keep)
