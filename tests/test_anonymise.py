"""The anonymiser of submittal CVs (``domain.anonymise``): a CV's text without the person's name,
emails, phone numbers, web addresses or postal address — by example, and as a property."""

from __future__ import annotations

import re

import phonenumbers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskcrm.domain.anonymise import Identity, anonymise
from deskcrm.domain.anonymise import _ADDRESS  # noqa: PLC2701 - the address lines it drops

JANE = Identity(("Jane Mary Roe-Smith",), ("jane.roe@example.com",), ("+442079460001",), "GB")

CV = """JANE MARY ROE-SMITH
Senior Backend Engineer
Email: jane.roe@example.com | Tel: +44 (0)20 7946 0001
E: jroe@other.example  ·  M: 07700 900123
linkedin.com/in/janeroe · https://github.com/jroe · www.janeroe.dev
Flat 3, 27 Hill Road
12 Baker Street, London NW1 6XE
Musterstraße 12
10115 Berlin
Springfield, IL 62704
Address: somewhere nice

Experience
2015-2019  Senior developer at Foo Ltd; Jane led a team of 5 (budget 850000).
Jane's projects: payments (2019 - 2021), 1 Jan 2020 - 31 Dec 2021, ISO 27001.
References: call 020 7946 0001 or mail jane.roe@example.com, says Roe-Smith."""


def test_a_cv_keeps_its_work_and_loses_the_person():
    out = anonymise(CV, JANE, "Candidate A")
    assert out == """Candidate A
Senior Backend Engineer

Experience
2015-2019  Senior developer at Foo Ltd; Candidate A led a team of 5 (budget 850000).
Candidate A's projects: payments (2019 - 2021), 1 Jan 2020 - 31 Dec 2021, ISO 27001.
References: call or mail, says Candidate A."""



def test_on_a_contact_line_a_number_goes_even_when_no_such_number_exists():
    """07700 900xxx is a range kept for drama (not a valid number): next to an email it is still a
    phone number; years and amounts elsewhere stay."""
    cv = "ann@example.com | +44 20 7946 0007 | 07700 900123\nann@example.com, joined 2015-2019\n2019-2026 Payments Ltd"
    assert anonymise(cv, Identity(("Ann Lee",), ("ann@example.com",), (), "GB"), "Candidate A") == (
        ", joined 2015-2019\n2019-2026 Payments Ltd")

def test_names_go_whole_words_any_case():
    assert anonymise("Jane ROE-SMITH, ex-Janet Ltd; jane's lead", Identity(("Jane Roe-Smith",)), "Candidate C") == (
        "Candidate C, ex-Janet Ltd; Candidate C's lead")
    assert anonymise("no name here", Identity(()), "X") == "no name here"
    assert anonymise("Bo Li\nWorked with Boris in Lima", Identity(("Bo Li",)), "Candidate A") == (
        "Candidate A\nWorked with Boris in Lima")


def test_capitals_and_accents_do_not_hide_a_name():
    who = Identity(("José Strauß",))
    assert anonymise("JOSE STRAUSS\nJosé Strauss and jose strauß", who, "Candidate A") == (
        "Candidate A\nCandidate A and Candidate A")


def test_hostile_and_odd_names_are_literal_not_patterns():
    who = Identity(("[/] (.*) $1",), ("a+b@x.example",))
    assert anonymise("[/] (.*) $1 wrote .* code\nmail a+b@x.example", who, "Candidate A") == (
        "Candidate A wrote .* code")


_LETTERS = st.sampled_from("abcdefghijklmnopqrstuvwxyzéüñøçABCDEFGHIJKLMNOPQRSTUVWXYZÉÜÑØ")
_PART = st.text(_LETTERS, min_size=2, max_size=10)
_FILLER = st.lists(st.sampled_from(["Led", "a", "team", "shipping", "Kubernetes", "payments", "2019", "-", "2021",
                                    "at", "Foo", "Ltd;", "Python", "and", "Go.", "(remote)", "ISO", "9001", "users"]),
                   min_size=0, max_size=12).map(" ".join)
# valid numbers of a few countries, written the ways CVs write them
_REGIONS = st.sampled_from(["GB", "DE", "US", "FR", "NL"])
_FORMATS = st.sampled_from([phonenumbers.PhoneNumberFormat.INTERNATIONAL, phonenumbers.PhoneNumberFormat.NATIONAL,
                            phonenumbers.PhoneNumberFormat.E164])


@st.composite
def _person(draw):
    parts = draw(st.lists(_PART, min_size=1, max_size=3, unique_by=str.casefold))
    region = draw(_REGIONS)
    number = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    written = phonenumbers.format_number(number, draw(_FORMATS))
    user = draw(st.text(st.sampled_from("abcdefghij.-_0123456789"), min_size=1, max_size=10)).strip(".") or "x"
    email = f"{user}@{draw(st.sampled_from(['example.com', 'mail.example', 'x.co.uk']))}"
    return " ".join(parts), email, written, region


def _shapes(name: str, email: str, phone: str, filler: list[str]) -> list[str]:
    first, *rest = name.split()
    return [name.upper(), f"Email: {email}", f"Phone: {phone}", f"{email} | {phone}",
            f"{filler[0]} {first} {filler[1]}", f"{filler[2]} ({phone}) {filler[0]}",
            f"Reach {name.lower()} at {email}.", f"{first}'s {filler[1]} {' '.join(rest)}"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_person(), st.lists(_FILLER, min_size=3, max_size=3), st.lists(st.integers(0, 7), min_size=1, max_size=12),
       st.sampled_from(["GB", None]))
def test_property_no_email_phone_or_name_of_the_person_survives(person, filler, order, desk_region):
    name, email, phone, region = person
    shapes = _shapes(name, email, phone, filler)
    text = "\n".join(shapes[i] for i in order)
    national = str(phonenumbers.parse(phone, region).national_number)
    who = Identity((name,), (email,), (phonenumbers.format_number(phonenumbers.parse(phone, region),
                                                                  phonenumbers.PhoneNumberFormat.E164),), desk_region)
    out = anonymise(text, who, "Candidate A")
    assert email.lower() not in out.lower()
    assert national not in re.sub(r"\D", "", out)
    for part in name.split():
        if part.casefold() not in "candidate a".casefold():
            assert not re.search(rf"(?<!\w){re.escape(part)}(?!\w)", out, re.IGNORECASE), (part, out)
    work_line = shapes[4]
    if 4 in order and not any(p.search(work_line) for p in _ADDRESS):  # a line of work with the first name in it:
        # the work is kept, every word of it (a line that reads as an address, "2019 Dr", goes whole: by design)
        parts = {p.casefold() for p in name.split()}
        kept = [w for w in f"{filler[0]} {filler[1]}".split() if w.casefold() not in parts]
        assert all(re.search(rf"(?<!\S){re.escape(w)}(?!\S)", out) for w in kept), out
