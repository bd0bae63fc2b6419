"""Logging a message on the people it concerns (store.mail_log), and reading messages of every
shape (store.mail_parse): both engines for the store, a property test for the parser."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from cv_files import pdf_bytes
from hypothesis import HealthCheck, given, settings, strategies as st
from mail_files import MALFORMED, message

from deskcrm.store import journal, mail_log
from deskcrm.store.mail_parse import parse


def _rows(conn, sql, *args):
    return [tuple(r) for r in conn.execute(sql, args).fetchall()]


def test_a_reply_is_logged_once_on_each_known_person_with_its_date(seeded_store):
    conn, ids, _path = seeded_store
    raw = message(cc="Bo Chen <BO@example.com>, stranger@elsewhere.example")
    emails = _rows(conn, "SELECT count(*) FROM activity WHERE kind = 'email'")[0][0]
    done = mail_log.log_mail(conn, parse(raw))
    assert not done.already and [p.person_id for p in done.people] == [ids["dev"], ids["bo"]]
    rows = _rows(conn, "SELECT kind, at, person_id, company_id, body FROM activity WHERE id IN (?, ?) ORDER BY id",
                 *done.activity_ids)
    assert [r[:4] for r in rows] == [("email", "2026-11-17 08:15:00.000000", ids["dev"], None),
                                     ("email", "2026-11-17 08:15:00.000000", ids["bo"], ids["northwind"])]
    body = rows[0][4]
    assert body.splitlines()[:3] == ["Re: the backend role", "From: Dev Patel <dev@example.com>",
                                     "To: Sam Reed <sam@desk.example>, Bo Chen <bo@example.com>, "
                                     "stranger@elsewhere.example"]
    assert body.endswith("\n\nThanks, Thursday works.\nDev")
    # the Message-ID is kept with the activities it wrote; a second log writes nothing
    assert _rows(conn, "SELECT message_id, activity_ids FROM mail_message") == [
        ("<m1@mail.example>", json.dumps(list(done.activity_ids)))]
    again = mail_log.log_mail(conn, parse(raw))
    assert again.already and again.activity_ids == ()
    assert _rows(conn, "SELECT count(*) FROM activity WHERE kind = 'email'") == [(emails + 2,)]


def test_last_contact_moves_forward_only_and_one_undo_takes_the_log_back(seeded_store):
    conn, ids, _path = seeded_store
    before = _rows(conn, "SELECT last_contact_at FROM person WHERE id = ?", ids["dev"])[0][0]  # 2026-11-10
    old = mail_log.log_mail(conn, parse(message(date="Mon, 02 Mar 2026 10:00:00 +0000", message_id="<old@x>")))
    assert _rows(conn, "SELECT last_contact_at FROM person WHERE id = ?", ids["dev"])[0][0] == before
    new = mail_log.log_mail(conn, parse(message(message_id="<new@x>")))
    assert _rows(conn, "SELECT last_contact_at FROM person WHERE id = ?", ids["dev"]) == [("2026-11-17 08:15:00.000000",)]
    from deskcrm.store import db

    with db.write(conn):
        journal.undo(conn, new.txn)
    assert _rows(conn, "SELECT last_contact_at FROM person WHERE id = ?", ids["dev"])[0][0] == before
    assert _rows(conn, "SELECT message_id FROM mail_message") == [("<old@x>",)]
    assert not mail_log.log_mail(conn, parse(message(message_id="<new@x>"))).already  # can be logged again
    assert old.txn != new.txn


def test_nobody_known_writes_nothing_and_names_the_addresses(seeded_store):
    conn, _ids, _path = seeded_store
    count = _rows(conn, "SELECT count(*) FROM activity")
    with pytest.raises(mail_log.NoKnownPerson, match="no known person in From/To/Cc: x@a.example, y@b.example"):
        mail_log.log_mail(conn, parse(message(sender="x@a.example", to="y@b.example")))
    assert _rows(conn, "SELECT count(*) FROM activity") == count
    assert _rows(conn, "SELECT count(*) FROM mail_message") == [(0,)]


def test_malformed_html_only_and_no_message_id_are_logged_leniently(seeded_store):
    conn, ids, _path = seeded_store
    bad = mail_log.log_mail(conn, parse(MALFORMED))
    body = _rows(conn, "SELECT body, at FROM activity WHERE id = ?", bad.activity_ids[0])[0][0]
    assert "Müller sagt grüß Gott" in body and body.startswith("café")
    html = message(body="", html="<html><style>p{color:red}</style><p>Hi &amp; thanks</p><p>[/] two</p></html>",
                   message_id=None, date=None, sender="eva@example.com")
    first = mail_log.log_mail(conn, parse(html))
    assert first.message_id.startswith("sha256:") and [p.person_id for p in first.people] == [ids["eva"]]
    text = _rows(conn, "SELECT body FROM activity WHERE id = ?", first.activity_ids[0])[0][0]
    assert text.endswith("\n\nHi & thanks\n\n[/] two") and "color" not in text
    assert mail_log.log_mail(conn, parse(html)).already  # the same bytes again: known by their hash


def test_attachments_are_named_not_stored_unless_cvs_are_saved(seeded_store, tmp_path):
    conn, ids, _path = seeded_store
    files = (("Dev Patel CV.pdf", pdf_bytes(["Kubernetes operator", "Go and Python"])), ("photo.png", b"\x89PNG"))
    named = mail_log.log_mail(conn, parse(message(attachments=files)))
    body = _rows(conn, "SELECT body FROM activity WHERE id = ?", named.activity_ids[0])[0][0]
    assert "Attachments (not stored): Dev Patel CV.pdf, photo.png" in body
    assert _rows(conn, "SELECT count(*) FROM attachment") == [(0,)]
    saved = mail_log.log_mail(conn, parse(message(attachments=files, message_id="<cv@x>")),
                              data_dir=tmp_path / "data", save_cvs=True)
    assert saved.cvs == ("Attached CV Dev Patel CV.pdf to Dev Patel: 5 words of text",)
    assert _rows(conn, "SELECT person_id, kind, file_name FROM attachment") == [(ids["dev"], "cv", "Dev Patel CV.pdf")]
    body = _rows(conn, "SELECT body FROM activity WHERE id = ?", saved.activity_ids[0])[0][0]
    assert "Attachments (not stored): photo.png\nSaved as CV: Dev Patel CV.pdf" in body


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_bytes_parse_to_printable_text_without_raising(raw):
    mail = parse(raw)
    for text in (mail.subject, mail.body, mail.message_id, *(a.name for a in (*mail.senders, *mail.recipients))):
        text.encode("utf-8")  # printable and storable: no lone surrogates
        assert "\x00" not in text
    assert mail.at is None or mail.at.tzinfo is not None


def test_dates_without_a_zone_read_as_utc():
    assert parse(message(date="Tue, 17 Nov 2026 09:15:00 -0000")).at == datetime(2026, 11, 17, 9, 15,
                                                                                    tzinfo=timezone.utc)


def test_an_erasure_takes_its_activities_out_and_the_other_copy_is_redacted(seeded_store, tmp_path):
    from deskcrm.store import erasure

    conn, ids, _path = seeded_store
    done = mail_log.log_mail(conn, parse(message(cc="bo@example.com")))
    dev_activity, bo_activity = done.activity_ids
    erasure.erase(conn, ids["dev"], data_dir=tmp_path / "data")
    assert _rows(conn, "SELECT activity_ids FROM mail_message") == [(json.dumps([bo_activity]),)]
    body = _rows(conn, "SELECT body FROM activity WHERE id = ?", bo_activity)[0][0]
    assert "Dev Patel" not in body and "dev@example.com" not in body
    assert mail_log.log_mail(conn, parse(message(cc="bo@example.com"))).already  # not logged on Bo twice


def test_a_long_body_is_cut_and_says_so():
    mail = parse(message(body="word " * 3000))
    assert len(mail.body) < 8100 and mail.body.endswith("(6,999 more characters not kept)")
