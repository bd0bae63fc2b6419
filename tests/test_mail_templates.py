"""Issue 15 item 1: templates in the data directory (written from the defaults on first use, then the
user's), filled from the records in Jinja2's sandbox. Hostile field values (markup, template syntax,
control bytes) are shown as text; a broken template is one line naming its file and line; the edited
text reads back into the draft."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from seed import Names, seed

from deskcrm.domain import validate
from deskcrm.domain.mail import Draft
from deskcrm.domain.mail_text import as_text, from_text
from deskcrm.store import db
from deskcrm.store.mail_compose import card_choices, compose, due_choices, person_choices
from deskcrm.store.mail_defaults import DEFAULTS
from deskcrm.store.mail_fields import About
from deskcrm.store.mail_templates import TemplateError, available, render, templates_dir

HOSTILE = "{{ 7*7 }} {% for x in range(3) %}x{% endfor %} [/] [@click=app.quit] <b>bold</b> \x1b[31m\u202e"


@pytest.fixture
def hostile_desk(desk_path, today):
    ids = seed(desk_path, Names(dev="Dev " + HOSTILE, northwind=HOSTILE + " Ltd", bo="Bo {{ config }}"))
    conn = db.connect(desk_path)
    yield conn, ids
    conn.close()


def test_defaults_are_written_once_and_then_the_users(tmp_path):
    folder = templates_dir(tmp_path)
    assert sorted(p.stem for p in folder.glob("*.txt")) == sorted(DEFAULTS)
    assert (folder / "candidate_nurture.txt").stat().st_mode & 0o077 == 0
    (folder / "candidate_nurture.txt").write_text("Subject: Mine\n\nHello {{ person.first_name }}\n")
    (folder / "my_own.txt").write_text("Subject: Extra\n\nHi\n")
    templates_dir(tmp_path)
    assert (folder / "candidate_nurture.txt").read_text().startswith("Subject: Mine")
    assert [n for n, _ in available(tmp_path)][-1] == "my_own"


def test_every_default_renders_for_the_seeded_desk(hostile_desk, tmp_path):
    conn, ids = hostile_desk
    about = About(person_id=ids["dev"], job_id=ids["job_backend"])
    for name in DEFAULTS:
        draft = compose(conn, tmp_path, name, about, signature="Sam Reed\nAgency Ltd")
        assert draft.subject and draft.body.strip() and draft.template == name
    prep = compose(conn, tmp_path, "interview_prep", about)
    assert prep.to == ("dev@example.com",) and prep.person_ids == (ids["dev"], ids["bo"])
    assert prep.company_id == ids["northwind"] and prep.job_id == ids["job_backend"]
    assert "When:  Thursday 19 November 2026, 10:30" in prep.body
    confirm = compose(conn, tmp_path, "interview_confirmation", about)
    assert confirm.to == ("bo@example.com",) and confirm.person_ids == (ids["bo"], ids["dev"])  # Bo written to



def test_the_art14_notice_mail_is_a_paragraph_a_line_as_the_others(hostile_desk, tmp_path):
    """The privacy notice's text is hard-wrapped for a terminal; as an email the reader's client
    wraps it (a line broken mid-sentence shows ragged in the send preview and on a phone)."""
    conn, ids = hostile_desk
    body = compose(conn, tmp_path, "art14_notice", About(person_id=ids["dev"])).body  # a person alone (E on them)
    assert "because we may be able to put you forward for roles" in body
    assert "Why you are hearing from us\nWe are a recruitment agency." in body  # headings stay lines
    assert "\n\nKind regards,\nSam Reed" in body

def test_hostile_values_are_text_never_template_or_markup(hostile_desk, tmp_path):
    conn, ids = hostile_desk
    draft = compose(conn, tmp_path, "interview_prep", About(person_id=ids["dev"], job_id=ids["job_backend"]))
    assert "{{ 7*7 }} {% for x in range(3) %}x{% endfor %} [/] [@click=app.quit] <b>bold</b>" in draft.body
    assert "49" not in draft.body and "xxx" not in draft.body
    assert "\x1b" not in draft.body and "\u202e" not in draft.body and "\x1b" not in draft.subject
    confirm = compose(conn, tmp_path, "interview_confirmation", About(person_id=ids["dev"], job_id=ids["job_backend"]))
    assert confirm.body.startswith("Hi Bo,") and "Interview confirmed: Dev {{ 7*7 }}" in confirm.subject
    folder = templates_dir(tmp_path)
    (folder / "interview_prep.html").write_text("<p>Hi {{ person.name }}</p>")
    html = compose(conn, tmp_path, "interview_prep", About(person_id=ids["dev"], job_id=ids["job_backend"])).html
    assert "<b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html and html.startswith("<p>Hi ")


@pytest.mark.parametrize(("text", "said"), [
    ("Subject: x\n\nHi {{ person.first_name }\n", ":3: unexpected '}'"),
    ("Subject: x\n\nline\n{{ person.nickname }}\n", ":4: 'dict object' has no attribute 'nickname'"),
    ("Subject: x\n\n{{ ''.__class__.__mro__ }}\n", ":3: access to attribute '__class__' of 'str' object is unsafe"),
    ("Hello\n", ":1: the first line must be the subject"),
])
def test_a_broken_template_names_its_file_and_line(tmp_path, text, said):
    folder = templates_dir(tmp_path)
    (folder / "broken.txt").write_text(text)
    with pytest.raises(TemplateError) as caught:
        render(tmp_path, "broken", {"person": {"first_name": "Jo"}})
    message = str(caught.value)
    assert message.startswith(str(folder / "broken.txt")) and said in message and "\n" not in message


def test_choices_fit_where_the_key_was_pressed(hostile_desk):
    conn, ids = hostile_desk
    assert [n for n, _ in person_choices(conn, ids["dev"])] == ["interview_prep", "candidate_nurture", "art14_notice"]
    assert [n for n, _ in person_choices(conn, ids["bo"])][0] == "client_checkin"
    assert [n for n, _ in person_choices(conn, ids["ana"])][0] == "placement_checkin"
    assert [n for n, _ in card_choices(conn, ids["sub_dev"])][:2] == ["interview_prep", "interview_confirmation"]
    prep = due_choices(conn, "interview_prep", person_id=ids["dev"], company_id=ids["northwind"], job_id=ids["job_backend"])
    assert [n for n, _ in prep] == ["interview_prep", "interview_confirmation"] and prep[0][1].job_id == ids["job_backend"]
    ((name, about),) = due_choices(conn, "client_checkin", person_id=None, company_id=ids["acme"], job_id=None)
    assert name == "client_checkin" and about.contact_id == ids["cara"]
    assert due_choices(conn, "gone_cold_client", person_id=None, company_id=ids["acme"], job_id=None) == []


def test_an_overdue_invoice_writes_the_reminder_to_the_billing_contact(hostile_desk, tmp_path):
    """`E` on "Invoice overdue": the reminder, with the amount still owed and its due day, to the
    client's billing contact — not one who has left (Lena at Acme) — else the job's hiring manager."""
    conn, ids = hostile_desk
    mine = dict(person_id=ids["chloe"], company_id=ids["acme"], job_id=ids["job_analyst"], placement_id=ids["p3"])
    ((name, about),) = due_choices(conn, "invoice_overdue", **mine)
    assert name == "invoice_chase" and about.contact_id == ids["cara"] and about.placement_id == ids["p3"]
    with db.write(conn):  # Bo pays Acme's invoices too
        conn.execute("INSERT INTO contact_role (person_id, company_id, is_hiring_manager, is_billing, version)"
                     " VALUES (?, ?, FALSE, TRUE, 1)", (ids["bo"], ids["acme"]))
    ((_, about),) = due_choices(conn, "invoice_overdue", **mine)
    assert about.contact_id == ids["bo"]
    draft = compose(conn, tmp_path, "invoice_chase", about, signature="Sam Reed")
    assert draft.to == ("bo@example.com",) and draft.subject == "Our invoice for Chloe Martin (EUR 16,200)"
    assert draft.body.startswith("Hi Bo,") and "of EUR 16,200 for placing Chloe Martin as " in draft.body
    assert ", due on Saturday 31 October 2026." in draft.body and draft.body.rstrip().endswith("Sam Reed")
    assert due_choices(conn, "invoice_overdue", person_id=None, company_id=None, job_id=None) == []


def test_the_edited_text_reads_back():
    draft = Draft(to=("a@x.io",), subject="Hi", body="Body\n", person_ids=(3,), template="t")
    edited = as_text(draft).replace("Cc: ", "Cc: b@y.io; c@z.io").replace("Subject: Hi", "Subject: Hello")
    back = from_text(edited + "More\n", draft)
    assert back.to == ("a@x.io",) and back.cc == ("b@y.io", "c@z.io") and back.subject == "Hello"
    assert back.body == "Body\nMore\n" and back.person_ids == (3,)
    for bad, said in (("To: nobody\nSubject: s\n\nb", "'nobody' is not an email address"),
                      ("To: a@x.io\nSubject:\n\nb", "a subject is needed"),
                      ("To: a@x.io\nBcc: b@y.io\nSubject: s\n\nb", "line 2: 'Bcc: b@y.io'")):
        with pytest.raises(validate.Invalid, match=said):
            from_text(bad, draft)


@given(st.text(max_size=60))
def test_any_subject_and_body_read_back_as_written(body):
    draft = Draft(to=("a@x.io",), subject="S", body="x")
    clean_body = body.replace("\r", "").strip("\n")
    back = from_text(as_text(Draft(to=("a@x.io",), subject="S", body=clean_body)), draft)
    assert back.body == (clean_body + "\n" if clean_body else "\n") and back.subject == "S"
