"""The words a file's Status column may hold, and the desk's status each reads as — ONE table,
listed in the README's import section. Other tools' exports (Bullhorn's candidate statuses,
OpenCATS, a sheet) say "Available" or "Not Looking" where the desk says ``active`` or
``passive``; a word not here is refused, naming the words taken. Compared case, spaces,
``-`` and ``_`` aside ("do-not-contact", "Do Not Contact" and "DO_NOT_CONTACT" alike).
"""

from __future__ import annotations

STATUS_WORDS: dict[str, tuple[str, ...]] = {  # desk status -> the words that read as it
    "active": ("active", "available", "new lead", "new", "actively looking", "looking", "immediately available",
               "interviewing", "offer pending"),
    "passive": ("passive", "not looking", "passively looking", "open to offers", "unavailable", "not available",
                "inactive", "not interested", "archive", "archived"),
    "placed": ("placed", "hired", "started", "on assignment"),
    "do_not_contact": ("do not contact", "dnc", "do not use", "do not call", "opted out", "unsubscribed"),
}
_READS = {word: status for status, words in STATUS_WORDS.items() for word in words}


def _folded(text: str) -> str:
    return " ".join(text.casefold().replace("_", " ").replace("-", " ").split())


def status_of(text: str) -> str | None:
    """The desk's status a Status cell reads as; None: a word the table does not hold."""
    return _READS.get(_folded(text))


def taken() -> str:
    """The words taken, by the status each reads as (for a refusal)."""
    return "; ".join(f"{status}: {', '.join(words)}" for status, words in STATUS_WORDS.items())
