"""Phone numbers and email addresses in a search query. Pure: no SQL, no Textual.

    contacts_in(["call", "+49", "172", "23104960"], last_open=False)
    -> (ContactTerm("phone", "+49 172 23104960"),)

The search index knows a number only as words (49 · 172 · 23104960) and an address as its
parts, so the query keeps them whole for the store to look up on the person's own phone and
email (``store.search_contacts``). An email is something, ``@``, something (the domain may still
be being typed: ``last_open``); a phone is a run of digits and the separators people type
(spaces, dots, dashes, slashes, brackets; ``+`` or ``00`` in front) with 6 to 15 digits, as
``validate.phone`` accepts — in a longer run ("python 0172 23104960 2024"), each group of 6 or
more digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_EMAIL = re.compile(r"[^\s@\"]+@[^\s@\"]*")
_PHONE = re.compile(r"(?:\+|(?<![\w+]))\(?\d[\d\s().\-/]*\d")
_PHONE_DIGITS = (6, 15)
_MAX = 4  # contact terms looked up per query at most


@dataclass(frozen=True, slots=True)
class ContactTerm:
    """A phone number or an email address typed in the query."""

    kind: str  # "phone" | "email"
    value: str  # a phone as typed ("+49 172 23104960"); an email lower-cased
    prefix: bool = False  # an email still being typed (the last word): it may continue


def contacts_in(free: list[str], *, last_open: bool = False) -> tuple[ContactTerm, ...]:
    """The emails and phone numbers in the free-text pieces ``free`` (filters left out), in
    order; ``last_open``: the last piece is still being typed."""
    out: list[ContactTerm] = []
    text = " ".join(free)
    for m in _EMAIL.finditer(text):
        value = m.group().strip(".,;:<>()[]'").lower()
        local, _, domain = value.partition("@")
        typed = last_open and m.end() == len(text)
        if local and (domain or typed):
            out.append(ContactTerm("email", value, prefix=typed))
    for m in _PHONE.finditer(_EMAIL.sub(" ", text)):
        run = m.group().strip()
        digits = re.sub(r"\D", "", run)
        if _PHONE_DIGITS[0] <= len(digits) <= _PHONE_DIGITS[1]:
            out.append(ContactTerm("phone", run))
        else:
            out += [ContactTerm("phone", g) for g in re.findall(r"\d{6,15}", run)]
    return tuple(dict.fromkeys(out))[:_MAX]
