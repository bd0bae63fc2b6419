"""The form/CLI parsers: what a recruiter types, and the message when it is wrong."""

from __future__ import annotations

import re

import pytest

from deskcrm.domain import validate as v
from deskcrm.domain.validate import Invalid


@pytest.mark.parametrize(
    ("raw", "amount"),
    [("85k", 85000), ("85,000", 85000), ("85000", 85000), ("85.5k", 85500), ("1.2m", 1_200_000),
     ("€85k", 85000), ("85 000 EUR", 85000), ("85.000", 85000), ("72500.50", 72500.5), ("", None)],
)
def test_money_accepts_what_recruiters_type(raw, amount):
    assert v.money(raw) == amount


@pytest.mark.parametrize(("raw", "message"), [("-5k", "negative"), ("lots", "e.g. 85k"), ("85kk", "e.g. 85k"), ("nan", "e.g. 85k"),
                                              ("1,2,3", "commas go between thousands"), ("85,5k", "commas go between thousands")])
def test_money_rejects_with_an_example(raw, message):
    with pytest.raises(Invalid, match=message):
        v.money(raw)


def test_email():
    assert v.email(" Jane.Doe@Example.com ") == "Jane.Doe@Example.com"
    assert v.email_norm("Jane.Doe@Example.com") == "jane.doe@example.com"
    assert v.email("") is None
    for bad in ("jane", "jane@", "jane@example", "a b@example.com", "jane@@example.com", "jane@example..com",
                "[@click=app.quit]", "jane@example.com]", "jane@exa=mple.com"):
        with pytest.raises(Invalid, match="not an email address"):
            v.email(bad)


def test_phone_and_its_normal_form():
    assert v.phone("+44 20  7946 0958") == "+44 20 7946 0958"
    assert v.phone_norm("+44 (20) 7946-0958") == "+442079460958"
    assert v.phone_norm("0044 20 7946 0958") == "+442079460958"
    assert v.phone_norm("020 7946 0958") == "02079460958"
    assert v.phone_norm("+44 (0)20 7946 0958") == "+442079460958"  # the trunk zero is not dialled
    # one way of writing it: separators -> single spaces, 00 -> +, (0) dropped; digits as typed
    assert v.phone("0044 (0)20-7946.0958") == "+44 20 7946 0958"
    assert v.phone("+ 49 (176) 1234/5678") == "+49 176 1234 5678"
    assert v.phone("0176 1234 5678") == "0176 1234 5678"
    assert v.phone("(020) 7946-0958") == "020 7946 0958"
    for bad in ("12", "call me", "+44 20 7946 0958 ext. four"):  # an extension is digits (see below)
        with pytest.raises(Invalid, match="phone"):
            v.phone(bad)


def test_linkedin_normal_form():
    for url in ("https://www.linkedin.com/in/Jane-Doe/", "linkedin.com/in/jane-doe", "http://de.linkedin.com/in/jane-doe?trk=x"):
        assert v.linkedin(url) == url
        assert v.linkedin_norm(url) == "linkedin.com/in/jane-doe"
    with pytest.raises(Invalid, match="LinkedIn"):
        v.linkedin("https://example.com/jane")


def test_percent_and_whole():
    assert v.percent("20") == 20 and v.percent("17.5 %") == 17.5 and v.percent("") is None
    with pytest.raises(Invalid, match="between 0 and 100"):
        v.percent("120")
    with pytest.raises(Invalid, match="percentage"):
        v.percent("twenty")
    days = v.whole()
    assert days("30") == 30 and days("") is None
    with pytest.raises(Invalid, match="0 or more"):
        days("-1")
    with pytest.raises(Invalid, match="whole number"):
        days("3.5")
    # the example fits what is asked: openings are a few, an NPS is 0-10 (both said "e.g. 30")
    with pytest.raises(Invalid, match=r"e\.g\. 2$"):
        v.whole(1, example=2)("two")
    with pytest.raises(Invalid, match=r"e\.g\. 10$"):
        v.whole(0, 10)("nine")


def test_words_currency_choice_required():
    assert v.word_list("python, Django ,PYTHON,, go") == ["python", "Django", "go"]
    assert v.currency("gbp") == "GBP"
    with pytest.raises(Invalid, match="3-letter"):
        v.currency("pounds")
    status = v.choice({"active": "Active", "do_not_contact": "Do not contact"})
    assert status("do not contact") == "do_not_contact" and status("ACTIVE") == "active"
    with pytest.raises(Invalid, match="one of: Active, Do not contact"):
        status("maybe")
    name = v.required()
    assert name(" Jane ") == "Jane"
    with pytest.raises(Invalid, match="required"):
        name("  ")


@pytest.mark.parametrize("typed", ["800/day", "£800/day", "800 per day", "800pd", "60/hr", "60 hourly"])
def test_a_rate_typed_with_its_unit_says_the_unit_is_chosen_beside_it(typed):
    with pytest.raises(Invalid, match=r"the amount alone — e\.g\. 800 \(Rate per says"):
        v.rate(typed)


def test_a_rate_reads_as_an_amount():
    assert v.rate("£800") == 800 and v.rate("") is None
    with pytest.raises(Invalid, match="must not be negative"):
        v.rate("-5")


def test_a_draft_to_markup_is_refused_naming_the_line():
    from deskcrm.domain.mail import Draft
    from deskcrm.domain.mail_text import from_text

    draft = Draft(to=("ana@example.com",), cc=(), subject="Hi", body="x\n")
    with pytest.raises(Invalid, match=r"To/Cc: '\[@click=app.quit\]' is not an email address"):
        from_text("To: ana@example.com, [@click=app.quit]\nCc:\nSubject: Hi\n\nHello\n", draft)


@pytest.mark.parametrize(
    ("raw", "currency", "said"),
    [("£95k", "EUR", "typed in GBP, but Currency is EUR: set Currency to GBP, or type the amount alone"),
     ("95k usd", "eur", "typed in USD, but Currency is EUR: set Currency to USD, or type the amount alone"),
     ("£95k", None, "typed in GBP: set Currency to GBP too"),
     ("£95k", "GBP", None), ("95k", "EUR", None), ("95k gross", "EUR", None), ("", "EUR", None), (None, "EUR", None)],
)
def test_an_amount_typed_in_another_currency_is_refused(raw, currency, said):
    assert v.currency_clash(raw, currency, "Currency") == said


@pytest.mark.parametrize(
    ("typed", "written", "norm"),
    [("+1 (415) 555-0100 x12", "+1 415 555 0100 ext. 12", "+14155550100"),
     ("020 7946 0958 ext 4", "020 7946 0958 ext. 4", "02079460958"),
     ("+44 20 7946 0958, extension 220", "+44 20 7946 0958 ext. 220", "+442079460958"),
     ("0044 (0)20 7946 0958 #7", "+44 20 7946 0958 ext. 7", "+442079460958")],
)
def test_an_office_line_keeps_its_extension_and_is_found_by_its_number(typed, written, norm):
    """A hiring manager's office line: the extension is kept as typed, and the matching key (search
    by phone, duplicates) is the line's, so "+1 415 555 0100" still finds them."""
    assert v.phone(typed) == written
    assert v.phone_norm(written) == v.phone_norm(typed) == norm


@pytest.mark.parametrize(
    ("typed", "message"),
    [("+49 172 2310496O", "digits, spaces and + ( ) - . / only"), ("12345", "6 to 15 digits (this has 5)"),
     ("x12", "digits, spaces"), ("+1 415 555 0100 x1234567", "digits, spaces")],
)
def test_a_phone_says_what_is_wrong_with_it(typed, message):
    with pytest.raises(Invalid, match=re.escape(message)):
        v.phone(typed)
