"""Parsers for what a recruiter types into a form or a CLI option. Pure: no Textual, no SQL.

Each parser takes the raw text and returns the value (``None`` for an empty optional field)
or raises :class:`Invalid` with a short message that says what is wrong and shows an example,
e.g. ``not an email address — e.g. jane@example.com``. Forms show that message at the field.

Accepted forms:
- money: ``85k``, ``85,000``, ``85000``, ``85.5k``, ``1.2m``, ``€85k``, ``85 000 EUR``, ``85.000``
- percent: ``20``, ``20%``, ``17.5 %`` (0–100)
- dates and times: ``deskcrm.domain.dates`` (``dates.day``, ``dates.moment``)
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
Parser = Callable[[str], Any]


class Invalid(ValueError):
    """``str(err)`` is the message shown at the field."""


def text(raw: str) -> str | None:
    value = (raw or "").strip()
    return value or None


def required(parser: Parser = text) -> Parser:
    """Wrap ``parser`` so an empty value is an error."""

    def parse(raw: str) -> Any:
        if not (raw or "").strip():
            raise Invalid("required")
        return parser(raw)

    return parse


# ------------------------------------------------------------------ contact points

# the domain is labels of letters (any script), digits and hyphens: "[@click=app.quit]" is no address
_EMAIL = re.compile(r"^[^@\s]+@[\w-]+(\.[\w-]+)+$")


def email(raw: str) -> str | None:
    value = text(raw)
    if value is None:
        return None
    if len(value) > 254 or not _EMAIL.match(value) or ".." in value:
        raise Invalid("not an email address — e.g. jane@example.com")
    return value


def email_norm(value: str | None) -> str | None:
    return value.strip().lower() if value else None


_PHONE_CHARS = re.compile(r"^\+?[\d\s().\-/]+$")
# an office line's extension after the number: "x12", "ext 12", "ext. 12", "extension 12", "#12"
_EXTENSION = re.compile(r"[\s,;]*(?:x|ext\.?|extn\.?|extension|#)\s*(\d{1,6})\s*$", re.IGNORECASE)


def _extension(value: str) -> tuple[str, str | None]:
    """(the number, its extension's digits or None)."""
    found = _EXTENSION.search(value)
    return (value[:found.start()], found.group(1)) if found and found.start() > 0 else (value, None)


def phone(raw: str) -> str | None:
    """A phone number as typed, written one way (:func:`_phone_display`), an extension kept as
    `` ext. 12``: ``+1 (415) 555-0100 x12`` -> ``+1 415 555 0100 ext. 12``."""
    value = text(raw)
    if value is None:
        return None
    number, extension = _extension(value)
    digits = re.sub(r"\D", "", number.removeprefix("00"))  # 00 dials out, as + does: not the number's
    if not _PHONE_CHARS.match(number):
        raise Invalid("not a phone number — digits, spaces and + ( ) - . / only, e.g. +44 20 7946 0958"
                      " (an extension after it: ext. 12)")
    if not 6 <= len(digits) <= 15:
        raise Invalid(f"not a phone number — 6 to 15 digits (this has {len(digits)}), e.g. +44 20 7946 0958")
    return _phone_display(number) + (f" ext. {extension}" if extension else "")


def _drop_trunk_zero(value: str) -> str:
    """``+44 (0) 20…`` -> ``+44 20…``: the ``(0)`` is dialled only inside the country."""
    value = value.strip()
    return re.sub(r"\(\s*0\s*\)", " ", value) if value.startswith(("+", "00")) else value


def _phone_display(value: str) -> str:
    """One way to write a number: ``0044 (0)20-7946.0958`` -> ``+44 20 7946 0958`` — separators
    become single spaces, ``00`` becomes ``+``; the digits are the ones typed."""
    value = re.sub(r"[()\-./]", " ", _drop_trunk_zero(value))
    value = re.sub(r"\s+", " ", value).strip()
    if value.startswith("00"):
        value = "+" + value[2:].lstrip()
    return re.sub(r"^\+\s+", "+", value)


def phone_norm(value: str | None) -> str | None:
    """``+44 (20) 7946-0958`` -> ``+442079460958``; ``0044…`` counts as ``+44…``; a national
    number without a country code keeps its digits only; an extension is not part of it."""
    if not value:
        return None
    value = _drop_trunk_zero(_extension(value)[0])  # the line, not the extension, says who it is
    digits = re.sub(r"\D", "", value)
    if value.startswith("+"):
        return "+" + digits
    if digits.startswith("00"):
        return "+" + digits[2:]
    return digits


_LINKEDIN = re.compile(r"^(?:https?://)?(?:[\w-]+\.)?linkedin\.com/in/([^/?#\s]+)/?(?:[?#].*)?$", re.IGNORECASE)


def linkedin(raw: str) -> str | None:
    value = text(raw)
    if value is None:
        return None
    if not _LINKEDIN.match(value):
        raise Invalid("not a LinkedIn profile URL — e.g. https://www.linkedin.com/in/jane-doe")
    return value


def linkedin_norm(value: str | None) -> str | None:
    """Any form of a profile URL -> ``linkedin.com/in/<slug>`` (slug lower-cased)."""
    found = _LINKEDIN.match(value.strip()) if value else None
    return f"linkedin.com/in/{found.group(1).lower()}" if found else None


# ------------------------------------------------------------------ numbers

_SIGNS = {"€": "EUR", "£": "GBP", "$": "USD", "¥": "JPY"}
# a code before the amount, or after it (``85k EUR``, ``85kEUR``), never inside a word (``85k gross``)
_CODE = re.compile(r"^\s*([A-Za-z]{3})(?![A-Za-z])|(?:(?<![A-Za-z])|(?<=\d[kKmM]))([A-Za-z]{3})\s*$")


def written_currency(raw: str) -> str | None:
    """The currency an amount names as typed (``£400k``: GBP, ``400k EUR``: EUR), or None.
    :func:`money` reads the number and drops the mark: who takes an amount beside a currency
    checks the two agree (:func:`currency_clash`)."""
    for sign, code in _SIGNS.items():
        if sign in raw:
            return code
    found = _CODE.search(raw)
    return (found.group(1) or found.group(2)).upper() if found else None


def currency_clash(raw: str | None, currency: str | None, where: str) -> str | None:
    """Why an amount typed with its currency (``£95k``) cannot be saved in ``currency`` (the
    one ``where`` names: a form's Currency field, an option): an amount is never converted,
    and the currency typed with it never dropped. None when it names none, or the same one."""
    said = written_currency(raw or "")
    if said is None or said == (currency or "").upper():
        return None
    if not currency:
        return f"typed in {said}: set {where} to {said} too"
    return f"typed in {said}, but {where} is {currency.upper()}: set {where} to {said}, or type the amount alone"


_CURRENCY_MARKS = re.compile(r"[€$£¥]|^\s*[A-Za-z]{3}|[A-Za-z]{3}\s*$")  # €85k, EUR 85k, 85kEUR
_EURO_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")
_COMMA_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")  # 85,000 · 1,234.50 (not 1,2,3 nor 85,5)


def money(raw: str) -> float | None:
    value = text(raw)
    if value is None:
        return None
    s = _CURRENCY_MARKS.sub("", value).replace(" ", "").replace("\u00a0", "").lower()
    scale = 1.0
    if s.endswith("k"):
        s, scale = s[:-1], 1_000.0
    elif s.endswith("m"):
        s, scale = s[:-1], 1_000_000.0
    if scale == 1.0 and _EURO_THOUSANDS.match(s):  # 85.000 is 85,000; 1.234k is 1,234
        s = s.replace(".", "")
    if "," in s and not _COMMA_THOUSANDS.match(s):  # 1,2,3 is not 123, nor 85,5k 855k: ask
        raise Invalid("commas go between thousands — e.g. 85,000 or 85000 (85.5k for a half)")
    s = s.replace(",", "")
    try:
        amount = float(s) * scale
    except ValueError:
        raise Invalid("not an amount — e.g. 85k, 85,000 or 85000") from None
    if not math.isfinite(amount):
        raise Invalid("not an amount — e.g. 85k, 85,000 or 85000")
    if amount < 0:
        raise Invalid("must not be negative")
    return round(amount, 2)


_PER = re.compile(r"/|\bper\b|\bp\.?[dh]\b|\d\s*p[dh]\b|\b(?:day|daily|hour|hourly|hr)\b", re.IGNORECASE)


def says_per(raw: str) -> bool:
    """A per-day / per-hour mark in a typed amount: "650/day", "650 per day", "650pd"."""
    return bool(_PER.search(raw or ""))


def rate(raw: str) -> float | None:
    """A day or hourly rate typed as an amount; "800/day" is refused saying the unit is chosen
    beside it (the form's Rate per), not guessed from the box."""
    try:
        return money(raw)
    except Invalid:
        if says_per(raw):
            raise Invalid("the amount alone — e.g. 800 (Rate per says per day or per hour)") from None
        raise


def percent(raw: str) -> float | None:
    value = text(raw)
    if value is None:
        return None
    try:
        number = float(value.rstrip("%").strip().replace(",", "."))
    except ValueError:
        raise Invalid("not a percentage — e.g. 20 or 17.5%") from None
    if not 0 <= number <= 100:
        raise Invalid("must be between 0 and 100 %")
    return number


def whole(minimum: int = 0, maximum: int | None = None, example: int | None = None) -> Parser:
    """A whole number within bounds (e.g. days ≥ 0); ``example``: what the error suggests (else
    30 days, kept within the bounds)."""
    if example is None:
        example = max(minimum, 30) if maximum is None else min(max(minimum, 30), maximum)

    def parse(raw: str) -> int | None:
        value = text(raw)
        if value is None:
            return None
        try:
            number = int(value.replace(",", "").replace("_", ""))
        except ValueError:
            raise Invalid(f"not a whole number — e.g. {example}") from None
        if number < minimum:
            raise Invalid(f"must be {minimum} or more")
        if maximum is not None and number > maximum:
            raise Invalid(f"must be {maximum} or less")
        return number

    return parse


# ------------------------------------------------------------------ words

def currency(raw: str) -> str | None:
    value = text(raw)
    if value is None:
        return None
    if not re.fullmatch(r"[A-Za-z]{3}", value):
        raise Invalid("a 3-letter currency code — e.g. EUR, GBP, USD")
    return value.upper()


def word_list(raw: str | Iterable[object]) -> list[str]:
    """``python, Django ,python`` -> ``["python", "Django"]`` (order kept, case-insensitive dedup,
    inner spaces collapsed); a list is taken item by item, as given."""
    seen: set[str] = set()
    out: list[str] = []
    for part in (raw.split(",") if isinstance(raw, str) else (str(item) for item in raw or ())):
        word = " ".join(part.split())
        if word and word.casefold() not in seen:
            seen.add(word.casefold())
            out.append(word)
    return out


def choice(options: dict[str, str] | Iterable[str]) -> Parser:
    """One of ``options`` (keys; matched case-insensitively against keys and labels)."""
    table = dict(options) if isinstance(options, dict) else {o: o for o in options}

    def parse(raw: str) -> str | None:
        value = text(raw)
        if value is None:
            return None
        for key, label in table.items():
            if value.casefold() in (key.casefold(), str(label).casefold()):
                return key
        raise Invalid("one of: " + ", ".join(str(v) for v in table.values()))

    return parse


# The codes a form takes from an amount by itself ("85k CHF"): a currency, not a word ("85k net").
# Any other code typed beside an amount is refused until the Currency field says it.
KNOWN_CURRENCIES = frozenset(
    "EUR GBP USD CHF JPY CAD AUD NZD SEK NOK DKK PLN CZK HUF RON BGN ISK TRY ILS AED SAR QAR INR SGD HKD CNY "
    "KRW TWD ZAR BRL MXN ARS CLP COP".split()
)


def currency_typed(amounts: Sequence[tuple[str, str]]) -> str | None:
    """The currency a form takes for its Currency field from the amounts tied to it, each
    ``(typed, opened)``: the one currency the amounts that name one say (``£85k``, ``85k GBP``),
    when it is a known currency and each of them reads as an amount. None when none names one,
    two name different ones, or an amount the form opened with is left as it was without naming
    one (a stored salary stays in the currency it was saved in: it is not relabelled). Never a
    currency from nothing: only a sign or a code the user typed."""
    named: set[str] = set()
    for typed, opened in amounts:
        if not typed.strip():
            continue
        said = written_currency(typed)
        if said is None:
            if typed == opened:
                return None
            continue
        try:
            money(typed)
        except Invalid:
            return None
        named.add(said)
    if len(named) != 1:
        return None
    said = named.pop()
    return said if said in KNOWN_CURRENCIES else None
