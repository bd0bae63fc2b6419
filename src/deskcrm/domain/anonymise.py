"""A CV's text with the person taken out of it, for an anonymised submittal (issue 15).

    who = Identity(names=("Jane Roe",), emails=("jane@roe.example",), phones=("+442079460001",), region="GB")
    anonymise(cv_text, who, "Candidate A")

What goes, line by line:

- postal address lines (a UK postcode; a house number and a street word — Street, Road, Straße,
  rue, …; a five-digit postcode and a town; a US state and ZIP) are dropped whole;
- email addresses, web addresses (every ``http(s)://`` and ``www.`` one, and bare ones on social
  sites — linkedin.com/in/…, github.com/…), phone numbers (``phonenumbers.PhoneNumberMatcher``
  for the region and for international numbers, anything written ``+`` and 7–15 digits, and the
  person's own numbers however they are spaced or prefixed; on a line that held one of these, any
  number that could be a phone number, valid or not) are removed; a line left with nothing
  but a label ("Email:", "Tel. / Mobile", "LinkedIn") is dropped;
- the person's name — the whole name, then each part of two letters or more, as whole words in any
  case, in capitals (ß as SS) and without accents (José as Jose) — is replaced by ``label``.

Pure text in, text out: no file, no database. What it cannot know (a nickname, a former name, a
photo's caption) it leaves; the submittal says the CV is the text re-rendered, never the file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import phonenumbers

_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_SOCIAL = ("linkedin", "github", "gitlab", "bitbucket", "twitter", "x", "facebook", "instagram", "xing",
           "stackoverflow", "medium", "behance", "dribbble", "youtube", "tiktok", "t", "wa", "skype")
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]+"
    r"|(?<![\w@.])(?:[\w-]+\.)*(?:" + "|".join(_SOCIAL) + r")\.(?:com|me|io|org|de|net)(?:/[^\s<>\"]*)?",
    re.IGNORECASE)
_PLUS_NUMBER = re.compile(r"\+\s*\(?\d(?:[\s().\-/]*\d){6,14}")
# a number after a phone label, valid or not ("Mobile 07700 900123", "M: 0151 496 0123")
_LABELLED_NUMBER = re.compile(r"(?i)\b(?:phone|tel|telephone|telefon|mobile|mob|cell|fax|whatsapp|m|t|p)\b\.?\s*[:.]?\s*"
                              r"(\(?\+?\d(?:[\s().\-/]*\d){6,14})")
_LABELS = re.compile(
    r"(?i)\b(?:e-?mail|mail|email address|phone|tel|telephone|telefon|t[ée]l[ée]phone|mobile|mob|cell|fax|"
    r"linked\s*in|github|gitlab|twitter|x|web|website|site|homepage|portfolio|blog|skype|whatsapp|contact|"
    r"contact details|address|m|t|e|p|w)\b")
_STREET_WORDS = (r"street|st|road|rd|avenue|ave|lane|ln|drive|dr|close|way|place|pl|court|ct|crescent|square|sq|"
                 r"terrace|gardens|grove|mews|row|hill|park|boulevard|blvd|parade|walk")
_ADDRESS = (
    re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"),  # a UK postcode
    re.compile(rf"(?i)^\W*(?:flat\s+\w+,?\s*)?\d+[a-z]?,?\s+(?:[^\W\d_][\w'.-]*\s+){{0,4}}(?:{_STREET_WORDS})\b\.?"),
    re.compile(r"(?i)\b[^\W\d_][\w-]*(?:straße|strasse|str\.|weg|platz|allee|gasse|laan|straat|gracht)\s+\d+[a-z]?\b"),
    re.compile(r"(?i)\b\d+\s*(?:bis|ter)?,?\s+(?:rue|avenue|boulevard|bd|place|chemin|allée|impasse|quai)\b"),
    re.compile(r"^\W*(?:[A-Z]{1,2}-)?\d{5}\s+[^\W\d_a-z][\w'-]*(?:[ -][^\W\d_a-z][\w'-]*){0,2}\s*$"),  # 10115 Berlin
    re.compile(r"\b[A-Z][a-z]+,?\s+[A-Z]{2}\s+\d{5}(?:-\d{4})?\b"),  # Springfield, IL 62704
    re.compile(r"(?i)^\W*(?:home\s+|postal\s+)?address\s*[:\-]"),
)
_SEPARATORS = r"[\s.\-()/]*"


@dataclass(frozen=True, slots=True)
class Identity:
    """Who is taken out: their name(s), emails and phone numbers as the record holds them."""

    names: tuple[str, ...]
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    region: str | None = None  # how a national number without +NN reads (the desk's phone_region)


def anonymise(text: str, who: Identity, label: str) -> str:
    """``text`` without ``who``'s contact lines, address or name (the module docstring)."""
    names = _name_pattern(who.names)
    own = _own_phones(who.phones, who.region)
    kept: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if any(p.search(line) for p in _ADDRESS):
            continue
        spans = _contact_spans(line, who, own)
        out, rest = _rebuild(line, spans, names, label)
        if spans and not _LABELS.sub("", rest).strip(" \t:;,.|/\\-–—•·()[]{}<>*_#+~'\""):
            continue  # nothing but a label was left: "Email:", "Tel / Mobile"
        kept.append(out)
    return _squeeze("\n".join(kept))


def _name_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """The whole names first (longest first), then their parts of two letters or more."""
    whole = {" ".join(n.split()) for n in names if n and n.split()}
    parts = {p for n in whole for p in re.split(r"[\s,]+", n) if len(p.strip("'.-")) >= 2}
    words = sorted({v for w in whole | parts for v in _variants(w)}, key=len, reverse=True)
    if not words:
        return None
    alternatives = "|".join(r"\s+".join(re.escape(w) for w in word.split()) for word in words)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _variants(word: str) -> set[str]:
    """How a name may be written in a CV: as typed, in capitals ("STRAUSS" for Strauß), folded,
    without its accents ("Jose" for José)."""
    forms = {word, word.upper(), word.casefold(), unicodedata.normalize("NFC", word)}
    return forms | {"".join(ch for ch in unicodedata.normalize("NFKD", f) if not unicodedata.combining(ch)) for f in forms}


def _own_phones(phones: tuple[str, ...], region: str | None) -> list[re.Pattern[str]]:
    """Each of the person's numbers, matched with any spacing and any prefix (+44, 0044, (0), 0)."""
    found = []
    for raw in phones:
        try:
            number = phonenumbers.parse(raw, None if raw.strip().startswith("+") else (region or "GB"))
            national, code = str(number.national_number), str(number.country_code)
        except phonenumbers.NumberParseException:
            national, code = re.sub(r"\D", "", raw), ""
        if len(national) < 6:
            continue
        digits = _SEPARATORS.join(national)
        prefix = rf"(?:(?:\+|00){_SEPARATORS}{code}{_SEPARATORS}(?:\(0\){_SEPARATORS})?|0{_SEPARATORS})?" if code else ""
        found.append(re.compile(rf"(?<!\d){prefix}{digits}(?!\d)"))
    return found


def _contact_spans(line: str, who: Identity, own: list[re.Pattern[str]]) -> list[tuple[int, int]]:
    spans = [m.span() for m in _EMAIL.finditer(line)]
    spans += [m.span() for m in _URL.finditer(line)]
    spans += [m.span() for m in _PLUS_NUMBER.finditer(line)]
    spans += [m.span(1) for m in _LABELLED_NUMBER.finditer(line)]
    for pattern in own:
        spans += [m.span() for m in pattern.finditer(line)]
    for email in who.emails:
        if email:
            spans += [m.span() for m in re.finditer(re.escape(email), line, re.IGNORECASE)]
    if any(ch.isdigit() for ch in line):
        for region in {who.region or "GB", None}:
            spans += _matched(line, region, phonenumbers.Leniency.VALID)
        if spans:  # a contact line: a number that could be one goes too ("07700 900123", not a valid range)
            spans += [(a, b) for a, b in _matched(line, who.region or "GB", phonenumbers.Leniency.POSSIBLE)
                      if sum(ch.isdigit() for ch in line[a:b]) >= 9]
    return _merged(spans)


def _matched(line: str, region: str | None, leniency: phonenumbers.Leniency) -> list[tuple[int, int]]:
    try:
        return [(m.start, m.end) for m in phonenumbers.PhoneNumberMatcher(line, region, leniency=leniency)]
    except Exception:  # noqa: BLE001 - a library hiccup on odd text must not stop a submittal
        return []


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _rebuild(line: str, spans: list[tuple[int, int]], names: re.Pattern[str] | None,
             label: str) -> tuple[str, str]:
    """(the line with the contact spans removed and the name replaced, what is left without either)."""
    pieces, rest, at = [], [], 0
    for start, end in [*spans, (len(line), len(line))]:
        segment = line[at:start]
        rest.append(names.sub(" ", segment) if names is not None else segment)
        pieces.append(names.sub(label, segment) if names is not None else segment)
        at = end
    out = "".join(pieces)
    if spans:
        out = re.sub(r"\(\s*[,;/|·•-]*\s*\)|\[\s*[,;/|·•-]*\s*\]|<\s*>", "", out)  # brackets left empty
        out = re.sub(r"[ \t]+([,.;:)])", r"\1", re.sub(r"[ \t]{2,}", " ", out)).rstrip(" \t|,;·•-–—/")
    return out, "".join(rest)


def _squeeze(text: str) -> str:
    """No run of more than one blank line (where dropped lines were), no blank start or end."""
    return re.sub(r"\n[ \t]*(?:\n[ \t]*){2,}", "\n\n", text).strip("\n")
