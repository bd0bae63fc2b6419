"""Rules for a company's record and fee agreement (pure: no SQL, no Textual).

The form checks each field as it is typed (``validate``); the store applies these again before
writing (a script or a stale form cannot save a fee of 140 %), naming the field and what to do.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

from deskcrm.domain.amounts import money
from deskcrm.domain.stages import keys

# What a failed guarantee owes the client (``guarantee_rules`` applies it).
PRORATA = {"none": "None: nothing owed back", "full": "Full fee", "prorata": "Pro-rata by days worked"}
PRORATA_SHORT = {"none": "nothing owed", "full": "full fee", "prorata": "pro-rata"}  # narrow panels
COMPANY_FIELDS = ("name", "industry", "size", "city", "country", "website", "bd_stage", "owner_id", "fee_percent",
                  "flat_fee", "fee_currency", "payment_terms_days", "guarantee_days", "prorata_rule", "nps",
                  "checkin_cadence_days", "notes")
FEE_FIELDS = ("fee_percent", "flat_fee", "fee_currency", "payment_terms_days", "guarantee_days", "prorata_rule")


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def company_errors(v: dict[str, Any]) -> dict[str, str]:
    """Field name -> message for the values given (absent fields are not checked)."""
    errors: dict[str, str] = {}
    if "name" in v and not (v["name"] or "").strip():
        errors["name"] = "required — the company's name"
    pct, flat = v.get("fee_percent"), v.get("flat_fee")
    if pct is not None and (not _number(pct) or not 0 <= pct <= 100):
        errors["fee_percent"] = "must be between 0 and 100 % (e.g. 20)"
    if flat is not None and (not _number(flat) or flat < 0):
        errors["flat_fee"] = "must be an amount of 0 or more (e.g. 12k)"
    if pct is not None and flat is not None and "fee_percent" not in errors and "flat_fee" not in errors:
        errors["flat_fee"] = "a fee is a percentage OR a flat amount: clear one of them"
    for name, what in (("payment_terms_days", "payment terms"), ("guarantee_days", "the guarantee"),
                       ("checkin_cadence_days", "the check-in cadence")):
        value = v.get(name)
        required = name != "checkin_cadence_days"
        if name in v and value is None and required:
            errors[name] = f"{what}: a number of days, 0 or more"
        elif value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            errors[name] = f"{what}: a whole number of days, 0 or more"
    if "fee_currency" in v and not re.fullmatch(r"[A-Z]{3}", v["fee_currency"] or ""):
        errors["fee_currency"] = "a 3-letter currency code — e.g. EUR, GBP, USD"
    if "prorata_rule" in v and v["prorata_rule"] not in PRORATA:
        errors["prorata_rule"] = "one of: " + ", ".join(PRORATA)
    nps = v.get("nps")
    if nps is not None and (not isinstance(nps, int) or isinstance(nps, bool) or not 0 <= nps <= 10):
        errors["nps"] = "a score from 0 to 10"
    if "bd_stage" in v and v["bd_stage"] not in keys("client"):
        errors["bd_stage"] = "one of the BD stages: " + ", ".join(keys("client"))
    return errors


def fee_summary(pct: float | None, flat: float | None, currency: str) -> str:
    if flat is not None:
        return f"flat {currency} {flat:,.0f}"
    if pct is not None:
        return f"{pct:g}%"
    return "none"


def fee_terms(fee, *, short: bool = False) -> str:
    """'20% of salary, in EUR' ('20% · EUR' ``short``, for a narrow panel) / 'flat EUR 10,000'
    / 'no fee agreed': the currency the fees are invoiced in is always said."""
    if fee.flat_fee is not None:
        return f"flat {money(fee.flat_fee, fee.currency)}"
    if fee.fee_percent is not None:
        if not fee.currency:
            return f"{fee.fee_percent:g}%" + ("" if short else " of salary")
        return f"{fee.fee_percent:g}% · {fee.currency}" if short else f"{fee.fee_percent:g}% of salary, in {fee.currency}"
    return "no fee agreed"


_COUNTED = {"outstanding": "outstanding_count", "overdue": "overdue_count"}  # invoices


def amounts(a, figure: str) -> list[str]:
    """A money figure of the account in each currency it has, never added together, with the
    number of invoices for outstanding and overdue: ["EUR 16,400 (1)", "CHF 16,720 (1)"];
    0 in the agreement's currency when there is none."""
    count = _COUNTED.get(figure)
    found = [(c.currency, getattr(c, figure), getattr(c, count) if count else None)
             for c in a.money.by_currency if getattr(c, figure)]
    if not found:
        found = [(a.fee.currency, 0.0, 0 if count else None)]
    return [money(amount, cur) + (f" ({n})" if n is not None else "") for cur, amount, n in found]


# --------------------------------------------------------------------------- duplicate keys

# Legal forms dropped from the end of a name ("Kestrel Life Sciences Ltd" ≈ "kestrel life sciences").
LEGAL_FORMS = frozenset({
    "ltd", "limited", "gmbh", "ag", "inc", "incorporated", "llc", "plc", "sa", "bv", "nv", "co", "corp",
    "corporation", "company", "llp", "lp", "sarl", "sas", "srl", "spa", "oy", "ab", "as", "aps", "kg", "se",
    "pty", "pte", "kk", "sl", "ug",
})


def _fold(value: str) -> str:
    value = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in value if not unicodedata.combining(ch))


def company_key(name: str | None) -> str | None:
    """A company name folded for the duplicate check: case, accents and punctuation dropped,
    ``&`` read as "and", legal forms (Ltd, GmbH, Inc, …) cut from the end, spaces closed up —
    "Kestrel Life-Sciences Ltd." and "kestrel life sciences" give the same key. None: no letters."""
    folded = _fold(name or "").replace("&", " and ")
    folded = re.sub(r"[.'’]", "", folded)  # S.A. -> sa, O'Neil -> oneil
    words = re.findall(r"[^\W_]+", folded)
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    while len(words) > 1 and words[0] == "the":
        words.pop(0)
    return "".join(words) or None


def web_domain(website: str | None) -> str | None:
    """The host of a website, lower case, without ``www.``: ``https://www.Kestrel.io/about`` ->
    ``kestrel.io``. None when there is no dotted host."""
    raw = (website or "").strip()
    if not raw:
        return None
    if "://" not in raw:
        raw = "//" + raw
    try:
        host = urlsplit(raw).hostname or ""
    except ValueError:
        return None
    host = host.strip(".").removeprefix("www.")
    return host if "." in host else None
