"""Issue 15 item 3 (gap): a nurture batch — the nurture email to each of a set of people, those who
cannot get it said (no email, do not contact), each sent as its own message and outbox row: a refused
address fails that one alone and waits in the outbox (both engines, a real SMTP server on loopback)."""

from __future__ import annotations

import pytest
from mail_server import MailServer

from deskcrm.domain.mail_automations import problem
from deskcrm.store import outbox
from deskcrm.store.mail_batch import DO_NOT_CONTACT, NO_EMAIL, BatchSent, nurture_batch, send_batch, summary


@pytest.fixture
def desk(seeded_store):
    conn, ids, _path = seeded_store
    from deskcrm.store import db

    with db.write(conn):
        conn.execute("UPDATE person SET email = NULL, email_norm = NULL WHERE id = ?", (ids["george"],))
        conn.execute("UPDATE candidate_profile SET status = 'do_not_contact' WHERE person_id = ?", (ids["eva"],))
    return conn, ids


def test_the_batch_says_who_cannot_get_it(desk, tmp_path):
    conn, ids = desk
    with MailServer() as server:
        items = nurture_batch(conn, tmp_path, [ids["farah"], ids["george"], ids["eva"], ids["farah"], 999999],
                              server.settings(signature="Sam"))
    assert [(i.person_id, i.why_not) for i in items] == [(ids["farah"], None), (ids["george"], NO_EMAIL),
                                                         (ids["eva"], DO_NOT_CONTACT)]
    farah = items[0].draft
    assert farah.to == ("farah@example.com",) and farah.template == "candidate_nurture" and farah.subject == "Keeping in touch"
    assert farah.body.startswith("Hi Farah,") and farah.body.rstrip().endswith("Sam")


def test_each_goes_on_its_own_and_a_refused_one_waits_in_the_outbox(desk, tmp_path):
    conn, ids = desk
    with MailServer() as server:
        server.handler.refuse.add("dev@example.com")
        settings = server.settings()
        items = nurture_batch(conn, tmp_path, [ids["farah"], ids["dev"], ids["ivan"]], settings)
        seen: list[tuple[int, bool]] = []
        done = send_batch(conn, [i.draft for i in items], settings, lambda n, ok: seen.append((n, ok)))
    assert seen == [(1, True), (2, False), (3, True)]
    assert (done.sent, done.failed) == (2, 1) and len(done.txns) == 2 and "dev@example.com" in done.first_error
    assert sorted(r.recipients[0] for r in server.received) == ["farah@example.com", "ivan@example.com"]
    (kept,) = outbox.unsent(conn)
    assert kept.to == "dev@example.com" and kept.state == "failed"
    logged = conn.execute("SELECT person_id FROM activity WHERE kind = 'email' AND body LIKE 'Keeping in touch%'"
                          " ORDER BY person_id").fetchall()
    assert [r[0] for r in logged] == sorted([ids["farah"], ids["ivan"]])
    assert summary(done, 2) == "Sent 2, 2 skipped, 1 failed: in the Outbox"
    assert summary(BatchSent(12, 0, ()), 0) == "Sent 12"


def test_nurture_is_an_automation_of_the_config():
    assert problem("nurture", "send") is None and "must be one of" in problem("nurture", "always")
