"""Cell text into values, for the writer: each parser takes a cell's text and returns the value
or raises :class:`~deskcrm.domain.validate.Invalid`; :func:`parse` runs one on a cell and turns
the refusal into :class:`BadCell` naming the line and the column. Nothing is evaluated: a cell
``=HYPERLINK(...)`` or ``[bold]x`` is text, and text it stays.

Dates (:func:`day`, :func:`moment`, :func:`date_order`, :func:`date_orders`): ``cell_dates``,
re-exported here.

Amounts (:func:`amount`): ``85k``, ``85.5k``, ``1.2m``, ``85,000``, ``85000``, ``€85k``,
``85000 EUR``, ``GBP 85,000`` -> (85000.0, "EUR"...). In a European file (``;``-delimited:
``Table.european``) ``.`` groups thousands and ``,`` is the decimal mark (``85.000`` is 85,000; ``85,5k`` is 85,500);
elsewhere ``,`` groups and ``.`` is the decimal mark, and ``85.000`` (thousands or three
decimals?) is refused.

Phones (:func:`phone`): a number with ``+`` / ``00`` is written as the desk's forms write it
(``+44 20 7946 0958``, the digits typed). A number without a country code takes the config's
``phone_region`` (e.g. ``"GB"``) with ``phonenumbers``; with no region set it is kept as typed
(the digits the form would keep) — never given a country it may not have.

E-mail (:func:`email`) is checked and kept as typed; duplicates match on the folded form
(``person_write.email_norm``). LinkedIn (:func:`linkedin`): any form of a profile URL ->
``https://www.linkedin.com/in/<slug>``. Lists (:func:`words`): skills / tags split on ``,``
``;`` ``|``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from deskcrm.domain import validate
from deskcrm.domain.validate import Invalid
from deskcrm.store.imports.cell_dates import (  # noqa: F401 - one import point for the writer
    DATE_TARGETS, date_order, date_orders, day, moment, numeric_order)
from deskcrm.store.imports.table import BadCell

AMOUNT_TARGETS = ("salary", "salary_min", "salary_max", "fee")  # read with amount()


def parse(line: int, column: str, parser: Callable[[str], Any], text: str) -> Any:
    """``parser(text)``, a refusal raised as :class:`BadCell` naming ``line`` and ``column``."""
    try:
        return parser(text)
    except Invalid as exc:
        raise BadCell(line, column, f"{_shown(text)} — {exc}") from None


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= 40 else text[:39] + "…")


# --------------------------------------------------------------------------- amounts


class Amount(NamedTuple):
    value: float
    currency: str | None  # ISO code when the cell says one (€, £, $, or a code), else None


_SYMBOLS = {"€": "EUR", "£": "GBP", "$": "USD"}
_PLAIN = re.compile(r"^\d+(?:\.\d+)?$")
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
AMOUNT_EXAMPLE = "not an amount — e.g. 85k, 85,000, 85000 EUR or €85k"
# a ;-separated file's amounts: "," marks decimals (``Table.european``), and the advice says so
EUROPEAN_EXAMPLE = "not an amount — in this ;-separated file ',' marks decimals: e.g. 85k, 85.000, 85000 EUR or €85k"


def amount(text: str, *, european: bool = False) -> Amount:
    """An amount cell (see the module's doc) as (value, currency or None)."""
    value = " ".join(text.replace("\u00a0", " ").split())
    currency = None
    for symbol, code in _SYMBOLS.items():
        if value.startswith(symbol) or value.endswith(symbol):
            currency, value = code, value.strip(symbol).strip()
            break
    if currency is None and (found := _LEADING_CODE.match(value) or _TRAILING_CODE.match(value)):
        currency, value = found.group("code").upper(), found.group("number")
    number = value.replace(" ", "")
    scale = 1.0
    if number[-1:] in ("k", "K"):
        number, scale = number[:-1], 1_000.0
    elif number[-1:] in ("m", "M"):
        number, scale = number[:-1], 1_000_000.0
    if european:  # 85.000,50 is 85,000.50
        number = number.translate(_SWAP)
    return Amount(_number(number, scale, european), currency)


_LEADING_CODE = re.compile(r"^(?P<code>[A-Za-z]{3})\s*(?P<number>[\d.,\s]+[kKmM]?)$")
_TRAILING_CODE = re.compile(r"^(?P<number>[\d.,\s]+[kKmM]?)\s*(?P<code>[A-Za-z]{3})$")
_SWAP = str.maketrans({".": ",", ",": "."})


def _number(number: str, scale: float, european: bool = False) -> float:
    """``number`` (a European file's with its marks swapped back) times ``scale``; a refusal
    says what to write in the file's own marks, with the cell's own digits."""
    example = EUROPEAN_EXAMPLE if european else AMOUNT_EXAMPLE
    if _GROUPED.match(number):
        number = number.replace(",", "")
    elif not _PLAIN.match(number):
        raise Invalid(example)
    elif scale == 1.0 and re.fullmatch(r"\d{1,3}\.\d{3}", number):
        whole, part = number.split(".")
        if european:  # the cell was 95,000
            raise Invalid(f"in this ;-separated file ',' marks decimals: write {whole}{part} or {whole}.{part} "
                          f"for {whole} thousand (or {whole},5 for a fraction)")
        raise Invalid(f"thousands or decimals? write {whole}{part} or {whole},{part} for {whole} thousand "
                      f"(or {whole}.5 for a fraction)")
    amount_ = float(number) * scale
    if not math.isfinite(amount_):
        raise Invalid(example)
    return round(amount_, 2)


# --------------------------------------------------------------------------- contact points


def email(text: str) -> str:
    """A checked e-mail address, as typed (matching folds it: ``person_write.email_norm``)."""
    value = validate.email(text)
    if value is None:
        raise Invalid("not an email address — e.g. jane@example.com")
    return value


_WRITTEN = re.compile(r"\+\d+(?: \d+)*")  # fullmatch: +49 30 1234567


def phone(text: str, region: str | None = None) -> str:
    """A phone number written one way: with its country code as the desk's forms write it
    (``validate.phone``: ``0044 (0)20-7946.0958`` -> ``+44 20 7946 0958``, the digits typed); a
    national number given its country by ``region`` with ``phonenumbers``
    (``020 7946 0958`` -> ``+44 20 7946 0958``); without either, kept as typed (checked). The
    matching key of all three is the desk's ``validate.phone_norm``. (``phonenumbers`` costs
    ~250 µs a number: an import of 100k rows calls it only where it adds the country.)"""
    value = written_phone(text)
    if value is not None:
        return value  # written already as validate.phone writes it (most exports): ~1 µs, not ~14
    value = validate.phone(text)  # 6-15 digits of phone characters, or Invalid
    if value is None:
        raise Invalid("not a phone number — e.g. +44 20 7946 0958")
    if value.startswith("+") or not region:
        return value
    import phonenumbers

    if region.upper() not in phonenumbers.SUPPORTED_REGIONS:
        raise Invalid(f"phone_region {region!r} in the config is not a country — e.g. GB, DE, US")
    try:
        number = phonenumbers.parse(value, region.upper())
    except phonenumbers.NumberParseException:
        raise Invalid("not a phone number — e.g. +44 20 7946 0958") from None
    if not phonenumbers.is_possible_number(number):
        raise Invalid(f"not a possible phone number in {region.upper()} — e.g. +44 20 7946 0958")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def written_phone(text: str) -> str | None:
    """``text`` stripped when it is a phone number written as ``validate.phone`` writes one
    (``+`` and 6-15 digits in space-separated groups), else None (``phone`` reads it)."""
    value = text.strip()
    if _WRITTEN.fullmatch(value) and 6 <= len(value) - value.count(" ") - 1 <= 15:
        return value
    return None


def linkedin(text: str) -> str:
    """Any form of a LinkedIn profile URL -> ``https://www.linkedin.com/in/<slug>``."""
    return "https://www." + linkedin_key(text)


def linkedin_key(text: str) -> str:
    """A LinkedIn profile URL's matching key, ``linkedin.com/in/<slug>`` (``validate.linkedin_norm``;
    the stored URL is ``"https://www." +`` it)."""
    norm = validate.linkedin_norm(text)
    if norm is None:
        raise Invalid("not a LinkedIn profile URL — e.g. https://www.linkedin.com/in/jane-doe")
    return norm


def words(text: str) -> list[str]:
    """Skills / tags: split on ``,`` ``;`` ``|``, trimmed, duplicates (any case) dropped."""
    return validate.word_list(re.sub(r"[;|]", ",", text))
