"""Issue 15 (gap): a sent email is logged only on who it concerns — each person on its To / Cc (the
one it was written to when a To address is on file for nobody), and on the company only when a
recipient is the client's contact. A prep email to the candidate leaves the hiring manager's last
contact and the client's check-in alone (both engines)."""

from __future__ import annotations

import pytest

from deskcrm.domain.mail import Draft, MailSettings
from deskcrm.store import outbox
from deskcrm.store.mail_compose import compose
from deskcrm.store.mail_fields import About


@pytest.fixture
def desk(seeded_store, tmp_path):
    conn, ids, _path = seeded_store
    (tmp_path / "out").mkdir()  # the file method writes into a folder that is there (never makes one)
    return conn, ids, MailSettings(method="file", from_address="sam@agency.example", folder=str(tmp_path / "out"))


def _logged(conn, txn):
    rows = conn.execute("SELECT a.person_id, a.company_id FROM activity a JOIN event e ON e.entity = 'activity' "
                        "AND e.entity_id = a.id WHERE e.txn = ? AND a.kind = 'email' ORDER BY a.id", (txn,)).fetchall()
    return sorted(r[0] for r in rows if r[0] is not None), sorted(r[1] for r in rows if r[1] is not None)


def _last_contact(conn, table, key):
    return conn.execute(f"SELECT last_contact_at FROM {table} WHERE id = ?", (key,)).fetchone()[0]


def test_the_prep_email_is_logged_on_the_candidate_alone(desk, tmp_path):
    conn, ids, settings = desk
    about = About(person_id=ids["dev"], job_id=ids["job_backend"])
    prep = compose(conn, tmp_path, "interview_prep", about)
    assert prep.to == ("dev@example.com",) and prep.person_ids == (ids["dev"], ids["bo"])
    bo_before, northwind_before = _last_contact(conn, "person", ids["bo"]), _last_contact(conn, "company", ids["northwind"])
    sent = outbox.send(conn, prep, settings)
    assert _logged(conn, sent.txn) == ([ids["dev"]], [])
    assert _last_contact(conn, "person", ids["bo"]) == bo_before
    assert _last_contact(conn, "company", ids["northwind"]) == northwind_before


def test_the_confirmation_to_the_hiring_manager_is_logged_on_them_and_the_client(desk, tmp_path):
    conn, ids, settings = desk
    confirm = compose(conn, tmp_path, "interview_confirmation", About(person_id=ids["dev"], job_id=ids["job_backend"]))
    assert confirm.to == ("bo@example.com",) and confirm.person_ids == (ids["bo"], ids["dev"])
    sent = outbox.send(conn, confirm, settings)
    assert _logged(conn, sent.txn) == ([ids["bo"]], [ids["northwind"]])
    assert _last_contact(conn, "company", ids["northwind"]) is not None


def test_cc_counts_and_a_typed_address_is_the_one_written_tos(desk):
    conn, ids, settings = desk
    # Cc'd hiring manager: both logged, and the client (Bo is its contact)
    both = Draft(to=("DEV@example.com",), cc=("bo@example.com",), subject="S", body="B",
                 person_ids=(ids["dev"], ids["bo"]), company_id=ids["northwind"], job_id=ids["job_backend"])
    assert _logged(conn, outbox.send(conn, both, settings).txn) == (sorted([ids["dev"], ids["bo"]]), [ids["northwind"]])
    # an address typed for someone (on file for nobody): the one it was written to
    typed = Draft(to=("dev.private@mail.example",), subject="S", body="B", person_ids=(ids["dev"], ids["bo"]),
                  company_id=ids["northwind"])
    assert _logged(conn, outbox.send(conn, typed, settings).txn) == ([ids["dev"]], [])
    # somebody else on the desk, not in the draft: logged on them (they got it); not on the client
    other = Draft(to=("eva@example.com",), subject="S", body="B", person_ids=(ids["dev"],), company_id=ids["northwind"])
    assert _logged(conn, outbox.send(conn, other, settings).txn) == ([ids["eva"]], [])
