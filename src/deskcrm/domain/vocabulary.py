"""The recruiting vocabulary: what a query's words MEAN (synonyms, abbreviations, seniority words,
stop words). Pure: no SQL, no Textual.

The shipped data is ``vocabulary.toml`` beside this module; the user extends it in config.toml
(``[search.synonyms]``, ``[search.abbreviations]``, ``[search.stop_words] words = [...]``), read
by ``config.settings`` and applied with :func:`configure` (as ``dates.configure``). It is applied
to the QUERY only (``search_query.parse``): stored data is never rewritten.

    vocab = current()
    vocab.alternatives("js")        # (("javascript",), ("ecmascript",))
    vocab.seniority("sr")           # "senior"
    vocab.is_stop("in")             # True

Keys are matched case-folded with single spaces, on the text as typed (``c#``, ``.net``,
``node.js``), so a word the index splits (``c#`` is the index word ``c``) still finds its group.
An alternative is kept as the index's words of it (``ci/cd`` -> ``ci cd``, a phrase).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

__all__ = ["Vocabulary", "check_extension", "configure", "current", "key_of", "shipped"]

_TABLES = ("synonyms", "abbreviations", "stop_words")


def key_of(text: str) -> str:
    """How a typed word or phrase is looked up: case-folded, single spaces, without the
    punctuation a sentence puts after a word (``python,`` ``berlin.``)."""
    text = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    return text.rstrip(",;:!?.") if not text.endswith((".net", ".js")) else text


def _index_words(text: str) -> tuple[str, ...]:
    from deskcrm.domain.search_query import spelled, words  # the index's split (unicode61)

    return tuple(words(spelled(text)))


@dataclass(frozen=True)
class Vocabulary:
    """Lookups built once from the shipped tables and the user's extension."""

    groups: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)  # key -> its alternatives
    seniorities: dict[str, str] = field(default_factory=dict)  # word(s) -> the stored seniority value
    headline: dict[str, str] = field(default_factory=dict)  # stored value -> the headline word(s)
    stop: frozenset[str] = frozenset()
    longest: int = 1  # the most words in any key (how far parse looks ahead)

    def alternatives(self, key: str) -> tuple[tuple[str, ...], ...]:
        """What else ``key`` (see :func:`key_of`) finds, as index words; () for a plain word."""
        return self.groups.get(key, ())

    def seniority(self, key: str) -> str | None:
        return self.seniorities.get(key)

    def is_stop(self, key: str) -> bool:
        return key in self.stop

    def knows(self, key: str) -> bool:
        return key in self.groups or key in self.seniorities


def build(tables: dict, extra: dict | None = None) -> Vocabulary:
    """A vocabulary from the shipped ``tables`` and the user's ``extra`` ([search] in config.toml;
    checked by :func:`check_extension` first)."""
    related: dict[str, set[str]] = {}

    def link(a: str, b: str) -> None:
        related.setdefault(a, set()).add(b)
        related.setdefault(b, set()).add(a)

    stop: set[str] = set()
    for source in (tables, extra or {}):
        for key, values in source.get("synonyms", {}).items():
            members = [key_of(key), *(key_of(v) for v in values)]
            for m in members:  # one group: everyone finds everyone
                for other in members:
                    if other != m:
                        link(m, other)
        for key, values in source.get("abbreviations", {}).items():
            for v in values:  # the short form finds each long form, each long form finds it
                link(key_of(key), key_of(v))
        stop.update(key_of(w) for w in source.get("stop_words", {}).get("words", ()))
    # synonyms are transitive (a word in two groups joins them); abbreviations are not
    groups: dict[str, tuple[tuple[str, ...], ...]] = {}
    for key in related:
        own = _index_words(key)
        # a 1-letter index word finds too much as someone else's alternative
        alts = dict.fromkeys(w for w in (_index_words(k) for k in sorted(related[key]))
                             if w and w != own and not (len(w) == 1 and len(w[0]) < 2))
        groups[key] = tuple(alts)
    seniorities: dict[str, str] = {}
    headline: dict[str, str] = {}
    for value, names in tables.get("seniority", {}).items():
        for name in names:
            seniorities[key_of(name)] = value
        headline[value] = key_of(names[0]) if names else value
    keys = [*groups, *seniorities]
    longest = max((len(k.split()) for k in keys), default=1)
    return Vocabulary(groups, seniorities, headline, frozenset(stop), longest)


def check_extension(data: object) -> dict:
    """The user's ``[search]`` table, checked: ``{"synonyms": {key: [words]}, ...}``. A bad entry
    raises ValueError("synonyms.KEY: why") (``config.settings`` adds the file and line)."""
    if not isinstance(data, dict):
        raise ValueError("search: must be a table, e.g. [search.synonyms]")
    out: dict = {}
    for table, value in data.items():
        if table not in _TABLES:
            raise ValueError(f"{_shown(table)}: not a vocabulary table; known: {', '.join(_TABLES)}")
        if not isinstance(value, dict):
            raise ValueError(f"{table}: must be a table, e.g. [search.{table}]")
        if table == "stop_words":
            unknown = [k for k in value if k != "words"]
            if unknown:
                raise ValueError(f"stop_words.{_shown(unknown[0])}: use words = [\"in\", \"with\"]")
            out[table] = {"words": _word_list(f"{table}.words", value.get("words", []))}
            continue
        out[table] = {}
        for key, words_ in value.items():
            if not _index_words(key):
                raise ValueError(f"{table}.{_shown(key)}: needs letters or digits")
            out[table][key] = _word_list(f"{table}.{_shown(key)}", words_)
    return out


def _shown(key: object) -> str:
    """A key as a one-line message shows it: quoted when it holds a line break or a control character."""
    text = str(key)
    return text if text.isprintable() else repr(text)


def _word_list(where: str, value: object) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise ValueError(f'{where}: use a list of words, e.g. ["engineer", "programmer"]')
    for v in value:
        if not isinstance(v, str) or not _index_words(v):
            raise ValueError(f'{where}: {v!r} is not a word or phrase (use quoted text, e.g. "engineer")')
    return list(value)


_SHIPPED: dict | None = None
_CURRENT: Vocabulary | None = None
_EXTRA: dict | None = None


def shipped() -> dict:
    """The shipped tables (``vocabulary.toml``), read once."""
    global _SHIPPED
    if _SHIPPED is None:
        import tomllib
        from pathlib import Path

        _SHIPPED = tomllib.loads(Path(__file__).with_name("vocabulary.toml").read_text("utf-8"))
    return _SHIPPED


def configure(extra: dict | None) -> None:
    """Use the user's extension (checked by :func:`check_extension`); None: the shipped one alone."""
    global _CURRENT, _EXTRA
    _EXTRA, _CURRENT = extra or None, None


def current() -> Vocabulary:
    """The vocabulary in use (built on first use, after :func:`configure`)."""
    global _CURRENT
    if _CURRENT is None:
        _CURRENT = build(shipped(), _EXTRA)
    return _CURRENT
