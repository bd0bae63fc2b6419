"""A submittal sent (issue 15 item 4), in the store on both engines: the message reaches a real
SMTP server on loopback with the summary and the CVs, then the candidates move to Submitted in one
transaction with an email activity each; a failed send or a stale card moves nothing."""

from __future__ import annotations

import pytest
from mail_server import MailServer
from seed import Names
from submittal_desk import pipeline_desk

from deskcrm.config import paths
from deskcrm.store import db, journal
from deskcrm.store.errors import Conflict
from deskcrm.store.mail_transport import SendFailed
from deskcrm.store.submittal_send import send_submittal


@pytest.fixture
def desk(desk_path, today, tmp_path):
    ids = pipeline_desk(desk_path, tmp_path)
    conn = db.connect(desk_path)
    yield conn, ids
    conn.close()


def _subs(conn, ids, *who):
    return {r[0]: r[1] for r in conn.execute(
        "SELECT id, version FROM submission WHERE job_id = ? AND person_id IN (?, ?) ORDER BY id",
        (ids["job_backend"], *(ids[w] for w in who)))}


def _stages(conn, ids):
    return dict(conn.execute("SELECT person_id, stage FROM submission WHERE job_id = ? AND person_id IN (?, ?)",
                             (ids["job_backend"], ids["farah"], ids["george"])).fetchall())


def test_sent_then_moved_in_one_transaction_with_an_email_on_each_timeline(desk):
    conn, ids = desk
    with MailServer() as server:
        done = send_submittal(conn, ids["job_backend"], _subs(conn, ids, "farah", "george"), to=("bo@example.com",),
                              subject="Two for the backend role", anonymised=True, settings=server.settings(),
                              data_dir=paths.data_dir(), region="GB")
    (got,) = server.received
    assert got.recipients == ["bo@example.com"] and got.message["Subject"] == "Two for the backend role"
    body = got.message.get_body(("plain",)).get_content()
    assert "Candidate A" in body and "Candidate B" in body and "Farah" not in body and "Khan" not in body
    files = {p.get_filename(): p.get_content() for p in got.message.iter_attachments()}
    assert sorted(files) == ["Candidate A - CV.txt", "Candidate B - CV.txt"]
    assert "Kubernetes operator" in files["Candidate A - CV.txt"] and "farah@" not in files["Candidate A - CV.txt"]
    assert {p.get_content_charset() for p in got.message.iter_attachments()} == {"utf-8"}  # text, said to be UTF-8
    assert done.moved == 2 and done.message == "Submittal sent to bo@example.com: 2 candidates, 2 moved to Submitted"
    assert _stages(conn, ids) == {ids["farah"]: "submitted", ids["george"]: "submitted"}
    for who in ("farah", "george"):
        (email,) = conn.execute("SELECT body FROM activity WHERE kind = 'email' AND person_id = ? AND job_id = ?",
                                (ids[who], ids["job_backend"])).fetchall()
        assert email[0].startswith("Submittal sent to bo@example.com: Two for the backend role")
    manager = conn.execute("SELECT body FROM activity WHERE kind = 'email' AND person_id = ?", (ids["bo"],)).fetchall()
    assert [r[0].split("\n")[0] for r in manager] == ["Two for the backend role"]  # the outbox's log
    people = conn.execute("SELECT people FROM outbox WHERE id = ?", (done.outbox_id,)).fetchone()[0]
    assert people == f",{ids['bo']},{ids['farah']},{ids['george']},"  # what an erasure looks for
    events = conn.execute("SELECT count(DISTINCT txn) FROM event WHERE txn = ?", (done.txn,)).fetchone()[0]
    assert events == 1
    with db.write(conn):
        journal.undo(conn, done.txn)  # ctrl+z: the moves back (the message has gone)
    assert _stages(conn, ids) == {ids["farah"]: "sourced", ids["george"]: "sourced"}


def test_a_failed_send_moves_nothing_and_logs_nothing(desk):
    conn, ids = desk
    before = conn.execute("SELECT count(*) FROM activity").fetchone()[0]
    with MailServer() as server:
        server.handler.refuse.add("bo@example.com")
        with pytest.raises(SendFailed, match="refused the recipient"):
            send_submittal(conn, ids["job_backend"], _subs(conn, ids, "farah", "george"), to=("bo@example.com",),
                           subject="S", anonymised=False, settings=server.settings(), data_dir=paths.data_dir())
    assert _stages(conn, ids) == {ids["farah"]: "sourced", ids["george"]: "sourced"}
    assert conn.execute("SELECT count(*) FROM activity").fetchone()[0] == before
    (kept,) = conn.execute("SELECT state, people FROM outbox").fetchall()  # kept to retry, erasable with them
    assert tuple(kept) == ("failed", f",{ids['bo']},{ids['farah']},{ids['george']},")


def test_a_card_changed_elsewhere_sends_nothing(desk):
    conn, ids = desk
    stale = {k: v - 1 if i == 0 else v for i, (k, v) in enumerate(_subs(conn, ids, "farah", "george").items())}
    with MailServer() as server:
        with pytest.raises(Conflict, match=f"{Names.farah} was changed elsewhere"):
            send_submittal(conn, ids["job_backend"], stale, to=("bo@example.com",), subject="S", anonymised=False,
                           settings=server.settings(), data_dir=paths.data_dir())
    assert server.received == [] and _stages(conn, ids)[ids["farah"]] == "sourced"


def test_a_cv_sent_under_their_name_makes_the_art14_notice_due_now_anonymised_does_not(desk, today):
    conn, ids = desk
    with db.write(conn):
        for who in ("farah", "george"):
            conn.execute("INSERT INTO consent (person_id, lawful_basis, source, sourced_at, version)"
                         " VALUES (?, 'legitimate_interest', 'LinkedIn', '2026-11-10', 1)", (ids[who],))
    with MailServer() as server:
        for who, anonymised in (("george", True), ("farah", False)):
            send_submittal(conn, ids["job_backend"], _subs(conn, ids, who, who), to=("bo@example.com",), subject="S",
                           anonymised=anonymised, settings=server.settings(), data_dir=paths.data_dir())
    first = dict(conn.execute("SELECT person_id, first_contact_at FROM consent WHERE person_id IN (?, ?)",
                              (ids["farah"], ids["george"])).fetchall())
    assert str(first[ids["farah"]])[:10] == today.isoformat() and first[ids["george"]] is None


def test_the_message_is_the_submittal_template_and_editing_it_changes_what_goes(desk):
    """S's subject, the words around the summaries and the signature come from
    mail_templates/submittal.txt (the default: as before); a submittal.html beside it is the HTML
    part, the candidates' values escaped."""
    from deskcrm.store.mail_templates import templates_dir

    conn, ids = desk
    subs = _subs(conn, ids, "farah", "farah")
    with MailServer() as server:
        send_submittal(conn, ids["job_backend"], subs, to=("bo@example.com",), subject=None, anonymised=False,
                       settings=server.settings(signature="Sam Reed"), data_dir=paths.data_dir())
        folder = templates_dir(paths.data_dir())
        (folder / "submittal.txt").write_text(
            "Subject: For {{ contact.first_name }}: {{ job.title }}\n\nHi {{ contact.first_name }}, my picks:\n\n"
            "{% for c in candidates %}* {{ c.label }}\n{% endfor %}\nCheers, {{ recruiter.signature }}\n")
        (folder / "submittal.html").write_text("<ul>{% for c in candidates %}<li>{{ c.label }}: "
                                               "{% for f in c.facts %}{{ f.value }}{% endfor %}</li>{% endfor %}</ul>")
        with db.write(conn):
            conn.execute("UPDATE person SET notes = '<script>x</script>' WHERE id = ?", (ids["farah"],))
        send_submittal(conn, ids["job_backend"], _subs(conn, ids, "farah", "farah"), to=("bo@example.com",), subject="",
                       anonymised=False, settings=server.settings(signature="Sam Reed"), data_dir=paths.data_dir())
    first, second = (r.message for r in server.received)
    assert first["Subject"] == f"{Names.job_backend}: 1 candidate for your review"
    text = first.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text.startswith(f"Dear {Names.bo},\n\nPlease find 1 profile for {Names.job_backend}")
    assert f"{Names.farah}\n----------" in text and text.rstrip().endswith("Sam Reed")
    assert first.get_body(("html",)) is None or "Please find" in first.get_body(("html",)).get_content()
    assert second["Subject"] == f"For Bo: {Names.job_backend}"
    assert second.get_body(("plain",)).get_content().replace("\r\n", "\n") == f"Hi Bo, my picks:\n\n* {Names.farah}\n\nCheers, Sam Reed\n"
    html = second.get_body(("html",)).get_content()
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>" not in html
