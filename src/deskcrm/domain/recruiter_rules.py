"""What a recruiter's record may hold (pure: no SQL, no Textual): the CLI, the palette's form
and the store read names, initials and revenue targets with these.

    initials(" am ")                -> "AM"      (1-4 letters, any script, upper-cased)
    name("  Alex   Morgan ")        -> "Alex Morgan"
    target("£400k", desk="GBP")     -> 400000.0  (validate.money reads the amount)
    target("$400k", desk="EUR")     -> Invalid: a currency that is not the desk's is refused, never converted

Each raises ``validate.Invalid`` with the message shown at the field or after the option.
"""

from __future__ import annotations

import re

from deskcrm import text
from deskcrm.domain import validate

MAX_INITIALS = 4
_INITIALS = re.compile(rf"[^\W\d_]{{1,{MAX_INITIALS}}}")


def initials(raw: str | None) -> str:
    value = (raw or "").strip()
    if not _INITIALS.fullmatch(value):
        raise validate.Invalid(f"1 to {MAX_INITIALS} letters, e.g. AM")
    return value.upper()


def name(raw: str | None) -> str:
    problem = text.problem(raw or "")
    if problem:
        raise validate.Invalid(problem)
    value = " ".join((raw or "").split())
    if not value:
        raise validate.Invalid("required — the recruiter's full name, e.g. Alex Morgan")
    if len(value) > 80:
        raise validate.Invalid("at most 80 characters")
    return value


def target(raw: str | None, desk: str) -> float | None:
    """A yearly revenue target in the desk's currency ``desk`` (empty: none)."""
    if not (raw or "").strip():
        return None
    said = validate.written_currency(raw or "")
    if said is not None and said != desk:
        raise validate.Invalid(f"{text.clean(raw)} is not in this desk's currency ({desk}); "
                               f"give the target in {desk}, e.g. 400k (or set [report] target_currency in config.toml)")
    return validate.money(raw or "")
