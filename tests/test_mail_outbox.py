"""Issue 15 items 2 and 3 in the store (both engines): a draft sent over a real SMTP server on
loopback arrives as written (recipients, subject, body, attachments, the .ics invite) and logs ONE
email activity on each person and company it concerns; a failed send (refused recipient, login
refused, nobody listening, a failing command) logs nothing, stays in the outbox, and is retried or
discarded from there. The ``command`` and ``file`` methods hand over the same message."""

from __future__ import annotations

import socket
import sys

import pytest
from mail_server import PASSWORD, USER, MailServer

from deskcrm.domain.mail import Attachment, Draft, MailSettings
from deskcrm.store import outbox
from deskcrm.store.errors import Invalid
from deskcrm.store.mail_transport import SendFailed, build

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # loopback, on purpose
ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Interview\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"


@pytest.fixture
def desk(seeded_store):
    conn, ids, _path = seeded_store
    return conn, ids


def _emails(conn, **where):
    (col, value), = where.items()
    return conn.execute(f"SELECT body, job_id FROM activity WHERE kind = 'email' AND {col} = ? ORDER BY id",
                        (value,)).fetchall()


def _draft(ids, **overrides):
    values = dict(to=("dev@example.com",), cc=("bo@example.com",), subject="Your interview at Northwind",
                  body="Hi Dev,\n\nsee you tomorrow.\n", person_ids=(ids["dev"], ids["bo"]),
                  company_id=ids["northwind"], job_id=ids["job_backend"], template="interview_prep",
                  attachments=(Attachment("cv.pdf", "application/pdf", b"%PDF-1.4 fake"),), ics=ICS)
    return Draft(**{**values, **overrides})


def test_a_sent_draft_arrives_as_written_and_is_logged_once_on_each(desk):
    conn, ids = desk
    with MailServer(auth=True) as server:
        sent = outbox.send(conn, _draft(ids), server.settings(user=USER, password=PASSWORD))
    (got,) = server.received
    assert sorted(got.recipients) == ["bo@example.com", "dev@example.com"]
    msg = got.message
    assert msg["Subject"] == "Your interview at Northwind" and msg["From"] == USER and msg["Cc"] == "bo@example.com"
    assert msg.get_body(("plain",)).get_content().startswith("Hi Dev,")
    parts = {p.get_filename(): p for p in msg.iter_attachments()}
    assert parts["cv.pdf"].get_content() == b"%PDF-1.4 fake"
    assert parts["invite.ics"].get_content_type() == "text/calendar"
    assert parts["invite.ics"].get_param("method") == "REQUEST" and b"SUMMARY:Interview" in parts["invite.ics"].get_payload(decode=True)
    assert msg["Message-ID"] == sent.message_id
    for col, key in (("person_id", "dev"), ("person_id", "bo"), ("company_id", "northwind")):
        (body, job), = _emails(conn, **{col: ids[key]})
        assert body.startswith("Your interview at Northwind\n\nHi Dev,") and job == ids["job_backend"]
    assert outbox.unsent(conn) == []
    assert conn.execute("SELECT state, attempts FROM outbox WHERE id = ?", (sent.outbox_id,)).fetchone() == ("sent", 1)


def test_utf8_text_parts_say_so_or_a_reader_takes_them_as_ascii():
    """The invite's "—" and an anonymised CV's "München" read back as written (a text part without
    its charset is US-ASCII to a mail reader)."""
    ics = "BEGIN:VCALENDAR\r\nSUMMARY:Interview: José — Backend\r\nEND:VCALENDAR\r\n".encode()
    draft = Draft(to=("bo@example.com",), subject="S", body="B", person_ids=(), company_id=None, job_id=None,
                  template="submittal", ics=ics,
                  attachments=(Attachment("Candidate A - CV.txt", "text/plain; charset=utf-8", "München".encode()),))
    message = build(draft, MailSettings(method="file", from_address=USER))
    parts = {p.get_filename(): p for p in message.iter_attachments()}
    assert parts["invite.ics"].get_content_charset() == "utf-8" and parts["invite.ics"].get_param("method") == "REQUEST"
    assert "José — Backend" in parts["invite.ics"].get_content()
    assert parts["Candidate A - CV.txt"].get_content() == "München"


@pytest.mark.parametrize("case", ["refused", "login", "nobody", "silent"])
def test_a_failed_send_logs_nothing_and_waits_in_the_outbox_to_retry(desk, case):
    conn, ids = desk
    with MailServer(auth=case == "login") as server:
        settings = server.settings(user=USER, password="wrong") if case == "login" else server.settings()
        if case == "refused":
            server.handler.refuse.add("dev@example.com")
        if case == "nobody":
            settings = server.settings(port=1)
        if case == "silent":  # takes the connection, never says hello
            silent = socket.socket()
            silent.bind(("127.0.0.1", 0))
            silent.listen()
            settings = server.settings(port=silent.getsockname()[1], timeout=0.3)
        with pytest.raises(SendFailed) as failed:
            outbox.send(conn, _draft(ids, cc=()), settings)
        said = str(failed.value)
        assert "\n" not in said and "kept in the outbox as #" in said
        assert {"refused": "refused the recipient: dev@example.com (550",
                "login": f"refused the login of {USER} (535",
                "nobody": "cannot reach the mail server 127.0.0.1:1",
                "silent": "did not answer within 0.3 s"}[case] in said
        assert server.received == [] and _emails(conn, person_id=ids["dev"]) == []
        (waiting,) = outbox.unsent(conn)
        assert waiting.state == "failed" and waiting.to == "dev@example.com" and waiting.attempts == 1
        assert waiting.error and waiting.subject == "Your interview at Northwind"
        # fixed (the address, the password, the port): the same message goes, and is logged once
        server.handler.refuse.clear()
        good = server.settings(user=USER, password=PASSWORD) if case == "login" else server.settings()
        sent = outbox.retry(conn, waiting.id, good)
    assert sent.outbox_id == waiting.id and len(server.received) == 1
    assert server.received[0].message["Subject"] == "Your interview at Northwind"
    assert len(_emails(conn, person_id=ids["dev"])) == 1 and outbox.unsent(conn) == []
    with pytest.raises(Exception, match="sent already"):
        outbox.retry(conn, waiting.id, good)


def test_discard_drops_a_failed_message(desk):
    conn, ids = desk
    with pytest.raises(SendFailed, match="mail is not set up"):
        outbox.send(conn, _draft(ids), MailSettings(from_address=USER))
    (waiting,) = outbox.unsent(conn)
    outbox.discard(conn, waiting.id)
    assert outbox.unsent(conn) == [] and _emails(conn, person_id=ids["dev"]) == []


def test_a_draft_that_cannot_be_sent_is_refused_and_not_kept(desk):
    conn, ids = desk
    with pytest.raises(Invalid, match="to: 'not-an-address' is not an email address"):
        outbox.send(conn, _draft(ids, to=("not-an-address",)), MailSettings(method="file", folder="x"))
    with pytest.raises(Invalid, match="subject: one line only"):
        outbox.send(conn, _draft(ids, subject="a\nBcc: x@y.z"), MailSettings(method="file", folder="x"))
    assert outbox.unsent(conn) == []


def test_the_command_and_file_methods(desk, tmp_path):
    conn, ids = desk
    script = tmp_path / "fake-sendmail"
    got = tmp_path / "got.eml"
    script.write_text(f"#!{sys.executable}\nimport sys\nopen({str(got)!r}, 'wb').write(sys.stdin.buffer.read())\n"
                      "sys.exit(0 if '-t' in sys.argv else 3)\n")
    script.chmod(0o755)
    outbox.send(conn, _draft(ids), MailSettings(method="command", from_address=USER, command=(str(script), "-t")))
    assert b"Subject: Your interview at Northwind" in got.read_bytes() and b"To: dev@example.com" in got.read_bytes()
    with pytest.raises(SendFailed, match=r"the mail command `\S+fake-sendmail` failed \(exit code 3"):
        outbox.send(conn, _draft(ids), MailSettings(method="command", from_address=USER, command=(str(script),)))
    with pytest.raises(SendFailed, match="'no-such-mailer' was not found"):
        outbox.send(conn, _draft(ids), MailSettings(method="command", from_address=USER, command=("no-such-mailer",)))
    typo = tmp_path / "outt" / "mail"  # a [mail] folder that is not there is refused, never made
    with pytest.raises(SendFailed, match=f"folder: no folder {tmp_path / 'outt'}: create it first, or give another"):
        outbox.send(conn, _draft(ids), MailSettings(method="file", from_address=USER, folder=str(typo)))
    assert not (tmp_path / "outt").exists()
    folder = made(tmp_path / "out")
    outbox.send(conn, _draft(ids), MailSettings(method="file", from_address=USER, folder=str(folder)))
    (eml,) = folder.glob("*.eml")
    assert b"Subject: Your interview at Northwind" in eml.read_bytes() and eml.stat().st_mode & 0o077 == 0
    assert len(_emails(conn, person_id=ids["dev"])) == 2  # the command's and the file's; not the 2 failures
    assert len(outbox.unsent(conn)) == 3  # the typo's message waits in the outbox, nothing lost


def test_the_password_comes_from_the_environment_or_the_keyring(monkeypatch):
    import keyring

    from deskcrm.config.mail_settings import mail_options
    from deskcrm.config.settings import Settings

    asked = []
    monkeypatch.setattr(keyring, "get_password", lambda service, user: asked.append((service, user)) or "from-keyring")
    settings = Settings(mail={"method": "smtp", "host": "h", "user": "sam@desk.example", "from": "sam@desk.example"})
    monkeypatch.delenv("DESKCRM_SMTP_PASSWORD", raising=False)
    assert mail_options(settings).password == "from-keyring" and asked == [("deskcrm", "sam@desk.example")]
    monkeypatch.setenv("DESKCRM_SMTP_PASSWORD", "from-env")
    assert mail_options(settings).password == "from-env" and len(asked) == 1
    assert "from-env" not in repr(mail_options(settings))
    assert mail_options(Settings(mail={"method": "file", "folder": "x"})).password is None


def test_a_sent_message_keeps_no_file_bytes_and_an_erasure_removes_their_messages(desk, tmp_path):
    from deskcrm.store import erasure

    conn, ids = desk
    sent = outbox.send(conn, _draft(ids), MailSettings(method="file", from_address=USER, folder=str(made(tmp_path / "o"))))
    kept = outbox.draft_of(conn, sent.outbox_id)
    assert kept.attachments == (Attachment("cv.pdf", "application/pdf", b""),) and kept.ics is None
    with pytest.raises(SendFailed):
        outbox.send(conn, _draft(ids, person_ids=(ids["eva"], ids["dev"])), MailSettings())
    with pytest.raises(SendFailed):
        outbox.send(conn, _draft(ids, person_ids=(ids["eva"],)), MailSettings())
    done = erasure.erase(conn, ids["dev"], data_dir=tmp_path)
    assert done.kinds["messages"] == 2  # the sent one and the failed one that concerned Dev too
    assert [m.to for m in outbox.unsent(conn)] == ["dev@example.com"]  # Eva's alone stays


def test_the_art14_notice_sent_is_recorded_in_the_consent_ledger(desk, tmp_path):
    from deskcrm.store import consent_ledger

    conn, ids = desk
    outbox.send(conn, _draft(ids, to=("hana@example.com",), cc=(), person_ids=(ids["hana"],), company_id=None,
                             job_id=None, template="art14_notice", attachments=(), ics=None),
                MailSettings(method="file", from_address=USER, folder=str(made(tmp_path / "o"))))
    (entry,) = [e for e in consent_ledger.history(conn, ids["hana"]) if e.kind == "notice"]
    assert entry.method == "email" and entry.on_date.isoformat() == "2026-11-18"
    assert conn.execute("SELECT notice_sent_at FROM consent WHERE person_id = ?", (ids["hana"],)).fetchone()[0]


def test_a_message_being_sent_is_not_sent_twice(desk, tmp_path):
    from datetime import datetime

    from deskcrm.domain import clock
    from deskcrm.store.errors import StoreError

    conn, ids = desk
    outbox_id = outbox._keep(conn, _draft(ids))  # as a send leaves it while the server is talking
    settings = MailSettings(method="file", from_address=USER, folder=str(made(tmp_path / "o")))
    with pytest.raises(StoreError, match=f"outbox #{outbox_id} is being sent right now"):
        outbox.retry(conn, outbox_id, settings)
    clock.freeze(datetime(2026, 11, 18, 9, 11))  # 11 minutes on: the send was interrupted
    assert outbox.unsent(conn)[0].state == "sending"
    assert outbox.retry(conn, outbox_id, settings).outbox_id == outbox_id


def made(folder):
    """The [mail] folder, made first: a folder that is not there is refused, never made."""
    folder.mkdir(exist_ok=True)
    return folder
