"""Which file of a CV folder belongs to which row of an import (``deskcrm import FILE --cvs DIR``).

    folder = CvFolder(Path("~/cvs").expanduser())
    found = folder.match(row)          # a MappedRow of a people file
    found.file, found.how, found.status, found.reason

A row gets, in this order and never by a guess:

1. the file its ``cv_file`` column names, relative to the folder (``cvs/jana.pdf`` too); a name
   that is not there, or that leads out of the folder, is reported (``missing``), and nothing
   else is tried: the file said which CV it meant;
2. else the one CV file in the folder named after the person (``Jana Smith.pdf``,
   ``jana-smith.docx``, ``JANA_SMITH.txt``, ``Jána Smith.odt``: case, accents and the separators
   space ``-`` ``_`` ``.`` folded: :func:`name_key`) or after their email
   (``jana@example.com.pdf``, case aside). Two files that fit, or one file that an earlier row
   already took by its name, is ``ambiguous`` — reported with the names, never chosen between;
   no file is ``none``.

Only the folder's own files with a CV suffix (``CV_SUFFIXES``) are matched by name or email; its
subfolders are reached through ``cv_file`` only. Names are kept exactly as the folder has them
(they are data: shown through ``deskcrm.text``).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from deskcrm.store.imports import MappedRow

CV_SUFFIXES = (".pdf", ".docx", ".odt", ".rtf", ".txt", ".text", ".md")
STATUSES = ("matched", "none", "missing", "ambiguous", "refused")
_SEPARATORS = re.compile(r"[\s\-_.]+")


def name_key(text: str) -> str:
    """A person's name or a file's stem, folded: case, accents and separators aside.
    ``"Jána  SMITH"``, ``"jana-smith"``, ``"jana_smith"`` -> ``"jana smith"``."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(_SEPARATORS.sub(" ", folded).split())


def row_name(values: dict[str, str]) -> str:
    """The person a mapped row names (its full name, else first and last)."""
    return values.get("full_name") or " ".join(v for v in (values.get("first_name"), values.get("last_name")) if v)


@dataclass(frozen=True, slots=True)
class CvMatch:
    line: int
    label: str  # the person as the row names them
    status: str  # one of STATUSES
    file: str | None = None  # the file, relative to the folder, as named there
    how: str = ""  # "cv_file" | "name" | "email"
    reason: str = ""  # why there is none / which files fit / why it cannot be read

    @property
    def said(self) -> str:
        """One line for the report: what this row gets, or why it gets nothing."""
        if self.status == "matched":
            return f"{self.file} (by {'its cv_file column' if self.how == 'cv_file' else self.how})"
        return self.reason


class CvFolder:
    """The folder's CV files, indexed once by folded name and by email (see the module)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._root = self.folder.resolve()
        self.by_name: dict[str, list[str]] = {}
        self.by_email: dict[str, list[str]] = {}
        self._taken: dict[str, tuple[int, str]] = {}  # file -> (line, label) that got it by name/email
        with os.scandir(self.folder) as scan:
            names = sorted(e.name for e in scan if not e.name.startswith(".") and _is_file(e))
        for name in names:
            stem, suffix = os.path.splitext(name)
            if suffix.lower() not in CV_SUFFIXES or not stem.strip():
                continue
            if "@" in stem:
                self.by_email.setdefault(stem.strip().casefold(), []).append(name)
            else:
                self.by_name.setdefault(name_key(stem), []).append(name)

    def match(self, row: MappedRow) -> CvMatch:
        values = row.values
        label = row_name(values) or values.get("email", "")
        named = values.get("cv_file")
        if named:
            return self._named(row.line, label, named)
        fits: dict[str, str] = {}
        email = values.get("email", "").strip().casefold()
        for file in self.by_email.get(email, []) if email else []:
            fits.setdefault(file, "email")
        key = name_key(row_name(values))
        for file in self.by_name.get(key, []) if key else []:
            fits.setdefault(file, "name")
        if not fits:
            return CvMatch(row.line, label, "none", reason="no CV file named after them or their email")
        if len(fits) > 1:
            listed = ", ".join(sorted(fits))
            return CvMatch(row.line, label, "ambiguous",
                           reason=f"ambiguous: {listed} all fit; name one in a cv_file column")
        file, how = next(iter(fits.items()))
        taken = self._taken.get(file)
        if taken is not None:
            return CvMatch(row.line, label, "ambiguous", file=file,
                           reason=f"ambiguous: {file} fits line {taken[0]} ({taken[1]}) too; "
                                  "name it in a cv_file column")
        self._taken[file] = (row.line, label)
        return CvMatch(row.line, label, "matched", file=file, how=how)

    def _named(self, line: int, label: str, named: str) -> CvMatch:
        relative = named.strip().replace("\\", "/")
        path = (self.folder / relative)
        try:
            inside = path.resolve().is_relative_to(self._root) and not Path(relative).is_absolute()
        except (OSError, ValueError):
            inside = False
        if not inside:
            return CvMatch(line, label, "missing", reason=f"cv_file {named} is not inside the CV folder")
        if not path.is_file():
            return CvMatch(line, label, "missing", reason=f"cv_file {named}: no such file in the CV folder")
        return CvMatch(line, label, "matched", file=relative, how="cv_file")

    def path(self, found: CvMatch) -> Path:
        """The file of a ``matched`` row."""
        assert found.file is not None
        return self.folder / found.file


def _is_file(entry: os.DirEntry) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False
