"""Phone numbers and emails in a search query (``contact_terms``): pure, property-tested."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from deskcrm.domain import validate
from deskcrm.domain.contact_terms import ContactTerm, contacts_in
from deskcrm.domain.search_query import parse

_SEPARATORS = st.sampled_from([" ", "", "-", ".", "/", " - "])


@st.composite
def phones(draw) -> str:
    """A number as people type one: + or 00 or a trunk 0 in front, groups, any separator."""
    digits = draw(st.text("0123456789", min_size=6, max_size=13))
    front = draw(st.sampled_from(["+", "00", "0", ""]))
    if front in ("", "0"):
        digits = digits.lstrip("0") or "1"
    cuts = sorted(set(draw(st.lists(st.integers(1, max(1, len(digits) - 1)), max_size=4))))
    groups = [digits[a:b] for a, b in zip([0, *cuts], [*cuts, len(digits)])]
    return front + draw(_SEPARATORS).join(groups)


@settings(deadline=None)  # the first parse reads the search vocabulary (domain/vocabulary.toml)
@given(phones(), st.sampled_from(["", "call ", "python "]), st.sampled_from(["", " today", " salary<90k"]))
def test_a_typed_phone_number_is_found_whole(typed, before, after):
    if not 6 <= sum(c.isdigit() for c in typed) <= 15:
        return
    found = parse(before + typed + after, typing=False).contacts
    assert [validate.phone_norm(t.value) for t in found if t.kind == "phone"] == [validate.phone_norm(typed)]


def test_emails_and_phones_in_a_query():
    assert contacts_in(["Jan.Janssens@Example.com"]) == (ContactTerm("email", "jan.janssens@example.com"),)
    assert contacts_in(["jan@exa"], last_open=True) == (ContactTerm("email", "jan@exa", prefix=True),)
    assert contacts_in(["@foo", "bar@"]) == ()
    assert contacts_in(["python", "2024"]) == ()  # a year is not a phone
    assert contacts_in(["x", "0172", "23104960", "2024"]) == (ContactTerm("phone", "23104960"),)  # too long for one
    assert parse('city:"+49 1234567" skill:12345678').contacts == ()  # filters are not free text
    assert parse('"+49 172 23104960"').contacts == (ContactTerm("phone", "+49 172 23104960"),)
