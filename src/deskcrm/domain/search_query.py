"""The recruiter's inline search language: free words, "quoted phrases" and filters.

    senior python "machine learning" skill:django city:berlin salary<90k avail<30d
    status:active owner:me tag:fintech role:contact

Pure: no SQL, no Textual. :func:`parse` never raises; a filter it cannot read is left out of
the query and named in ``Query.problems`` ("salary<abc: use a number like 90k").

Free text is split into words the way the FTS5 ``unicode61`` tokenizer splits them (letters,
digits, combining marks; everything else separates), and every word reaches FTS5 inside a
double-quoted string, so ``"``, ``*``, ``AND``, ``NEAR(``, ``^``, ``-`` or ``(`` are only ever
text. A bare word with inner punctuation (``o'brien``, ``jean-luc``) is one phrase. The last
free-text word is a prefix (``pyth`` finds Python) unless a space ends the query right after it
(filters typed after it do not finish it); earlier words are complete words — exact terms,
which FTS5 streams cheaply however common. While typing, 1-character words are ignored; a
1-character word is never a prefix. Filter values are exact words (``skill:java`` is not
JavaScript) except the one being typed at the end of the query, which is a prefix.

Filters: ``skill:`` (repeat = all of them) · ``city:`` (city or country; repeat = any) ·
``tag:`` (repeat = all) · ``status:`` (active, passive, placed, do_not_contact/dnc; ``,`` or
``|`` or repeat = any) · ``owner:`` (recruiter initials or ``me``; any) · ``role:contact`` /
``role:candidate`` (repeat = both) · ``salary<90k`` ``<=`` ``>`` ``>=`` ``=`` (desired salary;
k = thousands, m = millions, ``85,000`` ok) · ``avail<30d`` (available within N days — d, w or
m — or already available). ``seniority:senior``, ``notice<2m``, ``type:contract``: ``domain.search_profile``.
Values may be quoted: ``city:"new york"``. The desk's custom fields are filters too
(``clearance:sc`` ``visa:yes`` ``rate<700``: ``domain.custom_query``, given as
``parse(..., fields=...)`` or configured for the session). An unknown ``word:value`` is just
text (with a problem naming the custom fields, when the desk has some).

A phone number or an email address in the free text (``+49 172 23104960``, ``0172 23104960``,
``jan.janssens@example.com``) is also kept whole in ``Query.contacts``: the index knows them
only as words, so the store looks them up on the person's own phone and email
(``store.search_contacts``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

from deskcrm.domain import custom_query, search_profile
from deskcrm.domain.contact_terms import ContactTerm, contacts_in
from deskcrm.domain.custom_query import CustomFilter

if TYPE_CHECKING:
    from deskcrm.domain.custom_fields import FieldDef
    from deskcrm.domain.vocabulary import Vocabulary

__all__ = ["ROLES", "SENIORITY_MARK", "STATUSES", "ContactTerm", "Phrase", "Query", "TagFilter", "parse",
           "seniority_word", "spelled", "words"]

STATUSES = ("active", "passive", "placed", "do_not_contact")
_STATUS_ALIASES = {"dnc": "do_not_contact", "do-not-contact": "do_not_contact", "donotcontact": "do_not_contact"}
ROLES = ("candidate", "contact")
_ROLE_ALIASES = {"client": "contact", "hiring_manager": "contact", "hm": "contact"}

_WORD_KEYS = {"skill": "skill", "skills": "skill", "city": "city", "location": "city", "tag": "tag",
              "tags": "tag", "status": "status", "owner": "owner", "role": "role"}
_CMP_KEYS = {"salary": "salary", "avail": "avail", "available": "avail"}
_FILTER = re.compile(r"^([A-Za-z]+)(<=|>=|<|>|=|:)(.*)$", re.DOTALL)
_MONEY = re.compile(r"^[€£$]?(\d+(?:[.,]\d+)*)([km]?)$", re.IGNORECASE)
_SPAN = re.compile(r"^(\d+)\s*(d|days?|w|wks?|weeks?|m|mos?|months?)?$", re.IGNORECASE)
_SPAN_DAYS = {"d": 1, "w": 7, "m": 30}

# A candidate's seniority is one word of their index row's headline: this mark and the stored
# value, letters and digits only ("0senioritysenior"), so that a seniority word is one more
# MATCH term, not a test of every match's profile. Nobody types a word starting "0s" (a word
# being typed is a prefix: "sen" must not find every senior).
SENIORITY_MARK = "0seniority"


# Words whose punctuation IS the word: the tokenizer drops "#", "+" and ".", so "C#" would be
# the index word "c" (every "C" in the desk) and ".net" a prefix of "netherlands". The index
# holds them spelled in letters ("csharp"), the query asks for them so: the same literal
# replacements on both sides (``spelled`` here; ``store.search_index`` in SQL, the same list).
# Literal, not at word boundaries: "ASP.NET" is "asp dotnet" (it is .NET), "abc#" would be "ab csharp".
SPELLED = {"c#": "csharp", "c++": "cpp", "f#": "fsharp", ".net": "dotnet"}
_SPELLED_WORDS = frozenset(SPELLED.values())
SPELLED_CASES = tuple((variant, f" {word} ") for key, word in SPELLED.items()
                      for variant in dict.fromkeys((key, key.upper(), key.title())))


def spelled(text: str) -> str:
    """``text`` with the words of :data:`SPELLED` spelled in letters: "C#/.NET" -> " csharp / dotnet "."""
    if "#" not in text and "+" not in text and "." not in text:
        return text
    for variant, word in SPELLED_CASES:
        text = text.replace(variant, word)
    return text


def _typed(text: str, spelled_words: Sequence[str]) -> str:
    """``text``'s words as typed when :func:`spelled` changed them ("c#"), else "" (its words say it)."""
    own = words(text)
    return " ".join(text.split()) if list(spelled_words) != own else ""


def seniority_word(level: str) -> str:
    """The index word of a stored seniority value: ``"senior"`` -> ``"0senioritysenior"``."""
    return SENIORITY_MARK + "".join(ch for ch in level.casefold() if ch.isalnum())


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words that must appear together, in order; ``prefix``: the last word may continue."""

    words: tuple[str, ...]
    prefix: bool = False
    # What else the words mean (``domain.vocabulary``): any of them matches; always exact words
    alts: tuple[tuple[str, ...], ...] = ()
    typed: str = ""  # as typed, where that is not its words ("c#": the words are ("csharp",), ``spelled``)

    @property
    def ends_spelled(self) -> bool:
        """The last word was typed with its punctuation ("c#" -> csharp): complete, never a prefix."""
        return bool(self.typed) and self.words[-1] in _SPELLED_WORDS and words(self.typed)[-1:] != self.words[-1:]

    @property
    def label(self) -> str:
        """The phrase as the recruiter typed it: "c#", "machine learning"."""
        return self.typed or " ".join(self.words)

    def fts(self) -> str:
        """The FTS5 string: one double-quoted phrase (inner quotes doubled), ``*`` if a prefix;
        with ``alts``, an OR group of it and each of them: ``("js"* OR "javascript")``."""
        own = _quoted(self.words) + ("*" if self.prefix else "")
        if not self.alts:
            return own
        return "(" + " OR ".join([own, *(_quoted(a) for a in self.alts)]) + ")"

    @property
    def group(self) -> tuple[tuple[str, ...], ...]:
        """The words and every alternative: what the term may match."""
        return (self.words, *self.alts)

    def __str__(self) -> str:
        return self.label + ("…" if self.prefix else "")


@dataclass(frozen=True, slots=True)
class TagFilter:
    value: str  # case-folded
    prefix: bool = False


@dataclass(frozen=True)
class Query:
    """A parsed query. Empty tuples/sets mean "no such filter"."""

    source: str = ""
    terms: tuple[Phrase, ...] = ()  # free text, all must match
    skills: tuple[Phrase, ...] = ()  # all must match (the skills column)
    cities: tuple[Phrase, ...] = ()  # any may match (the location column: city and country)
    tags: tuple[TagFilter, ...] = ()  # all must match
    salary: tuple[tuple[str, float], ...] = ()  # (op, amount): desired salary, all must hold
    avail: tuple[tuple[str, int], ...] = ()  # (op, days from today): available_from, all must hold
    statuses: frozenset[str] = frozenset()  # any
    owners: tuple[str, ...] = ()  # recruiter initials (upper case) or "me"; any
    roles: frozenset[str] = frozenset()  # all of: "candidate", "contact"
    problems: tuple[str, ...] = field(default=())
    contacts: tuple[ContactTerm, ...] = ()  # phones and emails in the free text (also in ``terms``)
    # seniority words (``domain.vocabulary``): (the stored value, the headline word(s)); any may match
    seniority: tuple[tuple[str, str], ...] = ()
    notice: tuple[tuple[str, int], ...] = ()  # (op, days): the profile's notice period, all must hold
    job_types: frozenset[str] = frozenset()  # the job type wanted ("perm", "contract"); any
    custom: tuple[CustomFilter, ...] = ()  # custom-field filters (``domain.custom_query``); all must hold

    @property
    def has_text(self) -> bool:
        """Something for the full-text index: free text, skills, cities or a seniority."""
        return bool(self.terms or self.skills or self.cities or self.seniority)

    @property
    def has_filters(self) -> bool:
        return bool(self.skills or self.cities or self.tags or self.salary or self.avail or self.statuses
                    or self.owners or self.roles or self.seniority or self.notice or self.job_types
                    or self.custom)

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.has_filters

    @property
    def wants_me(self) -> bool:
        return "me" in self.owners

    def problems_for(self, me: str | None) -> tuple[str, ...]:
        """``problems`` plus what depends on who is asking (``owner:me`` with nobody set)."""
        if self.wants_me and not me:
            return self.problems + ("owner:me: nobody is chosen as you, so it matches nobody — choose who you are "
                                    "(palette: Who am I…, or --me INITIALS)",)
        return self.problems

    def match_expression(self) -> str | None:
        """The FTS5 MATCH string for text, skills and cities (None when there is none).

        Only quoted strings, column filters and AND/OR of our own making: user text never
        reaches FTS5 as syntax.
        """
        parts = [t.fts() for t in self.terms]
        parts += [f"skills : {s.fts()}" for s in self.skills]
        if self.cities:
            inner = " OR ".join(c.fts() for c in self.cities)
            parts.append(f"location : ({inner})" if len(self.cities) > 1 else f"location : {inner}")
        if self.seniority:  # the profile's seniority (its index word) or the word in the headline
            parts.append("headline : (" + " OR ".join(
                _quoted(w) for w in self.seniority_words()) + ")")
        return " AND ".join(parts) if parts else None

    def seniority_words(self) -> list[tuple[str, ...]]:
        """The headline words any of which meets the query's seniority: each level's index word
        (``seniority_word``) and the word(s) a headline says it with ("senior", "head of")."""
        levels = sorted({level for level, _ in self.seniority})
        heads = sorted({head for _, head in self.seniority})
        out = [(seniority_word(level),) for level in levels] + [tuple(words(head)) for head in heads]
        return [w for w in dict.fromkeys(out) if w]


def _quoted(words_: tuple[str, ...]) -> str:
    return '"' + " ".join(w.replace('"', '""') for w in words_) + '"'


# ---------------------------------------------------------------------------- lexing


@dataclass(slots=True)
class _Piece:
    text: str  # the word, or the phrase's inside
    quoted: bool  # a "phrase"
    closed: bool  # its closing quote was typed (always True for bare words)
    key: str | None = None  # for key:"quoted value"
    op: str | None = None
    last: bool = False  # the last piece, with no space after it


def _lex(text: str, fields: Sequence[FieldDef] = ()) -> list[_Piece]:
    pieces: list[_Piece] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch == '"':
            end = text.find('"', i + 1)
            closed = end != -1
            end = end if closed else n
            pieces.append(_Piece(text[i + 1 : end], True, closed))
            i = end + 1
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] != '"':
            j += 1
        word = text[i:j]
        m = _FILTER.match(word) or custom_query.NAME.match(word)
        if m and j < n and text[j] == '"' and m.group(3) == "" and (
                _known(m.group(1), m.group(2)) or custom_query.is_field(m.group(1), fields)):
            end = text.find('"', j + 1)  # key:"quoted value"
            closed = end != -1
            end = end if closed else n
            pieces.append(_Piece(text[j + 1 : end], True, closed, m.group(1).lower(), m.group(2)))
            i = end + 1
            continue
        pieces.append(_Piece(word, False, True))
        i = j
    if pieces and not text[-1:].isspace() and not (pieces[-1].quoted and pieces[-1].closed):
        pieces[-1].last = True
    return pieces


_KEY_SPACE = re.compile(r"\b(salary|avail|available)\s+(?=[<>=])", re.IGNORECASE)
_KEYED_OP_SPACE = re.compile(r"(?:(?<=salary)|(?<=avail)|(?<=available))(<=|>=|<|>|=)\s+(?=\S)", re.IGNORECASE)
_BARE_OP_SPACE = re.compile(r"(?:^|(?<=\s))(<=|>=|<|>)\s+(?=[€£$]?\d)")


def _closed_up(text: str) -> str:
    """``salary < 90k``, ``avail <= 30d``, ``< 90k`` as a hurried recruiter spaces them: the
    filter as if typed closed up (``salary<90k``; after a key whatever follows is its value, so
    ``salary < abc`` is refused as ``salary<abc`` is)."""
    if "<" not in text and ">" not in text and "=" not in text:
        return text
    return _BARE_OP_SPACE.sub(r"\1", _KEYED_OP_SPACE.sub(r"\1", _KEY_SPACE.sub(r"\1", text)))


def _known(key: str, op: str) -> bool:
    key = key.lower()
    return (key in _WORD_KEYS and op == ":") or key in _CMP_KEYS or search_profile.known(key, op)


def words(text: str) -> list[str]:
    """Split like FTS5's unicode61 tokenizer (token characters: L* N* Co, and Mn, which
    ``remove_diacritics`` folds away); everything else separates."""
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    cur: list[str] = []
    for ch in text:
        if ch.isalnum() or unicodedata.category(ch) in ("Mn", "Co"):
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


# ---------------------------------------------------------------------------- parsing


class _Builder:
    def __init__(self, typing: bool, fields: Sequence[FieldDef] = ()) -> None:
        self.typing = typing
        self.fields = fields  # the desk's custom fields (domain.custom_query)
        self.custom: list[CustomFilter] = []
        self.terms: list[Phrase] = []
        self.skills: list[Phrase] = []
        self.cities: list[Phrase] = []
        self.tags: list[TagFilter] = []
        self.salary: list[tuple[str, float]] = []
        self.avail: list[tuple[str, int]] = []
        self.statuses: set[str] = set()
        self.owners: list[str] = []
        self.roles: set[str] = set()
        self.seniority: list[tuple[str, str]] = []
        self.notice: list[tuple[str, int]] = []
        self.job_types: set[str] = set()
        # for each word read as a stop or seniority word: the free piece before it (it finished that one)
        self.read_as_words: list[_Piece | None] = []
        self.problems: list[str] = []

    def phrase(self, text: str, *, prefix: bool) -> Phrase | None:
        """Words of ``text`` as a phrase; None if nothing searchable is left."""
        ws = words(spelled(text))
        if not ws:
            return None
        if len(ws) == 1 and len(ws[0]) < 2 and self.typing:
            return None  # 1-character words are ignored while typing
        return Phrase(tuple(ws), prefix=prefix and len(ws[-1]) >= 2, typed=_typed(text, ws))

    def add_piece(self, piece: _Piece) -> bool:
        """Add a filter piece; False if the piece is free text (see :meth:`add_text`)."""
        if piece.key is not None and _known(piece.key, piece.op or ":"):
            self.add_filter(piece, piece.key, piece.op or ":", piece.text)
            return True
        if piece.key is not None:
            return self.add_custom(piece, piece.key, piece.op or ":", piece.text)
        if not piece.quoted:
            m = _FILTER.match(piece.text)
            if m and _known(m.group(1), m.group(2)):
                self.add_filter(piece, m.group(1).lower(), m.group(2), m.group(3))
                return True
            m = custom_query.NAME.match(piece.text)
            if m and self.fields:
                return self.add_custom(piece, m.group(1), m.group(2), m.group(3))
        return False

    def add_custom(self, piece: _Piece, name: str, op: str, value: str) -> bool:
        """A custom-field filter (``domain.custom_query``); False: no such field, free text."""
        found, problem, taken = custom_query.take(name, op, value, typing_last=self.typing and piece.last,
                                                  fields=self.fields)
        if not taken:
            if not (self.typing and piece.last):
                self.problems.append(custom_query.hint(f"{name}{op}{value}", name, self.fields))
            return False
        self.custom += found
        if problem:
            self.problems.append(problem)
        return True

    def add_filter(self, piece: _Piece, key: str, op: str, value: str) -> None:
        shown = f"{key}{op}{value}" if not piece.quoted else f'{key}{op}"{value}"'
        value = value.strip()
        typing_last = self.typing and piece.last
        if key in search_profile.KEYS:
            search_profile.add(self, shown, key, op, value, typing_last)
            return
        if not value:
            if not typing_last:
                example = {"skill": "skill:python", "city": "city:berlin", "tag": "tag:fintech",
                           "status": "status:active", "owner": "owner:me", "role": "role:contact",
                           "salary": "salary<90k", "avail": "avail<30d"}[_WORD_KEYS.get(key) or _CMP_KEYS[key]]
                self.problems.append(f"{shown} needs a value, e.g. {example}")
            return
        if key in _CMP_KEYS:
            kind = _CMP_KEYS[key]
            if op == ":":
                self.problems.append(f"{shown}: use {kind}<… or {kind}>…, e.g. "
                                     + ("salary<90k" if kind == "salary" else "avail<30d"))
            elif kind == "salary":
                self._salary(shown, op, value, typing_last)
            else:
                self._avail(shown, op, value)
            return
        kind = _WORD_KEYS[key]
        if kind in ("skill", "city"):
            # A filter value is a complete word unless it is being typed (java ≠ javascript).
            p = self.phrase(value, prefix=typing_last)
            if p is None:
                if not words(value):
                    self.problems.append(f"{shown}: needs letters or digits")
                return
            (self.skills if kind == "skill" else self.cities).append(p)
        elif kind == "tag":
            if typing_last and len(value) < 2:
                return
            self.tags.append(TagFilter(value.casefold(), prefix=typing_last))
        elif kind == "status":
            self._choice(shown, value, typing_last, STATUSES, _STATUS_ALIASES, self.statuses,
                         "use active, passive, placed or do_not_contact (dnc)")
        elif kind == "role":
            self._choice(shown, value, typing_last, ROLES, _ROLE_ALIASES, self.roles, "use contact or candidate")
        else:  # owner
            for v in re.split(r"[,|]", value):
                v = v.strip()
                if not v or (typing_last and len(v) < 2):
                    continue
                if not words(v):
                    self.problems.append(f"{shown}: use recruiter initials like AM, or me")
                    continue
                self.owners.append("me" if v.lower() == "me" else v.upper())

    def _choice(self, shown: str, value: str, typing_last: bool, names: tuple[str, ...],
                aliases: dict[str, str], into: set[str], hint: str) -> None:
        for v in re.split(r"[,|]", value.lower()):
            v = v.strip()
            if not v:
                continue
            v = aliases.get(v, v)
            v = v[:-1] if v.endswith("s") and v[:-1] in names else v  # contacts, candidates
            found = [n for n in names if n == v] or ([n for n in names if n.startswith(v)] if len(v) >= 2 else [])
            if len(found) == 1:
                into.add(found[0])
            elif not (typing_last and (len(v) < 2 or found)):
                self.problems.append(f"{shown}: {hint}")

    def _salary(self, shown: str, op: str, value: str, typing_last: bool) -> None:
        m = _MONEY.match(value.replace(" ", ""))
        amount = _number(m.group(1)) if m else None
        if m is None or amount is None:
            self.problems.append(f"{shown}: use a number like 90k")
            return
        unit = m.group(2).lower()
        if not unit and amount < 1000:
            if typing_last:
                return  # "salary<9" on the way to "salary<90k": not a filter yet
            self.problems.append(f"{shown}: that is {amount:g} a year; for thousands write {amount:g}k")
        amount *= {"": 1, "k": 1_000, "m": 1_000_000}[unit]
        self.salary.append((op, amount))

    def _avail(self, shown: str, op: str, value: str) -> None:
        m = _SPAN.match(value)
        if not m:
            self.problems.append(f"{shown}: use days, weeks or months like 30d, 2w or 3m")
            return
        unit = (m.group(2) or "d")[0].lower()
        days = int(m.group(1)) * _SPAN_DAYS[unit]
        if days > 36500:
            self.problems.append(f"{shown}: use days, weeks or months like 30d, 2w or 3m")
            return
        self.avail.append((op, days))

    def build(self, source: str, contacts: tuple[ContactTerm, ...] = ()) -> Query:
        return Query(
            source=source,
            terms=tuple(self.terms),
            skills=tuple(self.skills),
            cities=tuple(self.cities),
            tags=tuple(self.tags),
            salary=tuple(self.salary),
            avail=tuple(self.avail),
            statuses=frozenset(self.statuses),
            owners=tuple(dict.fromkeys(self.owners)),
            roles=frozenset(self.roles),
            problems=tuple(dict.fromkeys(self.problems)),
            contacts=contacts,
            seniority=tuple(dict.fromkeys(self.seniority)),
            notice=tuple(self.notice),
            job_types=frozenset(self.job_types),
            custom=tuple(dict.fromkeys(self.custom)),
        )


def _number(text: str) -> float | None:
    """``85000`` ``85,000`` ``85.000`` ``85.5`` ``85,5`` → a number; a group of 3 digits after a
    separator is thousands, a single other group is decimals."""
    groups = re.split(r"[.,]", text)
    if len(groups) == 1:
        return float(groups[0])
    if all(len(g) == 3 for g in groups[1:]):
        return float("".join(groups))
    if len(groups) == 2:
        return float(f"{groups[0]}.{groups[1]}")
    return None


def parse(text: str, *, typing: bool = True,
          vocabulary: Vocabulary | None | Literal["current"] = "current",
          fields: Sequence[FieldDef] | Literal["current"] = "current") -> Query:
    """Parse a recruiter's query. ``typing``: the text is still being typed (1-character words
    are ignored, an unfinished filter on the last word is not a problem yet). Never raises.

    ``vocabulary`` (``domain.vocabulary``; "current": the one configured, None: OFF — every word
    literal, as before the vocabulary): each free word or phrase it knows becomes an OR group
    of its equivalents (``Phrase.alts``), seniority words become ``Query.seniority``, stop words
    ("in", "with") are dropped unless nothing else is left, and ``under 90k`` / ``over 60k`` /
    ``<90k`` become the salary filter. The word still being typed is never a seniority or stop
    word (``lead`` may become ``leadership``); it stays a prefix."""
    text = text if isinstance(text, str) else ""
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates (undecodable argv bytes)
    if vocabulary == "current":
        from deskcrm.domain import vocabulary as vocab_mod

        vocab: Vocabulary | None = vocab_mod.current()
    else:
        vocab = vocabulary  # type: ignore[assignment]
    desk_fields = custom_query.current() if fields == "current" else tuple(fields)
    b = _Builder(typing, desk_fields)
    pieces = _lex(_closed_up(text), desk_fields)
    if vocab is not None:
        pieces = _salary_words(pieces, b)
    free = [piece for piece in pieces if not b.add_piece(piece)]
    phrases = _meanings(free, b, vocab) if vocab is not None else [
        (piece, p) for piece in free if (p := b.phrase(piece.text, prefix=False)) is not None]
    if phrases:
        # The last word typed may be unfinished: a prefix, unless a space ends the query right
        # after it (or it is a closed "phrase"). Filters after it do not finish it.
        piece, p = phrases[-1]
        finished = (piece.quoted and piece.closed) or (piece is pieces[-1] and text[-1:].isspace()) \
            or any(p is piece for p in b.read_as_words[-1:])  # a stop or seniority word came after it
        if not finished and len(p.words[-1]) >= 2 and not p.ends_spelled:
            phrases[-1] = (piece, replace(p, prefix=True))
    b.terms = [p for _, p in phrases]
    still_typed = typing and bool(free) and free[-1].last and not free[-1].quoted
    return b.build(text, contacts_in([p.text for p in free], last_open=still_typed))


_SALARY_WORDS = {"under": "<=", "below": "<=", "max": "<=", "upto": "<=", "over": ">=", "above": ">=",
                 "min": ">="}
_BARE_SALARY = re.compile(r"^(<=|>=|<|>)([€£$]?\d[\d.,]*[km]?)$", re.IGNORECASE)
_AMOUNT = re.compile(r"^[€£$]?[1-9][\d.,]*[km]?$", re.IGNORECASE)  # not 0172: a phone number's start


def _salary_words(pieces: list[_Piece], b: _Builder) -> list[_Piece]:
    """``under 90k`` ``below 90k`` ``over 60k`` ``<90k`` ``>=60k``: the salary filter (desired
    salary), as ``salary<=90k`` would be; the pieces left are returned."""
    out: list[_Piece] = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if not piece.quoted and piece.key is None:
            bare = _BARE_SALARY.match(piece.text)
            if bare:
                b.add_filter(piece, "salary", bare.group(1), bare.group(2))
                i += 1
                continue
            op = _SALARY_WORDS.get(piece.text.casefold())
            after = pieces[i + 1] if i + 1 < len(pieces) else None
            if op and after is not None and not after.quoted and after.key is None and _AMOUNT.match(after.text):
                b.add_filter(after, "salary", op, after.text)
                i += 2
                continue
        out.append(piece)
        i += 1
    return out


def _meanings(free: list[_Piece], b: _Builder, vocab: Vocabulary) -> list[tuple[_Piece, Phrase]]:
    """The free pieces as phrases, read with the vocabulary: the longest run of bare words it
    knows becomes one phrase with its alternatives, a seniority word a filter, a stop word
    nothing (unless only stop words were typed)."""
    from deskcrm.domain.vocabulary import key_of

    out: list[tuple[_Piece, Phrase]] = []
    stopped: list[_Piece] = []
    i = 0
    while i < len(free):
        piece = free[i]
        taken = 0
        for n in range(min(vocab.longest, len(free) - i), 0, -1) if not piece.quoted else ():
            run = free[i:i + n]
            if any(p.quoted for p in run):
                continue
            key = key_of(" ".join(p.text for p in run))
            still = b.typing and run[-1].last  # the word being typed: it may go on
            level = vocab.seniority(key)
            if level is not None and not still:
                b.seniority.append((level, vocab.headline.get(level, level)))
                b.read_as_words.append(out[-1][0] if out else None)
                taken = n
                break
            alts = vocab.alternatives(key)
            text = " ".join(p.text for p in run)
            own = tuple(words(spelled(text)))
            if alts and own:
                out.append((run[-1], Phrase(own, alts=alts, typed=_typed(text, own))))
                taken = n
                break
            if n == 1 and vocab.is_stop(key) and not still:
                stopped.append(piece)
                b.read_as_words.append(out[-1][0] if out else None)
                taken = 1
                break
        if taken:
            i += taken
            continue
        p = b.phrase(piece.text, prefix=False)
        if p is not None:
            out.append((piece, p))
        i += 1
    if not out and not b.seniority and stopped:  # only stop words: they are what was asked
        out = [(piece, p) for piece in stopped if (p := b.phrase(piece.text, prefix=False)) is not None]
    return out
