"""The mail automations' proposals (store.mail_proposals): drafts with the invite, sent through
the outbox; both engines. The TUI's side is in test_app_mail_proposals.py."""

from __future__ import annotations

from icalendar import Calendar

from deskcrm.domain.mail import MailSettings
from deskcrm.store import mail_proposals, outbox
from deskcrm.store.mail_compose import compose
from deskcrm.store.mail_fields import About


def test_an_interview_proposes_prep_and_confirmation_each_with_the_invite(seeded_store, tmp_path):
    conn, ids, _path = seeded_store
    (tmp_path / "out").mkdir()  # the file method writes into a folder that is there (never makes one)
    options = MailSettings(method="file", folder=str(tmp_path / "out"), from_address="sam@agency.example")
    found = mail_proposals.interview_proposals(conn, tmp_path / "data", ids["sub_dev"], options)
    assert [(p.label, p.draft.to, p.draft.template) for p in found] == [
        ("Interview prep", ("dev@example.com",), "interview_prep"),
        ("Interview confirmation", ("bo@example.com",), "interview_confirmation")]
    assert found[0].draft.subject.startswith("Your interview with Northwind Logistics")
    event = Calendar.from_ical(found[0].draft.ics).walk("VEVENT")[0]
    assert str(event["organizer"]) == "mailto:sam@agency.example"
    assert [str(a) for a in event["attendee"]] == ["mailto:dev@example.com", "mailto:bo@example.com"]
    sent = outbox.send(conn, found[0].draft, options)
    (eml,) = (tmp_path / "out").iterdir()
    assert b"text/calendar" in eml.read_bytes() and sent.txn
    assert mail_proposals.interview_proposals(conn, tmp_path / "data", ids["sub_ana"], options) == []  # no time


def test_a_30_day_check_in_proposes_the_client_check_in_to_the_hiring_manager(seeded_store, tmp_path):
    conn, ids, _path = seeded_store
    options = MailSettings(method="file", folder=str(tmp_path / "out"))
    (found,) = mail_proposals.checkin_proposals(conn, tmp_path / "data", ids["p2"], options)
    assert found.draft.to == ("bo@example.com",) and found.draft.company_id == ids["northwind"]
    assert found.draft.ics is None and found.automation == "client_checkin"


def test_an_interview_email_written_with_E_carries_the_invite_too(seeded_store, tmp_path):
    conn, ids, _path = seeded_store
    options = MailSettings(method="file", from_address="sam@agency.example")
    with_time = About(person_id=ids["dev"], job_id=ids["job_backend"])
    without = About(person_id=ids["ana"], job_id=ids["job_pm"])  # placed, no interview time
    for name in ("interview_prep", "interview_confirmation"):
        draft = mail_proposals.with_invite(conn, compose(conn, tmp_path, name, with_time), with_time, options)
        event = Calendar.from_ical(draft.ics).walk("VEVENT")[0]
        assert str(event["uid"]) == f"interview-{ids['sub_dev']}@deskcrm"
    nurture = compose(conn, tmp_path, "candidate_nurture", About(person_id=ids["dev"]))
    assert mail_proposals.with_invite(conn, nurture, About(person_id=ids["dev"]), options).ics is None
    prep = compose(conn, tmp_path, "interview_prep", without)
    assert mail_proposals.with_invite(conn, prep, without, options).ics is None  # no interview time: no invite
